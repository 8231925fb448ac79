"""Each generated module has examples that call it from plain HCL projects
(`modules/<name>/terraform/examples/<example>/main.tf`), and every file a person reads is formatted as `terraform
fmt` wants it. Each example is planned against the emulator with the real provider, which validates it and shows no
warning (tests/emulator/test_module_examples_plan.py): a `terraform validate` of each here would only repeat that."""

from __future__ import annotations

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
