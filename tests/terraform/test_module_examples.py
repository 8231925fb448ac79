"""Each generated module, called from a plain HCL project (`modules/<name>/example/main.tf`), passes `terraform
validate` against the real hashicorp/aws provider: the checked-in files, exactly as HCL users get them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import hcl2
import pytest

from rehearsal.terraform import Terraform

MODULES = Path(__file__).resolve().parents[2] / "modules"
EXAMPLES = sorted(path.parent.parent.name for path in MODULES.glob("*/example/main.tf"))


def test_every_generated_module_has_an_example() -> None:
    generated = sorted(path.parent.name for path in MODULES.glob("*/terraform"))
    assert generated and generated == EXAMPLES


@pytest.mark.parametrize("module", EXAMPLES)
def test_example_calls_the_module_from_hcl(module: str) -> None:
    with (MODULES / module / "example" / "main.tf").open() as file:
        document = hcl2.load(file)
    sources = [block[name]["source"].strip('"') for block in document.get("module", []) for name in block]
    assert sources == ["../terraform"], "the example must call the generated module next to it"


@pytest.mark.parametrize("module", EXAMPLES)
def test_example_is_valid(module: str, terraform: Terraform, tmp_path: Path) -> None:
    # Copy, so `terraform init` writes its lock file and .terraform/ outside the repository.
    for part in ("terraform", "example"):
        shutil.copytree(MODULES / module / part, tmp_path / module / part)
    report = terraform.validate(tmp_path / module / "example")
    assert report["valid"] is True, json.dumps(report["diagnostics"], indent=2)
    assert report["warning_count"] == 0, json.dumps(report["diagnostics"], indent=2)
