# The two set-up commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
PYTEST_ARGS ?=

.PHONY: run test test-quick test-postgres lint format bench demo refresh status chromium postgresql clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Start the dashboard at http://localhost:$(PORT). Tries one quick CBS refresh when no CBS data
# exists yet, and starts on demo data whatever the outcome.
run: $(VENV)/.installed
	$(PY) -m regiondata ensure
	$(PY) -m streamlit run app.py --server.port $(PORT)

# A Chromium for the browser tests: $$CHROMIUM_PATH if set, else Debian's chromium (installed
# with apt when we may), else Playwright's own download.
chromium: $(VENV)/.installed
	@if [ -n "$$CHROMIUM_PATH" ] && [ -x "$$CHROMIUM_PATH" ]; then echo "Chromium: $$CHROMIUM_PATH"; \
	elif command -v chromium >/dev/null 2>&1; then echo "Chromium: $$(command -v chromium)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| $(PY) -m playwright install chromium; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
		(sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| $(PY) -m playwright install chromium; \
	else $(PY) -m playwright install chromium; fi

# PostgreSQL for the store tests and the fault suite (the tests start their own throwaway server
# from these binaries): Debian's postgresql package, installed with apt when missing and we may.
postgresql:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "PostgreSQL: $$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "PostgreSQL not installed: its half of the store tests is skipped"; fi

# The whole suite, browser tests and the fault suite included (CI runs exactly this).
test: $(VENV)/.installed chromium postgresql
	$(PY) -m pytest $(PYTEST_ARGS)

# Quick local loop: everything but the real-browser tests.
test-quick: $(VENV)/.installed
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# The agenda and sessieplan store tests only, on SQLite and PostgreSQL: a throwaway server, or one
# you provide, e.g.
# REGIONDATA_TEST_POSTGRES=postgresql+psycopg://postgres@127.0.0.1:5432/postgres make test-postgres
test-postgres: $(VENV)/.installed postgresql
	$(PY) -m pytest tests/test_agenda_store.py tests/test_agenda_merge.py tests/test_sessionplan.py $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed chromium
	$(PY) scripts/bench.py

demo refresh status: $(VENV)/.installed
	$(PY) -m regiondata $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
