"""Every synthesized stack, and each variant the tests synthesize, passes `terraform validate` against the real
hashicorp/aws provider (offline from the local mirror; from the public registry elsewhere)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from environments import ENVIRONMENTS, load
from modules.lightsail_app.props import LightsailOptions
from rehearsal.terraform import Terraform
from tests.support.construct_stacks import BUILDERS


def assert_valid(terraform: Terraform, folder: Path) -> None:
    report = terraform.validate(folder)
    assert report["valid"] is True, json.dumps(report["diagnostics"], indent=2)
    assert report["warning_count"] == 0, json.dumps(report["diagnostics"], indent=2)


@pytest.mark.parametrize("name", ["state", *ENVIRONMENTS])
def test_stack_is_valid(name: str, terraform: Terraform, stack_dir: Callable[[str], Path]) -> None:
    assert_valid(terraform, stack_dir(name))


def test_lightsail_with_external_redis_domain_and_private_registry_is_valid(
    terraform: Terraform, synth_settings: Callable[..., Path]
) -> None:
    settings = dataclasses.replace(
        load("lightsail", env={}),
        domain_name="mc.example.com",
        lightsail=LightsailOptions(enable_redis_sidecar=False, scale=2, enable_private_registry_access=True),
    )
    assert_valid(terraform, synth_settings(settings))


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_construct_test_stack_is_valid(
    name: str, terraform: Terraform, synth_construct: Callable[[str, Callable[[Any], object]], Path]
) -> None:
    assert_valid(terraform, synth_construct(name, BUILDERS[name]))


@pytest.mark.parametrize(
    "env",
    [
        {"MC_STATE_BACKEND": "cloud", "MC_TFC_ORGANIZATION": "acme"},
        {"MC_STATE_BACKEND": "local"},
        {"MC_EMULATOR_ENDPOINT": "https://127.0.0.1:4566"},
    ],
    ids=["cloud", "local", "emulator"],
)
def test_backend_variants_are_valid(
    env: dict[str, str], terraform: Terraform, synth_app: Callable[[dict[str, str]], Path]
) -> None:
    assert_valid(terraform, synth_app(env) / "prod")


def test_dev_with_a_worker_and_prod_with_a_domain_and_ci_roles_are_valid(
    terraform: Terraform, synth_settings: Callable[..., Path], synth_app: Callable[[dict[str, str]], Path]
) -> None:
    from modules.worker.props import WorkerOptions

    dev = load("dev", env={})
    assert dev.ecs is not None
    worker = dataclasses.replace(dev.ecs, worker=WorkerOptions(command=("arq", "mission_control.worker.Settings")))
    assert_valid(terraform, synth_settings(dataclasses.replace(dev, ecs=worker)))
    stacks = synth_app({"MC_PROD_DOMAIN_NAME": "mc.example.com", "MC_GITHUB_REPOSITORY": "acme/mc-infra"})
    assert_valid(terraform, stacks / "prod")
    assert_valid(terraform, stacks / "state")
