# Gongkai: two commands. `make demo` serves the platform with demo data; `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := gongkai.settings

.PHONY: demo test venv lint typecheck migrations-check test-sqlite test-postgres browser-deps messages clean serve

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON) 未找到）"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo-data
	@echo "演示平台：http://127.0.0.1:8000/  （工作人员入口 /staff/ ，接口文档 /api/docs ）"
	@echo "定时任务（gongkai tick）每 60 秒运行一次，与服务一同停止。"
	$(BIN)/gongkai tick --every 60 > var/tick.log 2>&1 & tick=$$!; \
	trap "kill $$tick 2>/dev/null" EXIT INT TERM; \
	$(BIN)/gongkai serve

serve: $(STAMP)
	$(BIN)/gongkai serve

lint: $(STAMP)
	$(BIN)/ruff format --check src scripts
	$(BIN)/ruff check src scripts

typecheck: $(STAMP)
	$(BIN)/mypy

migrations-check: $(STAMP)
	GONGKAI_SQLITE_PATH=$$(mktemp -d)/check.sqlite3 $(BIN)/gongkai makemigrations --check --dry-run

browser-deps:
	bash scripts/ensure-browser.sh

test-sqlite: $(STAMP) browser-deps
	@echo "==== pytest: SQLite leg (with browser tests) ===="
	$(BIN)/python scripts/run_tests.py sqlite

test-postgres: $(STAMP)
	@echo "==== pytest: PostgreSQL leg ===="
	$(BIN)/python scripts/run_tests.py postgres

test: $(STAMP) lint typecheck migrations-check test-sqlite test-postgres
	@echo "==== make test: all legs finished ===="

messages: $(STAMP)
	cd src/gongkai && ../../$(BIN)/gongkai makemessages -l en --no-obsolete && ../../$(BIN)/gongkai compilemessages -l en

clean:
	rm -rf $(VENV) var
