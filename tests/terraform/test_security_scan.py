"""checkov finds nothing in any synthesized stack beyond the exceptions listed, with reasons, in
scripts/security_scan.py; and every exception is still needed. One checkov run for every stack (and prod as
deployed), without the exceptions: each stack's findings are then read against its own list."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from environments import ENVIRONMENTS
from scripts.security_scan import CHECKOV, EXCEPTIONS, scan_together, stack_files

STACKS = ["state", *ENVIRONMENTS]
AS_DEPLOYED = "prod-as-deployed"


@pytest.fixture(scope="module", autouse=True)
def checkov_installed() -> None:
    if not CHECKOV.exists():
        message = "checkov is not installed in .venv-checkov: run `make setup-checkov`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def scans(
    checkov_installed: None, stack_dir: Callable[[str], Path], synth_app: Callable[[dict[str, str]], Path]
) -> dict[str, dict[str, object]]:
    folders = {name: stack_files(stack_dir(name)) for name in STACKS}
    folders[AS_DEPLOYED] = stack_files(synth_app({"MC_PROD_DOMAIN_NAME": "mc.example.com"}) / "prod")
    return scan_together(folders, "the synthesized stacks")


def findings(report: dict[str, object]) -> set[str]:
    failed = report["failed"]
    assert isinstance(failed, list) and isinstance(report["passed"], int) and report["passed"] > 0, report
    return {finding["check"] for finding in failed}


@pytest.mark.parametrize("name", STACKS)
def test_checkov_finds_nothing_beyond_the_listed_exceptions(name: str, scans: dict[str, dict[str, object]]) -> None:
    unexpected = findings(scans[name]) - set(EXCEPTIONS.get(name, {}))
    assert unexpected == set(), [f for f in scans[name]["failed"] if f["check"] in unexpected]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", STACKS)
def test_every_exception_is_still_needed(name: str, scans: dict[str, dict[str, object]]) -> None:
    still_failing = findings(scans[name])
    assert set(EXCEPTIONS.get(name, {})) <= still_failing, set(EXCEPTIONS.get(name, {})) - still_failing


def test_every_exception_gives_a_reason() -> None:
    for name, exceptions in EXCEPTIONS.items():
        for check, reason in exceptions.items():
            assert len(reason) > 20, (name, check)


def test_prod_as_deployed_has_at_most_eight_findings_each_excepted(scans: dict[str, dict[str, object]]) -> None:
    """prod can only be deployed with its domain (a plan without one stops): scanned so, with no exceptions at all,
    it fails at most 8 distinct checks, and each is one of prod's reasoned exceptions."""
    distinct = findings(scans[AS_DEPLOYED])
    assert len(distinct) <= 8, sorted(distinct)
    assert distinct <= set(EXCEPTIONS["prod"]), distinct - set(EXCEPTIONS["prod"])
