# threadline — every command a user or CI needs. `make run` and `make test` set up
# everything themselves on a machine with only Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
# Bytecode is compiled at install time; this machine does not write it at import.
export UV_COMPILE_BYTECODE := 1

.PHONY: run test ui eval bench lock clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	@$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

## run: install if needed, ingest data/threads (or $$TRACKER_THREADS_DIR) through Dagster, write the dashboards
run: $(STAMP)
	@$(BIN)/threadline run

## test: install if needed (Python packages, Debian's chromium for the browser tests and PostgreSQL for the instance tests), then the whole test suite
test: $(STAMP)
	@scripts/ensure-chromium.sh
	@scripts/ensure-postgres.sh
	@$(BIN)/python -m pytest -q

## ui: the Dagster UI on http://127.0.0.1:3000 with the same DAGSTER_HOME as `make run`
ui: $(STAMP)
	@$(BIN)/threadline ui

## eval: tagging figures on the dev set and TimeBank, beside the peer (dateparser + geotext); needs ../shared
eval: $(STAMP)
	@$(BIN)/python -m evaluation.run

## bench: the scale issue's figures (1M tweets, or BENCH_TWEETS=N): full run, re-runs, tagging beside the peer, dashboards; see docs/performance.md
bench: $(STAMP)
	@$(BIN)/python -m benchmarks.bench $(if $(BENCH_TWEETS),--tweets $(BENCH_TWEETS))

## lock: re-resolve requirements.lock after changing pyproject.toml
lock: $(STAMP)
	@$(BIN)/uv pip compile -q pyproject.toml --extra dev --extra distributed --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .dagster_home data/threadline.duckdb data/threadline.duckdb.wal data/dashboards
