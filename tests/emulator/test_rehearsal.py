"""The deploy rehearsal, run once for this module exactly as the README says: `make rehearse` (without re-running
its set-up prerequisite, which `make test` has just done), into a temporary work folder. The tests read its report.

What the rehearsal does is described in rehearsal/run.py (the order) and rehearsal/steps/ (each step); what moto
needed patching for, in rehearsal/moto_patches.py (tests/emulator/test_moto_patches.py checks each patch is still
needed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from rehearsal.run import APPLIED, REBUILT
from rehearsal.session import ROOT
from rehearsal.steps.destroy import PREVENT_DESTROY_MESSAGE

MAKE_TARGET = ["make", "--no-print-directory", "-o", "setup", "rehearse"]
"""`make rehearse`, taking its `setup` prerequisite as done (pytest runs inside that set-up)."""
BUDGET_SECONDS = 8 * 60


class Rehearsal:
    """The report of one `make rehearse` run, and how the command ended."""

    def __init__(self, report: dict[str, Any], exit_code: int, seconds: float, output: str) -> None:
        self.report, self.exit_code, self.seconds, self.output = report, exit_code, seconds, output
        self.steps = {step["name"]: step for step in report["steps"]}

    def step(self, name: str) -> dict[str, Any]:
        assert name in self.steps, f"no step {name!r} in {list(self.steps)}"
        step: dict[str, Any] = self.steps[name]
        return step

    def passed(self, name: str) -> None:
        """The step ran and every one of its checks passed; on failure, show what did not."""
        step = self.step(name)
        failed = [check for check in step["checks"] if not check["ok"]]
        assert step["error"] is None and not failed and step["checks"], json.dumps(
            {"step": name, "error": step["error"], "failed": failed}, indent=2, default=str
        )[:6000]


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory: pytest.TempPathFactory) -> Rehearsal:
    missing = [tool for tool in ("make", "terraform") if shutil.which(tool) is None]
    if not (ROOT / "node_modules" / ".bin" / "cdktf").exists():
        missing.append("node_modules/.bin/cdktf (make setup)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the rehearsal needs {', '.join(missing)}")
        pytest.skip(f"the rehearsal needs {', '.join(missing)}")
    workdir = tmp_path_factory.mktemp("rehearsal")
    start = time.monotonic()
    # REHEARSAL_DIR: the Makefile's work folder (default .rehearsal); the report's path is printed either way.
    result = subprocess.run(
        [*MAKE_TARGET, f"REHEARSAL_DIR={workdir}"], cwd=ROOT, capture_output=True, text=True, timeout=20 * 60
    )
    seconds = time.monotonic() - start
    printed = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("report: ")]
    assert printed, (
        f"make rehearse printed no report (exit {result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    report = json.loads(Path(printed[-1]).read_text())
    from tests.conftest import TIMINGS

    TIMINGS.update({f"rehearsal: {step['name']}": step["seconds"] for step in report["steps"]})
    TIMINGS["rehearsal: make rehearse"] = seconds
    return Rehearsal(report, result.returncode, seconds, result.stdout + result.stderr)


def test_make_rehearse_passes_and_says_so(rehearsal: Rehearsal) -> None:
    failed = {
        name: [c["what"] for c in s["checks"] if not c["ok"]] or s["error"]
        for name, s in rehearsal.steps.items()
        if not s["ok"]
    }
    assert rehearsal.report["ok"] and rehearsal.exit_code == 0, failed
    summary = [line for line in rehearsal.output.splitlines() if line.startswith("total ")]
    assert summary and summary[-1].endswith("passed"), summary


def test_make_rehearse_stays_within_its_budget(rehearsal: Rehearsal) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("the budget is for `make rehearse` alone: here other tests share the machine's two cores")
    assert rehearsal.report["total_seconds"] < BUDGET_SECONDS, rehearsal.report["total_seconds"]


def test_the_report_says_which_patches_the_run_used(rehearsal: Rehearsal) -> None:
    """Every patch is used by the rehearsal, or names the test that uses it instead (`used_by`)."""
    unused = [patch["name"] for patch in rehearsal.report["patches"] if not patch["calls"] and not patch["used_by"]]
    assert not unused, f"patches no step needed (delete them, or find what stopped using them): {unused}"
    elsewhere = [patch["used_by"] for patch in rehearsal.report["patches"] if patch["used_by"]]
    assert all((ROOT / path).is_file() for path in elsewhere), elsewhere


def test_the_report_is_written_for_people_too(rehearsal: Rehearsal) -> None:
    markdown = Path(rehearsal.report["workdir"]) / "report.md"
    text = markdown.read_text()
    assert all(f"| {name} |" in text for name in rehearsal.steps)
    assert all(patch["name"] in text for patch in rehearsal.report["patches"])


def test_the_report_lists_every_emulator_patch_with_its_detector(rehearsal: Rehearsal) -> None:
    patches = rehearsal.report["patches"]
    assert patches and rehearsal.report["moto_version"] == patches[0]["moto_version"]
    for patch in patches:
        assert patch["restores"] and patch["moto_gap"]
        assert patch["detector"].startswith("tests/emulator/test_moto_patches.py::test_")


def test_the_cdktf_cli_synthesized_every_stack(rehearsal: Rehearsal) -> None:
    rehearsal.passed("synth")
    assert rehearsal.step("synth")["command"].startswith("synth")
    assert set(rehearsal.step("synth")["details"]["stacks"]) == {"state", "lightsail", "dev", "prod"}


def test_the_cdktf_cli_deployed_the_state_stack(rehearsal: Rehearsal) -> None:
    rehearsal.passed("deploy state")
    assert rehearsal.step("deploy state")["command"].startswith("deploy state --auto-approve")


def test_state_bucket_is_versioned_encrypted_private_and_tls_only(rehearsal: Rehearsal) -> None:
    bucket = rehearsal.step("deploy state")["details"]["state_bucket"]
    assert (bucket["versioning"], bucket["encryption"]) == ("Enabled", "aws:kms")
    assert len(bucket["public_access_block"]) == 4 and all(bucket["public_access_block"].values())
    assert bucket["tls_only"]["policy_denies_plain_http"] is True
    assert bucket["tls_only"]["plain_http_answer"] == "403"
    assert bucket["tls_only"]["https_allowed"] is True


def test_lock_table_has_the_terraform_key_and_recovery(rehearsal: Rehearsal) -> None:
    table = rehearsal.step("deploy state")["details"]["lock_table"]
    assert table["key_schema"] == [{"AttributeName": "LockID", "KeyType": "HASH"}]
    assert (table["billing_mode"], table["point_in_time_recovery"]) == ("PAY_PER_REQUEST", "ENABLED")


@pytest.mark.parametrize("stack", ["lightsail", "dev", "prod"])
def test_every_environment_was_planned_and_saved_as_json(rehearsal: Rehearsal, stack: str) -> None:
    rehearsal.passed(f"plan {stack}")
    plan = json.loads(Path(rehearsal.step(f"plan {stack}")["details"]["plan"]).read_text())
    assert plan["resource_changes"] and all(
        c["change"]["actions"] in (["create"], ["read"]) for c in plan["resource_changes"]
    )


@pytest.mark.parametrize("stack", ["lightsail", "dev", "prod"])
def test_every_plan_is_reviewed_or_the_review_is_skipped_with_a_note(rehearsal: Rehearsal, stack: str) -> None:
    review = rehearsal.step(f"plan {stack}")["details"]["review"]
    assert review.startswith("skipped: ") or Path(review).read_text().strip(), review


def test_dev_and_prod_were_deployed_by_the_cdktf_cli_together(rehearsal: Rehearsal) -> None:
    name = "deploy " + " ".join(APPLIED)
    rehearsal.passed(name)
    assert rehearsal.step(name)["command"].startswith(f"deploy {' '.join(APPLIED)} --auto-approve")


@pytest.mark.parametrize("stack", APPLIED)
def test_every_planned_resource_was_created(rehearsal: Rehearsal, stack: str) -> None:
    deployed = rehearsal.step("deploy " + " ".join(APPLIED))
    planned = rehearsal.step(f"plan {stack}")["details"]["creates"]
    assert deployed["details"][f"{stack}_resources"] == len(planned) > 50


def test_prod_holds_more_than_dev_in_the_emulator(rehearsal: Rehearsal) -> None:
    deployed = rehearsal.step("deploy " + " ".join(APPLIED))["details"]
    assert sum(deployed["prod_in_emulator"].values()) > sum(deployed["dev_in_emulator"].values())


@pytest.mark.parametrize("step", ["converged state", "converged dev", "converged prod", f"converged {REBUILT} again"])
def test_a_plan_after_each_apply_shows_no_changes(rehearsal: Rehearsal, step: str) -> None:
    rehearsal.passed(step)
    assert rehearsal.step(step)["details"]["changes"] == []


def test_both_locks_are_taken_while_a_run_holds_the_state(rehearsal: Rehearsal) -> None:
    rehearsal.passed("lock prod")
    held = rehearsal.step("lock prod")["details"]["while_held"]
    assert held["dynamodb_lock"]["Operation"] == "OperationTypeApply"
    assert held["dynamodb_lock"]["Path"].endswith("mission-control/prod/terraform.tfstate")
    assert held["s3_lockfile"] == ["mission-control/prod/terraform.tfstate.tflock"]
    assert "-replace=aws_cloudwatch_metric_alarm." in rehearsal.step("lock prod")["command"]


def test_a_second_run_is_refused_while_the_lock_is_held(rehearsal: Rehearsal) -> None:
    second = rehearsal.step("lock prod")["details"]["second_run"]
    assert second["exit_code"] != 0 and any("Error acquiring the state lock" in line for line in second["message"])


@pytest.mark.parametrize("stack", ["prod", "state"])
def test_a_destroy_is_refused_and_deletes_nothing(rehearsal: Rehearsal, stack: str) -> None:
    rehearsal.passed(f"destroy {stack} refused")
    step = rehearsal.step(f"destroy {stack} refused")
    assert step["details"]["cdktf_exit_code"] != 0 and step["details"]["prevent_destroy"]
    assert any(PREVENT_DESTROY_MESSAGE in check["what"] for check in step["checks"])


def test_dev_is_destroyed_leaving_only_what_is_meant_to_stay(rehearsal: Rehearsal) -> None:
    rehearsal.passed(f"destroy {REBUILT}")
    left = rehearsal.step(f"destroy {REBUILT}")["details"]["left_in_emulator"]
    assert all(item["why"] for item in left)


def test_dev_is_rebuilt_at_once(rehearsal: Rehearsal) -> None:
    rehearsal.passed(f"deploy {REBUILT} again")
    rebuilt = rehearsal.step(f"deploy {REBUILT} again")["details"][f"{REBUILT}_resources"]
    assert rebuilt == len(rehearsal.step(f"plan {REBUILT}")["details"]["creates"])


def test_rebuilt_dev_can_be_destroyed_again(rehearsal: Rehearsal) -> None:
    rehearsal.passed(f"{REBUILT} can be destroyed again")
    assert rehearsal.step(f"{REBUILT} can be destroyed again")["details"]["final_snapshot_identifier"]


# Secrets and state encryption (rehearsal/steps/secrets.py, rehearsal/encryption.py) ------------------------

ROTATION_ORDER = (
    ("database_password_version", "aws_db_instance.database"),
    ("redis_auth_token_version", "aws_elasticache_replication_group.cache"),
    ("aws_db_instance.database", "database_url_version"),
    ("aws_elasticache_replication_group.cache", "redis_url_version"),
    ("database_url_version", "aws_ecs_task_definition.service_task_definition"),
    ("redis_url_version", "aws_ecs_task_definition.service_task_definition"),
    ("secret_key_version", "aws_ecs_task_definition.service_task_definition"),
)
"""Rotation's order (README "Secrets"): each value stored before what takes it; each URL rewritten after its server
took the new value; prod's service is blue/green, so the new task definition revision (which CodeDeploy deploys at
the next rollout) is registered after every secret is written. (done first, started after)"""


@pytest.mark.parametrize("stack", APPLIED)
def test_state_objects_are_encrypted_with_the_state_key(rehearsal: Rehearsal, stack: str) -> None:
    deployed = rehearsal.step("deploy " + " ".join(APPLIED))
    facts = deployed["details"][f"{stack}_state_object"]
    assert facts["server_side_encryption"] == "aws:kms" and facts["state_key"], facts
    check = next(c for c in deployed["checks"] if c["what"].startswith(f"{stack}: state object encrypted"))
    assert check["ok"], check


def test_a_replaced_database_gets_the_password_its_url_holds(rehearsal: Rehearsal) -> None:
    rehearsal.passed("deploy replacement copy")
    rehearsal.passed("replace the database")
    step = rehearsal.step("replace the database")
    assert step["details"]["resource_id_before"] != step["details"]["resource_id_after"]
    assert "-replace=aws_db_instance.database" in step["command"]
    held = [c["what"] for c in step["checks"] if c["ok"]]
    assert "the replacement database has the password MC_DATABASE_URL holds" in held
    assert "the stored password was not regenerated (same secret version)" in held


def test_the_replacement_converges(rehearsal: Rehearsal) -> None:
    rehearsal.passed("converged replacement")
    assert rehearsal.step("converged replacement")["details"]["changes"] == []


def test_rotation_replaces_no_stateful_resource_and_applies_in_order(rehearsal: Rehearsal) -> None:
    rehearsal.passed("rotate prod secrets")
    step = rehearsal.step("rotate prod secrets")
    planned = step["details"]["planned"]
    in_place = {a for a, actions in planned.items() if actions == ["update"]}
    stateful = {"aws_db_instance.database", "aws_elasticache_replication_group.cache"}
    assert stateful <= in_place, planned
    replaced = set(planned) - in_place
    assert "aws_ecs_task_definition.service_task_definition" in replaced, planned
    assert all(a.startswith(("aws_secretsmanager_secret_version.", "aws_ecs_task_definition.")) for a in replaced)
    assert "aws_ecs_service.service" not in planned, "a blue/green service is CodeDeploy's to deploy, not Terraform's"
    applied = step["details"]["applied"]

    def address(name: str) -> str:
        found = [a for a in applied if a == name or a.endswith(f".{name}")]
        assert len(found) == 1, (name, sorted(applied))
        return str(found[0])

    for done, then in ROTATION_ORDER:
        completed = datetime.fromisoformat(applied[address(done)]["completed"])
        assert completed <= datetime.fromisoformat(applied[address(then)]["started"]), (done, then)
    labels = step["details"]["redeploy_labels"]
    assert set(labels) == {"secret_key", "database_url", "redis_url"} and all(labels.values()), labels
    assert step["details"]["previous_redis_token_still_accepted"] is True


def test_rotation_converges(rehearsal: Rehearsal) -> None:
    rehearsal.passed("converged prod after rotation")
    assert rehearsal.step("converged prod after rotation")["details"]["changes"] == []


SECRET_IN_URL = re.compile(r"(?:postgresql://[^:\s\"]+|rediss://):(?!\$\{)[^@\s\"]+@")
"""A connection URL with a password in it (a template's `${...}` is not one)."""


def test_no_secret_value_reaches_the_report_or_a_log(rehearsal: Rehearsal) -> None:
    workdir = Path(rehearsal.report["workdir"])
    files = [workdir / "report.json", workdir / "report.md", *sorted((workdir / "logs").glob("*.log"))]
    assert len(files) > 10
    leaks = [str(path) for path in files if SECRET_IN_URL.search(path.read_text(errors="replace"))]
    assert not leaks, leaks


def test_no_secret_value_the_proofs_read_is_in_the_work_folder(rehearsal: Rehearsal) -> None:
    rehearsal.passed("no secret value in the work folder")
    details = rehearsal.step("no secret value in the work folder")["details"]
    assert details["secret_values"] >= 10 and details["files"] > 20, details


def test_the_state_holds_no_secret_but_the_redis_auth_token(rehearsal: Rehearsal) -> None:
    """Only ElastiCache's AUTH token (no write-only form in provider 5.100) is in state: README "Secrets"."""
    assert rehearsal.step("rotate prod secrets")["details"]["secrets_in_state"] == ["redis_auth_token"]
    assert rehearsal.step("replace the database")["details"]["secrets_in_state"] == []


def test_a_failing_migration_changes_nothing(rehearsal: Rehearsal) -> None:
    rehearsal.passed("rollout dev: a failing migration changes nothing")


def test_a_release_that_never_becomes_healthy_is_rolled_back(rehearsal: Rehearsal) -> None:
    rehearsal.passed("rollout dev: a release that never becomes healthy is rolled back")
    report = rehearsal.step("rollout dev: a release that never becomes healthy is rolled back")["details"]["report"]
    assert any("is back at" in line for line in report) and any("(UpdateService)" in line for line in report), report
