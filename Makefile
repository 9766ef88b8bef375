# mlequations: `make html` builds the site into build/html, `make test` runs every check.
# Both create .venv on first use and install the package with the pinned versions in constraints.txt.

PYTHON3 ?= python3
VENV    ?= .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

SPHINX      := $(PYTHON) -m sphinx -W --keep-going -d build/doctrees
SPHINX_HTML := $(SPHINX) -b html docs build/html

.PHONY: help install html doctest test unit downloads browser chromium serve clean test-deep test-oldest bench

help:
	@echo "make html     build the site into build/html (creates $(VENV) on first use)"
	@echo "make test     html, then unit tests, doctests of every page and docstring, downloads and browser tests"
	@echo "make downloads  the site's wheel and downloads: a fresh venv runs two examples and a notebook (after html)"
	@echo "make doctest  run Sphinx's doctest builder over every page and docstring"
	@echo "make test-deep      unit tests with the deep hypothesis profile, then the determinism check (not in test)"
	@echo "make test-oldest    unit tests and doctests in $(VENV_OLDEST) with the oldest supported NumPy, SciPy, scikit-learn"
	@echo "make serve    serve build/html on http://127.0.0.1:8000"
	@echo "make bench    time every implementation against its reference; writes benchmarks/results.json"
	@echo "make clean    remove the build and the generated gallery and API pages"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PYTHON) || $(PYTHON3) -m venv $(VENV)
	$(PYTHON) -m pip install --upgrade pip
	$(PYTHON) -m pip install -c constraints.txt -e ".[torch,docs,test]"
	touch $@

html: $(STAMP)
	$(SPHINX_HTML)

# Shares build/doctrees with `html`, so after `make html` only the doctests themselves run.
doctest: $(STAMP)
	$(SPHINX) -b doctest docs build/doctest

unit: $(STAMP)
	$(PYTHON) -m pytest -m "not browser and not downloads"

# Needs build/html: the served wheel and its checksum, the install line on the pages and in the notebooks, and a
# fresh virtual environment with only the wheel and two examples' declared requirements running their downloads.
downloads: $(STAMP)
	$(PYTHON) -m pytest -m downloads

browser: $(STAMP) chromium
	$(PYTHON) -m pytest -m browser

test: html
	$(MAKE) unit
	$(MAKE) doctest
	$(MAKE) downloads
	$(MAKE) browser

# Deeper than `make test` and not part of it: every hypothesis property with at least 200 examples and no
# deadline, then tools/check_determinism.py (doctest and pytest summaries identical over three runs, under
# OPENBLAS_NUM_THREADS=1 and 2; the variable is set only in the check's subprocesses).
test-deep: html
	HYPOTHESIS_PROFILE=deep $(PYTHON) -m pytest -m "not browser and not downloads"
	$(PYTHON) tools/check_determinism.py

# The oldest NumPy, SciPy and scikit-learn that pyproject.toml allows, pinned in constraints-oldest.txt, in a
# second venv: the unit tests and the doctests of every page and docstring must pass there too.
VENV_OLDEST ?= .venv-oldest
PYTHON_OLDEST := $(VENV_OLDEST)/bin/python
STAMP_OLDEST := $(VENV_OLDEST)/.installed

$(STAMP_OLDEST): pyproject.toml constraints-oldest.txt
	test -x $(PYTHON_OLDEST) || $(PYTHON3) -m venv $(VENV_OLDEST)
	$(PYTHON_OLDEST) -m pip install --upgrade pip
	$(PYTHON_OLDEST) -m pip install -c constraints-oldest.txt -e ".[torch,docs,test]"
	touch $@

test-oldest: $(STAMP_OLDEST)
	$(PYTHON_OLDEST) -c "import numpy, scipy, sklearn; print('numpy', numpy.__version__, 'scipy', scipy.__version__, 'scikit-learn', sklearn.__version__)"
	$(PYTHON_OLDEST) -m pytest -m "not browser and not downloads" -p no:cacheprovider
	$(PYTHON_OLDEST) -m sphinx -W --keep-going -d build/oldest/doctrees -b doctest docs build/oldest/doctest

# The browser tests drive Debian's Chromium; they never download a browser of their own.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM). Install it as root with" >&2; \
	    echo "    apt-get install -y chromium" >&2; \
	    echo "or point CHROMIUM=/path/to/chromium at another build, then run make test again." >&2; \
	    exit 1; \
	  fi; \
	fi

# Never part of `make test`. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which may be set on this machine, are unset
# together for the benchmark only, so that OpenBLAS picks its kernel itself; the report records the kernel.
bench: $(STAMP)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PYTHON) -m benchmarks.run

serve: html
	$(PYTHON3) -m http.server --directory build/html --bind 127.0.0.1 8000

clean:
	rm -rf build docs/auto_examples docs/generated docs/sg_execution_times.rst
