"""checkov finds nothing in any generated Terraform module beyond the exceptions listed, with reasons, in
scripts/security_scan.py (`MODULE_EXCEPTIONS`); and every exception is still needed. One checkov run for every
module, without the exceptions: what it finds in each must be exactly that module's excepted checks."""

from __future__ import annotations

import os

import pytest

from scripts.security_scan import CHECKOV, MODULE_EXCEPTIONS, module_dirs, module_files, scan_together

MODULES = [path.parent.name for path in module_dirs()]


@pytest.fixture(scope="module", autouse=True)
def checkov_installed() -> None:
    if not CHECKOV.exists():
        message = "checkov is not installed in .venv-checkov: run `make setup-checkov`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def scans() -> dict[str, dict[str, object]]:
    return scan_together({path.parent.name: module_files(path) for path in module_dirs()}, "the generated modules")


@pytest.mark.parametrize("module", MODULES)
def test_checkov_finds_exactly_the_listed_exceptions(module: str, scans: dict[str, dict[str, object]]) -> None:
    report = scans[module]
    failed = report["failed"]
    assert isinstance(failed, list) and isinstance(report["passed"], int)
    assert report["passed"] + len(failed) > 0, "checkov checked nothing"
    excepted = MODULE_EXCEPTIONS.get(module, {})
    unexpected = [finding for finding in failed if finding["check"] not in excepted]
    assert unexpected == [], "fix the construct, or add an exception with its reason"
    no_longer_needed = set(excepted) - {finding["check"] for finding in failed}
    assert no_longer_needed == set(), "remove the exception"


def test_every_module_exception_gives_a_reason_and_names_a_module() -> None:
    assert set(MODULE_EXCEPTIONS) <= set(MODULES)
    for module, exceptions in MODULE_EXCEPTIONS.items():
        for check, reason in exceptions.items():
            assert len(reason) > 20, (module, check)
