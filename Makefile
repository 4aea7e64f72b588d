# Two entry points: `make serve` and `make test`. Each creates .venv when it is missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ARGS ?=

.PHONY: serve test bench check clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(VENV)/bin/mentorkit serve $(ARGS)

check: $(VENV)/.installed
	$(VENV)/bin/mentorkit check

test: $(VENV)/.installed-test
	$(PY) -m pytest tests --nbval-lax notebooks --durations=25 $(ARGS)

bench: $(VENV)/.installed-test
	$(PY) -m benchmarks $(ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info
