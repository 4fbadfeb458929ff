# Two commands set everything up: `make run` and `make test`. Both create .venv when it is missing
# or older than pyproject.toml, so a second call goes straight to work.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := rhetoric-toolkit
export MPLBACKEND := Agg

.PHONY: run test lint typecheck bench clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (rhetoric-toolkit)" >/dev/null
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m toolkit

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
