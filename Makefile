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

# Tools two tests take from the system: Chromium (the HTML page opened in a real browser) and
# qemu-user (int8 embeddings checked on an emulated AVX2-only CPU). As root (CI, containers) the
# missing ones are installed with apt-get (Debian packages chromium, qemu-user); otherwise those
# tests are skipped, and this says so loudly.
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	    || command -v google-chrome >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v qemu-x86_64 >/dev/null 2>&1 || missing="$$missing qemu-user"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing$$missing (Debian packages) for the browser and emulated-CPU tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "make: *** apt-get install$$missing FAILED: their tests will be SKIPPED ***"; \
	else \
	    echo ""; \
	    echo "************************************************************************"; \
	    echo "* not installed:$$missing"; \
	    echo "* The browser test of the HTML and/or the emulated AVX2 test are SKIPPED. *"; \
	    echo "* Install them (Debian/Ubuntu: sudo apt-get install$$missing), or run  *"; \
	    echo "* make test as root, which installs them.                              *"; \
	    echo "************************************************************************"; \
	    echo ""; \
	fi

bench-quality: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m benchmarks.quality

bench-speed: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m benchmarks.speed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
