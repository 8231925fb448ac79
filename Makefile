# Two commands do all the set-up (see README):
#   make synth   create .venv and node_modules (pinned packages), synthesize every stack into cdktf.out/
#   make test    the same set-up (idempotent), then the quality gate: ruff, mypy, pytest
# And: make rehearse   an offline deploy rehearsal against a local AWS emulator (see README)
#      make modules    regenerate the Terraform modules for plain HCL projects (see README)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin

# jsii prints a banner about the Node.js version on every run; these are its documented switches.
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 18,20
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION := 1
# The CDKTF CLI and Terraform ask checkpoint-api.hashicorp.com for news on every run (offline: an error line).
export CHECKPOINT_DISABLE := 1

.PHONY: setup synth test lint unit scan rehearse benchmark modules migrate wait-stable review
.DEFAULT_GOAL := synth

setup: $(VENV)/.installed node_modules/.installed .venv-checkov/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# checkov lives apart: its bc-python-hcl2 shadows python-hcl2's `hcl2` module.
.venv-checkov/.installed: requirements-checkov.txt
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $@

# The CDKTF CLI (cdktf synth/diff/deploy), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

synth: setup
	$(BIN)/python main.py
	@echo "synthesized: $$($(BIN)/python -c "import json; print(' '.join(json.load(open('cdktf.out/manifest.json'))['stacks']))")"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Fast layer only: settings and props validation, no synth.
unit: setup
	$(BIN)/pytest tests/unit

# Test files run in parallel, one process per core, each file whole on one process (its fixtures shared): the
# deploy rehearsal takes minutes on one core while the other runs the rest.
test: lint
	$(BIN)/pytest -n auto --dist loadfile

# checkov on every synthesized stack, with the per-stack exceptions in scripts/security_scan.py.
scan: synth
	$(BIN)/python scripts/security_scan.py cdktf.out/stacks --modules

# The whole life of dev and prod against moto (README "Rehearsing a deployment offline"); report in REHEARSAL_DIR.
REHEARSAL_DIR ?= .rehearsal
rehearse: setup
	$(BIN)/python -W ignore::Warning -m rehearsal --workdir $(REHEARSAL_DIR)

benchmark: setup
	$(BIN)/python scripts/benchmark_synth.py

# Plan a synthesized stack with Terraform and review the plan: findings (exit 1 on a high one) and monthly cost.
#   make review STACK=prod              its backend and your AWS credentials, as a deploy would
#   make review STACK=dev EMULATOR=1    offline against moto, from an empty state: the stack's full monthly cost
#   REVIEW_ARGS="--format json --fail-on medium --allow ADDRESS"   passed to python -m review
STACK ?= dev
review: synth
	$(BIN)/python -m review.plan_stack $(STACK) $(if $(EMULATOR),--emulator) $(REVIEW_ARGS)

# Operations on a deployed ECS environment (ops/; README "Runbook"): ENV is dev or prod; needs AWS credentials and
# the stack folder the deploy initialized. ARGS passes flags on: make migrate ENV=prod ARGS="--command 'alembic current'"
migrate: setup
	$(if $(ENV),,$(error ENV is required: make migrate ENV=dev))
	$(BIN)/python -m ops.migrate $(ENV) $(ARGS)

wait-stable: setup
	$(if $(ENV),,$(error ENV is required: make wait-stable ENV=dev))
	$(BIN)/python -m ops.wait_stable $(ENV) $(ARGS)

# Regenerate the Terraform modules for HCL projects (modules/<name>/terraform/) from the constructs: HCL written
# from the synthesized JSON and formatted by `terraform fmt` (needs the terraform CLI; offline with the mirror).
modules: setup
	$(BIN)/python -m modules.terraform_module
