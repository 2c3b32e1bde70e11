# Two commands do all set-up themselves: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# The typed core: the contracts every analyser, linker and shell relies on.
TYPED  := src/rashomon/document.py src/rashomon/errors.py src/rashomon/store src/rashomon/pipeline.py \
          src/rashomon/analyze.py src/rashomon/export.py src/rashomon/analysers/base.py \
          src/rashomon/analysers/registry.py src/rashomon/linking/base.py src/rashomon/ingest

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
