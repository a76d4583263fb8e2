# One-command set-up, build and test. See README.md.
#   make book     set-up, figures, then the site in _build/html with its PDFs
#   make pdf      the same; the PDFs are in _build/pdf (one per language)
#   make test     set-up if needed, the site, then lint and every test
SHELL := /bin/bash
.DEFAULT_GOAL := book

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KATEX := book/node_modules/katex/dist/katex.min.css
CHROMIUM := /usr/bin/chromium
HEADLESS_SHELL := /usr/bin/chromium-headless-shell
PORT ?= 8000
# Python keeps each module it compiles (__pycache__, ignored by git) unless told not to, as some
# machines' environments do: the suite starts hundreds of Python processes (workers, builds,
# kernels), and without the cache each compiles the project again (collecting the tests took a
# worker 9.1 s instead of 3.3 s).
unexport PYTHONDONTWRITEBYTECODE
# pytest runs a worker per core and one more (one file per worker at a time; pytest-xdist is
# pinned): the browser and serve tests spend some of their time waiting, and on 2 cores three
# workers finish the suite sooner than two (243 against 254 s; 17 core-seconds idle against
# 54, for 16 more busy). The files run in the order tests/conftest.py gives them (those that
# build a book or draw figures first, then the browser's): xdist's own reorder, by number of
# tests, started the longest files last.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
# `make check` waits on no browser: one worker per core (on 2 cores, 70 s against 75 s with three,
# and 13 core-seconds less: each worker collects the tests once).
CHECK_JOBS ?= $(shell nproc)

.PHONY: setup browser figures book pdf serve test check lint format bench screenshots clean

setup: $(STAMP) $(KATEX)

# The virtual environment, with the exact pins of requirements.txt.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
	  || { echo "Python 3.11 is required (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# KaTeX, which typesets the formulas during the build (pinned in book/package-lock.json).
$(KATEX): book/package.json book/package-lock.json
	npm ci --prefix book --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium: its headless shell prints the PDFs and runs the browser tests (Playwright
# drives it; it downloads no browser), the whole browser is what the benchmark times and
# Lighthouse scores (book/chromium.py); a Hangul font so that Korean pages render and print as
# readers see them; and poppler-utils (pdftotext, pdfimages, pdffonts), with which the tests
# read the PDFs.
browser:
	@test -x $(CHROMIUM) -a -x $(HEADLESS_SHELL) -a -d /usr/share/fonts/truetype/nanum -a -x /usr/bin/pdftotext || { \
	  echo "Installing Chromium, its headless shell, fonts-nanum and poppler-utils from Debian"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends chromium chromium-headless-shell fonts-nanum \
	      poppler-utils \
	    >/dev/null; }

figures: setup
	$(PY) -m figures_src

# The site, then its PDFs (book/pdf/printing.py, printed again only when their inputs changed).
book: figures browser
	$(PY) -m book.build

pdf: book

serve: figures browser
	$(PY) -m book.serve --port $(PORT)

# ruff's lint and format check (run by make test and make check); `make format` fixes what ruff
# can fix by itself and formats the code.
lint: setup
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . \
	  || { echo "lint: \`make format\` fixes what ruff can fix by itself; the rest is named above"; exit 1; }

format: setup
	$(VENV)/bin/ruff check --fix --exit-zero --silent .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check .

test: setup browser lint book
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder

# The inner loop: lint and the tests that need no site, no browser and no book build.
check: setup lint
	$(PY) -m pytest -n $(CHECK_JOBS) --dist loadfile --no-loadscope-reorder -m "not site" -q

# Lighthouse, which the benchmark runs on every page (pinned in bench/package-lock.json).
LIGHTHOUSE := bench/node_modules/lighthouse/package.json
$(LIGHTHOUSE): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

bench: setup browser $(LIGHTHOUSE)
	$(PY) -m bench

# Every page at phone, small-phone, tablet and desktop size, in both languages, to look at.
screenshots: setup browser book
	$(PY) -m tests.screenshots

clean:
	rm -rf _build
