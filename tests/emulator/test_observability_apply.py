"""The dashboard, the saved log queries and the budget, in a test stack beside what they watch (a topic encrypted
with its key, a log group), planned and applied with the real Terraform and provider against moto, then planned
again: nothing left to change. moto 5.2.5 has no PutQueryDefinition: rehearsal/moto_patches.py fills the gap."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import emulator_provider_arguments

pytestmark = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")
NAME = "mc-observe"


def observed(stack: Any) -> None:
    """What a stack composes for an environment, around stand-ins for the app's parts (no cluster, database or
    load balancer: their names are what the dashboard needs)."""
    from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
    from cdktf_cdktf_provider_aws.sns_topic import SnsTopic

    from modules.budget.construct import Budget
    from modules.budget.props import BudgetProps
    from modules.dashboard.construct import Dashboard
    from modules.dashboard.props import DashboardProps
    from modules.kms_key.construct import KmsKey
    from modules.kms_key.props import KmsKeyProps
    from modules.log_queries.construct import LogQueries
    from modules.log_queries.props import LogQueriesProps

    # The stacks tag everything through the provider's default tags: a resource that loses them re-plans forever.
    stack.node.find_child("aws").add_override("default_tags", [{"tags": {"Environment": "observe"}}])
    key = KmsKey(stack, "key", KmsKeyProps(alias=NAME))
    topic = SnsTopic(stack, "topic", name=f"{NAME}-alarms", kms_master_key_id=key.key.arn)
    logs = CloudwatchLogGroup(stack, "logs", name=f"/ecs/{NAME}", retention_in_days=7)
    dashboard = Dashboard(
        stack,
        "dashboard",
        DashboardProps(
            name=NAME,
            region="us-east-1",
            cluster_name=NAME,
            service_name=NAME,
            load_balancer_arn_suffix=f"app/{NAME}/0123456789abcdef",
            target_group_arn_suffix=f"targetgroup/{NAME}/0123456789abcdef",
            database_instance_id=NAME,
            cache_cluster_ids=(f"{NAME}-001", f"{NAME}-002"),
            worker_service_name=f"{NAME}-worker",
        ),
    )
    from cdktf import TerraformOutput

    TerraformOutput(stack, "dashboard_url", value=dashboard.url)
    LogQueries(stack, "log_queries", LogQueriesProps(name=NAME, log_group_name=logs.name))
    budget = Budget(
        stack,
        "budget",
        BudgetProps(name=NAME, amount_usd=105, tag_key="Environment", tag_value="observe", topic_arn=topic.arn),
    )
    source = f"arn:{budget.partition}:budgets::{budget.account_id}:*"
    key.grant_topic_publishing("BudgetsPublish", "budgets.amazonaws.com", budget.account_id, source)


@pytest.fixture(scope="module")
def applied(
    synth_construct: Callable[[str, Callable[[Any], object]], Path],
    terraform: Terraform,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Emulator, Path, Terraform]]:
    folder = tmp_path_factory.mktemp("observe-apply") / "stack"
    shutil.copytree(synth_construct("observed", observed), folder)
    with running_emulator() as emulator:
        (folder / "emulator_override.tf.json").write_text(
            json.dumps({"provider": {"aws": emulator_provider_arguments(emulator.url)}})
        )
        terraform.run(folder, "init", "-input=false", "-no-color")
        terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color")
        yield emulator, folder, terraform


def test_the_dashboard_is_applied_with_its_widgets(applied: tuple[Emulator, Path, Terraform]) -> None:
    emulator, _, _ = applied
    dashboard = emulator.client("cloudwatch").get_dashboard(DashboardName=NAME)
    titles = [widget["properties"]["title"] for widget in json.loads(dashboard["DashboardBody"])["widgets"]]
    assert "Response time p95 (seconds)" in titles and "Worker: running tasks" in titles, titles


def test_the_saved_queries_are_applied_over_the_log_group(applied: tuple[Emulator, Path, Terraform]) -> None:
    emulator, _, _ = applied
    definitions = emulator.client("logs").describe_query_definitions(queryDefinitionNamePrefix=f"{NAME}/")
    found = {d["name"]: d for d in definitions["queryDefinitions"]}
    assert sorted(found) == [f"{NAME}/{q}" for q in ("errors", "migrations", "slow-requests", "task-restarts")]
    assert {tuple(d["logGroupNames"]) for d in found.values()} == {(f"/ecs/{NAME}",)}
    assert "@logStream like /^migrate\\//" in found[f"{NAME}/migrations"]["queryString"]


def test_the_budget_is_applied_with_its_filter_and_notifications(applied: tuple[Emulator, Path, Terraform]) -> None:
    emulator, _, _ = applied
    budgets = emulator.client("budgets")
    account = emulator.client("sts").get_caller_identity()["Account"]
    budget = budgets.describe_budget(AccountId=account, BudgetName=f"{NAME}-monthly")["Budget"]
    assert budget["BudgetLimit"] == {"Amount": "105", "Unit": "USD"} or float(budget["BudgetLimit"]["Amount"]) == 105
    assert budget["CostFilters"] == {"TagKeyValue": ["user:Environment$observe"]}
    notifications = budgets.describe_notifications_for_budget(AccountId=account, BudgetName=f"{NAME}-monthly")
    kinds = sorted((n["NotificationType"], n["Threshold"]) for n in notifications["Notifications"])
    assert kinds == [("ACTUAL", 100.0), ("FORECASTED", 80.0)]


def test_a_second_plan_changes_nothing(applied: tuple[Emulator, Path, Terraform]) -> None:
    _, folder, terraform = applied
    result = terraform.run(folder, "plan", "-input=false", "-no-color", "-detailed-exitcode", check=False)
    assert result.returncode == 0 and "No changes." in result.stdout, result.stdout + result.stderr
