# Militancia. `make run` starts everything; `make test` runs the whole suite.
# Both use DATABASE_URL / REDIS_URL when set, and embedded PostgreSQL/Redis otherwise.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ARGS ?=
# The domain apps, each with its own Spanish catalogue.
APPS := militancia rosters attention vendor_audits party_bodies targets data_rights carnets comunicaciones electoral campaigns meetings solidarity social_orgs

.PHONY: run test lint format bench migrations-check messages install clean-data backup restore drive-kit drive-kit-run drive-kit-sync drive-kit-wipe

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m core.embedded run

test: install
	$(PY) -m core.embedded test $(ARGS)

bench: install
	$(PY) -m core.embedded bench $(ARGS)

# Database + stored files into .data/backups/<time>/ (BACKUP_DIR); restore with FROM=<that folder>.
backup: install
	$(PY) -m core.embedded manage backup $(ARGS)

restore: install
	$(PY) -m core.embedded manage restore $(FROM) $(ARGS)

# Drive kit (README, "Jornadas sin conexión"): load a package, run the drive offline, sync, wipe.
PACKAGE ?=
drive-kit: install
	$(PY) -m core.embedded kit-load $(PACKAGE) $(ARGS)

drive-kit-run: install
	$(PY) -m core.embedded kit-run

drive-kit-sync: install
	$(PY) -m core.embedded kit drive_kit_sync $(ARGS)

drive-kit-wipe: install
	$(PY) -m core.embedded kit drive_kit_wipe $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) -m core.embedded manage makemigrations --check --dry-run

# Regenerate the project catalogue (core, config, shared templates); apps keep their own.
messages: install
	DJANGO_SECRET_KEY=messages DATABASE_URL=postgres://unused/unused $(PY) manage.py makemessages -l es --no-location \
		--ignore=.venv --ignore=.data --ignore=bench --ignore=tests $(addprefix --ignore=,$(APPS))
	for app in $(APPS); do \
		(cd $$app && DJANGO_SECRET_KEY=messages DATABASE_URL=postgres://unused/unused DJANGO_SETTINGS_MODULE=config.settings PYTHONPATH=.. \
		../$(VENV)/bin/django-admin makemessages -l es --no-location); done

clean-data:
	rm -rf .data
