# motcua — `make run` serves the demo, `make test` runs the suite. See README.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SYSTEM_PACKAGES := chromium fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 tesseract-ocr tesseract-ocr-vie gettext poppler-utils
export DJANGO_SETTINGS_MODULE := config.settings
PORT ?= 8000
export SITE_URL ?= http://127.0.0.1:$(PORT)
# The demo: development settings, and the built-in payment sandbox (fees paid with no money).
DEMO_ENV := DEBUG=1 VNPAY_SANDBOX=1

.PHONY: install run test bench lint typecheck system-deps demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/pybabel compile -d locale -D django --statistics

## The demo: migrate an SQLite database under var/, load reference and demo data (idempotent), serve.
## PORT=8001 make run serves a second copy beside the first; SITE_URL (links in QR codes,
## notifications and the payment sandbox's callback) follows PORT unless set.
run: install
	$(DEMO_ENV) $(BIN)/motcua migrate --no-input
	$(DEMO_ENV) $(BIN)/motcua refdata load
	$(DEMO_ENV) $(BIN)/motcua demo load
	$(DEMO_ENV) $(BIN)/motcua audit checkpoint
	@# The background worker delivers notifications (SMS to the console, e-mail, in-app),
	@# the sweep re-queues any whose task was lost; both stop with the server.
	$(DEMO_ENV) $(BIN)/motcua db_worker --no-reload & worker=$$!; \
	$(DEMO_ENV) $(BIN)/motcua notifications sweep --every 60 & sweeper=$$!; \
	trap 'kill $$worker $$sweeper 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/motcua runserver 127.0.0.1:$(PORT)

## The whole suite (browser tests skip with a message when Chromium is absent: `make system-deps`).
test: install
	SECRET_KEY=test-only $(BIN)/pytest -n 2 $(PYTEST_ARGS)

## BENCH_DOSSIERS=1200000 BENCH_DATABASE_URL=postgres://… make bench: the dossier benchmarks at full size
## (add BENCH_KEEPDB=1 to keep the generated dossiers in test_<name> for the next run).
bench: install
	SECRET_KEY=bench-only $(if $(BENCH_DATABASE_URL),DATABASE_URL=$(BENCH_DATABASE_URL)) $(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	SECRET_KEY=typecheck-only $(BIN)/mypy motcua config bench tests

## Optional system packages: Chromium (browser tests), Pango + Liberation fonts (PDFs), Tesseract (OCR).
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "system packages present"; fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .grimp_cache
