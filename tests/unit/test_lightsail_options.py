"""Lightsail props validation, without a synth: each bad value fails with its setting, its value and a fix."""

from __future__ import annotations

from typing import Any

import pytest

from modules.lightsail_app.props import LightsailAppProps, LightsailOptions
from modules.validation import InvalidSetting

TOKEN = "${TfToken[TOKEN.7]}"
NUMBER_TOKEN = -8.10956221259138e298


def options_error(**fields: Any) -> InvalidSetting:
    with pytest.raises(InvalidSetting) as caught:
        LightsailOptions(**fields)
    return caught.value


def test_defaults_are_valid_and_cheap() -> None:
    options = LightsailOptions()
    assert (options.power, options.scale, options.enable_redis_sidecar) == ("nano", 1, True)


@pytest.mark.parametrize("power", ["huge", "Nano", ""])
def test_unknown_power_is_refused(power: str) -> None:
    error = options_error(power=power)
    assert error.setting == "power"
    assert repr(power) in str(error)
    assert "nano, micro, small, medium, large, xlarge" in error.fix


@pytest.mark.parametrize("scale", [0, 21, -1])
def test_scale_outside_1_to_20_is_refused(scale: int) -> None:
    error = options_error(scale=scale, enable_redis_sidecar=False)
    assert (error.setting, error.value) == ("scale", scale)
    assert "1 to 20" in error.fix


def test_sidecar_with_more_than_one_node_is_refused() -> None:
    error = options_error(scale=2, enable_redis_sidecar=True)
    assert error.setting == "scale"
    assert "own Redis" in error.problem
    assert "enable_redis_sidecar=False" in error.fix


def test_external_redis_allows_many_nodes() -> None:
    assert LightsailOptions(scale=20, enable_redis_sidecar=False).scale == 20


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("redis_image", "redis"),
        ("redis_image", "redis:latest"),
        ("app_port", 70000),
        ("health_check_path", "health"),
        ("health_check_interval_seconds", 1),
        ("health_check_timeout_seconds", 61),
        ("health_check_success_codes", "2xx"),
        ("postgres_major_version", 9),
        ("database_bundle_id", "nano_1_0"),
        ("database_name", "Mission-Control"),
        ("preferred_backup_window", "3:00-3:30"),
        ("preferred_maintenance_window", "Sunday:04:00-Sunday:04:30"),
    ],
)
def test_each_bad_option_names_itself(field: str, value: Any) -> None:
    error = options_error(**{field: value})
    assert (error.setting, error.value) == (field, value)
    assert f"{field}={value!r}" in str(error)
    assert "Fix:" in str(error)


def test_tokens_are_not_validated() -> None:
    props = LightsailAppProps(
        name=TOKEN,
        image=TOKEN,
        power=TOKEN,
        scale=NUMBER_TOKEN,  # type: ignore[arg-type]  # cdktf number tokens are floats
        domain_name=TOKEN,
    )
    assert props.power == TOKEN


def props(**fields: Any) -> LightsailAppProps:
    return LightsailAppProps(**{"name": "mc-test", "image": "example/mc:1", **fields})


@pytest.mark.parametrize("image", ["", "has space:1"])
def test_empty_image_is_refused(image: str) -> None:
    with pytest.raises(InvalidSetting, match="image="):
        props(image=image)


@pytest.mark.parametrize("domain", ["https://mc.example.com", "mc.example.com.", "MC.example.com", "localhost"])
def test_bad_domain_is_refused(domain: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        props(domain_name=domain)
    assert caught.value.setting == "domain_name"


def test_redis_url_without_sidecar_is_required() -> None:
    with pytest.raises(InvalidSetting, match="redis_url=None"):
        props(enable_redis_sidecar=False)


def test_redis_url_with_sidecar_is_refused_without_showing_the_url() -> None:
    url = "rediss://:hunter2hunter2@cache.example.com:6379/0"
    with pytest.raises(InvalidSetting) as caught:
        props(redis_url=url)
    assert "hunter2" not in str(caught.value)


def test_app_gets_sidecar_url_or_the_external_one() -> None:
    assert props().app_redis_url == "redis://localhost:6379/0"
    assert props(enable_redis_sidecar=False, redis_url=TOKEN).app_redis_url == TOKEN
