"""Each generated module, called from plain HCL projects (`modules/<name>/terraform/examples/<example>/main.tf`),
passes `terraform validate` against the real hashicorp/aws provider: the checked-in files, exactly as HCL users get
them; and every file a person reads is formatted as `terraform fmt` wants it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import hcl2
import pytest

from rehearsal.terraform import Terraform

MODULES = Path(__file__).resolve().parents[2] / "modules"
EXAMPLES = sorted((path.parents[3].name, path.parent.name) for path in MODULES.glob("*/terraform/examples/*/main.tf"))


def test_every_generated_module_has_an_example() -> None:
    generated = sorted(path.parent.name for path in MODULES.glob("*/terraform"))
    assert generated and generated == sorted({module for module, _ in EXAMPLES})
    # The two platforms show the smallest call and one with the options a team changes.
    for module in ("ecs_app", "lightsail_app"):
        assert {(module, "minimal"), (module, "complete")} <= set(EXAMPLES), module


@pytest.mark.parametrize(("module", "example"), EXAMPLES)
def test_example_calls_the_module_from_hcl(module: str, example: str) -> None:
    with (MODULES / module / "terraform" / "examples" / example / "main.tf").open() as file:
        document = hcl2.load(file)
    sources = [block[name]["source"].strip('"') for block in document.get("module", []) for name in block]
    assert sources == ["../.."], "the example must call the module it sits in"


def test_every_module_file_is_formatted(terraform: Terraform) -> None:
    result = terraform.run(MODULES, "fmt", "-check", "-recursive", "-no-color", check=False)
    assert result.returncode == 0, f"not formatted (run `terraform fmt -recursive modules`):\n{result.stdout}"


@pytest.mark.parametrize(("module", "example"), EXAMPLES)
def test_example_is_valid(module: str, example: str, terraform: Terraform, tmp_path: Path) -> None:
    # Copy, so `terraform init` writes its lock file and .terraform/ outside the repository.
    shutil.copytree(MODULES / module / "terraform", tmp_path / module)
    report = terraform.validate(tmp_path / module / "examples" / example)
    assert report["valid"] is True, json.dumps(report["diagnostics"], indent=2)
    assert report["warning_count"] == 0, json.dumps(report["diagnostics"], indent=2)
