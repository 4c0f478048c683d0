"""The docs pipeline up to Quarto, then an HTML preview without Quarto.

    python tools/docs_preview.py [--out _site] [--no-render]

1. Runs nbdev's docs preprocessing as `nbdev_docs` does before it calls Quarto: `nbdev.yml` from
   settings.ini, the symbol index, `sidebar.yml`, and the processed notebooks in `_proc/` (show_doc
   tables, hidden cells removed, front matter). `nbdev_proc_nbs` does the same but first insists on
   installing Quarto, which needs a download, so the steps are called directly.
2. Renders each processed notebook to HTML with nbconvert (already a dependency of Jupyter, and it
   reads notebooks natively: pandoc would need a notebook-to-markdown step first and does not run the
   HTML templates nbdev's outputs expect), adds the page title and description from the front matter,
   a navigation bar in sidebar order, and rewrites links between notebooks from .ipynb to .html.
   Images that the notebooks link to are copied next to the pages; output images are embedded;
   MathJax comes from the jupyter-server-mathjax package, so formulas render offline.
"""
import argparse, html, re, shutil, sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]

def preprocess(n_workers:int=2) -> Path:
    from nbdev.config import get_config
    from nbdev.quarto import nbdev_sidebar, refresh_quarto_yml
    from nbdev.serve import proc_nbs
    import nbdev.doclinks
    cfg = get_config()
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    return proc_nbs(cfg.nbs_path, n_workers=n_workers)

def front_matter(nb) -> dict:
    for c in nb.cells:
        if c.cell_type == "raw" and c.source.startswith("---"):
            return yaml.safe_load(c.source.strip().strip("-")) or {}
    return {}

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} - synood</title>
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; }}
nav.synood {{ position: fixed; top: 0; left: 0; bottom: 0; width: 210px; overflow-y: auto; padding: 16px;
             background: #f6f7f9; border-right: 1px solid #ddd; font-size: 14px; }}
nav.synood a {{ display: block; padding: 3px 0; color: #1a4f8b; text-decoration: none; }}
nav.synood a.here {{ font-weight: 600; color: #111; }}
main.synood {{ margin-left: 250px; max-width: 1000px; padding: 8px 24px 48px; }}
main.synood h1.title {{ margin-bottom: 0; }}
main.synood p.description {{ color: #555; font-size: 1.1em; margin-top: 4px; }}
.jp-Notebook {{ padding: 0 !important; }}
main.synood .jp-MarkdownOutput pre, main.synood .jp-RenderedMarkdown pre {{ background: #f6f8fa !important; padding: 8px 10px !important; margin: 6px 0 14px !important; border-radius: 4px; overflow-x: auto; }}
.jp-RenderedHTMLCommon p + pre, .jp-RenderedHTMLCommon pre + p {{ margin-top: 10px; }}
.jp-RenderedHTMLCommon img + em, p.caption {{ color: #555; font-size: 0.9em; }}
.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"] {{ background: #fafafa; color: #666; font-size: 0.85em; }}
{css}
</style>{head}</head><body>
<nav class="synood"><b>synood</b>{nav}</nav>
<main class="synood"><h1 class="title">{title}</h1><p class="description">{description}</p>{body}</main>
</body></html>"""

def copy_mathjax(out:Path) -> str:
    "Copy MathJax 2 (from the jupyter-server-mathjax package) next to the pages, so formulas render offline."
    import jupyter_server_mathjax
    src = Path(jupyter_server_mathjax.__file__).parent/"static"
    if not (out/"mathjax").exists(): shutil.copytree(src, out/"mathjax")
    return "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"

QUARTO_ATTRS = re.compile(r"\)\{[^}\n]*(target|style|\.)[^}\n]*\}")

def quarto_to_html(c):
    "What Quarto does with nbdev's cells that nbconvert does not: `#| echo: false` hides the code; link attributes go."
    if c.cell_type != "code": return c
    if re.search(r"^#\|\s*echo:\s*false", c.source, re.M): c.source = ""; c.metadata.setdefault("tags", []).append("remove_input")
    c.source = re.sub(r"^#\|.*\n?", "", c.source, flags=re.M)
    for o in c.get("outputs", []):
        md = o.get("data", {}).get("text/markdown")
        if md: o["data"]["text/markdown"] = QUARTO_ATTRS.sub(")", md)
    return c

def render(proc:Path, out:Path) -> list[Path]:
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    order = [p for p in sorted(proc.glob("*.ipynb")) if p.name != "index.ipynb"]
    order = [proc/"index.ipynb"] + order if (proc/"index.ipynb").exists() else order
    out.mkdir(parents=True, exist_ok=True)
    for f in proc.rglob("*"):   # images and other files the pages link to
        if f.is_file() and f.suffix.lower() in (".png", ".jpg", ".jpeg", ".svg", ".gif"):
            (out/f.relative_to(proc)).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(f, out/f.relative_to(proc))
    nbs = {p: nbformat.read(p, as_version=4) for p in order}
    titles = {p: "Home" if p.stem == "index" else front_matter(nb).get("title", p.stem) for p, nb in nbs.items()}
    exporter = HTMLExporter(template_name="lab", exclude_input_prompt=True, exclude_output_prompt=True,
                            mathjax_url=copy_mathjax(out))
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={"remove_input"}), enabled=True)
    css = (ROOT/"nbs"/"styles.css").read_text() if (ROOT/"nbs"/"styles.css").exists() else ""
    written = []
    for p, nb in nbs.items():
        fm = front_matter(nb)
        nb.cells = [quarto_to_html(c) for c in nb.cells if not (c.cell_type == "raw" and c.source.startswith("---"))]
        body, _ = exporter.from_notebook_node(nb)
        head = "".join(re.findall(r"<style.*?</style>|<script.*?</script>", body.split("<body", 1)[0], flags=re.S))
        inner = body.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
        inner = re.sub(r'href="([^"#:]+)\.ipynb(#[^"]*)?"', lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', inner)
        nav = "".join(f'<a href="{q.stem}.html"{" class=here" if q == p else ""}>{html.escape(str(titles[q]))}</a>' for q in order)
        page = PAGE.format(title=html.escape(str(fm.get("title", p.stem))), description=html.escape(str(fm.get("description", ""))),
                           css=css, head=head, nav=nav, body=inner)
        dst = out/f"{p.stem}.html"; dst.write_text(page, encoding="utf-8"); written.append(dst)
    return written

def check_links(out:Path) -> list[str]:
    "Relative links and images that point at files that do not exist."
    bad = []
    for page in out.glob("*.html"):
        for ref in re.findall(r'(?:href|src)="([^"#:]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
            ref = ref.split("?")[0]
            if not ref.startswith(("data:", "/", "http")) and not (out/ref).exists(): bad.append(f"{page.name}: {ref}")
    return bad

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT/"_site")); ap.add_argument("--no-render", action="store_true")
    a = ap.parse_args()
    proc = preprocess()
    print(f"processed notebooks in {proc}")
    if a.no_render: return 0
    pages = render(proc, Path(a.out))
    bad = check_links(Path(a.out))
    print(f"rendered {len(pages)} pages to {a.out}/ (open index.html)")
    for b in bad: print(f"broken link: {b}")
    return 1 if bad else 0

if __name__ == "__main__": sys.exit(main())
