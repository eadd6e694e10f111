# contradict — `make report` runs the tool on the seed articles; `make test` runs the tests.
# Everything installs into .venv. torch is installed FIRST and pinned: an unpinned torch
# (asked for by sentence-transformers) would pull gigabytes of CUDA packages.

VENV   ?= .venv
PYTHON ?= python3
PY      = $(VENV)/bin/python
BIN     = $(VENV)/bin
TORCH   = torch==2.13.0
# The default models are packaged wheels: nothing needs a model hub, so forbid it.
export HF_HUB_OFFLINE = 1
export TRANSFORMERS_OFFLINE = 1

.DEFAULT_GOAL := help
.PHONY: help install report test test-all bench bench-news eval notebooks lab screenshot clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e '.[test,hf,notebooks,dask]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install pinned dependencies (torch first)

report: install  ## run the contradiction report on seeds/ with the packaged default models
	$(BIN)/contradict report seeds/

test: install  ## run the test suite (fast tests and one real-model run; excludes `slow`)
	$(PY) -m pytest -q

test-all: install  ## run every test, slow ones included
	$(PY) -m pytest -q -m ''

bench: install  ## print wall time, peak memory and time per stage of a cold report on seeds/
	$(PY) benchmarks/bench_report.py

bench-news: install  ## conflict precision/recall on labelled real news (../shared/news-dev) and the wall time
	$(PY) benchmarks/bench_news.py

eval: install  ## pair-verdict accuracy on the labelled seed pairs: the pipeline vs NLI alone
	$(BIN)/contradict eval benchmarks/data/seed_pairs.jsonl

notebooks: install  ## run notebooks/*.ipynb on seeds/ into build/notebooks/ (the committed ones stay output-free)
	$(PY) notebooks/run_notebooks.py build/notebooks

lab: install  ## open the notebooks in JupyterLab (installed by the notebooks extra)
	$(BIN)/jupyter lab notebooks/

CHROMIUM ?= chromium
SHOT = $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --window-size=1280,1600
screenshot: install  ## write docs/report.png and docs/report-scale.png (HTML reports in headless Chromium) and docs/report-excerpt.txt
	@tmp=$$(mktemp -d) && $(PY) docs/make_docs.py $$tmp/report.html $$tmp/report-scale.html \
	  && $(SHOT) --user-data-dir=$$tmp/profile --screenshot=$(CURDIR)/docs/report.png file://$$tmp/report.html 2>/dev/null \
	  && $(SHOT) --user-data-dir=$$tmp/profile --screenshot=$(CURDIR)/docs/report-scale.png file://$$tmp/report-scale.html 2>/dev/null; \
	status=$$?; rm -rf $$tmp; exit $$status

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .hypothesis
