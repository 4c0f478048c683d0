"""What the benchmarks share: the device's peak, the FLOPs of a call, timing, and the file of measured rates.

Every benchmark prints its rates beside the fraction of the device's peak they reach: the FLOPs of the very
call it times, counted by torch's FLOP counter (matrix products, convolutions, attention; as
cost_model.py counts them), divided by its time and the peak. A GPU's peak is its data sheet's dense 16-bit
tensor-core figure; a CPU has none, so there the peak is a large matrix product measured on the spot, in the
dtype of the run (said so in the output). `--json FILE` on a benchmark adds its measured rates to FILE, which
`cost_model.py --measured FILE` reads in place of its assumed utilisation.
"""
import json, statistics, time
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode

PEAKS = {"H100": 989e12, "H200": 989e12, "GH200": 989e12, "A100": 312e12, "L40S": 362e12, "V100": 125e12} # dense bf16/fp16, FLOP/s

class _Global:
    "A module tracker tracking nothing: FlopCounterMode's own hooks break `torch.autograd.grad` on a leaf."
    parents = {"Global"}
    def __enter__(self): return self
    def __exit__(self, *a): return False

def flops(fn) -> float:
    "FLOPs of one call of `fn` (forward, and backward where it runs one)."
    fc = FlopCounterMode(display=False); fc.mod_tracker = _Global()
    with fc: fn()
    return float(fc.get_total_flops())

def sync(device):
    if torch.device(device).type == "cuda": torch.cuda.synchronize(device)

def timed(fn, device, reps:int=3, warmup:int=1) -> float:
    "The median seconds of `reps` calls of `fn`, after `warmup` calls."
    for _ in range(warmup): fn()
    sync(device); ts = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); sync(device); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def peak(device, dtype=torch.bfloat16) -> tuple[float, str]:
    "(FLOP/s, where the figure comes from): a known GPU's data sheet, else a 4096^3 matrix product measured here."
    dev = torch.device(device)
    if dev.type == "cuda":
        name = torch.cuda.get_device_name(dev)
        for k in sorted(PEAKS, key=len, reverse=True):
            if k in name: return PEAKS[k], f"{name}: the data sheet's dense 16-bit peak"
    n = 2048 if dev.type == "cpu" else 8192
    a = torch.randn(n, n, device=dev, dtype=dtype); b = torch.randn(n, n, device=dev, dtype=dtype)
    s = timed(lambda: a @ b, dev, reps=3)
    return 2 * n**3 / s, f"measured: a {n}^3 {str(dtype)[6:]} matrix product on {dev} ({torch.get_num_threads()} threads)"

def record(path:str|None, stage:str, **rates):
    "Add a stage's measured rates (images/s and what they were measured on) to the JSON file `path`."
    if not path: return
    p = Path(path); d = json.loads(p.read_text()) if p.exists() else {}
    d[stage] = rates; p.write_text(json.dumps(d, indent=1))
