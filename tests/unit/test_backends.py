"""Backend selection (S3, Terraform Cloud, local), the emulator setting and the state stack's target."""

from __future__ import annotations

import dataclasses

import pytest

from environments import SettingsError, load, load_all
from environments.settings import StateSettings, state_target
from modules.validation import InvalidSetting

CLOUD = {"MC_STATE_BACKEND": "cloud", "MC_TFC_ORGANIZATION": "acme"}


def test_the_default_backend_is_s3() -> None:
    assert {s.state.backend for s in load_all(env={})} == {"s3"}


def test_cloud_backend_without_an_organization_names_the_setting_and_the_variable() -> None:
    with pytest.raises(SettingsError) as caught:
        load("dev", env={"MC_STATE_BACKEND": "cloud"})
    message = str(caught.value)
    assert "state.organization=None" in message
    assert "MC_TFC_ORGANIZATION" in message
    assert "MC_STATE_BACKEND" in message


def test_cloud_backend_gets_one_workspace_per_environment() -> None:
    workspaces = {s.name: s.cloud_workspace for s in load_all(env=CLOUD)}
    assert workspaces == {
        "lightsail": "mission-control-lightsail",
        "dev": "mission-control-dev",
        "prod": "mission-control-prod",
    }


def test_workspace_tags_come_from_a_comma_separated_variable() -> None:
    settings = load("prod", env=CLOUD | {"MC_TFC_WORKSPACE_TAGS": "mission-control, prod"})
    assert settings.state.workspace_tags == ("mission-control", "prod")


def test_workspace_name_and_tags_are_exclusive() -> None:
    with pytest.raises(InvalidSetting) as caught:
        StateSettings(backend="cloud", organization="acme", workspace="mc-prod", workspace_tags=("prod",))
    assert caught.value.setting == "workspace_tags"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MC_STATE_BACKEND": "consul"}, "MC_STATE_BACKEND='consul'"),
        (CLOUD | {"MC_TFC_ORGANIZATION": "acme corp"}, "MC_TFC_ORGANIZATION='acme corp'"),
        (CLOUD | {"MC_TFC_HOSTNAME": "https://tfe.acme.io"}, "MC_TFC_HOSTNAME="),
        ({"MC_EMULATOR_ENDPOINT": "http://10.0.0.5:4566"}, "MC_EMULATOR_ENDPOINT="),
        ({"MC_EMULATOR_ENDPOINT": "https://moto.example.com:443"}, "loopback"),
    ],
)
def test_bad_backend_values_are_refused_with_the_variable_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load("dev", env=env)
    assert named in str(caught.value)
    assert "Fix:" in str(caught.value)


def test_a_cloud_backend_does_not_check_the_unused_bucket_name() -> None:
    assert load("dev", env=CLOUD | {"MC_STATE_BUCKET": "Not_A_Bucket"}).state.backend == "cloud"


def test_local_backend_is_accepted() -> None:
    assert load("dev", env={"MC_STATE_BACKEND": "local"}).state.backend == "local"


def test_emulator_endpoint_accepts_loopback_only() -> None:
    assert load("dev", env={"MC_EMULATOR_ENDPOINT": "https://127.0.0.1:4566"}).emulator_endpoint


def test_state_target_is_the_shared_bucket_and_table() -> None:
    target = state_target(load_all(env={"MC_STATE_BUCKET": "acme-mc-state", "MC_STATE_REGION": "eu-west-1"}))
    assert target is not None
    assert (target.bucket, target.lock_table, target.region) == (
        "acme-mc-state",
        "mission-control-terraform-locks",
        "eu-west-1",
    )


def test_no_state_target_when_every_environment_uses_the_cloud() -> None:
    assert state_target(load_all(env=CLOUD)) is None


def test_environments_that_disagree_on_the_bucket_are_reported() -> None:
    dev, prod = load("dev", env={}), load("prod", env={})
    prod = dataclasses.replace(prod, state=dataclasses.replace(prod.state, bucket="other-bucket"))
    with pytest.raises(InvalidSetting) as caught:
        state_target([dev, prod])
    assert caught.value.setting == "state.bucket"
    assert "'prod' differs from 'dev'" in caught.value.problem


def test_environments_in_other_regions_need_one_state_region() -> None:
    dev = load("dev", env={})
    eu = dataclasses.replace(load("prod", env={}), region="eu-west-1")
    with pytest.raises(InvalidSetting, match="MC_STATE_REGION"):
        state_target([dev, eu])
