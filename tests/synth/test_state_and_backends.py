"""The `state` bootstrap stack, the three backends, and emulator mode leaving production untouched."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from environments import ENVIRONMENTS
from tests.support import tfjson

EMULATOR = {"MC_EMULATOR_ENDPOINT": "https://127.0.0.1:4566"}


@pytest.fixture(scope="module")
def state(stack_dir: Callable[[str], Path]) -> tfjson.TfJson:
    return tfjson.load(stack_dir("state") / "cdk.tf.json")


def test_state_stack_keeps_its_own_state_locally(state: tfjson.TfJson) -> None:
    assert set(state["terraform"]["backend"]) == {"local"}


def test_state_bucket_is_versioned_kms_encrypted_private_and_kept(state: tfjson.TfJson) -> None:
    bucket = tfjson.one(state, "aws_s3_bucket")
    assert bucket["lifecycle"]["prevent_destroy"] is True
    assert bucket.get("force_destroy") is False
    assert tfjson.one(state, "aws_s3_bucket_versioning")["versioning_configuration"]["status"] == "Enabled"
    (rule,) = tfjson.one(state, "aws_s3_bucket_server_side_encryption_configuration")["rule"]
    assert rule["apply_server_side_encryption_by_default"]["sse_algorithm"] == "aws:kms"
    assert rule["apply_server_side_encryption_by_default"]["kms_master_key_id"].startswith("${aws_kms_key.")
    block = tfjson.one(state, "aws_s3_bucket_public_access_block")
    assert all(
        block[k] is True
        for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )


def test_state_bucket_denies_requests_without_tls(state: tfjson.TfJson) -> None:
    policy = json.loads(tfjson.one(state, "aws_s3_bucket_policy")["policy"])
    (deny,) = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert deny["Action"] == "s3:*" and deny["Principal"] == "*"


def test_old_state_versions_expire(state: tfjson.TfJson) -> None:
    (rule,) = tfjson.one(state, "aws_s3_bucket_lifecycle_configuration")["rule"]
    assert rule["status"] == "Enabled"
    assert rule["noncurrent_version_expiration"][0]["noncurrent_days"] >= 30


def test_lock_table_is_on_demand_recoverable_encrypted_and_kept(state: tfjson.TfJson) -> None:
    table = tfjson.one(state, "aws_dynamodb_table")
    assert table["hash_key"] == "LockID"
    assert table["attribute"] == [{"name": "LockID", "type": "S"}]
    assert table["billing_mode"] == "PAY_PER_REQUEST"
    assert table["point_in_time_recovery"]["enabled"] is True
    assert table["server_side_encryption"]["enabled"] is True
    assert table["lifecycle"]["prevent_destroy"] is True
    assert table["deletion_protection_enabled"] is True


def test_state_outputs_are_exactly_what_the_environments_use(
    state: tfjson.TfJson, stack_dir: Callable[[str], Path]
) -> None:
    bucket = tfjson.one(state, "aws_s3_bucket")["bucket"]
    table = tfjson.one(state, "aws_dynamodb_table")["name"]
    assert state["output"]["state_bucket"]["value"].startswith("${aws_s3_bucket.")
    region = state["output"]["state_region"]["value"]
    for name in ENVIRONMENTS:
        backend = tfjson.load(stack_dir(name) / "cdk.tf.json")["terraform"]["backend"]["s3"]
        assert (backend["bucket"], backend["dynamodb_table"], backend["region"]) == (bucket, table, region)


def test_every_backend_encrypts_state_with_the_state_stacks_key(
    state: tfjson.TfJson, stack_dir: Callable[[str], Path]
) -> None:
    """By the alias the state stack creates for its key: not AES256, which `encrypt` alone asks for."""
    alias = tfjson.one(state, "aws_kms_alias")
    key = tfjson.one(state, "aws_kms_key")
    assert alias["target_key_id"].startswith("${aws_kms_key.") and key["enable_key_rotation"] is True
    for name in ENVIRONMENTS:
        backend = tfjson.load(stack_dir(name) / "cdk.tf.json")["terraform"]["backend"]["s3"]
        assert backend["encrypt"] is True
        assert backend["kms_key_id"] == alias["name"], (name, backend)


def test_every_stack_requires_terraform_1_11(stack_dir: Callable[[str], Path]) -> None:
    for name in ("state", *ENVIRONMENTS):
        assert tfjson.load(stack_dir(name) / "cdk.tf.json")["terraform"]["required_version"] == ">= 1.11.0"


def test_cloud_backend_replaces_s3_and_drops_the_state_stack(synth_app: Callable[[dict[str, str]], Path]) -> None:
    stacks = synth_app({"MC_STATE_BACKEND": "cloud", "MC_TFC_ORGANIZATION": "acme"})
    assert sorted(p.name for p in stacks.iterdir()) == sorted(ENVIRONMENTS)
    for name in ENVIRONMENTS:
        terraform = tfjson.load(stacks / name / "cdk.tf.json")["terraform"]
        assert "backend" not in terraform
        assert terraform["cloud"]["organization"] == "acme"
        assert terraform["cloud"]["hostname"] == "app.terraform.io"
        assert terraform["cloud"]["workspaces"] == {"name": f"mission-control-{name}"}


def test_cloud_backend_with_tags(synth_app: Callable[[dict[str, str]], Path]) -> None:
    stacks = synth_app(
        {"MC_STATE_BACKEND": "cloud", "MC_TFC_ORGANIZATION": "acme", "MC_TFC_WORKSPACE_TAGS": "mission-control"}
    )
    selected = {
        name: tfjson.load(stacks / name / "cdk.tf.json")["terraform"]["cloud"]["workspaces"]["tags"]
        for name in ("lightsail", "dev", "prod")
    }
    assert selected["prod"] == ["mission-control", "prod"]
    # Each stack selects only workspaces tagged with its environment: dev never selects prod's.
    for name, tags in selected.items():
        others = [set(t) for n, t in selected.items() if n != name]
        assert all(not set(tags) <= other for other in others), selected


def test_local_backend(synth_app: Callable[[dict[str, str]], Path]) -> None:
    stacks = synth_app({"MC_STATE_BACKEND": "local"})
    backend = tfjson.load(stacks / "dev" / "cdk.tf.json")["terraform"]["backend"]
    assert backend == {"local": {"path": "terraform.dev.tfstate"}}


def without_redirections(stack: tfjson.TfJson) -> dict[str, Any]:
    """The stack without its provider and backend blocks, and without cdktf's metadata that lists overrides."""
    copy: dict[str, Any] = json.loads(json.dumps(stack))
    copy.pop("provider")
    copy.pop("//", None)
    copy["terraform"].pop("backend", None)
    return copy


@pytest.mark.parametrize("name", ["state", *ENVIRONMENTS])
def test_emulator_mode_changes_only_the_provider_and_backend(
    name: str, stack_dir: Callable[[str], Path], synth_app: Callable[[dict[str, str]], Path]
) -> None:
    production = tfjson.load(stack_dir(name) / "cdk.tf.json")
    emulated = tfjson.load(synth_app(EMULATOR) / name / "cdk.tf.json")
    assert without_redirections(emulated) == without_redirections(production)
    assert emulated["provider"]["aws"][0]["endpoints"][0]["s3"] == EMULATOR["MC_EMULATOR_ENDPOINT"]
    if "s3" in production["terraform"]["backend"]:
        assert emulated["terraform"]["backend"]["s3"]["endpoints"]["s3"] == EMULATOR["MC_EMULATOR_ENDPOINT"]


@pytest.mark.parametrize("name", ["state", *ENVIRONMENTS])
def test_production_output_never_points_at_an_emulator(name: str, stack_dir: Callable[[str], Path]) -> None:
    text = (stack_dir(name) / "cdk.tf.json").read_text()
    # (127.0.0.1 itself is legitimate: the Lightsail Redis sidecar binds to it.)
    for marker in ("endpoints", "https://127.", "skip_credentials_validation", '"insecure"', "access_key"):
        assert marker not in text, marker
