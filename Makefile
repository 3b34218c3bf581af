# Two commands do all the set-up on a fresh Debian machine with Python 3.11+:
#   make publish   virtual environment if needed, then the default workflow into output/
#   make test      same set-up, then ruff and the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WORKFLOW ?= workflows/international-press-kit.yml
# pytest-xdist workers: the suite runs on both cores of the reference machine
TEST_JOBS ?= 2

# Debian packages the project runs: GNU gettext (catalogs), the brand fonts (Inter, Vollkorn;
# DejaVu as fallback) and pango (WeasyPrint PDF), cairo (CairoSVG: the logo in share images),
# fontconfig (finds the brand fonts), poppler-utils (PDF text checks), chromium (browser tests),
# hunspell dictionaries (spelling checks), Apertium (machine pretranslation fr→oc, fr→es) and
# OmegaT (its jar ships the TMX 1.4 DTD and a TBX schema the hand-off tests validate against),
# unicode-cldr-core (the CLDR plural rules msginit reads: scripts/gnu_plural_forms.py and
# tests/test_languages.py). DejaVu Sans also draws Arabic and Hebrew (right-to-left editions).
DEBIAN_PACKAGES := gettext unicode-cldr-core fonts-dejavu-core fonts-inter fonts-vollkorn fontconfig libcairo2 \
	libpango-1.0-0 libpangoft2-1.0-0 poppler-utils \
	chromium hunspell hunspell-fr hunspell-es hunspell-en-gb hunspell-oc \
	apertium apertium-oci-fra apertium-fr-es omegat

.PHONY: publish test system clean

publish: $(STAMP) system
	$(BIN)/localepress run $(WORKFLOW)

test: $(STAMP) system
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q -n $(TEST_JOBS) --dist loadgroup

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "error: Python 3.11 or newer is required (found: $$($(PYTHON) --version 2>&1))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

system:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian packages: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
				|| { echo "error: apt-get could not install: $$missing"; exit 1; }; \
		else \
			echo "error: missing Debian packages: $$missing"; \
			echo "install them with: sudo apt-get install $$missing"; exit 1; \
		fi; \
	fi

clean:
	rm -rf output/* .pytest_cache .ruff_cache
