"""A release sticks: against moto, the image-tag parameter is created with the setting's tag; after CI writes a new
tag, the next plan keeps the parameter as it is (no change back) and builds the image from the new tag; a value
that is neither a tag nor a digest stops the plan. Both platforms build their image this way (DeployedImage)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import emulator_provider_arguments

NAME = "mc-release"
REPOSITORY = "ghcr.io/acme/mc"


def deployed_image(stack: Any) -> object:
    from cdktf import TerraformOutput

    from modules.deployed_image.construct import DeployedImage
    from modules.deployed_image.props import DeployedImageProps

    image = DeployedImage(
        stack, "image_tag", DeployedImageProps(name=NAME, repository=REPOSITORY, initial_version="1.4.2")
    )
    return TerraformOutput(stack, "image", value=image.reference)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as running:
            yield running


@pytest.fixture(scope="module")
def folder(
    terraform: Terraform, emulator: Emulator, synth_construct: Callable[[str, Callable[[Any], object]], Path]
) -> Path:
    folder = synth_construct("deployed_image", deployed_image)
    override = {
        "provider": {"aws": emulator_provider_arguments(emulator.url)},
        "terraform": {"backend": {"local": {"path": str(folder / "terraform.tfstate")}}},
    }
    (folder / "emulator_override.tf.json").write_text(json.dumps(override))
    terraform.run(folder, "init", "-input=false", "-no-color")
    terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color")
    return folder


def output(terraform: Terraform, folder: Path) -> str:
    value: str = json.loads(terraform.run(folder, "output", "-json").stdout)["image"]["value"]
    return value


def put(emulator: Emulator, value: str) -> None:
    emulator.client("ssm").put_parameter(Name=f"/{NAME}/image-tag", Value=value, Type="String", Overwrite=True)


def test_the_first_deploy_runs_the_settings_tag(terraform: Terraform, folder: Path) -> None:
    assert output(terraform, folder) == f"{REPOSITORY}:1.4.2"


def test_a_released_tag_survives_the_next_deploy(terraform: Terraform, emulator: Emulator, folder: Path) -> None:
    put(emulator, "1.4.3")
    plan = terraform.run(
        folder, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=next.tfplan", check=False
    )
    shown = json.loads(terraform.run(folder, "show", "-json", "next.tfplan").stdout)
    changes = [c for c in shown.get("resource_changes", []) if c["change"]["actions"] != ["no-op"]]
    assert changes == [], changes  # the deploy does not write the parameter back
    assert shown["planned_values"]["outputs"]["image"]["value"] == f"{REPOSITORY}:1.4.3", plan.stdout[-1500:]
    terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color")
    assert output(terraform, folder) == f"{REPOSITORY}:1.4.3"
    value = emulator.client("ssm").get_parameter(Name=f"/{NAME}/image-tag")["Parameter"]["Value"]
    assert value == "1.4.3"


def test_a_digest_is_deployed_by_digest(terraform: Terraform, emulator: Emulator, folder: Path) -> None:
    digest = "sha256:" + "ab" * 32
    put(emulator, digest)
    terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color")
    assert output(terraform, folder) == f"{REPOSITORY}@{digest}"


def test_a_bad_value_stops_the_plan(terraform: Terraform, emulator: Emulator, folder: Path) -> None:
    put(emulator, "1.4.3; rm -rf /")
    result = terraform.run(folder, "plan", "-input=false", "-no-color", check=False)
    assert result.returncode != 0
    assert "must hold an image tag or a sha256" in " ".join((result.stdout + result.stderr).split())
    put(emulator, "1.4.3")
