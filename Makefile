# gapcheck — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := constraints.txt
ORG    ?= examples/aldreforvaltningen
OUT    ?= out
# `make demo` saves its run in a database under out/, not in the user's data folder (docs/runs.md)
DEMO_DB ?= sqlite:///$(abspath $(OUT))/runs.sqlite3

.PHONY: demo test lint format typecheck pytest bench clean lock audit docs

# pyproject.toml keeps lower bounds; constraints.txt pins the versions CI and the demo install
# (`make lock` regenerates it, `make audit` checks it for known vulnerabilities).
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(LOCK) --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $(STAMP)

# Every extra, for every platform and Python >= 3.11, so one file serves all installs. Pins
# already in the file are kept; `make lock LOCK_ARGS=--upgrade` moves all to the newest release.
LOCK_ARGS ?=
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
		$(LOCK_ARGS) --quiet --custom-compile-command 'make lock' -o $(LOCK)

audit: $(STAMP)
	$(BIN)/python scripts/audit.py

# Rewrite the documented examples (README, docs/*.md) from real runs; tests/test_docs.py fails
# when one differs from what this produces.
docs: $(STAMP)
	$(BIN)/python scripts/docs_examples.py

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/gapcheck validate $(ORG)
	GAPCHECK_DATABASE_URL=$(DEMO_DB) $(BIN)/gapcheck analyze $(ORG) --save \
		--json $(OUT)/aldreforvaltningen.json --xlsx $(OUT)/aldreforvaltningen.xlsx

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src tests

pytest: $(STAMP)
	$(BIN)/pytest -n auto

test: lint typecheck pytest

format: $(STAMP)
	$(BIN)/ruff format src tests scripts benchmarks
	$(BIN)/ruff check --fix src tests scripts benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/api.py
	$(BIN)/python benchmarks/lawimport.py
	$(BIN)/python benchmarks/runs.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/portfolio.py
	$(BIN)/python benchmarks/api_load.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
