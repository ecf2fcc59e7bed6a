# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FIXTURES := $(sort $(wildcard fixtures/*.json))
HOST ?= 127.0.0.1:8000

.PHONY: install run serve setup-db test lint check fixtures bench bench-load import-shared backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

setup-db: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata $(FIXTURES)
	$(BIN)/python manage.py ensure_admin

run: setup-db
	@echo "Serving on http://$(HOST)/  (admin: http://$(HOST)/admin/  API: http://$(HOST)/api/)"
	$(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

# Rebuild the derived fixtures from ../shared (review the diff before committing).
fixtures: install
	$(BIN)/python scripts/build_states_fixture.py
	$(BIN)/python scripts/build_rome_statute_fixture.py

# Load every official list in ../shared/data (see the README), as its manifest lists them, in one process and one
# transaction; running it again changes nothing.
SHARED_DATA ?= ../shared/data
import-shared: install
	$(BIN)/python manage.py import_lists sanctions/importers/shared-data.toml --data-dir $(SHARED_DATA)

# Benchmarks print figures; they are not tests. They use DATABASE_URL, else SQLite files kept between runs.
# The screening figures of the README come from BENCH_SCREENING_ACTORS=1000000 on PostgreSQL.
BENCH_SCREENING_ACTORS ?= 100000
bench: install
	$(BIN)/python benchmarks/api_latency.py
	BENCH_SCREENING_ACTORS=$(BENCH_SCREENING_ACTORS) $(BIN)/python benchmarks/screening.py
	$(BIN)/python benchmarks/importers.py
	$(BIN)/python benchmarks/admin_changelists.py
	$(BIN)/python benchmarks/load.py

# Concurrent clients against gunicorn on a throw-away PostgreSQL database (created and dropped next to
# LOAD_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres); LOAD_SECONDS, LOAD_CLIENTS change it.
bench-load: install
	$(BIN)/python benchmarks/load.py

# The whole database to one file, and back (see the README: Backup and restore).
BACKUP ?= backup.json.gz
backup: install
	$(BIN)/python manage.py backup $(BACKUP)

restore: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore --noinput $(BACKUP)
