"""Run each generated module's own `terraform test` (`modules/<name>/terraform/tests/*.tftest.hcl`) on a copy of the
module, several modules side by side. Shared by tests/terraform (mocked provider, offline) and tests/emulator (the
modules whose ephemeral resources mock providers refuse: the provider is pointed at the emulator through the
environment, so the test files hold no emulator detail)."""

from __future__ import annotations

import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rehearsal.terraform import Terraform

MODULES = Path(__file__).resolve().parents[2] / "modules"


def modules_with_tests(*, mocked: bool) -> list[str]:
    """Modules whose test files mock the provider (`mocked`), or those that need an AWS API."""
    found = []
    for folder in sorted(MODULES.glob("*/terraform/tests")):
        text = "".join(path.read_text() for path in folder.glob("*.tftest.hcl"))
        if text and ('mock_provider "aws"' in text) == mocked:
            found.append(folder.parents[1].name)
    return found


@dataclass(frozen=True)
class Outcome:
    module: str
    result: subprocess.CompletedProcess[str]
    seconds: float


def run_native_tests(
    modules: list[str], terraform: Terraform, workdir: Path, env: dict[str, str] | None = None, workers: int = 4
) -> dict[str, Outcome]:
    """`terraform init` and `terraform test` in a copy of each module, `workers` at a time."""

    def one(module: str) -> Outcome:
        folder = workdir / module
        shutil.copytree(MODULES / module / "terraform", folder)
        start = time.perf_counter()
        terraform.run(folder, "init", "-input=false", "-no-color", env=env)
        result = terraform.run(folder, "test", "-no-color", check=False, env=env)
        return Outcome(module, result, time.perf_counter() - start)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return {outcome.module: outcome for outcome in pool.map(one, modules)}
