# One command to run the site with demo data, one to run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint demo scale-data benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

## make run: install, migrate SQLite, load the demo data, serve http://127.0.0.1:8000
## (another address or port: make run HOST=127.0.0.1:8080)
run: $(VENV)/.installed
	mkdir -p var/static
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_load
	@# The demo server for one person on a laptop; production runs gunicorn (README, Production).
	DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py runserver $(HOST)

## make test: install what the tests need (Debian's Chromium included) and run the whole suite,
## in parallel (pytest-xdist: one process per core, each test file kept on one process;
## TEST_WORKERS=0 runs it in one process)
TEST_WORKERS ?= auto
test: $(VENV)/.installed-test chromium lint
	mkdir -p var/static
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Debian's Chromium (browser tests) and poppler-utils (pdfsig, pdftoppm: the certificate checks)
SYSTEM_PACKAGES := chromium poppler-utils
chromium:
	@{ command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; } && command -v pdfsig >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; fi; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

scale-data: $(VENV)/.installed
	$(BIN)/python manage.py scale_load

clean:
	rm -rf $(VENV) var db.sqlite3
