# Two commands set everything up:  make lab   and   make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test notebooks bench bench-big lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e ".[test,browser,fast]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/studykit lab notebooks

test: $(STAMP)
	$(BIN)/ruff check studykit tests benchmarks tools
	$(BIN)/python -m pytest

# notebooks/NN_*.ipynb from the lesson texts notebooks/NN_*.md (edit those, then run this)
notebooks: $(STAMP)
	$(BIN)/python tools/notebooks.py build

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# also 300 MB of generated day files (generated once, then reused; the whole run takes a while)
bench-big: $(STAMP)
	$(BIN)/python benchmarks/run.py --big

lint: $(STAMP)
	$(BIN)/ruff check studykit tests benchmarks tools

clean:
	rm -rf $(VENV) build *.egg-info
