# Two entry points (see README): `make reports` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= reports

.PHONY: reports test setup golden bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# A regular (non-editable) install: the program must find schemas/ and templates when installed.
setup: $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip "setuptools>=77" wheel
	sh scripts/ensure-font.sh
	$(BIN)/python -m pip install -q '.[test,ocr]'
	sh scripts/ensure-ocr-libs.sh $(BIN)/python

reports: setup
	$(BIN)/unionbrief build samples --out $(OUT) --period month --level all

# The review page's tests drive Debian's chromium: installed here, not for `make reports`.
test: setup
	sh scripts/ensure-browser.sh
	$(BIN)/ruff check compiler
	$(BIN)/mypy compiler
	$(BIN)/python -m pytest -q

golden: setup
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

bench: setup
	$(BIN)/python -m pip install -q '.[bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/writers.py

clean:
	rm -rf $(VENV) build *.egg-info $(OUT)
