"""A restore rehearsed end to end against moto: dev's database and its URL secret are applied from the synthesized
dev stack, snapshotted (`ops.snapshot`), restored into a new instance beside it (`ops.restore`), checked, and adopted
by the stack (`adopt_database_identifier` + `terraform state rm`): the next plan imports it and replaces nothing but
the URL secret's version,
the apply succeeds, and the URL secret names the new host while the old instance is still there, untouched.

Only the database and its URL secret (and what they depend on) are applied (`-target`): the rest of dev plays no
part in a restore and would triple the time. The connection check cannot be made against moto (its endpoints do
not resolve): the test asserts that it is reported as not made, with the command that makes it from inside the VPC.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from environments import load
from environments.settings import Settings
from ops import restore, snapshot
from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from review.cli import main as review_main
from stacks.emulator import emulator_provider_arguments

SOURCE = "mission-control-dev"
URL_VERSION = "aws_secretsmanager_secret_version.database_url_version"
TARGETS = ("-target=aws_db_instance.database", f"-target={URL_VERSION}")
WHEN = datetime(2026, 12, 6, 2, 10, 0, tzinfo=UTC)
RESTORED = f"{SOURCE}-20261206-0210"


def adopting(settings: Settings, identifier: str) -> Settings:
    return dataclasses.replace(settings, adopt_database_identifier=identifier)


def url_secret(emulator: Emulator) -> str:
    value: str = emulator.client("secretsmanager").get_secret_value(SecretId=f"{SOURCE}/database-url")["SecretString"]
    return value


def plan_json(terraform: Terraform, folder: Path, name: str) -> Path:
    terraform.run(folder, "plan", "-input=false", "-no-color", "-out=switch.tfplan", *TARGETS)
    out = folder / name
    out.write_text(terraform.run(folder, "show", "-json", "switch.tfplan").stdout)
    return out


def review(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    review_main(["--format", "json", "--fail-on", "never", str(path)])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)["plans"][0]
    return report


@pytest.fixture(scope="module")
def rehearsal(
    terraform: Terraform,
    synth_settings: Callable[[Settings], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """Everything up to the restore's checks; the tests then take the switch one step each, in order."""
    folder = tmp_path_factory.mktemp("restore") / "dev"
    shutil.copytree(synth_settings(load("dev", env={})), folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as emulator:
            override = {
                "provider": {"aws": emulator_provider_arguments(emulator.url)},
                "terraform": {"backend": {"local": {"path": str(folder / "terraform.tfstate")}}},
            }
            (folder / "emulator_override.tf.json").write_text(json.dumps(override))
            timings: dict[str, float] = {}
            start = time.perf_counter()
            terraform.run(folder, "init", "-input=false", "-no-color")
            terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color", *TARGETS)
            timings["apply dev's database"] = time.perf_counter() - start
            yield {"emulator": emulator, "folder": folder, "terraform": terraform, "timings": timings}
    from tests.conftest import TIMINGS

    TIMINGS.update({f"restore rehearsal: {what}": seconds for what, seconds in timings.items()})


def test_1_a_snapshot_of_devs_database_is_taken(rehearsal: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    emulator = rehearsal["emulator"]
    assert SOURCE in url_secret(emulator)
    argv = ["--instance", SOURCE, "--label", "rehearsal", "--region", "us-east-1"]
    assert snapshot.main(argv, clients=emulator.client, sleep=lambda s: None, now=lambda: WHEN, env={}) == 0
    rehearsal["snapshot"] = capsys.readouterr().out.splitlines()[-1].removeprefix("snapshot: ")
    assert rehearsal["snapshot"] == f"{SOURCE}-rehearsal-20261206-021000"


def test_2_it_is_restored_beside_the_running_instance_and_checked(
    rehearsal: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    emulator = rehearsal["emulator"]
    argv = ["dev", "--instance", SOURCE, "--snapshot", rehearsal["snapshot"], "--region", "us-east-1"]
    assert restore.main(argv, clients=emulator.client, sleep=lambda s: None, now=lambda: WHEN) == 0
    out = capsys.readouterr().out
    for check in ("status", "engine", "encryption", "parameter group", "network"):
        assert f"check {check}: ok" in out, out
    assert "check connection: not made here" in out and "python -m ops.migrate dev --command" in out
    assert f'adopt_database_identifier="{RESTORED}"' in out
    assert "terraform -chdir=cdktf.out/stacks/dev state rm aws_db_instance.database" in out
    assert out.splitlines()[-1] == f"restored: {RESTORED}"
    rds = emulator.client("rds")
    source, restored = (rds.describe_db_instances(DBInstanceIdentifier=i)["DBInstances"][0] for i in (SOURCE, RESTORED))
    # The same key, network and parameter group as the stack's instance: what the adopting plan expects to find.
    for key in ("KmsKeyId", "DBSubnetGroup", "VpcSecurityGroups", "DBInstanceClass", "Engine"):
        assert restored[key] == source[key], key
    assert (
        restored["DBParameterGroups"][0]["DBParameterGroupName"]
        == source["DBParameterGroups"][0]["DBParameterGroupName"]
    )


def test_3_adopting_it_while_terraform_still_holds_the_old_one_is_a_high_finding(
    rehearsal: dict[str, Any], synth_settings: Callable[[Settings], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, terraform = rehearsal["folder"], rehearsal["terraform"]
    adopted = synth_settings(adopting(load("dev", env={}), RESTORED))
    shutil.copy(adopted / "cdk.tf.json", folder / "cdk.tf.json")
    report = review(plan_json(terraform, folder, "too-early.json"), capsys)
    renames = [f for f in report["findings"] if f["attribute"] == "identifier"]
    assert [(f["severity"], f["before"], f["after"]) for f in renames] == [("high", SOURCE, RESTORED)]


def test_4_after_state_rm_the_plan_imports_it_and_replaces_nothing(
    rehearsal: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, terraform = rehearsal["folder"], rehearsal["terraform"]
    terraform.run(folder, "state", "rm", "aws_db_instance.database")
    start = time.perf_counter()
    report = review(plan_json(terraform, folder, "switch.json"), capsys)
    rehearsal["timings"]["plan the switch"] = time.perf_counter() - start
    plan = json.loads((folder / "switch.json").read_text())
    actions = {c["address"]: c["change"]["actions"] for c in plan["resource_changes"]}
    assert actions["aws_db_instance.database"] in (["update"], ["no-op"])
    imported = next(c for c in plan["resource_changes"] if c["address"] == "aws_db_instance.database")
    assert imported["change"].get("importing", {}).get("id") == RESTORED
    # A new secret version with the new host (the stack writes every new URL value as a new version).
    assert "create" in actions[URL_VERSION]
    assert [a for a, act in actions.items() if "delete" in act and a != URL_VERSION] == [], actions
    assert [f for f in report["findings"] if f["severity"] == "high"] == []
    assert report["summary"]["imported"] == 1


def test_5_the_switch_applies_and_the_url_secret_follows_the_new_host(rehearsal: dict[str, Any]) -> None:
    emulator, folder, terraform = rehearsal["emulator"], rehearsal["folder"], rehearsal["terraform"]
    start = time.perf_counter()
    terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color", "switch.tfplan")
    rehearsal["timings"]["apply the switch"] = time.perf_counter() - start
    state = json.loads(terraform.run(folder, "show", "-json").stdout)["values"]["root_module"]["resources"]
    database = next(r for r in state if r["address"] == "aws_db_instance.database")["values"]
    assert database["identifier"] == RESTORED
    # Its own final snapshot name: a later destroy of the adopted instance keeps a snapshot, as for the original.
    assert (database["final_snapshot_identifier"], database["skip_final_snapshot"]) == (f"{RESTORED}-final", False)
    assert f"@{database['address']}:" in url_secret(emulator) and RESTORED in url_secret(emulator)
    # The old instance is untouched, outside Terraform: retired by hand with a final snapshot (runbook).
    old = emulator.client("rds").describe_db_instances(DBInstanceIdentifier=SOURCE)["DBInstances"][0]
    assert old["DBInstanceStatus"] == "available"
