"""Energy-guided generation (3 passes, skip gradient) against 3 plain inpainting passes, side by side.

The same images, prompts and seeds go through (a) the diffusers pipeline's own `__call__` three times
(plain SD inpainting, mask of ones, strength 0.6, 20 steps; its VAE in the UNet's dtype, as diffusers runs it), (b) synood's loop with no gradient,
(c) energy-guided inpainting with the skip gradient (eq. 9) and (d) with the full gradient through
the denoising loop. Ratios are to (a). Target for (c): <= 1.3.

    python benchmarks/guided_generation.py                       # tiny models on the CPU
    python benchmarks/guided_generation.py --real --device cuda  # SD2 inpainting + ResNet50 (weights on disk)
    python benchmarks/guided_generation.py --random --device cuda  # the same architectures, random weights (no download)

Random weights cost what the real ones cost: the timings of --random are those of --real. On a GPU the UNet and
text encoder run in the device's half precision (bfloat16 where supported) unless --dtype says otherwise.
"""
import argparse, contextlib, statistics, time
import torch
from PIL import Image
from synood.core import default_dtype
from synood.data import skimage_photo
from synood.inpainting import (InpaintConfig, decode, denoise, energy_guided_inpaint, energy_loss, initial_noise,
                               prepare_inpaint)
from synood.models import DTYPES, load_classifier, load_inpaint_pipeline, tiny_classifier, tiny_inpaint_pipeline

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    models = ap.add_mutually_exclusive_group()
    models.add_argument("--real", action="store_true", help="SD2 inpainting + ResNet50 at 512 px")
    models.add_argument("--random", action="store_true", help="SD2 inpainting + ResNet50 at 512 px, random weights (no download)")
    ap.add_argument("--dtype", choices=sorted(DTYPES), help="the UNet's and text encoder's (default: the device's, as a run uses)")
    ap.add_argument("--device", default="cpu"); ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    dev = torch.device(a.device)
    dtype = DTYPES[a.dtype] if a.dtype else default_dtype(dev)
    if a.real: pipe, clf, size = load_inpaint_pipeline(device=dev, dtype=dtype), load_classifier("resnet50", device=dev), 512
    elif a.random:
        pipe, size = load_inpaint_pipeline("random:stabilityai/stable-diffusion-2-inpainting", device=dev, dtype=dtype), 512
        clf = load_classifier("random:resnet50", device=dev)
    else: pipe, clf, size = tiny_inpaint_pipeline(device=dev, dtype=dtype), tiny_classifier(device=dev), 64
    sync = (lambda: torch.cuda.synchronize()) if dev.type == "cuda" else (lambda: None)
    imgs = [skimage_photo("chelsea.png").resize((size, size)), skimage_photo("coffee.png").resize((size, size))][:a.batch]
    imgs = (imgs * a.batch)[:a.batch]
    prompts = ["grass, sofa, cushion"] * a.batch
    cfg = InpaintConfig(size=size)

    def plain():
        for _ in range(cfg.iterations):
            pipe(prompt=prompts, image=imgs, mask_image=Image.new("L", (size, size), 255), strength=cfg.strength,
                 num_inference_steps=cfg.steps, guidance_scale=cfg.guidance_scale, height=size, width=size,
                 generator=torch.Generator().manual_seed(0), output_type="pil")
    runs = {"plain pipeline x3": plain,
            "synood loop, no gradient": lambda: energy_guided_inpaint(pipe, clf, imgs, prompts, InpaintConfig(size=size, step_size=0), seeds=range(a.batch)),
            "guided, skip gradient": lambda: energy_guided_inpaint(pipe, clf, imgs, prompts, cfg, seeds=range(a.batch)),
            "guided, full gradient": lambda: energy_guided_inpaint(pipe, clf, imgs, prompts, InpaintConfig(size=size, grad="full"), seeds=range(a.batch))}
    @contextlib.contextmanager
    def stock_vae():   # diffusers' own __call__ feeds its VAE the UNet's dtype: stock SD runs it in that dtype (synood keeps it in float32)
        vae_dtype = pipe.vae.dtype; pipe.vae.to(pipe.unet.dtype)
        try: yield
        finally: pipe.vae.to(vae_dtype)
    times = {}
    for name, fn in runs.items():
        with stock_vae() if fn is plain else contextlib.nullcontext():
            fn(); sync()
            ts = []
            for _ in range(a.reps):
                t = time.perf_counter(); fn(); sync(); ts.append(time.perf_counter() - t)
        times[name] = statistics.median(ts)
    # the cost split of one guided pass: denoising (no grad), then decode + classifier forward and backward
    prep = prepare_inpaint(pipe, imgs, prompts, cfg)
    eps = initial_noise(range(a.batch), tuple(prep.z_in.shape[1:])).to(dev)
    def den():
        with torch.no_grad(): return denoise(pipe, prep, eps, cfg)
    z = den()
    def dec_cls():
        zz = z.detach().float().requires_grad_(True)
        energy_loss(clf(decode(pipe, zz))).sum().backward()
    split = {}
    for name, fn in (("denoising (12 UNet steps)", den), ("decode + classifier, fwd + bwd", dec_cls)):
        fn(); sync(); ts = []
        for _ in range(a.reps):
            t = time.perf_counter(); fn(); sync(); ts.append(time.perf_counter() - t)
        split[name] = statistics.median(ts)
    base = times["plain pipeline x3"]
    what = "real SD2 + ResNet50" if a.real else "SD2 + ResNet50, random weights" if a.random else "tiny models"
    print(f"{what} on {dev} ({torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'CPU'}, UNet in {pipe.unet.dtype}), {size} px, batch {a.batch}, "
          f"{cfg.iterations} passes of {int(cfg.steps * cfg.strength)} steps, {torch.get_num_threads()} threads")
    for name, t in times.items():
        print(f"  {name:26s} {t:8.3f} s   ratio {t / base:5.2f}" + ("   (target <= 1.3)" if name == "guided, skip gradient" else ""))
    tot = sum(split.values())
    print("cost split of one guided pass:")
    for name, t in split.items(): print(f"  {name:32s} {t:8.3f} s   {100 * t / tot:5.1f}%")

if __name__ == "__main__": main()
