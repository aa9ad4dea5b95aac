# Every target creates .venv from the hash-locked requirements when it is missing,
# so a fresh clone needs only python3 (3.11 or newer) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every workflow, project and example, in either YAML extension: check-jsonschema
# validates each one against GitHub's schema and zizmor audits it.
WORKFLOW_DIRS := .github/workflows examples/workflows
WORKFLOWS := $(wildcard $(addsuffix /*.yml,$(WORKFLOW_DIRS)) $(addsuffix /*.yaml,$(WORKFLOW_DIRS)))

.PHONY: all test lint demo bench clean

all: test

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $(STAMP)

# zizmor runs offline, so the audits that query the GitHub API are skipped:
# impostor-commit, ref-confusion, known-vulnerable-actions, stale-action-refs
# and ref-version-mismatch.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile
	$(BIN)/check-jsonschema --builtin-schema vendor.github-actions action.yml
	$(if $(WORKFLOWS),$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS))
	$(BIN)/zizmor --offline --no-progress action.yml $(WORKFLOWS)

test: lint
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python examples/demo.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
