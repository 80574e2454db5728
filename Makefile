# Two commands for a fresh machine that has only Python 3.11+:
#   make run    create .venv, install the locked dependencies, migrate the embedded SQLite database, load the
#               reference and demo data, and serve on http://127.0.0.1:8000 (DEBUG=true)
#   make test   ruff (lint and format), the import contracts, the migrations check and the whole pytest suite
#               (SQLite; PostgreSQL/Redis tests skip locally)
# DATABASE_URL, REDIS_URL and CI pass through from the caller's environment.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# pytest-xdist workers: "auto" is one per core.
JOBS ?= auto
# Demo password for `make run PASSWORD=...`; empty: the one seed_demo chose on the first run and saved in
# $(DEMO_PASSWORD_FILE), so the demo logins stay the same from run to run (delete the file for a new one).
PASSWORD ?=
DEMO_PASSWORD_FILE ?= var/demo-password
# Arguments of `make manage ARGS="..."`, e.g. ARGS="issue_token --user unodc-system --name 'Data sync'".
ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

# Local commands run with DEBUG=true unless the caller says otherwise.
DEV := DEBUG=$${DEBUG:-true}

.DEFAULT_GOAL := help
# The options of every lock refresh: hashes for every package, no index or machine paths written into the files.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: help install lock run manage migrate messages test check lint imports format worker beat backup restore clean \
	distclean bench bench-data bench-smoke

help:
	@echo "make run        set up and serve the portal with demo data on http://$(HOST):$(PORT)"
	@echo "make manage     ARGS=\"...\": any manage.py command, with the venv and DEBUG=true (e.g. ARGS=\"seed_demo\")"
	@echo "make test       ruff, migrations check and the test suite"
	@echo "make lint       ruff check, ruff format --check and the import contracts"
	@echo "make lock       refresh requirements.lock and requirements-dev.lock from pyproject.toml (UPGRADE=1: newest)"
	@echo "make format     ruff format and ruff check --fix"
	@echo "make worker     a Celery worker (needs REDIS_URL)"
	@echo "make beat       the Celery beat scheduler (needs REDIS_URL)"
	@echo "make backup     archive the database and the uploaded files into var/backups (BACKUP_DIR=...)"
	@echo "make restore    ARCHIVE=path: bring a backup back into an empty database and media folder"
	@echo "make bench      SCALE=small|medium|large: generate the benchmark data set (once) and print every figure"
	@echo "                against its ceiling (BENCH_DATABASE_URL, default .../cica_bench_<scale>; PostgreSQL)"
	@echo "make clean      remove caches and collected static files; distclean also removes .venv and var/"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Installs exactly the locked versions (every transitive package, checked against its hash); again only when the
# lock file changed since the last install.
$(STAMP): requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

# pyproject.toml names the direct dependencies; the lock files pin everything they pull in. The runtime lock
# (requirements.lock, used by the Dockerfile) comes first and constrains the development one.
lock: install
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) --output-file requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) --extra test --extra dev \
		--constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

migrate: install
	$(DEV) $(PY) manage.py migrate --noinput

messages: install
	@if [ ! -d locale ]; then \
		echo "No locale/ folder: no translations to compile."; \
	elif ! command -v msgfmt >/dev/null 2>&1; then \
		echo "msgfmt not found (install gettext): skipping compilemessages, pages show English only."; \
	else \
		$(DEV) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=var --ignore=node_modules; \
	fi

# Links printed by seed_demo and written into emails follow the address served (SITE_URL), unless the caller gives one.
SERVED := SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

run: migrate messages
	$(DEV) $(PY) manage.py load_reference_data
	$(DEV) $(SERVED) $(PY) manage.py seed_demo $(if $(PASSWORD),--password '$(PASSWORD)',--password-file '$(DEMO_PASSWORD_FILE)')
	$(DEV) $(SERVED) SILENCE_CLOCK_IN_PROCESS=$${SILENCE_CLOCK_IN_PROCESS:-true} $(PY) manage.py runserver $(HOST):$(PORT)

# Every manage.py command the README shows, as typed there: make manage ARGS="send_reminders --dry-run".
manage: install
	$(DEV) $(PY) manage.py $(ARGS)

check: install
	$(DEV) $(PY) manage.py check
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

test: lint
	$(MAKE) --no-print-directory check
	$(VENV)/bin/pytest -n $(JOBS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: install
	$(DEV) $(VENV)/bin/celery -A cica_portal worker -l info

beat: install
	$(DEV) $(VENV)/bin/celery -A cica_portal beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler

backup: install
	$(DEV) $(PY) manage.py backup $(if $(BACKUP_DIR),--output-dir '$(BACKUP_DIR)')

restore: install
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/cica-backup-....tar.gz"; exit 2; }
	$(DEV) $(PY) manage.py restore '$(ARCHIVE)'

# The benchmark (bench/): its own PostgreSQL database per scale, generated once, then every figure side by side with
# its ceiling. `bench-smoke` is the small scale that CI runs: ratios printed, nothing asserted.
SCALE ?= small
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cica_bench_$(SCALE)

bench-data: install
	BENCH_DATABASE_URL='$(BENCH_DATABASE_URL)' $(PY) bench/generate.py --scale $(SCALE) $(if $(FRESH),--fresh)

bench: bench-data
	BENCH_DATABASE_URL='$(BENCH_DATABASE_URL)' $(PY) bench/run.py --scale $(SCALE) $(BENCH_ARGS)

# Generated afresh each time (about a minute, mostly the migrations), so it also checks the generator; fewer
# repetitions, as its numbers are only printed.
bench-smoke:
	$(MAKE) --no-print-directory bench SCALE=small FRESH=1 BENCH_ARGS="--repeat 1 --requests 5"

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles test-results *.egg-info

distclean: clean
	rm -rf $(VENV) var
