# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FIXTURES := $(sort $(wildcard fixtures/*.json))
HOST ?= 127.0.0.1:8000

.PHONY: install run serve setup-db test lint check fixtures bench

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

# Benchmarks print figures; they are not tests. They use DATABASE_URL, else SQLite files kept between runs.
# The screening figures of the README come from BENCH_SCREENING_ACTORS=1000000 on PostgreSQL.
BENCH_SCREENING_ACTORS ?= 100000
bench: install
	$(BIN)/python benchmarks/api_latency.py
	BENCH_SCREENING_ACTORS=$(BENCH_SCREENING_ACTORS) $(BIN)/python benchmarks/screening.py
	$(BIN)/python benchmarks/importers.py
