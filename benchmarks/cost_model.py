"""The GPU budget of the paper's run, on paper: floating-point work per image and stage, and what it costs on V100, A100, H100.

Every count comes from torch's FLOP counter (`torch.utils.flop_counter.FlopCounterMode`: matrix products,
convolutions and attention, forward and backward) running the real architectures at the paper's settings
on PyPI torch's `meta` device: the modules hold shapes but no memory, and nothing is computed, so the 7B
LLaVA and the 512 px UNet cost nothing to count. Random weights (`synood.models.REAL_SIZE`) have the real
shapes, which is all a FLOP count depends on. The stages, per generated image:

- prompting: LLaVA 1.5 7B on one 336 px image (576 image tokens + the question's tokens), the prefill and
  64 new tokens (PromptConfig.max_new_tokens, an upper bound; a decoded token is counted as the growth of a
  prefill by one token);
- generation: `energy_guided_inpaint` at 512 px, batch 2 (InpaintConfig): 2 VAE encodes and the text
  encoder (prompt and empty prompt) per batch, 3 passes of 12 UNet steps (20 steps at strength 0.6) with
  classifier-free guidance (the UNet sees 2 x batch), VAE decode + ResNet50 on every pass, and on the 2
  guided passes their backward to the latent (the skip gradient of eq. 9: not through the UNet);
  the composition is checked against the real code run under the counter on the tiny models;
- features: CLIP ViT-B/16 on the InD image and on its synthetic image (224 px);
- tuning: the projection (3 epochs) and the negative features (5 epochs) on cached features, per image;
- once per run: mining (the WordNet lexicon's prompts through the text encoder) and the label features;
- per benchmark: the image features of its InD and OOD sets, and NegLabel's score.

Hours = images x FLOPs / (peak x MFU), with the dense fp16/bf16 tensor-core peaks of the vendors' data
sheets (V100 SXM2 125, A100 SXM4 312, H100 SXM5 989 TFLOP/s) and a model-FLOP utilisation MFU (default
0.35, a common figure for inference at small batch; give your own with --mfu). The paper ran on two V100s.

The memory of the two largest stages in fp16 at batch 1, 4, 16: the weights, plus what the backward keeps
(measured: every tensor saved for the backward, through autograd's saved-tensor hooks) and the largest
activation of the no-grad UNet x 3 (input, output and workspace of one layer: an estimate) for
generation; the KV cache and the largest activation x 3 for prompting.

Then the run on 1, 2 and 8 GPUs of each kind, as `accelerate launch ... synood.cli run` runs it: prompting and
generation shard over N processes, one GPU each, and so do the CLIP text and image features that mining, the tunings
and evaluation read; the tunings and the scoring run on the main process while the others wait (selection, mining's
ranking and the metrics too, but they are CPU work or too small for the FLOP count). Hours on N GPUs = (sharded
work / N + unsharded work) / (peak x MFU). Loading models and starting processes is not in the FLOP model, so no
table includes it.

Then the same script measures wall time on the device it runs on (CPU here, a GPU where one is lent), on
real-size modules at a small input, beside the FLOPs counted for that same call, so a measured rate can be
compared with the peak the table assumes.

With --measured FILE (the rates `benchmarks/prompting.py`, `guided_generation.py` and `tuning_cost.py` write
with --json), a last table gives the run on 1, 2 and 8 GPUs like the one measured from those rates: a stage
with a measured images/s takes images / rate, each other stage its FLOPs at the MFU of that GPU's peak, and
every row says which it is (measured or assumed).

    python benchmarks/cost_model.py [--images 50000] [--mfu 0.35] [--device cpu] [--no-measure] [--markdown FILE] [--measured FILE]
"""
import argparse, time
from dataclasses import dataclass

import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from synood.inpainting import InpaintConfig
from synood.models import clip_bpe_tokenizer, load_clip, load_classifier, random_inpaint_pipeline, random_llava
from synood.negfeatures import NegTuneConfig, tune_negative_features
from synood.projection import ProjectionConfig, train_projection
from synood.prompting import CONTEXT_QUESTION, PromptConfig

GPUS = {"V100": 125e12, "A100": 312e12, "H100": 989e12} # dense fp16 / bf16 tensor-core peaks, FLOP/s (data sheets: V100 SXM2, A100 SXM4, H100 SXM5)
BENCHMARKS = { # images per set, as the benchmarks' papers give them
    "ImageNet-1k vs iNaturalist, SUN, Places, Textures (MOS)": [50_000, 10_000, 10_000, 10_000, 5_640],
    "OpenOOD v1.5 near (SSB-hard, NINCO)": [45_000, 49_000, 5_879],
    "OpenOOD v1.5 far (iNaturalist, Textures, OpenImage-O)": [45_000, 10_000, 5_160, 15_869],
}
N_IND, N_NEG, N_ASSIGNED = 1000, 10_000, 5620 # InD labels, NegLabel's negatives, |Y*-| of the authors' ImageNet run

class _Global:
    "A module tracker tracking nothing, all counts under 'Global': FlopCounterMode's own tracker hooks break `torch.autograd.grad` on a leaf."
    parents = {"Global"}
    def __enter__(self): return self
    def __exit__(self, *a): return False

def flops(fn, *args, **kw) -> float:
    "FLOPs of one call (forward, and backward where `fn` runs one), by torch's FlopCounterMode."
    fc = FlopCounterMode(display=False); fc.mod_tracker = _Global()
    with fc: fn(*args, **kw)
    return float(fc.get_total_flops())

@dataclass
class Saved:
    "Bytes of the tensors autograd saves for the backward while the block runs."
    nbytes: int = 0
    def __enter__(self):
        def pack(t): self.nbytes += t.numel() * t.element_size(); return t
        self._h = torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t); self._h.__enter__(); return self
    def __exit__(self, *a): self._h.__exit__(*a)

def largest_activation(module, fn) -> int:
    "Elements of the largest tensor any submodule of `module` outputs during `fn()`."
    big = [0]
    def hook(m, i, o):
        for t in (o if isinstance(o, (tuple, list)) else [getattr(o, "sample", o)]):
            if isinstance(t, torch.Tensor): big[0] = max(big[0], t.numel())
    hs = [m.register_forward_hook(hook) for m in module.modules()]
    try: fn()
    finally:
        for h in hs: h.remove()
    return big[0]

# --- generation -------------------------------------------------------------------------------------------
def inpaint_parts(pipe, clf, b:int, size:int, dtype=torch.float32, device="meta") -> dict:
    "FLOPs of each module call of one `energy_guided_inpaint` batch of `b` images at `size` px."
    lat, dev = size // pipe.vae_scale_factor, device   # SD2: 8; the tiny VAE: 2
    x = torch.zeros(b, 3, size, size, device=dev, dtype=dtype)
    ids = torch.zeros(2 * b, 77, dtype=torch.long, device=dev)
    z = torch.zeros(2 * b, 9, lat, lat, device=dev, dtype=dtype); cond = torch.zeros(2 * b, 77, pipe.unet.config.cross_attention_dim, device=dev, dtype=dtype)
    u = torch.zeros(b, 4, lat, lat, device=dev, dtype=dtype)
    def guided():
        uu = u.clone().requires_grad_(True)
        img = ((pipe.vae.decode(uu).sample + 1) / 2).clamp(0, 1)
        torch.autograd.grad(torch.logsumexp(clf(img), 1).sum(), uu)
    with torch.no_grad():
        p = dict(encode=flops(lambda: pipe.vae.encode(x)), text=flops(lambda: pipe.text_encoder(ids)),
                 unet=flops(lambda: pipe.unet(z, torch.tensor([500], device=dev), encoder_hidden_states=cond)),
                 decode=flops(lambda: pipe.vae.decode(u)), classify=flops(lambda: clf(x)))
    with torch.enable_grad(): p["guided"] = flops(guided)   # decode + classifier, forward and backward to the latent
    return p

def inpaint_batch_flops(p:dict, cfg:InpaintConfig) -> float:
    "One batch of `energy_guided_inpaint`, composed from its module calls the way the code makes them."
    steps = int(cfg.steps * cfg.strength)
    guided_passes = cfg.iterations - 1 if cfg.step_size else 0
    return (2 * p["encode"] + p["text"] + cfg.iterations * steps * p["unet"]
            + guided_passes * p["guided"] + (cfg.iterations - guided_passes) * (p["decode"] + p["classify"]))

def check_composition() -> tuple[float, float]:
    "(counted on the real code, composed): `energy_guided_inpaint` on the tiny models under the counter."
    from PIL import Image
    from synood.inpainting import energy_guided_inpaint
    from synood.models import tiny_classifier, tiny_inpaint_pipeline
    pipe, clf = tiny_inpaint_pipeline(), tiny_classifier()
    cfg = InpaintConfig(size=64, steps=10, iterations=3)
    imgs = [Image.new("RGB", (64, 64), c) for c in ("red", "blue")]
    counted = flops(lambda: energy_guided_inpaint(pipe, clf, imgs, ["grass", "sky"], cfg, seeds=[0, 1]))
    return counted, inpaint_batch_flops(inpaint_parts(pipe, clf, 2, 64, device="cpu"), cfg)

# --- prompting --------------------------------------------------------------------------------------------
def question_tokens() -> int:
    "Text tokens of the chat-formatted question (the CLIP BPE stands in for Llama's SentencePiece: both ~1.3 tokens a word)."
    q = "USER: \n" + CONTEXT_QUESTION.format(class_name="golden retriever") + " ASSISTANT:"
    return len(clip_bpe_tokenizer()(q).input_ids)

def llava_flops(llava, n_text:int, new_tokens:int) -> dict:
    "Prefill and decoding FLOPs of one image: vision tower, projector, language model (logits of the last position only)."
    v = llava.config.vision_config; t = llava.config.text_config
    n_img = (v.image_size // v.patch_size) ** 2
    px = torch.zeros(1, 3, v.image_size, v.image_size, device="meta")
    lm = llava.model.language_model
    def prefill(n):   # the decoder layers and the final norm (LlamaModel's mask bookkeeping reads values, which meta tensors lack)
        h, pos = torch.zeros(1, n, t.hidden_size, device="meta"), torch.arange(n, device="meta")[None]
        def run():
            x, pe = h, lm.rotary_emb(h, pos)
            for layer in lm.layers:
                x = layer(x, attention_mask=None, position_ids=pos, position_embeddings=pe)
                x = x[0] if isinstance(x, tuple) else x
            lm.norm(x)
        return flops(run)
    head = 2 * t.hidden_size * t.vocab_size
    with torch.no_grad():
        vision = flops(lambda: llava.model.vision_tower(px, output_hidden_states=True))
        proj = flops(lambda: llava.model.multi_modal_projector(torch.zeros(1, n_img, v.hidden_size, device="meta")))
        L = n_img + n_text
        pre, grown = prefill(L), prefill(L + new_tokens)
    return dict(vision=vision, projector=proj, prefill=pre + head, decode=grown - pre + new_tokens * head, tokens=L)

# --- features, tuning, mining, evaluation ------------------------------------------------------------------
def clip_flops(clip) -> dict:
    with torch.no_grad():
        return dict(image=flops(lambda: clip.model.encode_image(torch.zeros(1, 3, 224, 224, device="meta"))),
                    text=flops(lambda: clip.model.encode_text(torch.zeros(1, 77, dtype=torch.long, device="meta"))))

def tuning_flops_per_image(n:int=512, dim:int=512) -> dict:
    "Projection (eq. 12) and negative-feature (eq. 14) training FLOPs per training image and epoch, on random features of the real sizes."
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(2 * n, dim, generator=g), torch.randint(0, N_IND + N_ASSIGNED, (2 * n,), generator=g)
    labels = F.normalize(torch.randn(N_IND + N_ASSIGNED, dim, generator=g), dim=1)
    pc, nc = ProjectionConfig(), NegTuneConfig()
    proj = flops(lambda: train_projection(x, y, labels, 0.01, ProjectionConfig(epochs=1)))
    neg = flops(lambda: tune_negative_features(x[:n], y[:n] % N_ASSIGNED, labels[:N_ASSIGNED], 0.01, NegTuneConfig(epochs=1)))
    # per generated image: the projection trains on it and on its InD image, the label features on it alone
    return dict(projection=proj / n * pc.epochs, negfeatures=neg / n * nc.epochs)

# --- memory ----------------------------------------------------------------------------------------------
def generation_memory(pipe, clf, b:int, size:int=512) -> float:
    "Bytes in fp16 at batch `b` (`pipe` and `clf` in fp16): weights, the guided pass's saved tensors, 3 x the largest no-grad UNet activation."
    weights = sum(p.numel() for m in (pipe.unet, pipe.vae, pipe.text_encoder, clf) for p in m.parameters()) * 2
    lat = size // pipe.vae_scale_factor
    u = torch.zeros(b, 4, lat, lat, device="meta", dtype=torch.float16).requires_grad_(True)
    with torch.enable_grad(), Saved() as s:
        img = ((pipe.vae.decode(u).sample + 1) / 2).clamp(0, 1); torch.logsumexp(clf(img), 1).sum()
    z = torch.zeros(2 * b, 9, lat, lat, device="meta", dtype=torch.float16)
    cond = torch.zeros(2 * b, 77, pipe.unet.config.cross_attention_dim, device="meta", dtype=torch.float16)
    with torch.no_grad():
        big = largest_activation(pipe.unet, lambda: pipe.unet(z, torch.tensor([500], device="meta"), encoder_hidden_states=cond))
    return weights + s.nbytes + 3 * big * 2

def prompting_memory(llava, b:int, tokens:int) -> float:
    "Bytes in fp16 at batch `b`: weights, the KV cache of `tokens`, 3 x the largest activation (the MLP's)."
    t = llava.config.text_config
    weights = sum(p.numel() for p in llava.parameters()) * 2
    kv = 2 * t.num_hidden_layers * tokens * t.hidden_size * 2 * b
    return weights + kv + 3 * b * tokens * t.intermediate_size * 2

# --- measured on this device ---------------------------------------------------------------------------
def measure(device:str) -> list[tuple[str, float, float]]:
    "(what, FLOPs counted, seconds) of real-size modules at small inputs on `device` (fp16 on CUDA, fp32 on the CPU)."
    dev = torch.device(device); dt = torch.float16 if dev.type == "cuda" else torch.float32
    sync = (lambda: torch.cuda.synchronize()) if dev.type == "cuda" else (lambda: None)
    def timed(fn, reps=2):
        fn(); sync(); t = time.perf_counter()
        for _ in range(reps): fn()
        sync(); return (time.perf_counter() - t) / reps
    out = []
    pipe = random_inpaint_pipeline(device=dev); clf = load_classifier("random:resnet50", device=dev).to(dt)
    if dt != torch.float32: pipe.to(dtype=dt)
    size = 64 if dev.type == "cpu" else 512
    lat = size // pipe.vae_scale_factor
    z = torch.randn(2, 9, lat, lat, device=dev, dtype=dt); cond = torch.randn(2, 77, 1024, device=dev, dtype=dt); t = torch.tensor([500], device=dev)
    with torch.no_grad():
        f = lambda: pipe.unet(z, t, encoder_hidden_states=cond)
        out.append((f"SD2 UNet step, CFG, {size} px", flops(f), timed(f)))
    u = torch.randn(1, 4, lat, lat, device=dev, dtype=dt)
    def guided():
        uu = u.clone().requires_grad_(True)
        torch.autograd.grad(torch.logsumexp(clf(((pipe.vae.decode(uu).sample + 1) / 2).clamp(0, 1)), 1).sum(), uu)
    out.append((f"guided: VAE decode + ResNet50, fwd + bwd, {size} px", flops(guided), timed(guided)))
    del pipe, clf
    clip = load_clip("ViT-B-16", "random", device=dev); clip.model.to(dt)
    xb = torch.randn(8, 3, 224, 224, device=dev, dtype=dt)
    with torch.no_grad():
        f = lambda: clip.model.encode_image(xb)
        out.append(("CLIP ViT-B/16, 8 images", flops(f), timed(f)))
    del clip
    llava, _ = random_llava("random:llava-hf/llava-1.5-7b-hf?layers=2", device=dev); llava.to(dt)   # widths real, 2 of 32 layers
    px = torch.randn(1, 3, 336, 336, device=dev, dtype=dt); emb = torch.randn(1, 600, 4096, device=dev, dtype=dt)
    with torch.no_grad():
        f = lambda: llava.model.vision_tower(px, output_hidden_states=True)
        out.append(("LLaVA vision tower, 336 px", flops(f), timed(f, 1)))
        f = lambda: llava.model.language_model(inputs_embeds=emb, use_cache=False)
        out.append(("LLaVA 2 language layers, 600 tokens", flops(f), timed(f, 1)))
    return out

@dataclass
class Budget:
    "Everything counted: FLOPs per image and stage, the parts behind them, once-per-run work, memory."
    composition: tuple[float, float] # (counted on the real code, composed) on the tiny models
    stages: dict[str, float] # FLOPs per generated image
    inpaint_parts: dict[str, float] # FLOPs per call, one batch of InpaintConfig().batch_size
    llava: dict[str, float]
    clip: dict[str, float]
    once: dict[str, float] # FLOPs once per run and per benchmark
    memory: dict[int, tuple[float, float]] # batch -> (generation, prompting) bytes in fp16
    scoring: dict[str, float] # of each `once` evaluation, the FLOPs of NegLabel's score (the rest is its image features)

def count() -> Budget:
    "Count every stage on the real architectures (meta tensors, nothing computed)."
    torch.manual_seed(0)
    composition = check_composition()
    cfg, new = InpaintConfig(), PromptConfig().max_new_tokens
    with torch.device("meta"):
        pipe, llava = random_inpaint_pipeline(device=None), random_llava(device=None)[0]
        clf = load_classifier("random:resnet50", device="meta")
        clip = load_clip("ViT-B-16", "random", device="meta")
    parts = inpaint_parts(pipe, clf, cfg.batch_size, cfg.size)
    ll = llava_flops(llava, question_tokens(), new)
    cl = clip_flops(clip); tune = tuning_flops_per_image()
    from synood.lexicon import load_lexicon
    n_lex = len(load_lexicon().words)
    stages = {"prompting (LLaVA 1.5 7B)": ll["vision"] + ll["projector"] + ll["prefill"] + ll["decode"],
              "generation (SD2 inpainting + ResNet50)": inpaint_batch_flops(parts, cfg) / cfg.batch_size,
              "CLIP features (InD + synthetic)": 2 * cl["image"],
              "tuning (projection + negative features)": tune["projection"] + tune["negfeatures"]}
    once = {f"mining + label features ({n_lex:,} lexicon + {N_IND:,} + {N_NEG:,} prompts)": (n_lex + N_IND + N_NEG) * cl["text"]}
    scoring = {}
    for b, sets in BENCHMARKS.items():
        n = sum(sets); key = f"evaluate: {b}, {n:,} images"
        scoring[key] = n * 2 * 512 * (N_IND + N_NEG)   # cosine similarity to every label
        once[key] = n * cl["image"] + scoring[key]
    for m in (pipe.unet, pipe.vae, pipe.text_encoder, clf, llava): m.half()   # on meta: only the recorded dtype changes
    memory = {b: (generation_memory(pipe, clf, b), prompting_memory(llava, b, ll["tokens"] + new)) for b in (1, 4, 16)}
    return Budget(composition, stages, parts, ll, cl, once, memory, scoring)

def tables(r:Budget, images:int=50_000, mfu:float=0.35) -> str:
    "The budget as Markdown tables."
    cfg = InpaintConfig()
    hours = lambda f, n: {g: n * f / (peak * mfu) / 3600 for g, peak in GPUS.items()}
    total = sum(r.stages.values())
    lines = [f"Per generated image, at the paper's settings; hours for {images:,} images at {mfu:.0%} of the fp16/bf16 peak.", "",
             "| stage | TFLOP / image | " + " | ".join(f"{g} h" for g in GPUS) + " | 2 x V100 h (the paper's setup) |",
             "|---|---:|" + "---:|" * (len(GPUS) + 1)]
    for name, f in list(r.stages.items()) + [("**all stages**", total)]:
        h = hours(f, images)
        lines.append(f"| {name} | {f / 1e12:.3g} | " + " | ".join(f"{v:,.1f}" for v in h.values()) + f" | {h['V100'] / 2:,.1f} |")
    lines += ["", "Once per run and per benchmark (minutes):", "", "| work | TFLOP | " + " | ".join(f"{g} min" for g in GPUS) + " |",
              "|---|---:|" + "---:|" * len(GPUS)]
    for name, f in r.once.items():
        lines.append(f"| {name} | {f / 1e12:,.0f} | " + " | ".join(f"{60 * v:,.2f}" for v in hours(f, 1).values()) + " |")
    ll = r.llava
    lines += ["", f"Generation per batch of {cfg.batch_size} (TFLOP): " + ", ".join(f"{k} {v / 1e12:.3f}" for k, v in r.inpaint_parts.items())
              + f"; {cfg.iterations} passes x {int(cfg.steps * cfg.strength)} UNet steps, {cfg.iterations - 1} of them guided.",
              f"Prompting per image (TFLOP): vision {ll['vision'] / 1e12:.3f}, projector {ll['projector'] / 1e12:.3f}, "
              f"prefill of {ll['tokens']} tokens {ll['prefill'] / 1e12:.3f}, {PromptConfig().max_new_tokens} new tokens {ll['decode'] / 1e12:.3f}.",
              "", "Memory in fp16 (GiB), the two largest stages:", "", "| batch | generation | prompting |", "|---:|---:|---:|"]
    lines += [f"| {b} | {g / 2**30:.1f} | {p / 2**30:.1f} |" for b, (g, p) in r.memory.items()]
    return "\n".join(lines)

def run_stages(r:Budget, images:int=50_000) -> list[tuple[str, float, bool]]:
    "The whole run in pipeline order: (stage, FLOPs in all, sharded over the GPUs by `synood run`?), from the counts of `r`."
    per = [(k, f * images, not k.startswith("tuning")) for k, f in r.stages.items()]   # prompting, generation, features: sharded; tuning: main
    mining = [(k, f, True) for k, f in r.once.items() if k.startswith("mining")]   # text features, each process its share
    evals = {k: f for k, f in r.once.items() if k.startswith("evaluate")}
    n_eval, scoring = sum(map(sum, BENCHMARKS.values())), sum(r.scoring.values())
    return per[:2] + mining + per[2:] + [(f"evaluate: image features ({len(evals)} benchmarks, {n_eval:,} images)", sum(evals.values()) - scoring, True),
                                          ("evaluate: NegLabel's score", scoring, False)]

def hours_table(stages:list[tuple[str, float, bool]], # (stage, FLOPs, sharded?), as `run_stages` gives them
                gpus:dict=GPUS, ns=(1, 2, 8), mfu:float=0.35) -> pd.DataFrame:
    "Wall-clock hours of each stage and in all on N GPUs of each kind: a sharded stage's FLOPs / N, an unsharded one's on one GPU."
    rows = {name: {(g, n): f / ((n if sharded else 1) * peak * mfu) / 3600 for g, peak in gpus.items() for n in ns}
            for name, f, sharded in stages}
    t = pd.DataFrame.from_dict(rows, orient="index")
    t.columns = pd.MultiIndex.from_tuples(t.columns, names=["gpu", "n"])
    t.loc["all stages"] = t.sum()
    return t

def sharded_table(r:Budget, images:int=50_000, mfu:float=0.35, paper=("V100", 2)) -> str:
    "`hours_table` of the run as Markdown, with where each stage runs and the speed-up of the most GPUs over one."
    stages = run_stages(r, images); t = hours_table(stages, mfu=mfu)
    fmt = lambda h: f"{h:,.1f}" if h >= 1 else f"{h:.2g}"
    cols = list(t.columns); lo, hi = min(n for _, n in cols), max(n for _, n in cols)
    lines = [f"The run of {images:,} images in hours at {mfu:.0%} of the peak on N GPUs (sharded: over all N; main: on one while the others wait):", "",
             "| stage | runs on | " + " | ".join(f"{n} x {g}" + (" (the paper's)" if (g, n) == tuple(paper) else "") for g, n in cols) + " |",
             "|---|---|" + "---:|" * len(cols)]
    where = {name: "sharded" if sharded else "main" for name, _, sharded in stages}
    for name, row in t.iterrows():
        bold = name == "all stages"
        lines.append(f"| {'**' + name + '**' if bold else name} | {where.get(name, '')} | " + " | ".join(fmt(h) for h in row) + " |")
    total = sum(f for _, f, _ in stages); main_share = sum(f for _, f, s in stages if not s) / total
    lines += ["", f"Speed-up of {hi} GPUs over {lo}: " + ", ".join(f"{g} x {t.loc['all stages', (g, lo)] / t.loc['all stages', (g, hi)]:.2f}" for g in dict.fromkeys(g for g, _ in cols))
              + f"; {main_share:.1e} of the work runs on the main process, so Amdahl's bound is x {1 / main_share:,.0f}.",
              "Loading the models and starting the processes are not in the FLOP model, and not in these hours."]
    return "\n".join(lines)

def measured_table(meas, total:float, images:int, device:str) -> str:
    "The wall-time measurements as a Markdown table, and the whole run at their rate."
    lines = [f"Measured on {device} ({torch.get_num_threads()} threads; fp16 on CUDA, fp32 on the CPU), real-size modules at a small input:", "",
             "| call | GFLOP | s | TFLOP/s |", "|---|---:|---:|---:|"]
    lines += [f"| {what} | {f / 1e9:.1f} | {s:.3f} | {f / s / 1e12:.3f} |" for what, f, s in meas]
    rate = sum(f for _, f, _ in meas) / sum(s for _, _, s in meas)
    lines.append(f"\nAt the {rate / 1e12:.3f} TFLOP/s measured here, the {images:,} images' stages would take {images * total / rate / 3600:,.0f} h on this device.")
    return "\n".join(lines)

MEASURED_AS = {"prompting": "prompting", "generation": "generation", "CLIP features": "features"} # stage name's start -> rates key
PER_IMAGE = {"features": 2} # calls of a measured stage per generated image: CLIP features of the InD and the synthetic image

def rates_table(r:Budget, measured:dict, images:int=50_000, mfu:float=0.35, ns=(1, 2, 8),
                kind:str="measured", # what the rates are: "measured", or "target" for goals not yet reached
               ) -> str:
    "The run on N GPUs like the measured one: measured stages at their images/s, the others from their FLOPs at `mfu` of its peak."
    device = next((v.get("device") for v in measured.values() if v.get("device")), "the measured GPU")
    peaks = {**GPUS, "H200": 989e12, "GH200": 989e12, "L40S": 362e12}   # as rates.py knows them; else an H100's
    pk = next((p for k, p in sorted(peaks.items(), key=lambda kv: -len(kv[0])) if k in str(device)), GPUS["H100"])
    lines = [f"The run of {images:,} images on N x {device}: hours from the {kind} rates where there are, "
             f"else from the FLOP count at {mfu:.0%} of {pk / 1e12:.0f} TFLOP/s:", "",
             "| stage | source | " + " | ".join(f"{n} GPU{'s' * (n > 1)} h" for n in ns) + " |", "|---|---|" + "---:|" * len(ns)]
    total = {n: 0.0 for n in ns}
    for name, f, sharded in run_stages(r, images):
        key = next((v for k, v in MEASURED_AS.items() if name.startswith(k)), None)
        if key in measured:
            h = images * PER_IMAGE.get(key, 1) / measured[key]["images_per_s"] / 3600
            src = f"{kind}: {measured[key]['images_per_s']:,.1f} images/s"
        else: h, src = f / (pk * mfu) / 3600, "assumed (FLOPs)"
        row = {n: h / (n if sharded else 1) for n in ns}
        for n in ns: total[n] += row[n]
        lines.append(f"| {name} | {src} | " + " | ".join(f"{v:,.2f}" for v in row.values()) + " |")
    lines.append("| **all stages** | | " + " | ".join(f"**{v:,.2f}**" for v in total.values()) + " |")
    return "\n".join(lines)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--measured", default=None, help="a JSON file of measured rates (the benchmarks' --json)")
    ap.add_argument("--images", type=int, default=50_000, help="generated images (the paper: 50 per class x 1000)")
    ap.add_argument("--mfu", type=float, default=0.35, help="the share of the peak reached")
    ap.add_argument("--device", default="cpu", help="where to measure wall time")
    ap.add_argument("--no-measure", action="store_true", help="only the counts")
    ap.add_argument("--markdown", default=None, help="also write the tables as Markdown to this file")
    a = ap.parse_args()
    r = count()
    counted, composed = r.composition
    print(f"composition check on the tiny models: counted on energy_guided_inpaint {counted / 1e9:.3f} GFLOP, "
          f"composed from its module calls {composed / 1e9:.3f} GFLOP (ratio {counted / composed:.4f})")
    out = tables(r, a.images, a.mfu) + "\n\n" + sharded_table(r, a.images, a.mfu)
    if not a.no_measure: out += "\n\n" + measured_table(measure(a.device), sum(r.stages.values()), a.images, a.device)
    if a.measured:
        import json; out += "\n\n" + rates_table(r, json.load(open(a.measured)), a.images, a.mfu)
    print(out)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f: f.write(out + "\n")

if __name__ == "__main__": main()
