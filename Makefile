# Everyday commands. `make install` once, then the others.
PY ?= .venv/bin/python

.PHONY: install test lint bench demo readme clean fuzz

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

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis
