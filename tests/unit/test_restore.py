"""The restore's pure parts without AWS: names, times, the checks on a restored instance, and the switch setting."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from environments import load
from modules.validation import InvalidSetting
from ops.aws import EXIT_USAGE, OpsError
from ops.restore import Check, checks, main, parse_time, target_name

NOW = datetime(2026, 12, 6, 2, 10, 59, tzinfo=UTC)
KEY = "arn:aws:kms:us-east-1:123456789012:key/1111"
RUNNING: dict[str, Any] = {
    "DBInstanceIdentifier": "mission-control-prod",
    "DBInstanceClass": "db.t3.small",
    "DBInstanceStatus": "available",
    "Engine": "postgres",
    "EngineVersion": "16.4",
    "StorageEncrypted": True,
    "KmsKeyId": KEY,
    "DBParameterGroups": [
        {"DBParameterGroupName": "mission-control-prod-postgres16", "ParameterApplyStatus": "in-sync"}
    ],
    "DBSubnetGroup": {"DBSubnetGroupName": "mission-control-prod-database"},
    "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-db"}],
    "PubliclyAccessible": False,
    "Endpoint": {"Address": "mission-control-prod.x.us-east-1.rds.amazonaws.com", "Port": 5432},
}


def reachable(host: str, port: int, timeout: float) -> None:
    return None


def unreachable(host: str, port: int, timeout: float) -> None:
    raise TimeoutError("timed out")


def verdicts(restored: dict[str, Any], connect: Any = reachable) -> dict[str, bool | None]:
    found: list[Check] = checks(restored, RUNNING, connect, "python -m ops.migrate prod --command ...")
    return {check.name: check.ok for check in found}


def test_a_faithful_restore_passes_every_check() -> None:
    restored = {**RUNNING, "DBInstanceIdentifier": "mission-control-prod-20261206-0210", "EngineVersion": "16.6"}
    assert set(verdicts(restored).values()) == {True}


@pytest.mark.parametrize(
    ("change", "failed"),
    [
        ({"DBInstanceStatus": "storage-optimization"}, "status"),
        ({"EngineVersion": "15.8"}, "engine"),
        ({"KmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/other"}, "encryption"),
        ({"StorageEncrypted": False}, "encryption"),
        ({"DBParameterGroups": [{"DBParameterGroupName": "default.postgres16"}]}, "parameter group"),
        ({"VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-default"}]}, "network"),
        ({"PubliclyAccessible": True}, "network"),
    ],
)
def test_each_difference_fails_its_own_check(change: dict[str, Any], failed: str) -> None:
    found = verdicts({**RUNNING, **change})
    assert [name for name, ok in found.items() if ok is False] == [failed]


def test_a_connection_that_cannot_be_made_from_here_is_reported_not_failed() -> None:
    found = checks(RUNNING, RUNNING, unreachable, "python -m ops.migrate prod --command X")
    connection = next(check for check in found if check.name == "connection")
    assert connection.ok is None and "python -m ops.migrate prod --command X" in connection.detail


def test_the_new_name_carries_the_time_and_replaces_an_earlier_restores() -> None:
    assert target_name("mission-control-prod", NOW) == "mission-control-prod-20261206-0210"
    assert target_name("mission-control-prod-20261101-0900", NOW) == "mission-control-prod-20261206-0210"
    with pytest.raises(OpsError, match="--target"):
        target_name("a" * 55, NOW)


def test_a_time_needs_its_zone() -> None:
    assert parse_time("2026-12-06T01:30:00Z") == datetime(2026, 12, 6, 1, 30, tzinfo=UTC)
    assert parse_time("latest") is None
    with pytest.raises(OpsError, match="2026-12-06T01:30:00Z") as error:
        parse_time("2026-12-06 01:30")
    assert error.value.exit_code == EXIT_USAGE


def test_the_switch_setting_takes_an_rds_identifier_of_an_ecs_environment_only() -> None:
    prod, lightsail = load("prod", env={}), load("lightsail", env={})
    dataclasses.replace(prod, adopt_database_identifier="mission-control-prod-20261206-0210")
    with pytest.raises(InvalidSetting, match=r"adopt_database_identifier.*'Mission_Control'.*for example"):
        dataclasses.replace(prod, adopt_database_identifier="Mission_Control")
    with pytest.raises(InvalidSetting, match="only an ECS environment"):
        dataclasses.replace(lightsail, adopt_database_identifier="mission-control-lightsail-x")


class FakeRds:
    """Answers in RDS's shape: the running instance, one snapshot, and a restored instance as `restored` says."""

    def __init__(self, restored: dict[str, Any], running: dict[str, Any] = RUNNING) -> None:
        self.restored, self.running = restored, running
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def describe_db_instances(self, DBInstanceIdentifier: str) -> dict[str, Any]:
        found = self.running if DBInstanceIdentifier == self.running["DBInstanceIdentifier"] else self.restored
        return {"DBInstances": [found]}

    def describe_db_snapshots(self, DBSnapshotIdentifier: str) -> dict[str, Any]:
        return {"DBSnapshots": [{"DBSnapshotIdentifier": DBSnapshotIdentifier, "Status": "available"}]}

    def restore_db_instance_from_db_snapshot(self, **arguments: Any) -> None:
        self.calls.append(("snapshot", arguments))

    def restore_db_instance_to_point_in_time(self, **arguments: Any) -> None:
        self.calls.append(("time", arguments))


def run(rds: FakeRds, *argv: str) -> int:
    return main(
        ["--instance", "mission-control-prod", "--region", "us-east-1", *argv],
        clients=lambda service: rds,
        sleep=lambda seconds: None,
        now=lambda: NOW,
        connect=unreachable,
    )


def test_the_restore_asks_for_the_running_instances_placement_and_no_public_access(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = {
        **RUNNING,
        "DBInstanceClass": "db.t3.small",
        "MultiAZ": True,
        "DeletionProtection": True,
        "IAMDatabaseAuthenticationEnabled": True,
        "EnabledCloudwatchLogsExports": ["postgresql", "upgrade"],
    }
    rds = FakeRds({**source, "DBInstanceIdentifier": "mission-control-prod-20261206-0210"}, running=source)
    assert run(rds, "--snapshot", "snap-1") == 0
    ((kind, arguments),) = rds.calls
    assert kind == "snapshot" and arguments["DBInstanceIdentifier"] == "mission-control-prod-20261206-0210"
    assert arguments["DBSnapshotIdentifier"] == "snap-1"
    assert arguments["DBSubnetGroupName"] == "mission-control-prod-database"
    assert arguments["VpcSecurityGroupIds"] == ["sg-db"]
    assert arguments["DBParameterGroupName"] == "mission-control-prod-postgres16"
    assert (arguments["DBInstanceClass"], arguments["MultiAZ"], arguments["PubliclyAccessible"]) == (
        "db.t3.small",
        True,
        False,
    )
    out = capsys.readouterr().out
    assert "--no-deletion-protection" in out  # prod's old instance is protected: retiring it says so


def test_a_failed_check_exits_1_and_says_how_to_delete_the_protected_instance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rds = FakeRds({**RUNNING, "DeletionProtection": True, "KmsKeyId": "arn:aws:kms:us-east-1:1:key/other"})
    assert "DeletionProtection" not in RUNNING
    assert run(rds, "--snapshot", "snap-1") == 1
    err = capsys.readouterr().err
    assert "failed the checks: encryption" in err
    assert "--no-deletion-protection" in err and "delete-db-instance" in err


def test_a_time_after_the_latest_restorable_time_is_refused_before_any_restore(
    capsys: pytest.CaptureFixture[str],
) -> None:
    running = {**RUNNING, "LatestRestorableTime": datetime(2026, 12, 6, 2, 5, tzinfo=UTC)}
    rds = FakeRds(running, running=running)
    assert run(rds, "--to-time", "2026-12-06T02:09:00Z") == EXIT_USAGE
    assert "--to-time 2026-12-06T02:09:00Z is after the latest restorable time" in capsys.readouterr().err
    assert rds.calls == []
    assert run(rds, "--to-time", "latest") == 0
    assert rds.calls[0][1]["UseLatestRestorableTime"] is True
