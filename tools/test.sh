#!/usr/bin/env bash
# The test command: the library must match the notebooks, README.md must match index.ipynb,
# then every notebook's tests run on the CPU (cells flagged gpu/slow are skipped).
# Ends with one line `N passed, N failed` counting test notebooks.
set -uo pipefail
cd "$(dirname "$0")/.."

failed_checks=0
echo "== nbdev_export: the library matches the notebooks"
nbdev_export || failed_checks=1
if ! git diff --quiet -- synood || [ -n "$(git ls-files --others --exclude-standard -- synood)" ]; then
  echo "synood/ differs from what nbdev_export makes of nbs/: edit the notebooks, run 'make export', commit both."
  git status --short -- synood
  failed_checks=1
fi
echo "== README.md matches nbs/index.ipynb"
python tools/readme.py --check || failed_checks=1

echo "== notebooks hold no widget state (progress bars leave none; tools/run_nbs.py --drop-widgets removes it)"
if grep -l 'application/vnd.jupyter.widget-\(view\|state\)+json' nbs/*.ipynb; then failed_checks=1; fi

echo "== docs: nbdev's preprocessing (everything nbdev_docs does before Quarto) and the HTML preview"
docs_log=$(mktemp)
python tools/docs_preview.py --out _site > "$docs_log" 2>&1 || { cat "$docs_log"; failed_checks=1; }
tail -n 2 "$docs_log"; rm -f "$docs_log"
python tools/check_docs.py || failed_checks=1

echo "== stored notebook outputs name no path of the machine they ran on"
python tools/run_nbs.py --check-paths || failed_checks=1

echo "== nbdev_test"
log=$(mktemp)
nbdev_test --do_print --timing --n_workers "${N_WORKERS:-2}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
total=$(grep -c '^Starting ' "$log" || true)
failed=$(awk '/Tests Failed On The Following Notebooks/{f=1; next} f && /\.ipynb/{n++} END{print n+0}' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$failed_checks" -ne 0 ]; then echo "export or README check failed (see above)"; fi
echo "$((total - failed)) passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed_checks" -eq 0 ]
