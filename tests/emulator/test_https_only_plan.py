"""A real plan of prod without a domain, against moto: it stops at plan time naming MC_PROD_DOMAIN_NAME (nothing can
be created), and a private test plans it with TF_VAR_allow_plain_http=true."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import PRIVATE_TEST_ENV, emulator_provider_arguments


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as running:
            yield running


@pytest.fixture(scope="module")
def prod(
    terraform: Terraform, emulator: Emulator, stack_dir: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("https-only") / "prod"
    shutil.copytree(stack_dir("prod"), folder)
    override = {
        "provider": {"aws": emulator_provider_arguments(emulator.url)},
        "terraform": {"backend": {"local": {"path": str(folder / "terraform.tfstate")}}},
    }
    (folder / "emulator_override.tf.json").write_text(json.dumps(override))
    terraform.run(folder, "init", "-input=false", "-no-color")
    return folder


def test_a_plan_of_prod_without_a_domain_stops_naming_the_fix(terraform: Terraform, prod: Path) -> None:
    result = terraform.run(prod, "plan", "-input=false", "-no-color", check=False)
    assert result.returncode != 0
    message = " ".join((result.stdout + result.stderr).split())
    assert "serves users only over HTTPS" in message and "MC_PROD_DOMAIN_NAME" in message


def test_a_private_test_may_plan_it(terraform: Terraform, prod: Path) -> None:
    result = terraform.run(
        prod, "plan", "-input=false", "-no-color", check=False, env=terraform.env() | PRIVATE_TEST_ENV
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
