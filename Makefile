# Two commands for a fresh machine:
#   make demo   brief of a shipped example set, printed to the terminal
#   make test   the test suite (offline; CI runs this through .ci/run)
# Both create .venv when missing. torch goes in first, as the CPU build, so
# that pip does not pull a multi-GB CUDA build to satisfy "torch>=2.2".

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
STAMP := $(VENV)/.installed

.PHONY: demo test lint test-all browser bench-quality bench-speed clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install -q $(TORCH_PIP_ARGS) "$(TORCH_SPEC)"
	$(PY) -m pip install -q -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/summarize brief examples/harbour-bridge/ --max-words 120

test: $(STAMP) lint browser
	HF_HUB_OFFLINE=1 $(PY) -m pytest

# The small ruff rule set and mypy over the package (settings in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check summarize tests benchmarks
	$(VENV)/bin/mypy

# The HTML test opens the page in headless Chromium. As root (CI, containers)
# it is installed from the system's package manager (Debian: apt-get install
# chromium); otherwise the test is skipped, and this says so loudly.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	    || command -v google-chrome >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing chromium (Debian package) for the browser test of the HTML output"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "make: *** apt-get install chromium FAILED: the browser test will be SKIPPED ***"; \
	else \
	    echo ""; \
	    echo "************************************************************************"; \
	    echo "* chromium is not installed: the browser test of the HTML is SKIPPED.  *"; \
	    echo "* Install it (Debian/Ubuntu: sudo apt-get install chromium), or run    *"; \
	    echo "* make test as root, which installs it.                                *"; \
	    echo "************************************************************************"; \
	    echo ""; \
	fi

bench-quality: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m benchmarks.quality

bench-speed: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m benchmarks.speed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
