# The two commands a fresh machine needs (see README.md):
#   make book   builds the HTML book into _build/html
#   make test   runs the whole test suite
# Both install what they need into the project-local .venv first.

VENV := .venv
BIN := $(VENV)/bin

.PHONY: book test lint bench classroom clean setup mutation

setup:
	@bash scripts/bootstrap.sh

book: setup
	$(BIN)/loyalty-lab book

test: setup
	@bash scripts/system-deps.sh
	@bash scripts/run-tests.sh

lint: setup
	$(BIN)/ruff check sim tests benchmarks

bench: setup
	$(BIN)/python -m benchmarks

# Mutation testing of the model, exercise checks, judge and widget compute code
# (about an hour on two cores; not part of `make test` or CI). Figures in
# benchmarks/README.md; NAMES=mechanisms runs one target.
mutation: setup
	$(BIN)/python -m pip install --quiet -e ".[mutation]"
	$(BIN)/python -m benchmarks.mutation $(NAMES)

classroom: setup
	$(BIN)/loyalty-lab classroom

clean:
	rm -rf _build book/_build
