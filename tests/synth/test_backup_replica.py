"""Cross-region copies of the database's automated backups (`backup_replica_region`): off by default, and when set,
one replication resource in a provider of that region with the key there; bad combinations refused without a synth."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from environments import load
from environments.settings import Settings
from modules.validation import InvalidSetting
from rehearsal.terraform import Terraform

KEY = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def replicated(region: str | None = "us-west-2", key: str | None = KEY, name: str = "prod") -> Settings:
    return dataclasses.replace(load(name, env={}), backup_replica_region=region, backup_replica_kms_key_arn=key)


@pytest.fixture(scope="module")
def prod_replicated(synth_settings: Callable[[Settings], Path]) -> Path:
    return synth_settings(replicated())


def config(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "cdk.tf.json").read_text())
    return loaded


def test_no_environment_copies_its_backups_by_default(stack_dir: Callable[[str], Path]) -> None:
    for name in ("dev", "prod"):
        resources = config(stack_dir(name))["resource"]
        assert "aws_db_instance_automated_backups_replication" not in resources, name


def test_the_copy_is_made_in_the_named_region_with_the_key_there(prod_replicated: Path) -> None:
    stack = config(prod_replicated)
    (replication,) = stack["resource"]["aws_db_instance_automated_backups_replication"].values()
    assert replication["source_db_instance_arn"] == "${aws_db_instance.database.arn}"
    assert replication["kms_key_id"] == KEY
    assert replication["retention_period"] == load("prod", env={}).ecs.database.backup_retention_days  # type: ignore[union-attr]
    providers = {p.get("alias", "default"): p["region"] for p in stack["provider"]["aws"]}
    assert providers == {"default": "us-east-1", "backup_replica": "us-west-2"}
    assert replication["provider"] == "aws.backup_replica"


def test_the_stack_with_a_copy_is_valid_terraform(prod_replicated: Path, terraform: Terraform) -> None:
    report = terraform.validate(prod_replicated)
    assert report["valid"], json.dumps(report["diagnostics"], indent=1)


@pytest.mark.parametrize(
    ("region", "key", "message"),
    [
        ("us-west-2", None, "backup_replica_kms_key_arn.*both a region and a KMS key"),
        (None, KEY, "backup_replica_region.*both a region and a KMS key"),
        ("us-east-1", KEY.replace("us-west-2", "us-east-1"), "environment's own region"),
        ("us-west-2", KEY.replace("us-west-2", "us-east-1"), "a KMS key ARN in us-west-2"),
        ("us-westt-2", KEY, "backup_replica_region"),
    ],
)
def test_a_bad_combination_is_refused_naming_the_setting(region: str | None, key: str | None, message: str) -> None:
    with pytest.raises(InvalidSetting, match=message):
        replicated(region, key)


def test_lightsail_has_no_backups_to_copy() -> None:
    lightsail = load("lightsail", env={})
    with pytest.raises(InvalidSetting, match="only an ECS environment"):
        dataclasses.replace(lightsail, backup_replica_region="us-west-2", backup_replica_kms_key_arn=KEY)
