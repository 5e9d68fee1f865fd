# Daftar: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench fuzz installer clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Daftar needs $(PYTHON) (Python 3.11 or newer)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/daftar $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Fresh random examples (the suite draws the same ones every run), FUZZ_SCALE times as many.
FUZZ_SCALE ?= 10
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=explore DAFTAR_FUZZ_SCALE=$(FUZZ_SCALE) QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz_local.py tests/test_fuzz_api.py

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# One-folder PyInstaller build in dist/daftar, then its headless self-test (minutes).
installer: $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade 'pyinstaller>=6.22' pyinstaller-hooks-contrib
	$(BIN)/pyinstaller build.spec --noconfirm
	dist/daftar/daftar --self-test
	@du -sh dist/daftar

clean:
	rm -rf $(VENV) build dist *.egg-info
