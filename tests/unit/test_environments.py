"""Environment settings and MC_* overrides, without a synth."""

from __future__ import annotations

import dataclasses

import pytest

from environments import ENVIRONMENTS, OVERRIDES, SettingsError, load, load_all
from environments.settings import Settings, StateSettings
from modules.ecs_app.props import EcsAppOptions
from modules.lightsail_app.props import LightsailOptions
from modules.validation import InvalidSetting


def test_every_environment_loads_and_its_name_is_its_file() -> None:
    for name in ENVIRONMENTS:
        assert load(name, env={}).name == name


def test_settings_are_frozen() -> None:
    settings = load("lightsail", env={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.region = "eu-west-1"  # type: ignore[misc]


def test_unknown_environment_names_the_choices() -> None:
    with pytest.raises(SettingsError, match=r"'staging' does not exist\. Fix: use one of lightsail"):
        load("staging", env={})


def test_overrides_apply_to_nested_settings() -> None:
    settings = load(
        "lightsail",
        env={
            "MC_AWS_REGION": "eu-west-2",
            "MC_IMAGE": "123456789012.dkr.ecr.eu-west-2.amazonaws.com/mc:2.0.1",
            "MC_STATE_BUCKET": "acme-mc-state",
            "MC_STATE_LOCK_TABLE": "acme-mc-locks",
            "MC_LIGHTSAIL_DOMAIN_NAME": "mc.acme.io",
            "MC_NAME_PREFIX": "acme-mc",
        },
    )
    assert settings.region == "eu-west-2"
    assert settings.image.endswith("/mc:2.0.1")
    assert (settings.state.bucket, settings.state.lock_table) == ("acme-mc-state", "acme-mc-locks")
    assert settings.domain_name == "mc.acme.io"
    assert settings.resource_name == "acme-mc-lightsail"
    assert settings.state_region == "eu-west-2"


def test_empty_domain_override_clears_the_domain() -> None:
    assert load("lightsail", env={"MC_DOMAIN_NAME": ""}).domain_name is None


def test_every_override_variable_is_an_mc_variable() -> None:
    assert all(var.startswith("MC_") for var in OVERRIDES)


@pytest.mark.parametrize(
    ("var", "value", "fix"),
    [
        ("MC_AWS_REGION", "us-east", "did you mean 'us-east-2'"),
        ("MC_AWS_REGION", "us-east-9", "did you mean"),
        ("MC_AWS_REGION", "US-EAST-1", "'us-east-1'"),
        ("MC_IMAGE", "", "ghcr.io/acme/mission-control:1.4.2"),
        ("MC_IMAGE", "ghcr.io/Acme/mc:1", "'ghcr.io/acme/mc:1'"),
        ("MC_IMAGE", "mc:${var.x}", "image reference itself"),
        ("MC_IMAGE", "ghcr.io/acme/mc:1:2", "Fix:"),
        ("MC_LIGHTSAIL_DOMAIN_NAME", "https://mc.acme.io/", "domain name"),
        ("MC_STATE_BUCKET", "Acme_State", "S3 bucket name"),
        ("MC_STATE_BUCKET", "192.168.1.10", "single hyphens"),
        ("MC_STATE_BUCKET", "acme..state", "single hyphens"),
        ("MC_STATE_BUCKET", "xn--acme-state", "single hyphens"),
        ("MC_STATE_LOCK_TABLE", "x", "DynamoDB table name"),
        ("MC_NAME_PREFIX", "Mission Control", "lowercase prefix"),
    ],
)
def test_bad_override_names_variable_value_and_fix(var: str, value: str, fix: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load("lightsail", env={var: value})
    message = str(caught.value)
    assert message.startswith(f"{var}={value!r} (overrides ")
    assert "environments/lightsail.py" in message
    assert "Fix:" in message and fix in message
    assert f"unset {var}" in message


def test_load_all_stops_at_the_first_bad_setting() -> None:
    with pytest.raises(SettingsError, match="MC_IMAGE"):
        load_all(env={"MC_IMAGE": ""})


def base(**fields: object) -> Settings:
    values: dict[str, object] = {
        "name": "test",
        "region": "us-east-1",
        "image": "example/mc:1",
        "lightsail": LightsailOptions(),
    }
    values.update(fields)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("platforms", "shown"),
    [({"lightsail": None}, "neither"), ({"ecs": EcsAppOptions()}, "both")],
)
def test_settings_run_on_exactly_one_platform(platforms: dict[str, object], shown: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        base(**platforms)
    assert caught.value.setting == "lightsail/ecs"
    assert caught.value.value == shown
    assert "exactly one platform" in caught.value.problem


@pytest.mark.parametrize("name", ["Dev", "dev_1", "", "a-very-long-environment-name"])
def test_bad_environment_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        base(name=name)
    assert caught.value.setting == "name"


def test_state_key_is_per_environment() -> None:
    state = StateSettings()
    assert state.key("dev") != state.key("prod")
    assert state.key("dev").endswith("/dev/terraform.tfstate")


def test_lightsail_props_carry_environment_values() -> None:
    settings = base(domain_name="mc.example.com", lightsail=LightsailOptions(power="micro"))
    props = settings.lightsail_props()
    assert (props.name, props.image, props.domain_name, props.power) == (
        "mission-control-test",
        "example/mc:1",
        "mc.example.com",
        "micro",
    )
