#!/usr/bin/env bash
# The test command: the library must match the notebooks, README.md must match index.ipynb, the docs
# build, then every notebook runs once, every cell of it, as JupyterLab's Run All does (the `#| slow`
# real-size cells included; the `#| gpu` cells say in one line what they need where there is no GPU).
# Ends with one line `N passed, N failed` counting notebooks.
# For a quick run of the tests alone (flagged cells skipped): nbdev_test --path nbs/NN_name.ipynb
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

echo "== Run All: every cell of every notebook, once"
log=$(mktemp)
python tools/run_nbs.py --run-all 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E '^Run All: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
rm -f "$log"
passed=$(sed -E 's/^Run All: ([0-9]+) passed.*/\1/' <<< "$summary"); passed=${passed:-0}
failed=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<< "$summary"); failed=${failed:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$failed_checks" -ne 0 ]; then echo "a check before Run All failed (see above)"; failed=$((failed + 1)); fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed_checks" -eq 0 ]
