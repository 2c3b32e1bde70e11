# Two commands do all set-up themselves: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# mypy checks the whole library.
TYPED  := src

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,web,scale,embeddings]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/rashomon demo

test: $(STAMP) lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy $(TYPED)

bench: $(STAMP)
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) demo.db demo.db-* demo-report.html
