"""Prompting's speed: images/s and ms per decoding step at several batch sizes, plain and compiled, side by side.

One batch of images with questions of equal length (as `prompt_contexts` groups them) goes through
`context_elements`, the library's own call, with `max_new_tokens` new tokens each (random weights never
stop early, so every row decodes them all). For each batch size: the time of the whole call, the time of a
1-token call (vision tower and prefill), and from the two the ms per decoding step; images/s; and the
fraction of the peak (`rates.py`) the call reaches. `--compile` adds the static-cache, compiled path
(`compile_decoding`) beside the plain one. `--profile FILE` writes torch.profiler's table of one plain
call's operators (where a decoding step's time goes: GPU kernels, host work, synchronisations).

    python benchmarks/prompting.py                                  # the tiny LLaVA on the CPU
    python benchmarks/prompting.py --model random --device cuda --batches 8,32,auto --compile --json rates.json
    python benchmarks/prompting.py --model overhead                 # 32 layers of tiny width: the host's work per step

`--model random` is LLaVA 1.5 7B at its real size with random weights (`random:llava-hf/llava-1.5-7b-hf`):
its timings are the real model's. `--model overhead` keeps the 7B's 32 language layers at the tiny width,
so a step's arithmetic is nothing and its time is what Python, transformers and the kernel launches cost.
"""
import argparse, time

import numpy as np
import torch
from PIL import Image

import rates
from synood.core import default_dtype
from synood.models import DTYPES, load_mllm, tiny_mllm
from synood.prompting import _image_tokens, chat_prompts, compile_decoding, context_elements, prompt_batch_size

def overhead_llava(device):
    "A LLaVA with LLaVA 1.5 7B's 32 language layers at the tiny width."
    from transformers import LlavaForConditionalGeneration
    m, proc = tiny_mllm(device=device)
    cfg = m.config; cfg.text_config.num_hidden_layers = 32
    torch.manual_seed(0)
    return LlavaForConditionalGeneration(cfg).to(device).eval(), proc

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="tiny", help="tiny, random (LLaVA 1.5 7B's size), overhead, or a hub id / folder")
    ap.add_argument("--device", default="cpu"); ap.add_argument("--dtype", choices=sorted(DTYPES))
    ap.add_argument("--batches", default="1,8", help="comma-separated batch sizes; 'auto': `prompt_batch_size`")
    ap.add_argument("--new", type=int, default=64, help="new tokens per image")
    ap.add_argument("--compile", action="store_true", help="also the static-cache, compiled path")
    ap.add_argument("--reps", type=int, default=2, help="timed calls of each kind (after one warm-up call)")
    ap.add_argument("--profile", default=None, help="write torch.profiler's table of one plain call here")
    ap.add_argument("--json", default=None, help="add the measured rates to this file (for cost_model.py --measured)")
    a = ap.parse_args()
    dev = torch.device(a.device); dtype = DTYPES[a.dtype] if a.dtype else default_dtype(dev)
    t0 = time.perf_counter()
    if a.model == "tiny": mllm, proc = tiny_mllm(device=dev, dtype=dtype)
    elif a.model == "overhead": mllm, proc = overhead_llava(dev)
    else: mllm, proc = load_mllm("random:llava-hf/llava-1.5-7b-hf" if a.model == "random" else a.model, device=dev, dtype=dtype)
    t_load = time.perf_counter() - t0
    size = mllm.config.vision_config.image_size
    rng = np.random.default_rng(0)
    pick = lambda b: [Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8)) for _ in range(b)]
    tokens = len(proc.tokenizer(chat_prompts(proc, ["tabby cat"])[0]).input_ids) + _image_tokens(mllm)
    pk, where = rates.peak(dev, mllm.dtype)
    print(f"{a.model} LLaVA on {dev}, {mllm.dtype}, loaded in {t_load:.0f} s; {tokens} prompt tokens, {a.new} new; peak {pk / 1e12:.1f} TFLOP/s ({where})")
    print(f"{'path':9s} {'batch':>5s} {'s/call':>8s} {'prefill s':>9s} {'ms/step':>8s} {'images/s':>9s} {'TFLOP/s':>8s} {'of peak':>8s}")
    best = {}
    for spec in a.batches.split(","):
        b = prompt_batch_size(mllm, tokens, a.new) if spec == "auto" else int(spec)
        imgs, names = pick(b), ["tabby cat"] * b
        for path in ("plain", "compiled") if a.compile else ("plain",):
            static = path == "compiled"
            call = lambda n: context_elements(mllm, proc, imgs, names, max_new_tokens=n, static=static)
            try:
                s_one = rates.timed(lambda: call(1), dev, reps=a.reps); s = rates.timed(lambda: call(a.new), dev, reps=a.reps)
            except torch.OutOfMemoryError: print(f"{path:9s} {b:5d}  out of memory"); torch.cuda.empty_cache(); continue
            f = rates.flops(lambda: call(a.new)) if not static else rates.flops(lambda: context_elements(mllm, proc, imgs, names, max_new_tokens=a.new))
            step = (s - s_one) / max(1, a.new - 1)
            print(f"{path:9s} {b:5d} {s:8.3f} {s_one:9.3f} {1000 * step:8.1f} {b / s:9.2f} {f / s / 1e12:8.2f} {f / s / pk:8.1%}")
            if b / s > best.get("images_per_s", 0): best = dict(images_per_s=b / s, batch=b, decoding=path, ms_per_step=1000 * step,
                                                              fraction_of_peak=f / s / pk, device=str(torch.cuda.get_device_name(dev) if dev.type == "cuda" else dev))
    if a.profile:
        from torch.profiler import ProfilerActivity, profile
        imgs = pick(8); acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if dev.type == "cuda" else [])
        with profile(activities=acts) as prof: context_elements(mllm, proc, imgs, ["tabby cat"] * 8, max_new_tokens=16)
        key = "cuda_time_total" if dev.type == "cuda" else "cpu_time_total"
        open(a.profile, "w").write(prof.key_averages().table(sort_by=key, row_limit=30))
        print(f"wrote the profile of a batch of 8, 16 new tokens, to {a.profile}")
    if best: print(f"best: {best['images_per_s']:.2f} images/s ({best['decoding']}, batch {best['batch']})")
    rates.record(a.json, "prompting", **best, new_tokens=a.new, model=a.model)

if __name__ == "__main__": main()
