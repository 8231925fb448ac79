"""Each generated module's own `terraform test` files pass, offline with `mock_provider "aws"` (the modules that
open ephemeral resources run theirs against the emulator: tests/emulator/test_module_native_tests_emulator.py)."""

from __future__ import annotations

import pytest

from rehearsal.terraform import Terraform
from tests.support.native_tests import MODULES, Outcome, modules_with_tests, run_native_tests

MOCKED = modules_with_tests(mocked=True)


def test_every_module_has_native_tests() -> None:
    generated = {path.parent.name for path in MODULES.glob("*/terraform")}
    assert generated and set(MOCKED) | set(modules_with_tests(mocked=False)) == generated


@pytest.fixture(scope="module")
def outcomes(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    from tests.conftest import TIMINGS

    outcomes = run_native_tests(MOCKED, terraform, tmp_path_factory.mktemp("native"))
    TIMINGS.update({f"terraform test, {m} (mocked)": o.seconds for m, o in outcomes.items()})
    return outcomes


@pytest.mark.parametrize("module", MOCKED)
def test_terraform_test_passes_offline(module: str, outcomes: dict[str, Outcome]) -> None:
    result = outcomes[module].result
    assert result.returncode == 0 and ", 0 failed" in result.stdout, result.stdout[-4000:] + result.stderr[-2000:]
    # Every file asserts something and refuses something a user could get wrong.
    texts = "".join(path.read_text() for path in (MODULES / module / "terraform" / "tests").glob("*.tftest.hcl"))
    assert "assert {" in texts and "expect_failures" in texts, module
