# KBO's commands. `make run` and `make test` are all a fresh clone needs (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages backup restore bench-reminders bench drill

# The virtualenv and its packages; a stamp file per requirements set re-installs on change.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

$(VENV)/.bench: requirements.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@ $(VENV)/.runtime

$(VENV)/.drill: requirements.txt requirements-bench.txt requirements-drill.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-drill.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime

## run: install, migrate, load geography and demo data, serve with a Celery worker and beat.
run: export DEBUG ?= 1
run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_geography
	$(BIN)/python manage.py seed_demo
	HOST=$(HOST) PORT=$(PORT) bin/serve

## test: install the test tools and run the whole suite.
test: $(VENV)/.dev
	$(BIN)/pytest $(PYTEST_ARGS)

## messages: refresh the Thai catalogue after changing user-facing strings, then compile it.
messages: export DEBUG ?= 1
messages: $(VENV)/.runtime
	$(BIN)/python manage.py makemessages --locale th --no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py compilemessages --locale th --ignore '.venv/*'

## backup: the database and the media files into one archive under var/backups/ (BACKUP_DIR), with the row
## counts and checksums that restore checks; FILE=… names the archive. Safe while KBO runs.
backup: $(VENV)/.runtime
	$(BIN)/python manage.py backup $(if $(FILE),--file '$(FILE)')

## restore: FILE=… back into the configured database and media folder, then check it against the backup's
## row counts and checksums. Stop KBO first; asks before replacing anything unless YES=1.
restore: $(VENV)/.runtime
	@test -n '$(FILE)' || { echo "make restore needs FILE=var/backups/kbo-….tar (and YES=1 to skip the question)" >&2; exit 2; }
	$(BIN)/python manage.py restore '$(FILE)' $(if $(filter 1 yes,$(YES)),--yes)

## bench-reminders: time 1,000 reminders through a real worker (needs DATABASE_URL and REDIS_URL).
bench-reminders: $(VENV)/.dev
	$(BIN)/python bench/reminders.py $(REMINDERS)

## bench: national-scale data, gunicorn as in production, wrk on every page and on the floor (PostgreSQL:
## DATABASE_URL, else kbo_bench on 127.0.0.1). Installs wrk from Debian when missing and run as root.
bench: $(VENV)/.bench
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
		else echo "make bench needs wrk: run 'apt-get install wrk' as root" >&2; exit 1; fi; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## drill: its own PostgreSQL, Redis and SMTP server on 127.0.0.1, KBO under gunicorn: 30 members scoring for
## 5 minutes, then with Redis stopped, a worker killed mid-batch, PostgreSQL restarted (~20 min; see drill/run.py).
drill: $(VENV)/.dev $(VENV)/.drill
	$(BIN)/python drill/run.py $(DRILL_ARGS)
