# Set-up and the main jobs on a fresh machine: `make demo`, `make test`.
# TORCH pins the torch/torchvision pair that installs from this machine kind's local disk and
# imports together; on your own GPU machine pass TORCH="torch torchvision" or install them first.
PYTHON ?= python3
VENV ?= .venv
TORCH ?= torch==2.14.1 torchvision==0.29.1
BIN = $(VENV)/bin
DEMO_OUT ?= runs/demo

.PHONY: env demo test test-jitter export run-nbs run-all docs-preview figures clean package-check
env: $(VENV)/.synood-env

$(VENV)/.synood-env: settings.ini setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -e '.[dev,demo]'
	$(BIN)/python -m pip check
	touch $@

demo: env
	$(BIN)/synood demo --out $(DEMO_OUT)

test: env
	PATH="$(CURDIR)/$(BIN):$$PATH" bash tools/test.sh

# Every notebook as Run All does it, with shape-dependent rounding (tools/shape_jitter): a float compared bit for bit
# across shapes or batch sizes fails here as it would on another CPU (notebook 17, "Comparing floats").
test-jitter: env
	SYNOOD_JITTER=3e-7 PYTHONPATH="$(CURDIR)/tools/shape_jitter" PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/run_nbs.py --run-all

# Build the sdist and the wheel, install the wheel into a fresh venv and run the demo from outside the repository.
package-check: env
	TORCH="$(TORCH)" PYTHON=$(PYTHON) bash tools/package_check.sh

export: env
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python tools/readme.py

# Execute the notebooks in place (flagged gpu/slow cells skipped) so their outputs appear in the docs.
run-nbs: env
	$(BIN)/python tools/run_nbs.py && $(BIN)/nbdev_clean

# JupyterLab's Run All on every notebook in a fresh kernel (GPU and eval: false cells included); writes nothing.
run-all: env
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/run_nbs.py --run-all

# nbdev's docs preprocessing (what nbdev_docs does before Quarto), then HTML pages in _site/ without Quarto.
docs-preview: env
	$(BIN)/python tools/docs_preview.py --out _site
	@echo "open _site/index.html"

# The home page's figures: the pipeline diagram and the pair grid of the demo run.
figures: env
	$(BIN)/python tools/figures.py --demo-run $(DEMO_OUT)

clean:
	rm -rf $(VENV) _proc _docs _site build *.egg-info
