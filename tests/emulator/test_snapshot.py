"""`python -m ops.snapshot` against moto: a named manual snapshot by hand, and only what the plan review lists."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ops import snapshot
from ops.aws import EXIT_USAGE, OpsError
from rehearsal.emulator import Emulator, running_emulator
from review.report import to_json
from tests.review.builders import create, document, reviewed, update
from tests.review.test_findings import DATABASE

INSTANCE = "mc-snap"
WHEN = datetime(2026, 12, 6, 1, 45, 7, tzinfo=UTC)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as running:
            running.client("rds").create_db_instance(
                DBInstanceIdentifier=INSTANCE,
                DBInstanceClass="db.t3.micro",
                Engine="postgres",
                EngineVersion="16.4",
                AllocatedStorage=20,
                MasterUsername="mission_control",
                MasterUserPassword="not-a-real-one-1",
                StorageEncrypted=True,
            )
            yield running


def run(emulator: Emulator, *argv: str, env: dict[str, str] | None = None) -> int:
    return snapshot.main(list(argv), clients=emulator.client, sleep=lambda s: None, now=lambda: WHEN, env=env or {})


def snapshots(emulator: Emulator) -> dict[str, dict[str, Any]]:
    found = emulator.client("rds").describe_db_snapshots(DBInstanceIdentifier=INSTANCE, SnapshotType="manual")
    return {s["DBSnapshotIdentifier"]: s for s in found["DBSnapshots"]}


def review_file(tmp_path: Path, *changes: dict[str, Any]) -> Path:
    path = tmp_path / "review.json"
    path.write_text(to_json([reviewed(document(*changes))], ()))
    return path


def test_a_snapshot_by_hand_is_named_after_the_run_and_waited_for(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_STEP_SUMMARY": str(summary)}
    assert run(emulator, "--instance", INSTANCE, "--region", "us-east-1", env=env) == 0
    expected = f"{INSTANCE}-run4242-2-20261206-014507"
    assert capsys.readouterr().out.splitlines()[-1] == f"snapshot: {expected}"
    taken = snapshots(emulator)[expected]
    assert taken["Status"] == "available" and taken["SnapshotType"] == "manual"
    tags = emulator.client("rds").list_tags_for_resource(ResourceName=taken["DBSnapshotArn"])["TagList"]
    assert {"Key": "label", "Value": "run4242-2"} in tags
    assert f"`{expected}` of `{INSTANCE}`" in summary.read_text()


def test_a_plan_that_updates_the_database_snapshots_it_first(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    resized = update(
        "aws_db_instance.database", {**DATABASE, "identifier": INSTANCE}, {"instance_class": "db.t3.medium"}
    )
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    assert run(emulator, "--if-review", str(review_file(tmp_path, resized)), "--label", "deploy", env=env) == 0
    expected = f"{INSTANCE}-deploy-20261206-014507"
    assert expected in snapshots(emulator)
    assert capsys.readouterr().out.splitlines()[-1] == f"snapshot: {expected}"
    assert "update of `aws_db_instance.database` (instance_class)" in summary.read_text()


def test_a_plan_that_leaves_the_database_alone_takes_none(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = set(snapshots(emulator))
    retagged = update("aws_db_instance.database", {**DATABASE, "identifier": INSTANCE}, {"tags": {"Team": "x"}})
    network = create("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    assert run(emulator, "--if-review", str(review_file(tmp_path, retagged, network)), "--label", "x", env=env) == 0
    assert set(snapshots(emulator)) == before
    assert "no database" in capsys.readouterr().out and "none needed" in summary.read_text()


def test_a_missing_instance_fails_with_its_name(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(emulator, "--instance", "mc-nowhere", "--label", "x") == 1
    assert "cannot snapshot mc-nowhere" in capsys.readouterr().err


def test_bad_input_names_the_flag_and_the_fix(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(emulator, "--instance", INSTANCE, "--label", "Before_Upgrade") == EXIT_USAGE
    assert "--label 'Before_Upgrade'" in capsys.readouterr().err
    not_a_review = tmp_path / "plan.json"
    not_a_review.write_text(json.dumps(document()))
    assert run(emulator, "--if-review", str(not_a_review)) == EXIT_USAGE
    assert "python -m review --format json" in capsys.readouterr().err


def test_the_instance_is_read_from_the_endpoint_output() -> None:
    endpoint = "mission-control-prod.c9akciq32.eu-west-1.rds.amazonaws.com:5432"
    assert snapshot.instance_from_endpoint(endpoint) == "mission-control-prod"
    with pytest.raises(OpsError, match="not an RDS endpoint"):
        snapshot.instance_from_endpoint("localhost:5432")
