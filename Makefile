# Two commands set everything up: `make run` and `make test`. Both create .venv when it is missing
# or older than pyproject.toml (then install the project and a Jupyter kernel), so a second call
# goes straight to work.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := rhetoric-toolkit
CHROMIUM ?= chromium

.PHONY: run test lint typecheck bench bench-large bench-hostile screenshots clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,dask]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (rhetoric-toolkit)" >/dev/null
	touch $(STAMP)

## make run: a terminal summary, then every notebook executed into build/ (open build/index.html)
run: $(STAMP)
	$(BIN)/python -m toolkit summary
	$(BIN)/python -m toolkit build --out build

## make test: lint, format check, types, unit tests, doctests and every notebook
test: lint typecheck
	MPLBACKEND=Agg $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## make bench: speed and memory against the baselines on SOTU (12 MB), ratios measured in one run
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## make bench-large: the same addresses repeated to about 1 GB, read in chunks (peak memory)
bench-large: $(STAMP)
	$(BIN)/python benchmarks/bench.py --scale 1gb

## make bench-hostile: a 50 MB one-line article, 2,000 hits in one article, a million tiny ones
bench-hostile: $(STAMP)
	$(BIN)/python benchmarks/hostile.py

## make screenshots: render build/index.html and two notebooks with headless Chromium
screenshots:
	@test -f build/index.html || { echo "build/index.html is missing: run 'make run' first"; exit 1; }
	@command -v $(CHROMIUM) >/dev/null || { echo "needs Chromium: apt-get install chromium"; exit 1; }
	mkdir -p build/screenshots
	for page in index 01_tokenize_articles 03_rhetoric_across_sources; do \
	  $(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir=$$(mktemp -d) --window-size=1280,2400 \
	    --screenshot=build/screenshots/$$page.png file://$(CURDIR)/build/$$page.html 2>/dev/null; \
	done
	@ls -1 build/screenshots

clean:
	rm -rf build report .pytest_cache .mypy_cache .ruff_cache
