# insyn – the two commands of the Quick start are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The address the site is served on: printed with the demo logins and used in the links
# of e-mails and calendar feeds (settings.INSYN_BASE_URL).
INSYN_BASE_URL ?= http://$(HOST):$(PORT)
export INSYN_BASE_URL

.PHONY: run test install migrate demo lint format typecheck check messages clean bench bench-quick soak

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "insyn needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(BIN)/insyn migrate --no-input -v 0

demo: migrate
	DEBUG=1 $(BIN)/insyn demo --if-empty

# Set up everything, load the demo kommun and serve it with a task worker beside it.
run: demo
	@echo ""
	@echo "insyn runs on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	@trap 'kill 0' EXIT INT TERM; \
	DEBUG=1 $(BIN)/insyn db_worker --interval 1 >var/worker.log 2>&1 & \
	DEBUG=1 $(BIN)/insyn runserver --noreload $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install
	DEBUG=1 $(BIN)/mypy insyn

check: lint typecheck
	DEBUG=1 $(BIN)/insyn makemigrations --check --dry-run

# A benchmark on PostgreSQL with generated data (see docs/performance.md); never a test.
bench: install
	$(BIN)/python -m bench.run

bench-quick: install
	$(BIN)/python -m bench.run --quick

# Faults under load on loopback, with its own PostgreSQL (see docs/operations.md).
soak: install
	$(BIN)/python -m soak.run

messages: install
	PYBABEL=$(BIN)/pybabel scripts/messages.sh

clean:
	rm -rf $(VENV) var/test*.sqlite3 .pytest_cache .mypy_cache .ruff_cache
