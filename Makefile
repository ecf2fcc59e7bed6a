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

# Load every official list in ../shared/data (see the README); running it again changes nothing.
SHARED_DATA ?= ../shared/data
IMPORT := $(BIN)/python manage.py import_list
import-shared: install
	$(IMPORT) ofac-sdn-csv $(SHARED_DATA)/ofac/legacy_csv_full_2019-01 --release-date 2019-01-15
	$(IMPORT) ofac-sdn-csv $(SHARED_DATA)/ofac/legacy_csv_sample_2025 --release-date 2025-05-16 --partial
	$(IMPORT) ofac-sdn-xml $(SHARED_DATA)/ofac/sdn_xml/sdn_xml_sample_2020-03-26.xml --partial
	$(IMPORT) ofac-cons-csv $(SHARED_DATA)/ofac/consolidated_non_sdn_2018-04-06 --release-date 2018-04-06
	$(IMPORT) ofac-cons-xml $(SHARED_DATA)/ofac/consolidated_non_sdn_2018-04-06/consolidated.xml
	$(IMPORT) ofac-cons-advanced-xml $(SHARED_DATA)/ofac/advanced_xml/cons_advanced_2020-03-17.xml
	$(IMPORT) un-xml $(SHARED_DATA)/un/un_sc_consolidated_2026-02-27.xml
	$(IMPORT) eu-xml-1.0 $(SHARED_DATA)/eu/eu_fsf_legacy_1_0_2016-02-11_extract.xml --partial
	$(IMPORT) eu-xml $(SHARED_DATA)/eu/eu_fsf_1_1_extract_2026-08-05_globalFileId184961.xml --partial
	$(IMPORT) fr-csv $(SHARED_DATA)/federal_register/fr_executive_orders_12890-13622_nara.csv --release-date 2019-04-11
	$(IMPORT) fr-csv $(SHARED_DATA)/federal_register/fr_export_executive_orders_13272-14270_2025-04-15.csv --release-date 2025-04-15
	$(IMPORT) fr-csv $(SHARED_DATA)/federal_register/fr_export_executive_orders_sample1000_2025-12.csv --release-date 2025-12-10
	$(IMPORT) fr-json $(SHARED_DATA)/federal_register/fr_api_eo_14203.json $(SHARED_DATA)/federal_register/fr_api_eo_14022.json --release-date 2025-12-10

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
