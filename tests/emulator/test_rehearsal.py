"""The deploy rehearsal against moto, run once for this module exactly as `make rehearse` runs it: the cdktf CLI
synthesizes and deploys the state stack, Terraform plans every environment, applies dev's network, and a second
run is refused while the first holds the lock."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from rehearsal.emulator import running_emulator
from rehearsal.run import ROOT, Rehearsal, Report
from rehearsal.terraform import Terraform

CDKTF = ROOT / "node_modules" / ".bin" / "cdktf"


@pytest.fixture(scope="module")
def report(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    if not CDKTF.exists():
        message = "the cdktf CLI is not installed: run `make setup` (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    workdir = tmp_path_factory.mktemp("rehearsal")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # urllib3 warns on every request to moto's self-signed certificate
        with running_emulator() as emulator:
            rehearsal = Rehearsal(workdir, emulator, terraform, cdktf=CDKTF, log=lambda line: None)
            yield rehearsal.all()
    from tests.conftest import TIMINGS

    TIMINGS.update({f"rehearsal: {what}": seconds for what, seconds in rehearsal.report.timings.items()})


def test_the_cdktf_cli_synthesized_and_deployed_the_state_stack(report: Report) -> None:
    assert report.synthesized_by == "cdktf synth"
    assert report.state_deployed_by == "cdktf deploy state"


def test_state_bucket_is_versioned_encrypted_and_private(report: Report) -> None:
    bucket = report.state_bucket
    assert bucket["versioning"] == "Enabled"
    assert bucket["encryption"] == "aws:kms"
    assert all(bucket["public_access_block"].values()) and len(bucket["public_access_block"]) == 4


def test_state_bucket_refuses_requests_without_tls(report: Report) -> None:
    assert report.state_bucket["tls_only_policy"]["denies_plain_http"] is True
    assert report.state_bucket["tls_only_policy"]["enforced_by_emulator"] is True


def test_lock_table_has_the_terraform_key_and_recovery(report: Report) -> None:
    table = report.lock_table
    assert table["key_schema"] == [{"AttributeName": "LockID", "KeyType": "HASH"}]
    assert table["billing_mode"] == "PAY_PER_REQUEST"
    assert table["point_in_time_recovery"] == "ENABLED"


def test_every_environment_was_planned_and_saved_as_json(report: Report) -> None:
    assert set(report.plans) == {"lightsail", "dev", "prod"}
    for stack, path in report.plans.items():
        plan = json.loads(Path(path).read_text())
        creates = [c for c in plan["resource_changes"] if c["change"]["actions"] == ["create"]]
        assert creates, stack
        assert not [c for c in plan["resource_changes"] if "delete" in c["change"]["actions"]], stack


def test_prod_plans_more_than_dev(report: Report) -> None:
    assert report.planned_actions["prod"]["create"] > report.planned_actions["dev"]["create"]


def test_dev_network_was_applied_and_its_state_written_to_the_bucket(report: Report) -> None:
    assert any(address.startswith("aws_vpc.") for address in report.applied)
    assert sum(address.startswith("aws_subnet.") for address in report.applied) == 4
    state = report.state_object
    assert state["key"] == "mission-control/dev/terraform.tfstate"
    assert state["size_bytes"] > 0 and state["versions"] >= 1
    assert state["resources"] >= len(report.applied)
    assert state["lock_table_digest"], "Terraform records the state's checksum in the lock table"


def test_both_locks_are_taken_while_a_run_holds_the_state(report: Report) -> None:
    held = report.lock_while_held
    assert held["dynamodb_lock"]["Operation"] == "OperationTypeApply"
    assert held["dynamodb_lock"]["Path"].endswith("mission-control/dev/terraform.tfstate")
    assert held["s3_lockfile"] == ["mission-control/dev/terraform.tfstate.tflock"]


def test_a_second_run_is_refused_while_the_lock_is_held(report: Report) -> None:
    assert report.second_run["exit_code"] != 0
    assert report.second_run["refused"] is True


def test_state_is_intact_and_the_lock_released_afterwards(report: Report) -> None:
    after = report.after_lock_test
    assert after["lock_released"] is True
    assert after["state_unchanged"] is True
    assert after["resources"] == report.state_object["resources"]
