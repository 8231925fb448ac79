"""The restore's pure parts without AWS: names, times, the checks on a restored instance, and the switch setting."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from environments import load
from modules.validation import InvalidSetting
from ops.aws import EXIT_USAGE, OpsError
from ops.restore import Check, checks, parse_time, target_name

NOW = datetime(2026, 12, 6, 2, 10, 59, tzinfo=UTC)
KEY = "arn:aws:kms:us-east-1:123456789012:key/1111"
RUNNING: dict[str, Any] = {
    "DBInstanceIdentifier": "mission-control-prod",
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
