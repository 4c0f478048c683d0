"""The home page's figures: the pipeline diagram, and the pair grid of a demo run.

    python tools/figures.py [--demo-run runs/demo]    # writes nbs/images/pipeline.png and nbs/images/pairs.png
"""
import argparse, shutil
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

ROOT = Path(__file__).resolve().parents[1]
STAGES = [  # (x, y, text, colour)
    (0.0, 1.0, "select\nInD images with the\nmost JPEG bytes/pixel", "#dbe9f6"),
    (1.0, 1.0, "prompt\nLLaVA: context elements\nother than the object", "#dbe9f6"),
    (2.0, 1.0, "generate\nSD2 inpainting, noise\nsteered toward OOD by\nthe energy skip gradient", "#dbe9f6"),
    (0.0, 0.0, "mine\nNegLabel: ~10k WordNet\nwords far from InD", "#e8f3e1"),
    (1.0, 0.0, "project\nassign labels; train a\nprojection (eq. 12)", "#fdebd3"),
    (2.0, 0.0, "negtune\ntune the assigned\nlabels' features (eq. 14)", "#fdebd3"),
    (3.0, 0.0, "score\nNegLabel's eq. 2 with\nthe tuned pieces", "#f3dede"),
]
EDGES = [(0, 1), (1, 2), (2, 4), (3, 4), (4, 5), (5, 6), (3, 6)]

def pipeline(path:Path):
    fig, ax = plt.subplots(figsize=(11, 4.0))
    w, h = 0.8, 0.62
    for x, y, text, colour in STAGES:
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02", fc=colour, ec="#555"))
        title, rest = text.split("\n", 1)
        ax.text(x, y + 0.17, title, ha="center", va="center", fontsize=11, weight="bold")
        ax.text(x, y - 0.06, rest, ha="center", va="center", fontsize=8.5)
    for a, b in EDGES:
        (x0, y0, *_), (x1, y1, *_) = STAGES[a], STAGES[b]
        if y0 == y1: p0, p1 = (x0 + w / 2, y0), (x1 - w / 2, y1)
        elif x0 == x1: p0, p1 = (x0, y0 - h / 2), (x1, y1 + h / 2)
        else: p0, p1 = (x0 - 0.1 * (x0 - x1), y0 - h / 2), (x1 + w / 4, y1 + h / 2)
        if (a, b) == (3, 6): p0, p1 = (x0 + 0.1, y0 - h / 2), (x1 - 0.1, y1 - h / 2)
        style = dict(arrowstyle="-|>", mutation_scale=12, color="#444", lw=1.2)
        if (a, b) == (3, 6): style["connectionstyle"] = "arc3,rad=0.12"
        ax.add_patch(FancyArrowPatch(p0, p1, **style))
    ax.text(3.0, 1.0, "frozen CLIP\nViT-B/16 image and\ntext encoders; only the\nprojection and Y*-\nfeatures are trained",
            ha="center", va="center", fontsize=8.5, style="italic", color="#555")
    ax.set_xlim(-0.5, 3.5); ax.set_ylim(-0.85, 1.4); ax.axis("off")
    fig.tight_layout(); fig.savefig(path, dpi=110); plt.close(fig)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo-run", default=str(ROOT/"runs"/"demo"))
    a = ap.parse_args()
    out = ROOT/"nbs"/"images"; out.mkdir(exist_ok=True)
    pipeline(out/"pipeline.png"); print(f"wrote {out/'pipeline.png'}")
    grid = Path(a.demo_run)/"plots"/"pairs.png"
    if grid.exists(): shutil.copy2(grid, out/"pairs.png"); print(f"copied {grid}")
    else: print(f"no {grid}: run `make demo` (or pass --demo-run) for the pair grid")

if __name__ == "__main__": main()
