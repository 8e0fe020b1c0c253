# Jinwei: `make run` sets everything up and serves http://127.0.0.1:8000; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test worker setup bench loadtest e2e messages check-deploy production-smoke clean

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)
	@tools/system_deps.sh

run: setup
	@mkdir -p media
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Jinwei runs on http://127.0.0.1:$(PORT)  (Ctrl-C stops it; background tasks run in-process)"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

PYTEST_ARGS ?= -n 2 --dist loadgroup
test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# A production Celery worker: needs CELERY_BROKER_URL (Redis) and the same DATABASE_URL as the web app.
worker: setup
	$(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=$${CELERY_CONCURRENCY:-2}

messages: setup
	$(PY) tools/messages.py

# Checks the production environment as it is; ENV_FILE=/etc/jinwei/jinwei.env reads that file first
# (README, production). Nothing is filled in: a missing SECRET_KEY or ALLOWED_HOSTS is reported.
ENV_FILE ?=
check-deploy: setup
	@set -a; if [ -n "$(ENV_FILE)" ]; then . "$(ENV_FILE)"; fi; set +a; \
	  $(PY) manage.py check --deploy --fail-level WARNING

# README's production section followed on this machine (deploy/smoke.sh; root on Debian, installs nginx).
production-smoke: setup
	deploy/smoke.sh

# Benchmarks (bench/README.md): page cost at 40 and 800 organisations, report and import cost.
# PostgreSQL when DATABASE_URL is set (a throwaway test_<name> database on that server), else a temporary SQLite file.
BENCH_ARGS ?=
bench: setup
	$(PY) -m bench.run $(BENCH_ARGS)

# Load test (bench/loadtest.py): its own PostgreSQL, gunicorn, locust headless; bounded, stops what it started.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): requirements-bench.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $(BENCH_STAMP)
USERS ?= 20
RATE ?= 5
DURATION ?= 45
ORGS ?= 200
WORKERS ?= 3
PARTICIPANTS ?= 300
ARRIVAL ?= 60
SATURATION_USERS ?= 30
SATURATION_VOTES ?= 600
SCENARIOS ?= staff,meeting,questionnaires,saturation
loadtest: setup $(BENCH_STAMP)
	$(PY) -m bench.loadtest --users $(USERS) --rate $(RATE) --time $(DURATION) --orgs $(ORGS) --workers $(WORKERS) \
		--participants $(PARTICIPANTS) --arrival $(ARRIVAL) --saturation-users $(SATURATION_USERS) \
		--saturation-votes $(SATURATION_VOTES) --scenarios $(SCENARIOS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
