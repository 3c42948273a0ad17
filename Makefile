# Two commands: `make demo` and `make test` (see README.md).
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install browser-deps bench-deps demo serve migrate test bench bench-compare bench-lighthouse assets test-midnights mutants bench-county bench-planning lint messages clean-demo

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

# Set up everything on the embedded default (SQLite, local media) and serve it.
demo: migrate
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production processes on this machine, DEBUG off: gunicorn, a Celery worker and Celery beat, against
# PostgreSQL and Redis (DATABASE_URL, REDIS_URL; defaults: the local servers). See README "Production".
serve: install
	$(PY) tools/serve.py

# The browser tests (tests/browser) drive Debian's Chromium, with CJK fonts for the screenshots of
# failures: installed here when missing and we are root, otherwise we stop and say what to run.
browser-deps:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	else \
		echo "The browser tests need Debian's Chromium and CJK fonts: sudo apt-get install chromium fonts-noto-cjk"; \
		exit 1; \
	fi
	@# axe-core for tests/browser/test_accessibility.py and PurgeCSS for make assets (and its test),
	@# from the npm registry (package-lock.json).
	@test -f node_modules/axe-core/axe.min.js -a -x node_modules/.bin/purgecss || \
		npm ci --omit=dev --no-audit --no-fund --loglevel=error

# Oscar's stylesheet and icon fonts cut to what the shop's pages use (static/shop/vendor/; see
# tools/build_assets.py): after adding an icon or a Bootstrap class the shop did not use yet.
assets: install browser-deps
	$(PY) tools/build_assets.py

# The whole suite; DATABASE_URL=postgres://... runs it on PostgreSQL.
test: install browser-deps
	$(PY) -m pytest

# The date-sensitive tests (money by month and year, windows, warnings, planning) run at 23:59:30 and
# 00:00:30 Shanghai time at the end of this month and of this year (tests/plugins/clock.py).
MIDNIGHT_TESTS ?= tests/households tests/county tests/settlement tests/aftersales tests/catalog tests/logistics tests/shop/order
test-midnights: install
	@for moment in $$($(PY) tools/midnights.py); do \
		echo "== TEST_CLOCK=$$moment"; TEST_CLOCK=$$moment $(PY) -m pytest -q -p no:randomly $(MIDNIGHT_TESTS) || exit 1; \
	done

# Mutation testing (mutmut) of the rule and money modules with the tests that reach them: the score by
# module, failing below 90 % or on a survivor README "Mutation testing" does not name (tools/mutants.py).
mutants: install
	$(PY) tools/mutants.py

# Queries and time per request of the main pages, on the demo county (run `make demo` once first).
bench: install
	DEBUG=1 $(PY) tools/benchmark_pages.py

# The platform against a stock django-oscar shop (../shared/bench) in one run on PostgreSQL: both with
# BENCH_PRODUCTS products, then the platform again at BENCH_SCALE; prints the table and the targets.
BENCH_PRODUCTS ?= 200
BENCH_SCALE ?= 10000
bench-deps:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } || \
		{ echo "make bench-compare needs wrk: sudo apt-get install wrk"; exit 1; }

bench-compare: install bench-deps
	$(PY) tools/bench_compare.py --products $(BENCH_PRODUCTS) --scale $(BENCH_SCALE)

# A phone's first visit to home, catalogue, a product and the basket, by Lighthouse (npm, with its
# dev dependencies) in Debian's Chromium, on make serve's server (started when none answers).
bench-lighthouse: install browser-deps
	@test -x node_modules/.bin/lighthouse || npm ci --no-audit --no-fund --loglevel=error
	$(PY) tools/bench_lighthouse.py

# The leaders' roll-ups at county scale (618 households, 500,000 order lines over two years) on a
# scratch database of its own under var/scale: queries and time against the bare SQL GROUP BY.
# Pass DATABASE_URL=postgres://... to run it on PostgreSQL instead.
SCALE_DB ?= sqlite:///$(CURDIR)/var/scale/db.sqlite3
bench-county: install
	mkdir -p var/scale
	DEBUG=1 VAR_DIR=var/scale DATABASE_URL=$(or $(DATABASE_URL),$(SCALE_DB)) $(PY) manage.py migrate --noinput -v 0
	DEBUG=1 VAR_DIR=var/scale DATABASE_URL=$(or $(DATABASE_URL),$(SCALE_DB)) $(PY) manage.py load_demo
	DEBUG=1 VAR_DIR=var/scale DATABASE_URL=$(or $(DATABASE_URL),$(SCALE_DB)) $(PY) manage.py load_county_scale
	DEBUG=1 VAR_DIR=var/scale DATABASE_URL=$(or $(DATABASE_URL),$(SCALE_DB)) $(PY) tools/benchmark_rollups.py

# Run planning at county scale: 176 stations, 2,000 parcels, at most 1 s (tools/benchmark_planning.py).
bench-planning: install
	$(PY) tools/benchmark_planning.py

# Style, types and floors: ruff, mypy (django-stubs) on the typed packages, import-linter's contracts.
lint: install
	$(VENV)/bin/ruff check .
	DEBUG=1 $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# Regenerate translations after changing user-visible strings (needs GNU gettext); English is
# the source language, tools/zh_hans.json holds the Chinese of our own strings.
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=tests --ignore=node_modules
	$(PY) tools/fill_translations.py
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# Throw away the demo database, media and search index.
clean-demo:
	rm -rf var
