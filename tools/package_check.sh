#!/usr/bin/env bash
# What a user of the package meets: build the sdist, build the wheel from it, install the wheel into a
# fresh venv that holds only the distributions synood[demo] needs, hard-linked from the stack `make env` resolved
# (tools/link_stack.py; FRESH_STACK=1 installs them anew), check the sdist installs too, and run `synood --version`
# and `synood demo` from outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
TORCH=${TORCH:-"torch==2.14.1 torchvision==0.29.1"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== build: sdist, then the wheel from the sdist"
.venv/bin/python -m pip install -q build
.venv/bin/python -m build --outdir "$work/dist" . > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
ls "$work/dist"
listing=$(tar -tzf "$work"/dist/*.tar.gz)
for f in settings.ini LICENSE README.md synood/py.typed synood/assets/wordnet-3.0-lexicon.tsv.gz; do
  grep -q "/$f\$" <<< "$listing" || { echo "the sdist lacks $f"; exit 1; }
done
echo "== a fresh venv from the wheel"
$PYTHON -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip
if [ "${FRESH_STACK:-0}" = 1 ]; then
  "$work/venv/bin/python" -m pip install -q $TORCH
else   # the distributions synood[demo] needs, hard-linked from the stack `make env` resolved (FRESH_STACK=1: installed anew, about 3 minutes more)
  purelib() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
  .venv/bin/python tools/link_stack.py 'synood[demo]' "$(purelib "$work/venv/bin/python")"
fi
wheel=$(ls "$work"/dist/*.whl)
"$work/venv/bin/python" -m pip install -q "$wheel[demo]"
"$work/venv/bin/python" -m pip check
cd "$work"
"$work/venv/bin/python" -c "import synood; assert '/site-packages/synood' in synood.__file__, synood.__file__"   # the wheel's copy, not the repository's
"$work/venv/bin/synood" --version
"$work/venv/bin/python" -c "import synood, pathlib; p = pathlib.Path(synood.__file__).parent; assert (p/'py.typed').exists() and (p/'assets'/'wordnet-3.0-lexicon.tsv.gz').exists(), p; print('installed at', p)"
"$work/venv/bin/synood" demo --out "$work/demo" --k 2 --lexicon-sample 2000 --n-neg 100 > "$work/demo.log" 2>&1 || { tail -20 "$work/demo.log"; exit 1; }
tail -n 3 "$work/demo.log"
echo "== the sdist installs too"
"$work/venv/bin/python" -m pip install -q --no-deps --force-reinstall "$work"/dist/*.tar.gz
"$work/venv/bin/synood" --version
echo "package check passed"
