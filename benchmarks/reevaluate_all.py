"""Re-evaluating ALL methods from cached features beside their GEMM floor: 60k InD + 4 x 10k OOD feature rows.

Random features stand in for CLIP's (timing only), with enough structure that AdaNeg's memory fills: each image
feature is a label's text feature (an InD label for the InD rows, a negative for the OOD rows) plus noise, so its
static score is confident and it is cached. 512-d features and 1,000-way classifier logits are written to a feature
cache, then timed: loading them back, and scoring with every method on the features

  NegLabel (1,000 InD + 10,000 negatives, 100 groups), MCM, CSP (its own 10,000 labels, 100 groups), SynOOD's score
  (the residual projection, then NegLabel's score with tuned negatives), AdaNeg (its own 10,000 labels; one stream per
  OOD set of [OOD set; all InD], so the InD rows are scored once per OOD set; task-adaptive proxies, and with
  --samada the sample-adaptive ones too), MSP and Energy on the cached logits,

and the four metrics of every (method, OOD set). The floor is the matrix products these methods need, timed alone in
the same run on the same shapes (4,096-row chunks for the static scores, 256-row batches for AdaNeg's stream, each into
one reused block), each right after its method so that both see the same load on a shared machine: the target is
total / floor <= 1.3.

    python benchmarks/reevaluate_all.py [--ind 60000] [--ood 10000] [--sets 4] [--neg 10000] [--seeds 1] [--samada]
"""
import argparse, tempfile, time
import numpy as np, torch, torch.nn.functional as F
from synood.adaneg import AdaNegConfig, adaneg_stream
from synood.csp import csp_score
from synood.evaluation import ood_metrics
from synood.features import FeatureCache
from synood.projection import Projection
from synood.scores import energy_score, mcm_score, msp_score, neglabel_score

D, C = 512, 1000

def unit(*shape, g): return F.normalize(torch.randn(*shape, generator=g), dim=-1)

def near(labels, n, g, weight=0.3):
    "n unit features, each a random label's feature plus noise (cosine about 0.3 to it, about 0.04 to the others)."
    pick = torch.randint(0, len(labels), (n,), generator=g)
    return F.normalize(weight * labels[pick] + torch.randn(n, D, generator=g) / D ** 0.5, dim=-1)

def gemm_time(rows:int, k:int, chunk:int) -> float:
    "Seconds for `rows` x D @ D x k, chunk rows at a time as the methods do it, each product into one reused block (the product alone)."
    x, w, out = torch.randn(chunk, D), torch.randn(D, k), torch.empty(chunk, k)
    torch.mm(x, w, out=out)
    t = time.perf_counter()
    for _ in range(-(-rows // chunk)): torch.mm(x, w, out=out)
    return time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ind", type=int, default=60_000); ap.add_argument("--ood", type=int, default=10_000)
    ap.add_argument("--sets", type=int, default=4); ap.add_argument("--neg", type=int, default=10_000)
    ap.add_argument("--seeds", type=int, default=1, help="AdaNeg's test-stream shuffles (the evaluator's default is 5)")
    ap.add_argument("--samada", action="store_true", help="also AdaNeg's sample-adaptive proxies (about 11x the task-adaptive products)")
    a = ap.parse_args()
    g = torch.Generator().manual_seed(0)
    ind_t, neg_t, csp_t, ada_t, tuned_t = unit(C, D, g=g), unit(a.neg, D, g=g), unit(a.neg, D, g=g), unit(a.neg, D, g=g), unit(a.neg, D, g=g)
    sizes = {"InD": a.ind, **{f"OOD{i}": a.ood for i in range(a.sets)}}
    tmp = tempfile.TemporaryDirectory()   # 0.6 GB of features at the default sizes: removed when the script ends
    cache = FeatureCache(tmp.name)
    for name, n in sizes.items():
        f = near(ind_t, n, g) if name == "InD" else near(torch.cat([neg_t, ada_t]), n, g)
        cache.save("image", name, {"features": f})
        cache.save("logits", name, {"features": torch.randn(n, C, generator=g) * 3})
    proj = Projection(D).eval()
    ada_kinds = {"AdaNeg": AdaNegConfig()} | ({"AdaNeg (samada)": AdaNegConfig(samada=True)} if a.samada else {})

    floor, stream_rows = {}, a.sets * a.seeds * (a.ind + a.ood)
    n_rows = sum(sizes.values())
    def timed(name, fn, gemms):   # the method, then its matrix products alone, back to back (the machine's load changes over a run)
        t = time.perf_counter(); out = fn(); parts[name] = time.perf_counter() - t
        floor[name] = sum(gemm_time(rows, k, chunk) for rows, k, chunk in gemms)
        return out

    parts = {"load": 0.0}; t0 = time.perf_counter(); feats, logits = {}, {}
    for name in sizes:
        t = time.perf_counter()
        feats[name] = cache.load("image", name)[0]["features"]; logits[name] = cache.load("logits", name)[0]["features"]
        parts["load"] += time.perf_counter() - t
    each = lambda fn: {name: fn(name) for name in sizes}
    static = {"NegLabel": (lambda n: neglabel_score(feats[n], ind_t, neg_t, ngroup=100).numpy(), [(n_rows, C + a.neg, 4096)]),
              "MCM": (lambda n: mcm_score(feats[n], ind_t).numpy(), [(n_rows, C, 4096)]),
              "CSP": (lambda n: csp_score(feats[n], ind_t, csp_t, ngroup=100).numpy(), [(n_rows, C + a.neg, 4096)]),
              "SynOOD": (lambda n: neglabel_score(proj(feats[n]), ind_t, tuned_t, ngroup=100).numpy(), [(n_rows, D, 4096), (n_rows, C + a.neg, 4096)])}
    scores = {}
    with torch.no_grad():
        for m, (fn, gemms) in static.items(): scores[m] = timed(m, lambda: each(fn), gemms)
    t = time.perf_counter()
    scores["MSP"], scores["Energy"] = each(lambda n: msp_score(logits[n]).numpy()), each(lambda n: energy_score(logits[n]).numpy())
    parts["MSP+Energy"] = time.perf_counter() - t
    rows = []
    for m, cfg in ada_kinds.items():   # one stream per OOD set and seed, as the evaluator's score_sets
        def streams():
            for o in list(sizes)[1:]:
                for seed in range(a.seeds):
                    s_in, s_out = adaneg_stream(feats["InD"], feats[o], ind_t, ada_t, cfg, seed)
                    rows.append(ood_metrics(s_in.numpy(), s_out.numpy()))
        # static logits [InD; negatives] and the proxies' logits per 256-row batch; sample-adaptive: cosines to every memory row (11 per slot)
        timed(m, streams, [(stream_rows, C + a.neg, 256), (stream_rows, (11 if cfg.samada else 1) * (C + a.neg), 256)])
    t = time.perf_counter()
    rows += [ood_metrics(scores[m]["InD"], scores[m][o]) for m in scores for o in list(sizes)[1:]]
    parts["metrics"] = time.perf_counter() - t
    total = sum(parts.values()); fl = sum(floor.values())

    print(f"{n_rows} feature rows ({a.ind} InD + {a.sets} x {a.ood} OOD), D={D}, {C} InD labels, {a.neg} negatives per method; "
          f"AdaNeg: {a.sets * a.seeds} streams, {stream_rows} rows; {len(rows)} metric sets; {torch.get_num_threads()} threads")
    print(f"  {'part':16s} {'time':>8s} {'GEMM floor':>11s}")
    for k, v in parts.items(): print(f"  {k:16s} {v:7.2f} s" + (f" {floor[k]:9.2f} s  x{v / floor[k]:.2f}" if k in floor else ""))
    print(f"total re-evaluation {total:7.2f} s; GEMM floor {fl:7.2f} s; total / floor = {total / fl:.2f} (target <= 1.3)")

if __name__ == "__main__": main()
