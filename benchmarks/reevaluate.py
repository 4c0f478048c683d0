"""Re-evaluating every method on a cached benchmark: 60k InD + 4 x 10k OOD feature rows.

Random features stand in for CLIP's (timing only): 512-d image features and 1,000-way classifier logits
are written to a feature cache, then timed: loading them back, scoring NegLabel (1,000 InD + 10,000
negative labels) and MCM on the features, MSP and Energy on the logits, and the four metrics for each
OOD set. Target: under 10 s on 2 cores. The dominant cost is NegLabel's matrix product, 100k x 512 x
11k multiply-adds; the script measures this machine's GEMM rate and prints that floor beside the total.

    python benchmarks/reevaluate.py [--ind 60000] [--ood 10000] [--sets 4]
"""
import argparse, tempfile, time
import numpy as np, torch, torch.nn.functional as F
from synood.evaluation import ood_metrics
from synood.features import FeatureCache
from synood.scores import energy_score, mcm_score, msp_score, neglabel_score

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ind", type=int, default=60_000); ap.add_argument("--ood", type=int, default=10_000)
    ap.add_argument("--sets", type=int, default=4); ap.add_argument("--neg", type=int, default=10_000)
    a = ap.parse_args()
    g = torch.Generator().manual_seed(0)
    sizes = {"InD": a.ind, **{f"OOD{i}": a.ood for i in range(a.sets)}}
    tmp = tempfile.TemporaryDirectory()   # 0.6 GB of features at the default sizes: removed when the script ends
    cache = FeatureCache(tmp.name)
    for name, n in sizes.items():
        cache.save("image", name, {"features": F.normalize(torch.randn(n, 512, generator=g), dim=1)})
        cache.save("logits", name, {"features": torch.randn(n, 1000, generator=g) * 3})
    ind = F.normalize(torch.randn(1000, 512, generator=g), dim=1); neg = F.normalize(torch.randn(a.neg, 512, generator=g), dim=1)

    t0 = time.perf_counter(); parts = {"load": 0.0, "NegLabel": 0.0, "MCM": 0.0, "MSP+Energy": 0.0, "metrics": 0.0}
    scores = {}
    for name in sizes:
        t = time.perf_counter()
        f = cache.load("image", name)[0]["features"]; lg = cache.load("logits", name)[0]["features"]
        parts["load"] += time.perf_counter() - t; t = time.perf_counter()
        s_neg = neglabel_score(f, ind, neg); parts["NegLabel"] += time.perf_counter() - t; t = time.perf_counter()
        s_mcm = mcm_score(f, ind); parts["MCM"] += time.perf_counter() - t; t = time.perf_counter()
        s_msp, s_e = msp_score(lg), energy_score(lg); parts["MSP+Energy"] += time.perf_counter() - t
        scores[name] = {"NegLabel": s_neg.numpy(), "MCM": s_mcm.numpy(), "MSP": s_msp.numpy(), "Energy": s_e.numpy()}
    t = time.perf_counter()
    rows = [ood_metrics(scores["InD"][m], scores[o][m]) for m in scores["InD"] for o in sizes if o != "InD"]
    parts["metrics"] = time.perf_counter() - t
    total = time.perf_counter() - t0

    x, w = torch.randn(4096, 512), torch.randn(512, 1000 + a.neg)
    x @ w; t = time.perf_counter(); [x @ w for _ in range(3)]; gemm = (time.perf_counter() - t) / 3
    rate = 2 * 4096 * 512 * (1000 + a.neg) / gemm
    n_rows = sum(sizes.values())
    floor = 2 * n_rows * 512 * (1000 + a.neg) / rate
    print(f"{n_rows} feature rows ({a.ind} InD + {a.sets} x {a.ood} OOD), 4 methods, {len(rows)} metric sets, {torch.get_num_threads()} threads")
    for k, v in parts.items(): print(f"  {k:11s} {v:6.2f} s")
    print(f"total re-evaluation {total:6.2f} s   (target < 10 s: {total / 10:.2f} of it)")
    print(f"GEMM floor for NegLabel at this machine's {rate / 1e9:.0f} GFLOP/s: {floor:.2f} s; total / floor = {total / floor:.2f}")

if __name__ == "__main__": main()
