# Gongkai: two commands. `make demo` serves the platform with demo data; `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
RUN_STAMP := $(VENV)/.installed-run
export DJANGO_SETTINGS_MODULE := gongkai.settings

.PHONY: demo test venv lint typecheck migrations-check test-sqlite test-postgres browser-deps messages clean serve

define make_venv
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11：未找到 $(PYTHON)（Debian: apt-get install python3.11）"; exit 1; }
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { echo "需要 Python 的 venv 模块（Debian: apt-get install python3.11-venv）"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
endef

# What `make demo` needs: the platform's own dependencies only.
$(RUN_STAMP): pyproject.toml
	$(make_venv)
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

# What `make test` needs on top: test, lint, type and browser tooling.
$(STAMP): pyproject.toml
	$(make_venv)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN_STAMP)

venv: $(STAMP)

# The demo runs as a district would show it: DEBUG off (the site's own 404/500 pages, never
# Django's debug page with the URL patterns); WhiteNoise serves the static files from the apps
# (WHITENOISE_USE_FINDERS outside production), so no collectstatic is needed.
demo: export GONGKAI_DEBUG := false
demo: $(RUN_STAMP)
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo-data
	@echo "运行一次定时任务：把演示文件送入检索索引（首次约 15 秒），服务一开始即可检索"
	mkdir -p var; $(BIN)/gongkai tick > var/tick.log 2>&1 || { cat var/tick.log; exit 1; }
	@echo "演示平台：http://127.0.0.1:8000/  （工作人员入口 /staff/ ，接口文档 /api/docs ）"
	@echo "定时任务（gongkai tick）每 60 秒运行一次，与服务一同停止。"
	$(BIN)/gongkai tick --every 60 >> var/tick.log 2>&1 & tick=$$!; \
	trap "kill $$tick 2>/dev/null" EXIT INT TERM; \
	$(BIN)/gongkai serve

serve: $(RUN_STAMP)
	$(BIN)/gongkai serve

lint: $(STAMP)
	$(BIN)/ruff format --check src scripts bench
	$(BIN)/ruff check src scripts bench

typecheck: $(STAMP)
	$(BIN)/mypy

migrations-check: $(STAMP)
	d=$$(mktemp -d); GONGKAI_VAR_DIR=$$d $(BIN)/gongkai makemigrations --check --dry-run; rc=$$?; rm -rf $$d; exit $$rc

browser-deps:
	bash scripts/ensure-browser.sh
	bash scripts/ensure-paper-fonts.sh

test-sqlite: $(STAMP) browser-deps
	@echo "==== pytest: SQLite leg (with browser tests) ===="
	$(BIN)/python scripts/run_tests.py sqlite

test-postgres: $(STAMP)
	@echo "==== pytest: PostgreSQL leg ===="
	$(BIN)/python scripts/run_tests.py postgres

# the SQLite leg (with the browser tests) and the PostgreSQL leg run side by side: one pytest
# process each, so two cores finish in about the time of the longer leg
test: $(STAMP) lint typecheck migrations-check browser-deps
	@echo "==== pytest: SQLite leg (with browser tests) beside the PostgreSQL leg ===="
	$(BIN)/python scripts/run_tests.py both
	@echo "==== make test: all legs finished ===="

messages: $(STAMP)
	bash scripts/update_translations.sh

clean:
	rm -rf $(VENV) var
