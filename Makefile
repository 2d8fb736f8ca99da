# selfscan: `make test` and `make demo` do all set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: test demo lint catalog bench i18n sounds screenshots console-screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: lint
	$(PY) -m pytest

demo: $(STAMP)
	$(VENV)/bin/selfscan-demo

# Rebuild catalog.db from assets/catalog (the committed file must match; a test checks it).
catalog: $(STAMP)
	$(VENV)/bin/selfscan-catalog build

# Translations: refresh the .ts sources from the code, then compile the .qm files.
i18n: $(STAMP)
	$(PY) tools/i18n.py extract
	$(PY) tools/i18n.py compile
	$(PY) tools/attendant_i18n.py extract
	$(PY) tools/attendant_i18n.py compile

# Every kiosk screen in Dutch and English, 1920x1080, into docs/screenshots (look at them).
screenshots: $(STAMP)
	SELFSCAN_SCREENSHOTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/ui/screens

# The attendant console's pages (login, grid, lane detail, figures) into docs/screenshots.
console-screenshots: $(STAMP)
	SELFSCAN_SCREENSHOTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/attendant/ui/test_screens.py

sounds: $(STAMP)
	$(PY) tools/make_sounds.py

bench: $(STAMP)
	$(PY) bench/bench_barcodes.py
	$(PY) bench/foundation.py
	$(PY) bench/bench_scanner.py
	$(PY) bench/bench_printer.py
	$(PY) bench/bench_terminal.py
	$(PY) bench/drivers_report.py
	$(PY) bench/bench_kiosk_start.py
	$(PY) bench/bench_journal_append.py
	$(PY) bench/bench_kiosk_scan.py
	$(PY) bench/kiosk_report.py
	$(PY) bench/bench_network.py
	$(PY) bench/network_report.py

clean:
	rm -rf $(VENV) var .ruff_cache .hypothesis bench/results
