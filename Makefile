# gapcheck — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ORG    ?= examples/aldreforvaltningen
OUT    ?= out

.PHONY: demo test lint format typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/gapcheck validate $(ORG)
	$(BIN)/gapcheck analyze $(ORG) --json $(OUT)/aldreforvaltningen.json \
		--xlsx $(OUT)/aldreforvaltningen.xlsx

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

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

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
