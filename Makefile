# Everyday commands. `make install` once, then the others.
PY ?= .venv/bin/python

.PHONY: install test lint bench demo readme drift clean fuzz fuzz-atheris

install:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'

test:
	$(PY) -m pytest

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

# Every speed row of issue 11 in one interleaved run, with ratios against the targets (~15 min;
# BENCH_ARGS="--quick" for a fast try, "--tool-venv DIR" to measure another checkout).
bench:
	$(PY) bench/bench_speed.py $(BENCH_ARGS)

# Mutation fuzzing of every reader + the engine (not CI); SECONDS per reader.
fuzz:
	$(PY) fuzz/fuzz_readers.py --seconds-per-reader $${SECONDS_PER_READER:-120}

# Coverage-guided fuzzing of each reader with atheris, in a fuzz-only venv (not CI).
FUZZ_VENV ?= .fuzz-venv
fuzz-atheris:
	python3 -m venv $(FUZZ_VENV) && $(FUZZ_VENV)/bin/pip install -q atheris -e . && mkdir -p fuzz/crashes
	for r in json yaml jsonl har sse; do \
	  $(FUZZ_VENV)/bin/python fuzz/atheris_readers.py $$r -max_total_time=$${SECONDS_PER_READER:-120} \
	    -print_final_stats=1 -artifact_prefix=fuzz/crashes/ || exit 1; done

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
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis .drift-venv .fuzz-venv
