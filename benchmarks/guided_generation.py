"""Energy-guided generation against plain inpainting, and the stage against its bare call, side by side.

The same images, prompts and seeds go through (a) the diffusers pipeline's own `__call__` three times
(plain SD inpainting, mask of ones, strength 0.6, 20 steps; its VAE in the UNet's dtype, as diffusers runs it),
(b) synood's loop with no gradient, (c) energy-guided inpainting with the skip gradient (eq. 9), (d) the
same with the full gradient through the denoising loop, and, with --compile, (e) (c) through a compiled
UNet. Each row gives seconds, images/s, and the fraction of the peak (`rates.py`: the FLOPs of the very call,
counted, over its time and the device's peak). Ratios are to (a); target for (c): <= 1.3.

--stage N runs `generate` (the stage: images read, JPEGs written, manifest lines appended) on N images at the
same settings, and compares its images/s with (c)'s: the stage's own overhead. --fast-guidance adds (c) with
the VAE and the energy classifier in bfloat16 (`ModelConfig.guidance_dtype`) and the energies' change.

    python benchmarks/guided_generation.py                          # tiny models on the CPU
    python benchmarks/guided_generation.py --random --device cuda --batch 8 --stage 32 --compile --fast-guidance --json rates.json
    python benchmarks/guided_generation.py --real --device cuda     # SD2 inpainting + ResNet50 (weights on disk)

Random weights cost what the real ones cost: the timings of --random are those of --real. On a GPU the UNet and
text encoder run in the device's half precision (bfloat16 where supported) unless --dtype says otherwise.
"""
import argparse, contextlib, json, math, tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from PIL import Image

import rates
from synood.core import RunDir, default_dtype
from synood.data import skimage_photo
from synood.inpainting import (InpaintConfig, compile_unet, decode, denoise, energy_guided_inpaint, energy_loss, generate,
                               initial_noise, prepare_inpaint)
from synood.models import DTYPES, load_classifier, load_inpaint_pipeline, tiny_classifier, tiny_inpaint_pipeline

def models(a, dev, dtype, guidance_dtype=None):
    "(pipeline, classifier, size) of the run: tiny, random real-size, or the real weights."
    vae = DTYPES[guidance_dtype] if guidance_dtype else torch.float32
    if a.real: pipe, clf, size = load_inpaint_pipeline(device=dev, dtype=dtype, vae_dtype=vae), load_classifier("resnet50", device=dev), 512
    elif a.random:
        pipe = load_inpaint_pipeline("random:stabilityai/stable-diffusion-2-inpainting", device=dev, dtype=dtype, vae_dtype=vae)
        clf, size = load_classifier("random:resnet50", device=dev), 512
    else: pipe, clf, size = tiny_inpaint_pipeline(device=dev, dtype=dtype, vae_dtype=vae), tiny_classifier(device=dev), 64
    return pipe, (clf.to(vae) if guidance_dtype else clf), size

def stage_rate(pipe, clf, cfg, n:int, size:int, dev) -> float:
    "Images/s of `generate` on a run of `n` prompted images (read from JPEG files, written as JPEGs, recorded)."
    with tempfile.TemporaryDirectory() as tmp:
        run = RunDir(Path(tmp)/"run"); rng = np.random.default_rng(0); ctx = []
        for i in range(n):
            p = Path(tmp)/f"img{i:04d}.jpg"; Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8)).save(p, quality=90)
            ctx.append({"source": str(p), "label": i % 5, "class_name": "tabby cat", "elements": ["grass", "sofa"], "answer": "", "model_id": "bench"})
        run.contexts.write_text("".join(json.dumps(c) + "\n" for c in ctx))
        generate(run, pipe, clf, replace(cfg, batch_size=min(cfg.batch_size, n)), limit=min(cfg.batch_size, n))   # warm-up batch
        rates.sync(dev); t = __import__("time").perf_counter()
        c = generate(run, pipe, clf, cfg); rates.sync(dev)
        return c["generated"] / (__import__("time").perf_counter() - t)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    kind = ap.add_mutually_exclusive_group()
    kind.add_argument("--real", action="store_true", help="SD2 inpainting + ResNet50 at 512 px")
    kind.add_argument("--random", action="store_true", help="SD2 inpainting + ResNet50 at 512 px, random weights (no download)")
    ap.add_argument("--dtype", choices=sorted(DTYPES), help="the UNet's and text encoder's (default: the device's, as a run uses)")
    ap.add_argument("--device", default="cpu"); ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--stage", type=int, default=0, help="also `generate` on this many images (0: not)")
    ap.add_argument("--compile", action="store_true", help="also the guided call through a compiled UNet")
    ap.add_argument("--fast-guidance", action="store_true", help="also the VAE and classifier in bfloat16, with the energies' change")
    ap.add_argument("--json", default=None, help="add the measured rates to this file (for cost_model.py --measured)")
    a = ap.parse_args()
    dev = torch.device(a.device); dtype = DTYPES[a.dtype] if a.dtype else default_dtype(dev)
    pipe, clf, size = models(a, dev, dtype)
    imgs = ([skimage_photo("chelsea.png").resize((size, size)), skimage_photo("coffee.png").resize((size, size))] * a.batch)[:a.batch]
    prompts, seeds = ["grass, sofa, cushion"] * a.batch, list(range(a.batch))
    cfg = InpaintConfig(size=size, batch_size=a.batch)
    guided = lambda p=pipe, c=clf: energy_guided_inpaint(p, c, imgs, prompts, cfg, seeds)
    def plain():
        for _ in range(cfg.iterations):
            pipe(prompt=prompts, image=imgs, mask_image=Image.new("L", (size, size), 255), strength=cfg.strength,
                 num_inference_steps=cfg.steps, guidance_scale=cfg.guidance_scale, height=size, width=size,
                 generator=torch.Generator().manual_seed(0), output_type="pil")
    runs = {"plain pipeline x3": plain,
            "synood loop, no gradient": lambda: energy_guided_inpaint(pipe, clf, imgs, prompts, replace(cfg, step_size=0), seeds),
            "guided, skip gradient": guided,
            "guided, full gradient": lambda: energy_guided_inpaint(pipe, clf, imgs, prompts, replace(cfg, grad="full"), seeds)}
    @contextlib.contextmanager
    def stock_vae():   # diffusers' own __call__ feeds its VAE the UNet's dtype: stock SD runs it in that dtype (synood keeps it in float32)
        vae_dtype = pipe.vae.dtype; pipe.vae.to(pipe.unet.dtype)
        try: yield
        finally: pipe.vae.to(vae_dtype)
    pk, where = rates.peak(dev, pipe.unet.dtype)
    counted = {name: rates.flops(fn) for name, fn in runs.items() if fn is not plain}
    with stock_vae(): counted["plain pipeline x3"] = rates.flops(plain)
    times = {}
    for name, fn in runs.items():
        with stock_vae() if fn is plain else contextlib.nullcontext(): times[name] = rates.timed(fn, dev, a.reps)
    if a.fast_guidance:
        p16, c16, _ = models(a, dev, dtype, "bfloat16")
        runs["guided, bf16 VAE + classifier"] = lambda: guided(p16, c16); counted["guided, bf16 VAE + classifier"] = counted["guided, skip gradient"]
        times["guided, bf16 VAE + classifier"] = rates.timed(runs["guided, bf16 VAE + classifier"], dev, a.reps)
        e32, e16 = np.array(guided().energies), np.array(guided(p16, c16).energies)
    if a.compile:
        compile_unet(pipe); name = "guided, compiled UNet"
        runs[name] = guided; counted[name] = counted["guided, skip gradient"]; times[name] = rates.timed(guided, dev, a.reps, warmup=2)
    what = "real SD2 + ResNet50" if a.real else "SD2 + ResNet50, random weights" if a.random else "tiny models"
    print(f"{what} on {dev}, UNet in {pipe.unet.dtype}, {size} px, batch {a.batch}, {cfg.iterations} passes of {int(cfg.steps * cfg.strength)} "
          f"steps, {torch.get_num_threads()} threads; peak {pk / 1e12:.1f} TFLOP/s ({where})")
    base = times["plain pipeline x3"]
    for name, t in times.items():
        print(f"  {name:30s} {t:8.3f} s  {a.batch / t:8.2f} images/s  {counted[name] / t / pk:6.1%} of peak  ratio {t / base:5.2f}"
              + ("  (target <= 1.3)" if name == "guided, skip gradient" else ""))
    if a.fast_guidance:
        # a uniform classifier's energy is -ln 1000 (ImageNet's classes): the rest is the part that depends on the image
        d, signal = np.abs(e16 - e32), np.abs(e32 + math.log(1000))
        print(f"  bf16 VAE + classifier: energies change by at most {d.max():.2e}, mean {d.mean():.2e} "
              f"(float32 energies ~{np.abs(e32).mean():.3f}; at most {(d / signal).max():.1%} of their distance from -ln 1000)")
    best = min((n for n in times if n.startswith("guided") and "full" not in n), key=times.get)
    rate = a.batch / times[best]; out = dict(images_per_s=rate, fraction_of_peak=counted[best] / times[best] / pk, call=best, batch=a.batch,
                                             device=str(torch.cuda.get_device_name(dev) if dev.type == "cuda" else dev))
    if a.stage:
        s_rate = stage_rate(pipe, clf, cfg, a.stage, size, dev)
        print(f"  the stage (generate, {a.stage} images)     {s_rate:8.2f} images/s  {s_rate / rate:6.1%} of the call's rate")
        out.update(images_per_s=s_rate, stage_of_call=s_rate / rate, fraction_of_peak=counted[best] / a.batch * s_rate / pk)
    rates.record(a.json, "generation", **out)
    # the cost split of one guided pass: denoising (no grad), then decode + classifier forward and backward
    prep = prepare_inpaint(pipe, imgs, prompts, cfg, seeds)
    eps = initial_noise(seeds, tuple(prep.z_in.shape[1:])).to(dev)
    def den():
        with torch.no_grad(): return denoise(pipe, prep, eps, cfg)
    z = den()
    def dec_cls():
        zz = z.detach().float().requires_grad_(True)
        energy_loss(clf(decode(pipe, zz))).sum().backward()
    split = {"denoising (12 UNet steps)": rates.timed(den, dev, a.reps), "decode + classifier, fwd + bwd": rates.timed(dec_cls, dev, a.reps)}
    tot = sum(split.values())
    print("cost split of one guided pass:")
    for name, t in split.items(): print(f"  {name:32s} {t:8.3f} s   {100 * t / tot:5.1f}%")

if __name__ == "__main__": main()
