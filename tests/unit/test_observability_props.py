"""The inputs of the dashboard, saved queries and budget, and the budget setting: bad values are refused naming the
setting, the value and the fix, before any construct exists (no synth)."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest

from environments import load
from environments.budget import BUDGET_MARGIN_PERCENT, ESTIMATES_FILE, estimated_budget_usd
from modules.budget.props import BudgetProps
from modules.dashboard.props import DashboardProps
from modules.log_queries.props import LogQueriesProps
from modules.validation import InvalidSetting

TOKEN = "${TfToken[TOKEN.1]}"
DASHBOARD: dict[str, Any] = {
    "name": "mc-dev",
    "region": "us-east-1",
    "cluster_name": TOKEN,
    "service_name": TOKEN,
    "load_balancer_arn_suffix": TOKEN,
    "target_group_arn_suffix": TOKEN,
    "database_instance_id": TOKEN,
    "cache_cluster_ids": (TOKEN,),
}
BUDGET: dict[str, Any] = {
    "name": "mc-dev",
    "amount_usd": 105,
    "tag_key": "Environment",
    "tag_value": "dev",
    "topic_arn": TOKEN,
}


def test_props_with_tokens_are_accepted() -> None:
    DashboardProps(**DASHBOARD)
    BudgetProps(**BUDGET)
    LogQueriesProps(name="mc-dev", log_group_name=TOKEN)


@pytest.mark.parametrize(
    ("build", "setting", "fix"),
    [
        (lambda: DashboardProps(**{**DASHBOARD, "cache_cluster_ids": ()}), "cache_cluster_ids", "member clusters"),
        (lambda: DashboardProps(**{**DASHBOARD, "period_seconds": 120}), "period_seconds", "60, 300, 900, 3600"),
        (lambda: BudgetProps(**{**BUDGET, "amount_usd": 0}), "amount_usd", "from 1"),
        (lambda: BudgetProps(**{**BUDGET, "tag_key": "aws:createdBy"}), "tag_key", "Environment"),
        (lambda: BudgetProps(**{**BUDGET, "forecast_percent": 0}), "forecast_percent", "from 1"),
        (
            lambda: LogQueriesProps(name="mc-dev", log_group_name=TOKEN, app_stream_prefix="a/b"),
            "app_stream_prefix",
            "",
        ),
        (lambda: LogQueriesProps(name="mc-dev", log_group_name=TOKEN, slow_request_ms=0), "slow_request_ms", "from 1"),
    ],
)
def test_bad_props_are_refused_naming_the_setting(build: Any, setting: str, fix: str) -> None:
    with pytest.raises(InvalidSetting) as raised:
        build()
    assert raised.value.setting == setting
    assert fix in raised.value.fix


def test_the_budget_filter_is_a_user_defined_cost_allocation_tag() -> None:
    assert BudgetProps(**BUDGET).cost_filter_value == "user:Environment$dev"


def test_a_budget_of_zero_dollars_is_refused_in_the_environment() -> None:
    dev = load("dev", env={})
    with pytest.raises(InvalidSetting) as raised:
        dataclasses.replace(dev, monthly_budget_usd=0)
    assert raised.value.setting == "monthly_budget_usd" and "from 1" in raised.value.fix


def test_dev_and_prod_default_to_their_estimate_plus_the_margin() -> None:
    estimates = json.loads(ESTIMATES_FILE.read_text())["environments"]
    for name in ("dev", "prod"):
        total = estimates[name]["fixed_monthly_usd"] + estimates[name]["usage_monthly_usd"]
        assert load(name, env={}).monthly_budget_usd == estimated_budget_usd(name)
        assert total * 1.2 < estimated_budget_usd(name) <= math.ceil(total * (1 + BUDGET_MARGIN_PERCENT / 100)) + 1


def test_an_environment_without_an_estimate_is_told_how_to_get_a_budget() -> None:
    with pytest.raises(InvalidSetting) as raised:
        estimated_budget_usd("staging")
    assert raised.value.setting == "monthly_budget_usd"
    assert "make estimates" in raised.value.fix and "'staging'" in raised.value.problem


def test_the_lightsail_environment_has_no_budget() -> None:
    assert load("lightsail", env={}).monthly_budget_usd is None
