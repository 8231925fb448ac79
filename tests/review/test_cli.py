"""`python -m review`: the interface other tooling calls. Exit codes, the JSON shape, --allow, --fail-on, and what
happens with every kind of input it cannot read (one line on stderr, never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from review.cli import main
from tests.review.builders import change, create, delete, document, update, write

PLANS = Path(__file__).parent / "plans"
ROOT = Path(__file__).resolve().parents[2]
DATABASE = {"identifier": "db", "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20}
LOG_GROUP = {"name": "/ecs/app", "retention_in_days": 90}


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def review_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(capsys, "--format", "json", *args)
    return code, json.loads(out)


@pytest.fixture
def dangerous(tmp_path: Path) -> Path:
    """A plan with one high finding (a deleted database) and one medium (a shorter log retention)."""
    return write(
        tmp_path,
        document(
            delete("aws_db_instance.database", DATABASE),
            update("aws_cloudwatch_log_group.app", LOG_GROUP, {"retention_in_days": 7}),
        ),
    )


@pytest.fixture
def medium_only(tmp_path: Path) -> Path:
    return write(
        tmp_path, document(update("aws_cloudwatch_log_group.app", LOG_GROUP, {"retention_in_days": 7})), "medium.json"
    )


def test_a_high_finding_exits_1_and_a_clean_plan_exits_0(
    capsys: pytest.CaptureFixture[str], dangerous: Path, tmp_path: Path
) -> None:
    assert run(capsys, dangerous)[0] == 1
    clean = write(tmp_path, document(create("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})), "clean.json")
    assert run(capsys, clean)[0] == 0


def test_fail_on_sets_the_threshold(capsys: pytest.CaptureFixture[str], medium_only: Path) -> None:
    assert run(capsys, medium_only)[0] == 0  # default: high
    assert run(capsys, "--fail-on", "medium", medium_only)[0] == 1
    assert run(capsys, "--fail-on", "low", medium_only)[0] == 1
    assert run(capsys, "--fail-on", "never", medium_only)[0] == 0


def test_allow_accepts_a_known_finding_and_lists_it_as_allowed(
    capsys: pytest.CaptureFixture[str], dangerous: Path
) -> None:
    code, report = review_json(capsys, "--allow", "aws_db_instance.database", dangerous)
    assert code == 0
    allowed = {f["address"]: f["allowed"] for f in report["plans"][0]["findings"]}
    assert allowed == {"aws_db_instance.database": True, "aws_cloudwatch_log_group.app": False}
    code, out, _ = run(capsys, "--allow", "aws_db_instance.database", dangerous)
    assert "Allowed with `--allow` (not counted): 1" in out


def test_an_allow_that_matches_nothing_is_reported(capsys: pytest.CaptureFixture[str], dangerous: Path) -> None:
    code, report = review_json(capsys, "--allow", "aws_db_instance.gone", dangerous)
    assert code == 1 and report["unused_allows"] == ["aws_db_instance.gone"]


def test_the_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str], dangerous: Path) -> None:
    _, report = review_json(capsys, dangerous)
    plan = report["plans"][0]
    assert plan["file"] == str(dangerous)
    assert {"create", "update", "replace", "delete", "no_op", "moved", "imported"} <= set(plan["summary"])
    finding_keys = {"address", "action", "severity", "category", "attribute", "before", "after", "why", "fix"}
    assert all(finding_keys <= set(finding) for finding in plan["findings"])
    assert [f["severity"] for f in plan["findings"]] == ["high", "medium"]
    cost = plan["cost"]
    assert cost["currency"] == "USD"
    for key in ("fixed_monthly_before", "fixed_monthly_after", "fixed_monthly_delta", "usage_monthly_after"):
        assert isinstance(cost[key], int | float), key
    assert cost["fixed_monthly_delta"] == pytest.approx(cost["fixed_monthly_after"] - cost["fixed_monthly_before"])
    assert isinstance(cost["lines"], list) and isinstance(cost["not_priced"], list)


def test_every_file_gets_its_own_section(
    capsys: pytest.CaptureFixture[str], dangerous: Path, medium_only: Path
) -> None:
    code, out, _ = run(capsys, dangerous, medium_only)
    assert code == 1
    assert out.count("## Plan review:") == 2 and f"`{medium_only}`" in out


def test_markdown_puts_counts_first_then_findings_then_removals_then_cost(
    capsys: pytest.CaptureFixture[str], dangerous: Path
) -> None:
    _, out, _ = run(capsys, dangerous)
    positions = [out.index(marker) for marker in ("| create |", "### Findings", "### Deletions", "### Cost")]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("truncated.json", "truncated JSON"),
        ("not_json.json", "not JSON (line 1, column 1"),
        ("format_v2.json", 'unsupported format_version "2.0"'),
        ("state.json", "a state, not a plan"),
        ("missing.json", "no such file"),
    ],
)
def test_an_unreadable_input_exits_2_with_one_line_naming_the_file(
    capsys: pytest.CaptureFixture[str], name: str, problem: str
) -> None:
    code, out, err = run(capsys, PLANS / name)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"review: {PLANS / name}: ") and problem in err, err


def test_other_unreadable_inputs_are_named_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = {
        "empty.json": ("", "empty file"),
        "binary.tfplan": ("PK\x03\x04zip", "a binary plan file"),
        "list.json": ("[]", "not a plan"),
        "bad_change.json": (json.dumps({"format_version": "1.2", "resource_changes": [{"address": 1}]}), "no address"),
    }
    for name, (content, problem) in cases.items():
        code, _, err = run(capsys, write(tmp_path, content, name))
        assert code == 2 and problem in err and err.count("\n") == 1, (name, err)
    code, _, err = run(capsys, tmp_path)
    assert code == 2 and "is a directory" in err


def test_one_unreadable_file_among_several_stops_the_review(
    capsys: pytest.CaptureFixture[str], dangerous: Path
) -> None:
    code, out, err = run(capsys, dangerous, PLANS / "truncated.json")
    assert code == 2 and out == "" and "truncated.json" in err


def test_an_empty_plan_and_an_outputs_only_plan_review_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = review_json(capsys, PLANS / "empty.json", PLANS / "outputs_only.json")
    empty, outputs = report["plans"]
    assert code == 0 and empty["findings"] == [] and empty["cost"]["fixed_monthly_after"] == 0
    assert outputs["summary"]["outputs_changed"] == 2
    _, out, _ = run(capsys, PLANS / "outputs_only.json")
    assert "No resource changes; 2 output changes." in out
    assert "s3cr3t-output-value" not in out


def test_moved_and_imported_resources_are_counted(capsys: pytest.CaptureFixture[str]) -> None:
    _, report = review_json(capsys, PLANS / "moved.json", PLANS / "imported.json")
    moved, imported = (plan["summary"] for plan in report["plans"])
    assert (moved["moved"], moved["no_op"], imported["imported"]) == (1, 1, 1)
    _, out, _ = run(capsys, PLANS / "moved.json")
    assert "moved `aws_s3_bucket.access_logs` → `aws_s3_bucket.logs`" in out


def test_an_unknown_resource_type_is_counted_and_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = review_json(capsys, PLANS / "unknown_type.json")
    plan = report["plans"][0]
    assert code == 0 and plan["unknown_types"] == {"aws_bedrockagent_agent": 1}
    assert plan["cost"]["not_priced"] == [
        {
            "address": "aws_bedrockagent_agent.helper",
            "type": "aws_bedrockagent_agent",
            "reason": "no price in review/prices.json",
        }
    ]


def test_the_module_entry_point_never_prints_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "review", str(PLANS / "truncated.json")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_a_bad_option_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--fail-on", "critical", str(PLANS / "empty.json")])
    assert exit_.value.code == 2 and capsys.readouterr().err.count("\n") == 1


# --fail-on-changes: what the nightly drift check (.github/workflows/drift.yml) fails on ---------------------------

VPC = {"cidr_block": "10.0.0.0/16"}


def test_fail_on_changes_passes_a_plan_with_nothing_to_do(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "--fail-on-changes", PLANS / "empty.json")[0] == 0
    unchanged = write(tmp_path, document(change("aws_vpc.main", ["no-op"], VPC, VPC)))
    assert run(capsys, "--fail-on-changes", unchanged)[:3:2] == (0, "")


def test_fail_on_changes_ignores_drift_the_configuration_ignores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Autoscaling's desired count drifts all day; `ignore_changes` keeps it out of the plan's changes."""
    service = {"name": "app", "desired_count": 2}
    drifted = change("aws_ecs_service.app", ["update"], service, {**service, "desired_count": 4})
    plan = write(
        tmp_path, document(change("aws_ecs_service.app", ["no-op"], service, service), resource_drift=[drifted])
    )
    assert run(capsys, "--fail-on-changes", plan)[0] == 0


@pytest.mark.parametrize(
    ("entry", "counted"),
    [
        (update("aws_vpc.main", VPC, {"enable_dns_hostnames": False}), "1 update"),
        (create("aws_vpc.main", VPC), "1 create"),
        (change("aws_vpc.main", ["no-op"], VPC, VPC, previous_address="aws_vpc.old"), "1 moved"),
    ],
    ids=["update", "create", "moved"],
)
def test_fail_on_changes_exits_3_naming_what_the_plan_would_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, entry: dict[str, Any], counted: str
) -> None:
    plan = write(tmp_path, document(entry))
    code, out, err = run(capsys, "--fail-on-changes", plan)
    assert code == 3
    assert f"review: {plan}: the plan is not empty ({counted}): --fail-on-changes" in err
    assert "## Plan review" in out  # the review still goes to the job summary
    assert run(capsys, plan)[0] == 0  # without the option, a clean change passes


def test_fail_on_changes_counts_output_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--fail-on-changes", PLANS / "outputs_only.json")
    assert code == 3 and "2 outputs_changed" in err


def test_a_failing_finding_still_exits_1_under_fail_on_changes(
    capsys: pytest.CaptureFixture[str], dangerous: Path
) -> None:
    code, _, err = run(capsys, "--fail-on-changes", dangerous)
    assert code == 1 and "1 update, 1 delete" in err
