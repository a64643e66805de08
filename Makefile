# Everyday commands. `make install` once, then the others.
PY ?= .venv/bin/python

.PHONY: install test lint bench demo readme drift clean fuzz

install:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'

test:
	$(PY) -m pytest

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench:
	$(PY) bench/bench_throughput.py && $(PY) bench/bench_jobs.py && $(PY) bench/bench_cli.py

# Mutation fuzzing of every reader + the engine (not CI); SECONDS per reader.
fuzz:
	$(PY) fuzz/fuzz_readers.py --seconds-per-reader $${SECONDS_PER_READER:-120}

demo:
	-.venv/bin/messages-validator check examples/request.json examples/bad-request.json

readme:
	$(PY) -m validator.catalogue --write-readme

# The spec against the newest anthropic SDK on the registry, in a throwaway venv: prints what
# the spec lacks (exit 1 when something is missing). The suite runs the same walk on the pin.
DRIFT_VENV ?= .drift-venv
drift:
	python3 -m venv $(DRIFT_VENV) && $(DRIFT_VENV)/bin/pip install -q --upgrade anthropic pyyaml
	$(DRIFT_VENV)/bin/python tools/sdk_drift.py

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis .drift-venv
