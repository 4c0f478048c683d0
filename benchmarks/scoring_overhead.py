"""NegLabel and SynOOD scoring cost beside the bare CLIP image-encoder forward, measured side by side in one run.

ViT-B/16 at its real size with random weights (timing only), a batch of 64 images at 224 px, 1,000 InD
and 10,000 negative label features (computed once, as a detector holds them). SynOOD's score is what
`SynOODDetector.score_features` computes: the 512 x 512 projection, then NegLabel's score with the
tuned features of Y*- (5,620 labels, the authors' ImageNet count) in place. Target: the score adds
<= 2% to the forward.

    python benchmarks/scoring_overhead.py [--batch 64] [--neg 10000] [--device cpu]
"""
import argparse, statistics, time
import torch, torch.nn.functional as F
import open_clip
from synood.scores import mcm_score, neglabel_score
from synood.projection import Projection

def median_time(fn, reps, sync):
    fn(); sync()
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); sync(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=64); ap.add_argument("--neg", type=int, default=10_000)
    ap.add_argument("--ind", type=int, default=1000); ap.add_argument("--device", default="cpu")
    ap.add_argument("--reps", type=int, default=3); ap.add_argument("--tuned", type=int, default=5620)
    a = ap.parse_args()
    dev = torch.device(a.device)
    sync = (lambda: torch.cuda.synchronize()) if dev.type == "cuda" else (lambda: None)
    torch.manual_seed(0)
    model = open_clip.create_model("ViT-B-16", pretrained=None).to(dev).eval()
    x = torch.randn(a.batch, 3, 224, 224, device=dev)
    ind = F.normalize(torch.randn(a.ind, 512, device=dev), dim=1); neg = F.normalize(torch.randn(a.neg, 512, device=dev), dim=1)
    with torch.no_grad():
        feats = model.encode_image(x)
        t_fwd = median_time(lambda: model.encode_image(x), a.reps, sync)
        t_neg = median_time(lambda: neglabel_score(feats, ind, neg), 20, sync)
        t_neg100 = median_time(lambda: neglabel_score(feats, ind, neg, ngroup=100), 20, sync)
        t_mcm = median_time(lambda: mcm_score(feats, ind), 20, sync)
        proj = Projection(512).to(dev).eval()
        tuned = neg.clone(); tuned[torch.randperm(a.neg, device=dev)[:a.tuned]] = F.normalize(torch.randn(a.tuned, 512, device=dev), dim=1)
        t_syn = median_time(lambda: neglabel_score(proj(feats), ind, tuned), 20, sync)
    print(f"device {dev}, {torch.get_num_threads()} threads, batch {a.batch}, {a.ind} InD + {a.neg} negative labels")
    print(f"ViT-B/16 image forward      {t_fwd * 1e3:10.1f} ms")
    print(f"NegLabel score (ngroup 1)   {t_neg * 1e3:10.2f} ms   overhead {100 * t_neg / t_fwd:6.3f}% of the forward (target <= 2%)")
    print(f"NegLabel score (ngroup 100) {t_neg100 * 1e3:10.2f} ms   overhead {100 * t_neg100 / t_fwd:6.3f}%")
    print(f"SynOOD score (projection)   {t_syn * 1e3:10.2f} ms   overhead {100 * t_syn / t_fwd:6.3f}% (target <= 2%)")
    print(f"MCM score                   {t_mcm * 1e3:10.2f} ms   overhead {100 * t_mcm / t_fwd:6.3f}%")

if __name__ == "__main__": main()
