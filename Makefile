# Two entry points: `make run` (set up and start the app on the sample data) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup bench lint clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	KOLLEGASTOTTE_SAMPLE=1 $(BIN)/streamlit run app.py

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist worksteal --nbmake --durations=25

bench: $(STAMP)
	$(BIN)/python -m benchmarks.fairness
	$(BIN)/python -m benchmarks read --results benchmarks/SOLVE.md

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache
