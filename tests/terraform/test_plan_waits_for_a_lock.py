"""`python -m review.plan_stack` (what a pull request's plan runs) meets a deploy's state lock: it waits for the lock
within its timeout, and when the lock outlives the timeout it stops naming who holds it.

A local backend and Terraform's built-in `terraform_data` with a `local-exec` provisioner that sleeps stand in for
a deploy: the apply holds the same kind of state lock an S3 backend's apply holds, with no provider to install."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rehearsal.terraform import Terraform
from review.plan_stack import plan_json

HOLD_SECONDS = 12
CONFIG = f"""
terraform {{
  backend "local" {{ path = "deploy.tfstate" }}
}}
resource "terraform_data" "slow_deploy" {{
  input = timestamp()
  provisioner "local-exec" {{ command = "sleep {HOLD_SECONDS}" }}
}}
"""


@pytest.fixture
def folder(tmp_path: Path, terraform: Terraform) -> Path:
    (tmp_path / "main.tf").write_text(CONFIG)
    terraform.run(tmp_path, "init", "-input=false", "-no-color")
    return tmp_path


@pytest.fixture
def deploy_holding_the_lock(folder: Path, terraform: Terraform) -> Iterator[subprocess.Popen[str]]:
    deploy = subprocess.Popen(
        [terraform.binary, "apply", "-auto-approve", "-input=false", "-no-color"],
        cwd=folder,
        env=terraform.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while "terraform_data.slow_deploy: Creating" not in (deploy.stdout.readline() if deploy.stdout else ""):
        assert time.monotonic() < deadline and deploy.poll() is None, "the stand-in deploy never started applying"
    yield deploy
    deploy.communicate(timeout=60)


def test_a_plan_waits_for_the_deploy_to_finish(
    folder: Path, terraform: Terraform, deploy_holding_the_lock: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    plan = plan_json(folder, terraform.env(), lock_timeout_seconds=HOLD_SECONDS * 5)
    waited = time.monotonic() - started
    assert '"format_version"' in plan
    assert deploy_holding_the_lock.wait(timeout=5) == 0, "the plan finished while the deploy still held the lock"
    assert waited > HOLD_SECONDS / 3, f"the plan finished after {waited:.1f} s: it did not wait for the lock"


def test_a_plan_that_outwaits_its_timeout_names_the_lock_holder(
    folder: Path, terraform: Terraform, deploy_holding_the_lock: subprocess.Popen[str]
) -> None:
    with pytest.raises(RuntimeError) as caught:
        plan_json(folder, terraform.env(), lock_timeout_seconds=1)
    message = str(caught.value)
    assert "still locked" in message and "OperationTypeApply" in message, message
    assert "Who " in message, message
