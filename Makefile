# The two commands a new user runs: `make demo` then `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean bench eval

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "Error: $(PY) not found (hint: set PY=/path/to/python3.11)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when the pins or the project metadata change.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	@for f in examples/*.txt $(wildcard ../shared/examples/*.txt); do \
	  echo "== $$f"; \
	  $(BIN)/reportedly analyze $$f --format term --out-dir out || exit $$?; \
	done
	@echo "Wrote out/<name>.{json,md,html}"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

test: $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/analyze.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
