# Otklik: `make demo` and `make test` are the two commands a newcomer needs.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
OTKLIK_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/otklik

.PHONY: demo test test-sqlite test-postgres lint format install clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null || { echo "Нужен Python 3.11 или новее"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(STAMP)

install: $(STAMP)

## The demo: SQLite in ./var, the first city, demo data, the web server on 127.0.0.1:$${OTKLIK_PORT:-8000},
## with the worker and a stand-in VK and Telegram beside it; Ctrl+C stops all of them.
demo: $(STAMP)
	$(BIN)/otklik demo

## The whole test suite: lint, SQLite, then PostgreSQL when one is reachable.
test: $(TEST_STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(TEST_STAMP)
	@echo "== Tests on SQLite =="
	env -u OTKLIK_DATABASE_URL -u OTKLIK_TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(TEST_STAMP)
	@if $(BIN)/python scripts/pg_reachable.py "$(OTKLIK_TEST_DATABASE_URL)"; then \
		echo "== Tests on PostgreSQL ($(OTKLIK_TEST_DATABASE_URL)) =="; \
		OTKLIK_TEST_DATABASE_URL="$(OTKLIK_TEST_DATABASE_URL)" $(BIN)/pytest $(PYTEST_ARGS) -m "not browser or postgres"; \
	elif [ -n "$$OTKLIK_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is required (OTKLIK_REQUIRE_POSTGRES) but $(OTKLIK_TEST_DATABASE_URL) is not reachable"; exit 1; \
	else \
		echo "== PostgreSQL SKIPPED: $(OTKLIK_TEST_DATABASE_URL) is not reachable (set OTKLIK_TEST_DATABASE_URL) =="; \
	fi

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var test-artifacts
