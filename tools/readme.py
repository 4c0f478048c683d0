"""Write README.md from nbs/index.ipynb without Quarto (which nbdev_readme needs).

Hidden cells (`#| hide`) are dropped, cell directives are stripped, and the notebook's stored outputs
are kept; image links are made relative to the repository root. `--check` exits 1 if README.md is out of date.
"""
import re, sys
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parent.parent

def render() -> str:
    nb = nbformat.read(ROOT/"nbs"/"index.ipynb", as_version=4)
    cells = []
    for c in nb.cells:
        src = c.source
        directives = re.findall(r"^#\|\s*(.*)$", src, flags=re.M)
        if any(d.split()[0] in ("hide", "default_exp") for d in directives if d): continue
        if c.cell_type == "code":
            c.source = re.sub(r"^#\|.*\n?", "", src, flags=re.M).strip()
            c.outputs = [o for o in c.get("outputs", [])   # drop errors and stderr (progress bars, warnings)
                         if o.get("output_type") != "error"
                         and not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                         and "application/vnd.jupyter.widget-view+json" not in o.get("data", {})]
        cells.append(c)
    nb.cells = cells
    nb.metadata["language_info"] = {"name": "python"}   # fenced code blocks marked as Python
    body, _ = MarkdownExporter().from_notebook_node(nb)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    body = re.sub(r"\]\((images/[^)]+)\)", r"](nbs/\1)", body)   # images live in nbs/, the README at the top
    return "<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->\n\n" + body

if __name__ == "__main__":
    text = render()
    readme = ROOT/"README.md"
    if "--check" in sys.argv:
        if not readme.exists() or readme.read_text(encoding="utf-8") != text:
            print("README.md is out of date with nbs/index.ipynb: run `make export` (or python tools/readme.py) and commit it.")
            sys.exit(1)
        print("README.md is in sync with nbs/index.ipynb")
    else:
        readme.write_text(text, encoding="utf-8")
        print("wrote README.md")
