"""The `terraform test` files of the modules that open ephemeral resources (generated secrets), which Terraform
1.11's mock providers refuse: they plan against the emulator. The test files name no emulator: the provider finds
it through the environment (`AWS_ENDPOINT_URL`, test credentials), as it would find a real account."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from rehearsal.emulator import running_emulator
from rehearsal.terraform import Terraform
from tests.support.native_tests import modules_with_tests, run_native_tests

NEEDS_AN_API = modules_with_tests(mocked=False)


def test_the_platform_modules_are_the_ones_that_need_an_api() -> None:
    assert NEEDS_AN_API == ["ecs_app", "lightsail_app"]


@pytest.mark.parametrize("module", NEEDS_AN_API)
def test_terraform_test_passes_against_the_emulator(module: str, terraform: Terraform, tmp_path: Path) -> None:
    from tests.conftest import TIMINGS

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as emulator:
            env = {
                **terraform.env(),
                "AWS_ENDPOINT_URL": emulator.url,
                "AWS_ACCESS_KEY_ID": "test",
                "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_EC2_METADATA_DISABLED": "true",
            }
            outcome = run_native_tests([module], terraform, tmp_path, env=env)[module]
    TIMINGS[f"terraform test, {module} (emulator)"] = outcome.seconds
    result = outcome.result
    assert result.returncode == 0 and ", 0 failed" in result.stdout, result.stdout[-4000:] + result.stderr[-2000:]
