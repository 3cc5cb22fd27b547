# The two front-door commands (see README): `make demo` and `make test`.
# Both create .venv and install the project on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

.PHONY: install demo serve test check bench
install: $(BIN)/.installed

demo: install
	$(BIN)/hotline demo

serve: install
	$(BIN)/hotline serve

test: install
	bash scripts/test

check: install
	bash scripts/check

bench: install
	bash scripts/bench
