# Two commands set everything up: `make run` and `make test`. Both create .venv when it is missing
# or older than pyproject.toml (then install the project and a Jupyter kernel), so a second call
# goes straight to work. `make run` installs what running needs; `make test` adds the test and
# Dask extras.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
KERNEL := rhetoric-toolkit
CHROMIUM ?= chromium

.PHONY: run test lint typecheck bench bench-large bench-hostile screenshots clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (rhetoric-toolkit)" >/dev/null
	touch $(STAMP)

$(DEV): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,dask]"
	touch $(DEV)

## make run: a terminal summary, then the report on the bundled addresses (open build/report/index.html)
run: $(STAMP)
	$(BIN)/python -m toolkit summary
	$(BIN)/python -m toolkit report sotu --period 10Y --out build/report

## make test: lint, format check, types, unit tests, doctests and every notebook
test: lint typecheck
	MPLBACKEND=Agg $(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV)
	$(BIN)/mypy

## make bench: speed and memory against the baselines on SOTU (12 MB), ratios measured in one run
bench: $(DEV)
	$(BIN)/python benchmarks/bench.py

## make bench-large: the same addresses repeated to about 1 GB, read in chunks (peak memory)
bench-large: $(DEV)
	$(BIN)/python benchmarks/bench.py --scale 1gb

## make bench-hostile: a 50 MB one-line article, 2,000 hits in one article, a million tiny ones
bench-hostile: $(DEV)
	$(BIN)/python benchmarks/hostile.py

## make screenshots: the report's pages at 1280 px and at phone width, with headless Chromium
screenshots:
	@test -f build/report/index.html || { echo "build/report/index.html is missing: run 'make run' first"; exit 1; }
	@command -v $(CHROMIUM) >/dev/null || { echo "needs Chromium: apt-get install chromium"; exit 1; }
	mkdir -p build/screenshots
	for page in index concordance; do for width in 1280 390; do \
	  $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-quic --hide-scrollbars \
	    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir=$$(mktemp -d) --window-size=$$width,2400 --virtual-time-budget=5000 \
	    --screenshot=build/screenshots/$$page-$$width.png file://$(CURDIR)/build/report/$$page.html 2>/dev/null; \
	done; done
	@ls -1 build/screenshots

clean:
	rm -rf build report .pytest_cache .mypy_cache .ruff_cache
