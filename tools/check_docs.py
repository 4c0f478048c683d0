"""Check the docs preview for an API entry per public name: every function and class a module exports, and
every public method of those classes that synood defines (patched ones included).

    python tools/check_docs.py [--site _site]      # after tools/docs_preview.py; exit 1 naming what lacks an entry
"""
import argparse, importlib, inspect, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NN_HOOKS = {"extra_repr"}   # torch.nn.Module hooks: called by torch, not by users

def module_pages() -> dict[str, str]:
    "Module name -> the page of the notebook that exports it (from each notebook's default_exp)."
    out = {}
    for nb in sorted((ROOT/"nbs").glob("[0-9]*.ipynb")):
        m = re.search(r"#\|\s*default_exp\s+([\w.]+)", nb.read_text(encoding="utf-8"))
        if m: out[f"synood.{m.group(1)}"] = nb.stem + ".html"
    return out

def public_names(mod) -> list[str]:
    "Exported functions and classes, and the public methods synood defines on those classes."
    names = []
    for n in getattr(mod, "__all__", []):
        obj = getattr(mod, n)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or getattr(obj, "__module__", "") != mod.__name__: continue
        names.append(n)
        if inspect.isclass(obj):
            for k, v in vars(obj).items():
                f = v.__func__ if isinstance(v, (classmethod, staticmethod)) else v
                if k.startswith("_") or k in NN_HOOKS or not inspect.isfunction(f) or not f.__module__.startswith("synood"): continue
                names.append(f"{n}.{k}")
    return names

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=str(ROOT/"_site"))
    site = Path(ap.parse_args().site)
    missing, total = [], 0
    for mod_name, page in module_pages().items():
        html = (site/page).read_text(encoding="utf-8")
        anchors = set(re.findall(r'id="([^"]+)"', html))
        for name in public_names(importlib.import_module(mod_name)):
            total += 1
            if name not in anchors: missing.append(f"{page}: {name}")
    print(f"{total - len(missing)} of {total} public names have an API entry in {site}")
    for m in missing: print("  no entry:", m)
    sys.exit(1 if missing else 0)

if __name__ == "__main__": main()
