# Dateline tasks. `make run` and `make test` set everything up on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
CORPUS ?= corpus
PYTEST_ARGS ?=

PYTEST_WORKERS ?= auto

.PHONY: run test test-fast install install-dev chromium lint build bench eval eval-story lock clean

run: install  ## install and start the dashboard on the default corpus
	$(VENV)/bin/streamlit run app.py

# Tests run on every core (pytest-xdist); tests marked xdist_group run one after another on one worker.
test: lint chromium  ## install everything and run lint + the whole test suite (CI calls this)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-fast: lint  ## lint + every test but the model- and browser-heavy ones (under a minute)
	$(PY) -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

chromium:  ## Debian's chromium for browser tests and image export (no browser download)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

lint: install-dev  ## ruff, and lint-imports: which way imports may point (.importlinter)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

build: install  ## build the store for CORPUS (default: corpus/)
	$(PY) -m dateline build $(CORPUS)

eval: install-dev  ## development evaluations on ../shared/data
	$(PY) -m dateline.eval.timeml ../shared/data/timeml-dev
	$(PY) -m dateline.eval.polnear ../shared/data/polnear-dev

STORY_DB ?= .dateline/bench-t17-bpoil.duckdb

eval-story: install-dev  ## Date-F1 of the key dates on t17-bpoil beside PUBCOUNT and DATEREF (builds the store first)
	$(PY) benchmarks/bench_story.py $(BENCH_DATA) --db $(STORY_DB)

BENCH_DATA ?= ../shared/data/t17-bpoil
BENCH_ARTICLES ?= 10000

bench: install-dev chromium  ## benchmarks (not part of the test run; about an hour on 2 cores)
	$(PY) benchmarks/bench_temporal.py $(BENCH_DATA)
	$(PY) benchmarks/bench_build.py $(BENCH_DATA)
	$(PY) benchmarks/bench_rebuild.py $(BENCH_DATA)
	$(PY) benchmarks/bench_update.py --corpus $(BENCH_DATA)
	$(PY) benchmarks/bench_dashboard.py
	$(PY) benchmarks/bench_grouping.py $(BENCH_DATA)
	$(PY) benchmarks/bench_story.py $(BENCH_DATA) --db $(STORY_DB)
	$(if $(filter-out 0,$(BENCH_ARTICLES)),$(PY) benchmarks/bench_build.py $(BENCH_DATA) --articles $(BENCH_ARTICLES) --no-bare)

lock:  ## regenerate the hashed lock files from requirements*.in
	$(PY) -m uv pip compile --python-version 3.11 --generate-hashes -q requirements.in -o requirements.txt
	$(PY) -m uv pip compile --python-version 3.11 --generate-hashes -q requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf .dateline .pytest_cache .ruff_cache .import_linter_cache
