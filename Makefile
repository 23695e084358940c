# Quick start: `make run` (install into .venv, start the app) and `make test` (install, run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test bench eval train clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch first: left to the resolver, pip would fetch a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port 8501 --server.headless true --browser.gatherUsageStats false

test: install
	$(PY) -m pytest

bench: install
	$(PY) benchmarks/bench_check.py
	$(PY) benchmarks/bench_lint.py
	$(PY) benchmarks/bench_app.py
	$(PY) benchmarks/bench_audit.py

eval: install
	$(PY) -m claimcheck eval --split dev
	$(PY) -m claimcheck eval --split test

# Refit the learned claim detector and verdict model on the dev split (deterministic).
train: install
	$(PY) -m claimcheck train

clean:
	rm -rf $(VENV) .pytest_cache
