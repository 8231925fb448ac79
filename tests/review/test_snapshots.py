"""Which databases a plan touches (`database_changes`): what a deploy snapshots before it applies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from review.cli import main
from tests.review.builders import change, create, delete, document, reviewed, update, write
from tests.review.test_findings import DATABASE


def touched(*changes: dict[str, Any]) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    return [(d.address, d.action, d.identifier, d.attributes) for d in reviewed(document(*changes)).database_changes]


def test_any_update_of_the_instance_is_listed_with_the_attributes_it_changes() -> None:
    resized = update("aws_db_instance.database", DATABASE, {"instance_class": "db.t3.medium", "multi_az": False})
    assert touched(resized) == [("aws_db_instance.database", "update", "mc-prod", ("instance_class", "multi_az"))]


def test_an_update_that_is_no_finding_is_still_listed() -> None:
    """An engine upgrade is no risk the findings report, but a failed one is only undone from a snapshot."""
    upgraded = update("aws_db_instance.database", {**DATABASE, "engine_version": "16.4"}, {"engine_version": "17.2"})
    review = reviewed(document(upgraded))
    assert review.findings == []
    assert [(d.address, d.attributes) for d in review.database_changes] == [
        ("aws_db_instance.database", ("engine_version",))
    ]


def test_a_value_known_only_after_apply_counts_as_a_change() -> None:
    moved = update(
        "aws_db_instance.database",
        DATABASE,
        {"parameter_group_name": None},
        after_unknown={"parameter_group_name": True},
    )
    assert touched(moved)[0][3] == ("parameter_group_name",)


def test_replacements_and_deletions_are_listed_without_attributes() -> None:
    replaced = change(
        "aws_db_instance.database",
        ["delete", "create"],
        DATABASE,
        {**DATABASE, "kms_key_id": "arn:aws:kms:us-east-1:1:key/k"},
        replace_paths=[["kms_key_id"]],
    )
    deleted = delete("aws_db_instance.old", {**DATABASE, "identifier": "mc-old"})
    assert touched(replaced, deleted) == [
        ("aws_db_instance.database", "replace", "mc-prod", ()),
        ("aws_db_instance.old", "delete", "mc-old", ()),
    ]


def test_tag_only_updates_creates_and_other_types_are_not_listed() -> None:
    retagged = update("aws_db_instance.database", DATABASE, {"tags": {"Team": "core"}, "tags_all": {"Team": "core"}})
    created = create("aws_db_instance.new", DATABASE)
    bucket = delete("aws_s3_bucket.data", {"bucket": "data"})
    assert touched(retagged, created, bucket) == []


def test_an_imported_database_is_listed_under_its_own_name() -> None:
    adopted = {**DATABASE, "identifier": "mc-prod-restored"}
    imported = update("aws_db_instance.database", adopted, {"backup_retention_period": 14}, importing={"id": "x"})
    assert touched(imported)[0][:3] == ("aws_db_instance.database", "update", "mc-prod-restored")


def test_clusters_and_lightsail_databases_are_listed_with_their_snapshot_command() -> None:
    cluster = update(
        "aws_rds_cluster.main", {"cluster_identifier": "mc-aurora", "engine_version": "15"}, {"engine_version": "16"}
    )
    lightsail = update(
        "aws_lightsail_database.db",
        {"relational_database_name": "mc-ls", "bundle_id": "micro_2_0"},
        {"bundle_id": "small_2_0"},
    )
    commands = [d.snapshot_command for d in reviewed(document(cluster, lightsail)).database_changes]
    assert commands == [
        "aws rds create-db-cluster-snapshot --db-cluster-identifier mc-aurora",
        "aws lightsail create-relational-database-snapshot --relational-database-name mc-ls",
    ]


def test_the_json_lists_them_per_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    resized = update("aws_db_instance.database", DATABASE, {"instance_class": "db.t3.medium"})
    quiet = create("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})
    files = [write(tmp_path, document(resized), "db.json"), write(tmp_path, document(quiet), "vpc.json")]
    assert main(["--format", "json", *map(str, files)]) == 0  # no finding: the deploy goes on, after a snapshot
    plans = json.loads(capsys.readouterr().out)["plans"]
    assert plans[0]["database_changes"] == [
        {
            "address": "aws_db_instance.database",
            "type": "aws_db_instance",
            "action": "update",
            "identifier": "mc-prod",
            "attributes": ["instance_class"],
        }
    ]
    assert plans[1]["database_changes"] == []


def test_the_markdown_names_the_database_and_the_snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    resized = update("aws_db_instance.database", DATABASE, {"instance_class": "db.t3.medium"})
    main([str(write(tmp_path, document(resized)))])
    out = capsys.readouterr().out
    assert "### Databases touched: snapshot before apply" in out
    assert "- update `aws_db_instance.database`: instance_class" in out
    assert "aws rds create-db-snapshot --db-instance-identifier mc-prod" in out
