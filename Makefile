# The two commands: `make run` serves the demo portal, `make test` passes the whole suite.
# Both are idempotent and need neither root, Docker, PostgreSQL nor Redis.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The non-browser tests run on this many pytest-xdist workers (one file stays on one worker).
PYTEST_WORKERS ?= 2
# Only the template folders that exist (an app may not have any yet).
TEMPLATE_DIRS = $(wildcard templates */templates seg_portal/*/templates)

.PHONY: run test check lint format messages translations migrate seed worker beat browser clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.runtime
	$(MANAGE) compilemessages --ignore=$(VENV) --verbosity 0

migrate: $(VENV)/.runtime
	$(MANAGE) migrate --no-input

seed: migrate
	$(MANAGE) seed_demo

run: translations seed
	$(MANAGE) runserver $(HOST):$(PORT)

worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A seg_portal worker --loglevel=info

beat: $(VENV)/.runtime
	$(VENV)/bin/celery -A seg_portal beat --loglevel=info

# Browser tests drive Debian's Chromium; as root we install it, otherwise we say how.
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)); \
	  else \
	    echo "Browser tests need Debian's Chromium: sudo apt-get install -y chromium"; exit 1; \
	  fi; }

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --check $(TEMPLATE_DIRS) --quiet

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint --reformat $(TEMPLATE_DIRS) --quiet || true

messages: $(VENV)/.runtime
	$(MANAGE) makemessages -l fr --no-location --no-obsolete --ignore=$(VENV) --ignore=tests --ignore=bench

check: lint
	$(MANAGE) makemigrations --check --dry-run
	$(PY) bin/check_translations.py

# Two runs: the non-browser tests in parallel, then the browser tests (one live server). Exit
# status 5 means "no test selected", e.g. PYTEST_ARGS=tests/accounts selects no browser test.
test: $(VENV)/.dev translations browser check
	$(VENV)/bin/pytest -m "not browser" -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles .pytest_cache .ruff_cache
