"""checkov finds nothing in any synthesized stack beyond the exceptions listed, with reasons, in
scripts/security_scan.py; and every exception is still needed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from environments import ENVIRONMENTS
from scripts.security_scan import CHECKOV, EXCEPTIONS, scan

STACKS = ["state", *ENVIRONMENTS]


@pytest.fixture(scope="module", autouse=True)
def checkov_installed() -> None:
    if not CHECKOV.exists():
        message = "checkov is not installed in .venv-checkov: run `make setup-checkov`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize("name", STACKS)
def test_checkov_finds_nothing_beyond_the_listed_exceptions(name: str, stack_dir: Callable[[str], Path]) -> None:
    report = scan(stack_dir(name))
    assert report["failed"] == []
    assert isinstance(report["passed"], int) and report["passed"] > 0


@pytest.mark.parametrize("name", STACKS)
def test_every_exception_is_still_needed(name: str, stack_dir: Callable[[str], Path]) -> None:
    failed = scan(stack_dir(name), with_exceptions=False)["failed"]
    assert isinstance(failed, list)
    still_failing = {finding["check"] for finding in failed}
    assert set(EXCEPTIONS.get(name, {})) <= still_failing, set(EXCEPTIONS.get(name, {})) - still_failing


def test_every_exception_gives_a_reason() -> None:
    for name, exceptions in EXCEPTIONS.items():
        for check, reason in exceptions.items():
            assert len(reason) > 20, (name, check)


def test_prod_as_deployed_has_at_most_eight_findings_each_excepted(
    synth_app: Callable[[dict[str, str]], Path],
) -> None:
    """prod can only be deployed with its domain (a plan without one stops): scanned so, with no exceptions at all,
    it fails at most 8 distinct checks, and each is one of prod's reasoned exceptions."""
    failed = scan(synth_app({"MC_PROD_DOMAIN_NAME": "mc.example.com"}) / "prod", with_exceptions=False)["failed"]
    assert isinstance(failed, list)
    distinct = {finding["check"] for finding in failed}
    assert len(distinct) <= 8, sorted(distinct)
    assert distinct <= set(EXCEPTIONS["prod"]), distinct - set(EXCEPTIONS["prod"])
