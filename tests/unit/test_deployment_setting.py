"""The deployment setting (MC_DEPLOYMENT, `Settings.deployment`) and the blue/green props, without a synth."""

from __future__ import annotations

from typing import Any

import pytest

from environments import SettingsError, load
from modules.blue_green.props import MAX_ALARMS, BlueGreenDeploymentProps
from modules.validation import InvalidSetting

IMAGE = {"MC_IMAGE": "ghcr.io/acme/mc:1.4.2"}


def test_prod_is_blue_green_and_dev_rolls_by_default() -> None:
    assert (load("prod", env={}).deployment, load("dev", env={}).deployment) == ("blue_green", "rolling")


def test_the_scoped_setting_wins_over_the_plain_one() -> None:
    env = {"MC_DEPLOYMENT": "blue_green", "MC_PROD_DEPLOYMENT": "rolling"}
    assert (load("prod", env=env).deployment, load("dev", env=env).deployment) == ("rolling", "blue_green")


def test_the_app_props_carry_the_setting() -> None:
    settings = load("dev", env={"MC_DEV_DEPLOYMENT": "blue_green"})
    assert settings.ecs_app_props is not None
    assert settings.ecs_app_props.deployment == "blue_green"


@pytest.mark.parametrize("value", ["bluegreen", "canary", "Rolling", ""])
def test_a_bad_value_names_the_variable_the_value_and_the_choices(value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load("prod", env={"MC_PROD_DEPLOYMENT": value})
    message = str(caught.value)
    assert message.startswith(f"MC_PROD_DEPLOYMENT={value!r} (overrides deployment")
    assert "rolling" in message and "blue_green" in message and "unset MC_PROD_DEPLOYMENT" in message


def test_blue_green_names_its_extra_resources_within_the_aws_rules() -> None:
    from modules.aws_names import name_problems

    props = load("prod", env={}).ecs_app_props
    assert props is not None
    extra = [(kind, name) for kind, name in props.derived_names() if name.endswith(("-alt", "-codedeploy-"))]
    assert extra == [
        ("target_group", "mission-control-prod-alt"),
        ("iam_role_name_prefix", "mission-control-prod-codedeploy-"),
    ]
    assert not [problem for kind, name in extra for problem in name_problems(kind, name)]


def group(**changes: Any) -> BlueGreenDeploymentProps:
    values: dict[str, Any] = {
        "name": "mc-prod",
        "cluster_name": "mc-prod",
        "service_name": "mc-prod",
        "production_listener_arn": "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/mc/1/1",
        "test_listener_arn": "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/mc/1/2",
        "target_group_names": ("mc-prod-app", "mc-prod-alt"),
        "alarm_names": ("mc-prod-target-5xx",),
    }
    return BlueGreenDeploymentProps(**(values | changes))


@pytest.mark.parametrize(
    ("changes", "setting"),
    [
        ({"alarm_names": tuple(f"a{i}" for i in range(MAX_ALARMS + 1))}, "alarm_names"),
        ({"target_group_names": ("mc-prod-app", "mc-prod-app")}, "target_group_names"),
        ({"termination_wait_minutes": 2881}, "termination_wait_minutes"),
        ({"traffic_shift": "CodeDeployDefault.AllAtOnce"}, "traffic_shift"),  # EC2's, not ECS's
    ],
)
def test_blue_green_props_refuse_what_codedeploy_would(changes: dict[str, Any], setting: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        group(**changes)
    assert caught.value.setting == setting and caught.value.fix


def test_blue_green_props_defaults_shift_at_once_and_bake_a_quarter_hour() -> None:
    props = group()
    assert (props.traffic_shift, props.termination_wait_minutes) == ("CodeDeployDefault.ECSAllAtOnce", 15)
