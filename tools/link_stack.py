"""Hard-link into a fresh venv the installed distributions that a requirement needs, and only those.

    .venv/bin/python tools/link_stack.py 'synood[demo]' DEST_SITE_PACKAGES

Run it with the interpreter of the venv that holds them. The package check then installs its wheel beside
them: pip resolves the wheel's requirements against what they declare and nothing else, so an import of an
undeclared package fails there as it would in a user's fresh venv, without unpacking torch a second time.
The requirement's own distribution (synood) is left out. A file on another file system is copied.
"""
import os, shutil, sys
from importlib import metadata as md
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

def closure(root:str) -> dict:
    "The installed distributions `root` needs, directly or not, by canonical name (`root`'s own left out)."
    todo, seen, out = [(Requirement(root), True)], set(), {}
    while todo:
        req, is_root = todo.pop()
        key = (canonicalize_name(req.name), tuple(sorted(req.extras)))
        if key in seen: continue
        seen.add(key)
        dist = md.distribution(req.name)
        if not is_root: out[key[0]] = dist
        for r in map(Requirement, dist.requires or []):
            if r.marker is None or any(r.marker.evaluate({"extra": e}) for e in req.extras | {""}): todo.append((r, False))
    return out

def link(dist, dest:Path) -> int:
    "Hard-link (else copy) a distribution's recorded files under `dest`; returns how many."
    n = 0
    for f in dist.files or []:
        if f.parts[0] == "..": continue   # scripts in bin/: pip writes the ones the wheel needs
        src, dst = Path(dist.locate_file(f)), dest/f
        if not src.is_file() or dst.exists(): continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        try: os.link(src, dst)
        except OSError: shutil.copy2(src, dst)
        n += 1
    return n

if __name__ == "__main__":
    root, dest = sys.argv[1], Path(sys.argv[2])
    there = {canonicalize_name(d.metadata["Name"]) for d in md.distributions(path=[str(dest)])}   # the fresh venv's own pip, setuptools
    dists = {k: d for k, d in closure(root).items() if k not in there}
    files = sum(link(d, dest) for d in dists.values())
    print(f"linked {len(dists)} distributions that {root} needs ({files} files) into {dest}")
