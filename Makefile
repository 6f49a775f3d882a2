# Quick start: `make demo` runs the generator on the shipped samples, `make test` runs the tests,
# `make serve` opens the book in the browser (http://127.0.0.1:8000/), `make docs` builds the documentation.
# Both create .venv and install what they need; nothing has to be installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT    ?= output
# The day the samples and their usage data (accounts/usage, to 31 December 2026) describe.
DEMO_DAY ?= 2026-12-01

.PHONY: demo serve test lint docs screenshots validate schemas messages bench clean

$(STAMP): pyproject.toml
	@bash scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)
	$(BIN)/playbook validate
	$(BIN)/playbook map --format svg -o $(OUT)/usecase-map.svg
	$(BIN)/playbook map --format mermaid -o $(OUT)/usecase-map.mmd
	$(BIN)/playbook plan accounts/brightline-studio.yaml --brief --usage accounts/usage --as-of $(DEMO_DAY) \
	  --since accounts/history/brightline-studio/2026-09-08.plan.json
	# A plan kept from the last QBR, so the demo's Brightline roadmap opens with "Since our last review".
	@for d in accounts/history/*/; do n=$$(basename "$$d"); mkdir -p "$(OUT)/$$n/history"; \
	  for f in "$$d"*.plan.json; do [ -e "$(OUT)/$$n/history/$$(basename "$$f")" ] || cp "$$f" "$(OUT)/$$n/history/"; done; done
	# Brightline and Kestrel are planned from their usage data (docs/usage.md), the others as typed.
	$(BIN)/playbook batch accounts/ -o $(OUT) --theme themes/example --usage accounts/usage --as-of $(DEMO_DAY)

# The web app over the shipped samples, on this machine only; PORT=0 picks a free port.
PORT ?= 8000
serve: $(STAMP)
	$(BIN)/playbook serve accounts -o $(OUT) --theme themes/example --port $(PORT) --usage accounts/usage

# The gates first (seconds), then the tests on every core; CI runs exactly this.
# loadfile keeps each test file on one worker, so documents a file shares are rendered once.
test: lint
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(OUT)/site
	@bash scripts/system-deps.sh --test
	$(BIN)/python -m pytest -q -n auto --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# The documentation site (docs/, mkdocs.yml) into output/site; --strict fails on a broken link or a page
# left out of the nav. The reference pages are written from the parser and schemas/ at every build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir $(OUT)/site

# The documentation's pictures, made again from the samples: roadmap pages and the web app, then QBR slides.
screenshots: $(STAMP)
	@bash scripts/system-deps.sh --test
	$(BIN)/python scripts/docs_screenshots.py
	$(BIN)/python scripts/deck_screenshots.py

validate: $(STAMP)
	$(BIN)/playbook validate

schemas: $(STAMP)
	$(BIN)/playbook schema -o schemas

# Words the documents say: extract them from code and templates, then add new ones to each
# language's catalog for translation (a test fails while a catalog misses any).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k ngettext:1,2 --no-location --sort-output --omit-header \
	  -o generator/locale/messages.pot generator
	$(BIN)/pybabel update -i generator/locale/messages.pot -d generator/locale --width 120 \
	  --no-fuzzy-matching --ignore-obsolete

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_plan.py
	$(BIN)/python benchmarks/bench_render.py

clean:
	rm -rf $(VENV) $(OUT)/*/ .pytest_cache .hypothesis
