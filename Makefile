# Two commands do all the set-up (see README):
#   make synth   create .venv and node_modules (pinned packages), synthesize every stack into cdktf.out/
#   make test    the same set-up plus checkov's own venv (idempotent), then the quality gate: ruff, mypy, pytest
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

.PHONY: setup setup-checkov synth test pytest lint unit scan rehearse benchmark modules migrate wait-stable snapshot restore review
.DEFAULT_GOAL := synth

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# checkov lives apart: its bc-python-hcl2 shadows python-hcl2's `hcl2` module. Only `make scan` and `make test` (the
# security-scan tests) need it, so the CI jobs that plan or deploy never spend minutes building it.
setup-checkov: .venv-checkov/.installed

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

# The set-up folders are built side by side, then lint and pytest run side by side (their output interleaves; make
# fails if either does).
test:
	@$(MAKE) --no-print-directory -j3 setup setup-checkov
	@$(MAKE) --no-print-directory -j2 lint pytest

# Test files run in parallel, each file whole on one process (its fixtures shared). Four processes on two cores: the
# emulator tests mostly wait (the provider's RDS and load balancer waiters poll moto for minutes), so the deploy
# rehearsal runs on one process while three others share the cores with the rest.
PYTEST_WORKERS ?= 4
# The suite is CPU-bound, and much of it is Terraform and the 700 MB provider starting up (each start builds the whole
# provider schema, garbage-collecting as it goes). Go's GC at 400 instead of 100: `terraform validate` 2.8 -> 2.1 CPU s
# for about 50 MB more memory per process (alternating runs on this machine). Only here: deploys keep Go's default.
TEST_GOGC ?= 400
pytest: setup setup-checkov
	GOGC=$(TEST_GOGC) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# checkov on every synthesized stack, with the per-stack exceptions in scripts/security_scan.py.
scan: synth setup-checkov
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
# A missing ENV is refused when the Makefile is read: an $(error) in the recipe fires only after the set-up is built.
OPS_GOALS := migrate wait-stable snapshot restore
ifneq ($(filter $(OPS_GOALS),$(MAKECMDGOALS)),)
ifeq ($(ENV),)
$(error ENV is required: make $(firstword $(filter $(OPS_GOALS),$(MAKECMDGOALS))) ENV=dev (or ENV=prod))
endif
endif
migrate: setup
	$(BIN)/python -m ops.migrate $(ENV) $(ARGS)

wait-stable: setup
	$(BIN)/python -m ops.wait_stable $(ENV) $(ARGS)

# A manual snapshot of the environment's RDS instance, named after the run; ARGS="--if-review review.json" takes one
# only when the plan review lists the database under database_changes (the deploy workflow's step).
snapshot: setup
	$(BIN)/python -m ops.snapshot $(ENV) $(ARGS)

# Restore the environment's database into a new instance beside the running one, check it and print the switch:
# ARGS="--snapshot ID" or ARGS="--to-time 2026-12-06T01:30:00Z" (or latest). README "Runbook", Recovering data.
restore: setup
	$(BIN)/python -m ops.restore $(ENV) $(ARGS)

# Regenerate the Terraform modules for HCL projects (modules/<name>/terraform/) from the constructs: HCL written
# from the synthesized JSON and formatted by `terraform fmt` (needs the terraform CLI; offline with the mirror).
modules: setup
	$(BIN)/python -m modulegen

# Deploy one ECS environment so that a failure leaves the running version (ops/rollout.py; README "Runbook"): the
# migration runs with the new image before the service changes, then the tag is written, the stack deployed and the
# service waited for; if it does not become stable, the previous tag and task definition are put back. Blue/green
# (prod): the new task definition goes out as a CodeDeploy deployment, which CodeDeploy rolls back on failure.
#   make rollout ENV=prod TAG=1.4.3     a release;  make rollout ENV=prod   a deploy that keeps the running tag
# It synthesizes (SKIP_SYNTH=1: cdktf.out is fresh already) without the checkov environment (only `scan` and `test`
# need it): CI's deploy job runs it after `make synth`, the plan review and `make snapshot`.
# A missing ENV is refused when the Makefile is read, before any set-up is built.
ifneq ($(filter rollout,$(MAKECMDGOALS)),)
ifeq ($(ENV),)
$(error ENV is required: make rollout ENV=dev TAG=1.4.3 (without TAG the environment keeps its running tag))
endif
endif
.PHONY: rollout
rollout: $(VENV)/.installed node_modules/.installed
	$(if $(SKIP_SYNTH),,$(BIN)/python main.py)
	$(BIN)/python -m ops.rollout $(ENV) $(if $(TAG),--tag='$(TAG)') $(ARGS)
# Architecture diagrams drawn from the synthesized JSON (docs/diagrams/<environment>.mmd, embedded in the README).
# Drawn with your MC_* settings; the committed ones (and the test that keeps them current) use the defaults.
.PHONY: diagrams
diagrams: synth
	$(BIN)/python -m diagrams cdktf.out/stacks --out docs/diagrams

# The plan review's monthly estimate of dev and prod (environments/cost_estimates.json), which their default budgets
# follow: planned offline against moto with the default settings.
.PHONY: estimates
estimates: setup
	$(BIN)/python -W ignore::Warning -m scripts.cost_estimates
