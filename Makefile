# Two commands: `make run` and `make test`. Everything they need is installed inside the project
# (.venv, .tools, .web) or, for the tests' browser and database servers, from Debian's packages.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.5
AXE_VERSION := 4.11.0
PORT ?= 3000

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-dates deps system-deps unit e2e e2e-sqlite e2e-postgres e2e-new-year \
	e2e-year-end-evening lint bench mutation clean

# `make run` is the demo: demo members and one-tap demo login (MEMBER_APP_DEMO=1, printed when
# it starts). `python -m member_app serve` without it is production.
run: deps
	@PORT=$(PORT) MEMBER_APP_DEMO=$${MEMBER_APP_DEMO:-1} $(PY) -m member_app serve --port $(PORT)

# The e2e suite runs twice: on the embedded SQLite (one worker) and on PostgreSQL with Redis
# holding Reflex's state (several workers), the deployment for many members. The two passes
# run side by side, each with its own server and frontend build (E2E_WEB_DIR): a journey
# mostly waits on its browser and server, so two share 2 cores well, and the suite has to stay
# under 30 minutes there. Each pass's output is printed whole when it ends (--output-sync).
test: deps system-deps lint
	$(PY) -m pytest -n auto tests
	$(MAKE) --no-print-directory -j2 --output-sync=target e2e-sqlite e2e-postgres
	$(MAKE) --no-print-directory test-dates

# Nothing may depend on the day the suite runs: the date-sensitive part again, on a clock
# (libfaketime, for every process it starts) set to the first day of a month and of a year, and
# to the last evening of a year, in the programmes' zone (Asia/Shanghai, UTC+8). tests/rules is
# left out: rules/ and its tests read no clock (tests/rules/test_rules_read_no_clock.py), and
# the database tests run on SQLite only (tests/conftest.py says why). The e2e
# part is the journeys that show days, months or streaks (the spend sheets' screenshots and tap
# tests are not, and the suite has to stay under 30 minutes on 2 cores); its two clocks run
# side by side, as the two e2e passes do. Two journeys match a keyword by their name only (the
# catalog's screenshots "in both languages", the offline page "in the chosen language") and
# show no day, month or streak: they are left out too.
DATE_SENSITIVE := (language or points or home or signin or sign_in) and not sheets and not payment_step \
	and not catalog_screens_read_well and not offline_navigation
NEW_YEAR := 2027-01-01 00:30:00
YEAR_END_EVENING := 2026-12-31 15:30:00
test-dates: deps system-deps
	TEST_DATABASES=sqlite faketime '$(NEW_YEAR)' $(PY) -m pytest -q -n auto tests --ignore=tests/rules
	TEST_DATABASES=sqlite faketime '$(YEAR_END_EVENING)' $(PY) -m pytest -q -n auto tests --ignore=tests/rules
	$(MAKE) --no-print-directory -j2 --output-sync=target e2e-new-year e2e-year-end-evening

e2e-new-year e2e-year-end-evening: deps system-deps
e2e-new-year:
	E2E_SCREENSHOTS=0 E2E_WEB_DIR=.web-e2e faketime '$(NEW_YEAR)' $(PY) -m pytest -q e2e -k '$(DATE_SENSITIVE)'
e2e-year-end-evening:
	E2E_SCREENSHOTS=0 E2E_WEB_DIR=.web-e2e-pg faketime '$(YEAR_END_EVENING)' $(PY) -m pytest -q e2e -k '$(DATE_SENSITIVE)'

unit: deps
	$(PY) -m pytest -n auto tests

e2e: deps system-deps
	$(MAKE) --no-print-directory -j2 --output-sync=target e2e-sqlite e2e-postgres

e2e-sqlite: deps system-deps
	E2E_WEB_DIR=.web-e2e $(PY) -m pytest --durations=15 e2e
e2e-postgres: deps system-deps
	E2E_BACKEND=postgres E2E_WEB_DIR=.web-e2e-pg $(PY) -m pytest --durations=15 e2e

lint: deps
	$(PY) -m ruff check member_app rules tests e2e bench
	@# Strict, on the files pyproject's [tool.mypy] lists: rules/ and member_app/services/.
	$(PY) -m mypy

# Every benchmark, each printing its rounds, median ratio, spread and goal (see bench/report.py).
# They start their own servers and build their frontend in .web-bench, so a `make run` serving
# from this checkout keeps working meanwhile.
bench: deps system-deps $(VENV)/.bench-installed
	$(PY) bench/rules.py
	$(PY) bench/store.py
	$(PY) bench/economy.py
	$(PY) bench/standing.py
	$(PY) bench/home_load.py
	$(PY) bench/load.py
	$(PY) bench/socket_load.py
	E2E_BACKEND=postgres $(PY) bench/load.py
	E2E_BACKEND=postgres $(PY) bench/socket_load.py

# Mutation testing (mutmut) of rules/ledger.py, rules/jd_score.py and the coupon market against
# their fast tests: per file mutants, killed, survived, timeout and score. 30-50 minutes on 2
# cores, so not part of `make bench`; scratch copies and survivors' diffs go to .mutation/.
mutation: deps $(VENV)/.bench-installed
	$(PY) bench/mutation.py

deps: $(VENV)/.installed .tools/.installed assets/icons/shortcut-coupons.png

# One run draws every icon; the shortcut icons are the last it writes.
assets/icons/shortcut-coupons.png: member_app/pwa/icons.py member_app/pwa/shortcut_icons.py $(VENV)/.installed
	$(PY) -m member_app.pwa >/dev/null

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@# setuptools warns about editable installs in general (BuildBackendWarning); nothing to act on.
	PYTHONWARNINGS=ignore::UserWarning $(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	PYTHONWARNINGS=ignore::UserWarning $(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $@

# Reflex would download bun with curl from its own site; the npm registry ships the same binary.
# axe-core is the accessibility checker the e2e suite injects into every screen. One npm call
# for both: a later --no-save install of one package would prune the other.
.tools/.installed: Makefile
	npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error \
		bun@$(BUN_VERSION) axe-core@$(AXE_VERSION)
	@test -x .tools/node_modules/.bin/bun && test -f .tools/node_modules/axe-core/axe.min.js
	@touch $@

system-deps:
	@bash scripts/system-deps.sh

clean:
	rm -rf $(VENV) .tools .web .web-e2e .web-e2e-pg .web-e2e-production .web-bench .states data artifacts .mutation
