"""Execute notebooks in place and keep their outputs, for the docs: cells flagged with a test flag
(`#| gpu`, `#| slow`) are skipped, as `nbdev_test` skips them, and keep the outputs of the last run
that included them (`--with slow`); everything else runs in order.

    python tools/run_nbs.py [NOTEBOOK ...]      # default: every numbered notebook in nbs/
    python tools/run_nbs.py --drop-widgets      # only remove stored widget state and widget outputs
    python tools/run_nbs.py --with slow [NB ...] # also run the `#| slow` cells and store their outputs
    python tools/run_nbs.py --run-all [NB ...]  # JupyterLab's Run All: every cell, in a fresh kernel; nothing written
    python tools/run_nbs.py --check-paths       # exit 1 if a stored output names a path of the machine it ran on

Run `nbdev_clean` afterwards (`make run-nbs` does both). A notebook that fails is left unchanged.
Stored outputs keep no machine paths: temporary folders read `TMP/`, the repository `REPO/`, the
virtual environment's packages `site-packages/`.

`--run-all` checks what a person meets in JupyterLab: the flagged cells and `#| eval: false` cells
run too (the GPU cells say in one line what they would run where there is no GPU or no weights);
only nbdev's export call is left out, since it writes the library. Exit status 1 if any cell fails.
"""
import os, sys, tempfile, time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import re

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor
from nbdev.config import get_config

ROOT = Path(__file__).resolve().parents[1]

def directives(src:str) -> set[str]:
    "The words of a cell's leading `#|` lines (`#| gpu` -> {'gpu'})."
    out = set()
    for line in src.splitlines():
        m = re.match(r"^\s*#\s*\|\s*(.*)$", line)
        if not m: break
        out |= set(m.group(1).replace(":", " ").split())
    return out

def flagged(cell, flags) -> bool:
    "True for a code cell whose directives include a test flag."
    return cell.cell_type == "code" and bool(directives(cell.source) & set(flags))

def skip(cell, flags) -> bool:
    "Cells not to run: flagged ones, `#| eval: false`, and nbdev's export call."
    return cell.cell_type != "code" or flagged(cell, flags) or "nbdev_export(" in cell.source \
        or bool(re.search(r"^#\|\s*eval:\s*false", cell.source, re.M))

class SkipFlagged(ExecutePreprocessor):
    "nbconvert's executor (a real kernel, as JupyterLab runs it); skipped cells keep what they hold (a flagged cell: its last `--with` run)."
    flags = ()
    def preprocess_cell(self, cell, resources, index):
        if skip(cell, self.flags):
            if cell.cell_type == "code" and not flagged(cell, self.flags): cell.outputs = []
            return cell, resources
        return super().preprocess_cell(cell, resources, index)

def run(path:Path, flags) -> bool:
    nb = nbformat.read(path, as_version=4)
    # Progress bars are for people watching a run: the kernel draws none (TQDM_DISABLE), and no widget
    # state is stored, so a notebook holds only the outputs meant to be read.
    ep = SkipFlagged(timeout=1800, kernel_name="python3", store_widget_state=False); ep.flags = tuple(flags)
    n = sum(flagged(c, flags) for c in nb.cells)
    os.environ["TQDM_DISABLE"] = "1"   # inherited by the kernel
    t = time.time()
    try: ep.preprocess(nb, {"metadata": {"path": str(path.parent)}})
    except Exception as e:
        print(f"{path.name}: failed ({type(e).__name__}: {str(e).strip().splitlines()[-1] if str(e).strip() else ''}); left unchanged")
        return False
    drop_widgets(nb); scrub_paths(nb)
    nbformat.write(nb, path)
    print(f"{path.name}: executed in {time.time() - t:.0f} s ({n} flagged cells skipped)", flush=True)
    return True

def machine_paths() -> list[tuple[re.Pattern, str]]:
    "(pattern, replacement) of the paths of this machine that outputs may print, most specific first."
    import site
    pkgs = [p for p in site.getsitepackages() + [site.getusersitepackages()] if p]
    tmp = re.escape(tempfile.gettempdir().rstrip("/"))
    return ([(re.compile(re.escape(p.rstrip("/")) + "/?"), "site-packages/") for p in pkgs]
            + [(re.compile(tmp + r"/ipykernel_\d+/\d+\.py"), "<cell>"), (re.compile(tmp + r"/tmp[\w-]+/?"), "TMP/"), (re.compile(re.escape(str(ROOT)) + "/?"), "REPO/"),
               (re.compile(re.escape(str(Path.home())) + "(?=/)"), "~")])

def scrub_paths(nb) -> int:
    "Replace machine paths in a notebook's outputs (text, tracebacks, HTML); returns how many outputs changed."
    pats, n = machine_paths(), 0
    def sub(t:str) -> str:
        for pat, rep in pats: t = pat.sub(rep, t)
        return t
    for c in nb.cells:
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            before = repr(o)
            if "text" in o: o["text"] = sub(o["text"])
            if "traceback" in o: o["traceback"] = [sub(t) for t in o["traceback"]]
            for k, v in o.get("data", {}).items():
                if k.startswith("text/") and isinstance(v, str): o["data"][k] = sub(v)
            n += repr(o) != before
    return n

MACHINE_PATH = re.compile(r"/tmp/tmp\w|/tmp/ipykernel_|/home/\w|/root/|/Users/\w|/[^\s'\"]*site-packages/")

def machine_paths_in(path:Path) -> list[str]:
    "Stored outputs of a notebook that name a path of the machine they ran on."
    nb = nbformat.read(path, as_version=4); found = []
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            texts = [o.get("text", "")] + o.get("traceback", []) + [v for k, v in o.get("data", {}).items() if k.startswith("text/") and isinstance(v, str)]
            found += [f"{path.name} cell {i}: {m.group(0)}" for t in texts for m in [MACHINE_PATH.search(str(t))] if m]
    return found

ANSI, TAIL = re.compile(r"\x1b\[[0-9;]*m"), 12   # colour codes in tracebacks; lines of a failure's cell and of its end, repeated at the end of the log

def failure(lines:list[str]) -> str:
    "A failed cell in a few lines: the start of its source, the line that names the error, and the last lines (an assertion's message)."
    src = lines[2:2 + TAIL] if len(lines) > 2 and lines[1].startswith("---") else []   # nbclient: a header, a rule, the cell's source
    named = [l for l in lines if re.match(r"^\w*(Error|Exception)\b", l)][:1]
    return "\n".join(["the cell:", *src, "...", *named, "its last lines:", *lines[-TAIL:]])

def run_all(path:Path) -> tuple[str, bool, str, str]:
    "Execute every cell of a notebook as JupyterLab's Run All does (but nbdev's export call); write nothing. (name, ok, verdict, the failure's last lines)"
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and "nbdev_export(" in c.source)]
    ep = ExecutePreprocessor(timeout=1800, kernel_name="python3", store_widget_state=True)   # widgets' comms kept, as a browser keeps them
    t = time.time()
    try: ep.preprocess(nb, {"metadata": {"path": str(path.parent)}})
    except Exception as e:
        last = [l for l in ANSI.sub("", str(e)).strip().splitlines() if l.strip()]
        return path.name, False, f"red ({type(e).__name__}: {last[-1][:300] if last else ''})", failure(last)
    return path.name, True, f"green ({sum(c.cell_type == 'code' for c in nb.cells)} cells, {time.time() - t:.0f} s)", ""

def stated_seconds(path:Path) -> float:
    "How long Run All takes, as the notebook says at its top (*Run All takes about 40 s* / *about 5 minutes*); 0 if it does not say."
    m = re.search(r"Run All takes about (\d+) (s|minutes?)\b", path.read_text(encoding="utf-8"))
    return 0 if not m else int(m.group(1)) * (60 if m.group(2).startswith("minute") else 1)

def drop_widgets(nb) -> int:
    "Remove ipywidgets state and widget outputs left by earlier runs; returns how many were removed."
    n = int(nb.metadata.pop("widgets", None) is not None)
    for c in nb.cells:
        if c.cell_type != "code": continue
        keep = [o for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" not in o.get("data", {})]
        n += len(c.get("outputs", [])) - len(keep); c["outputs"] = keep
    return n

def main(argv):
    cfg = get_config()
    flags = cfg.get("tst_flags", "").split()
    if argv[:1] == ["--drop-widgets"]:   # strip stored widget state without running anything
        for p in argv[1:] or sorted((ROOT/"nbs").glob("*.ipynb")):
            nb = nbformat.read(p, as_version=4)
            if drop_widgets(nb): nbformat.write(nb, p); print(f"{Path(p).name}: widget state removed")
        return 0
    if argv[:1] == ["--check-paths"]:   # stored outputs hold no machine paths
        found = [f for p in argv[1:] or sorted((ROOT/"nbs").glob("*.ipynb")) for f in machine_paths_in(Path(p))]
        for f in found: print("machine path in a stored output:", f)
        return 1 if found else 0
    if argv[:1] == ["--run-all"]:
        os.environ["TQDM_DISABLE"] = "1"
        paths = [Path(a).resolve() for a in argv[1:]] or sorted((ROOT/"nbs").glob("*.ipynb"))
        paths.sort(key=stated_seconds, reverse=True)   # longest first: two workers finish together
        workers = int(os.environ.get("N_WORKERS", 2))
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):   # the cores shared out between the kernels: no thread waits on another's core
            os.environ.setdefault(var, str(max(1, len(os.sched_getaffinity(0)) // workers)))
        with ProcessPoolExecutor(workers) as ex:
            results = []
            for fut in as_completed([ex.submit(run_all, p) for p in paths]):
                results.append(fut.result()); print(f"Run All {results[-1][0]}: {results[-1][2]}", flush=True)
        bad = sorted(name for name, ok, *_ in results if not ok)
        for name, ok, _, tail in sorted(results):   # at the end, where a log's tail shows it
            if not ok: print(f"\n--- {name} failed ---\n{tail}\n")
        if bad: print("Run All failed in:", ", ".join(bad))
        print(f"Run All: {len(results) - len(bad)} passed, {len(bad)} failed")
        return 1 if bad else 0
    if argv[:1] == ["--with"]:   # run these flagged cells too (`--with slow`), and store their outputs
        flags = [f for f in flags if f not in argv[1].split(",")]; argv = argv[2:]
    paths = [Path(a) for a in argv] or sorted(p for p in (ROOT/"nbs").glob("[0-9]*.ipynb"))
    ok = [run(p.resolve(), flags) for p in paths]
    return 0 if all(ok) else 1

if __name__ == "__main__": sys.exit(main(sys.argv[1:]))
