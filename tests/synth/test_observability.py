"""What watches each ECS environment, as synthesized: a dashboard whose every graph names a metric of a resource in
the same stack (by reference, the attribute its dimension takes), saved log queries over the service's log group and
its streams, and a monthly budget that counts the stack's own tag and notifies its alarm topic, which (with its key)
lets AWS Budgets publish."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from environments import load
from modules.ecs_app import contract
from tests.support import tfjson

ENVIRONMENTS = ("dev", "prod")
ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"^\$\{(?:element\(tolist\()?(aws_[a-z0-9_]+)\.([a-z0-9_]+)\.([a-z_]+)(?:\), (\d+)\))?\}$")
"""`${type.name.attribute}`, or one element of a set attribute: `${element(tolist(type.name.attribute), N)}`."""
DIMENSIONS = {
    "ClusterName": ("aws_ecs_cluster", "name"),
    "ServiceName": ("aws_ecs_service", "name"),
    "LoadBalancer": ("aws_lb", "arn_suffix"),
    "TargetGroup": ("aws_lb_target_group", "arn_suffix"),
    "DBInstanceIdentifier": ("aws_db_instance", "identifier"),
    "CacheClusterId": ("aws_elasticache_replication_group", "member_clusters"),
}
"""Each metric dimension and the resource attribute that is its value (AWS's documented dimensions)."""
REQUIRED = {
    ("AWS/ECS", "CPUUtilization"),
    ("AWS/ECS", "MemoryUtilization"),
    ("ECS/ContainerInsights", "RunningTaskCount"),
    ("AWS/ApplicationELB", "RequestCount"),
    ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
    ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count"),
    ("AWS/ApplicationELB", "TargetResponseTime"),
    ("AWS/ApplicationELB", "HealthyHostCount"),
    ("AWS/RDS", "CPUUtilization"),
    ("AWS/RDS", "DatabaseConnections"),
    ("AWS/RDS", "FreeStorageSpace"),
    ("AWS/ElastiCache", "EngineCPUUtilization"),
    ("AWS/ElastiCache", "DatabaseMemoryUsagePercentage"),
    ("AWS/ElastiCache", "Evictions"),
}
"""What issue 21 asks the dashboard to show."""


def stack_of(stack_dir: Callable[[str], Path], environment: str) -> tfjson.TfJson:
    return tfjson.load(stack_dir(environment) / "cdk.tf.json")


def widgets(stack: tfjson.TfJson) -> list[dict[str, Any]]:
    (dashboard,) = tfjson.resources(stack, "aws_cloudwatch_dashboard")
    found: list[dict[str, Any]] = json.loads(dashboard["dashboard_body"])["widgets"]
    return found


def metrics(stack: tfjson.TfJson) -> list[tuple[str, str, dict[str, str], dict[str, Any]]]:
    """(namespace, metric, dimensions, rendering options) of every line of every graph."""
    found = []
    for widget in widgets(stack):
        for line in widget["properties"]["metrics"]:
            options = line[-1] if isinstance(line[-1], dict) else {}
            parts = line[:-1] if options else line
            namespace, name, *pairs = parts
            found.append((namespace, name, dict(zip(pairs[::2], pairs[1::2], strict=True)), options))
    return found


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_graph_names_a_metric_of_a_resource_in_the_stack(
    environment: str, stack_dir: Callable[[str], Path]
) -> None:
    stack = stack_of(stack_dir, environment)
    wrong = []
    for namespace, name, dimensions, _ in metrics(stack):
        assert dimensions, f"{namespace} {name} has no dimension: it would graph the whole account"
        for dimension, value in dimensions.items():
            match = REFERENCE.match(value)
            expected_type, expected_attribute = DIMENSIONS[dimension]
            if not (
                match
                and (match[1], match[3]) == (expected_type, expected_attribute)
                and match[2] in stack["resource"].get(match[1], {})
            ):
                wrong.append(f"{namespace} {name}: {dimension}={value!r}")
    assert not wrong, "\n".join(wrong)
    assert {(namespace, name) for namespace, name, _, _ in metrics(stack)} >= REQUIRED


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_redis_is_graphed_for_every_member_cluster(environment: str, stack_dir: Callable[[str], Path]) -> None:
    stack = stack_of(stack_dir, environment)
    (group,) = tfjson.resources(stack, "aws_elasticache_replication_group")
    for metric in ("EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions"):
        members = [d["CacheClusterId"] for _, name, d, _ in metrics(stack) if name == metric]
        indexes = sorted(int(REFERENCE.match(member)[4]) for member in members)  # type: ignore[index]
        assert indexes == list(range(group["num_cache_clusters"])), (metric, members)


def test_the_worker_gets_its_graphs_when_it_runs(
    synth_settings: Callable[[Any], Path], stack_dir: Callable[[str], Path]
) -> None:
    from modules.worker.props import WorkerOptions

    assert not any("Worker" in w["properties"]["title"] for w in widgets(stack_of(stack_dir, "dev")))
    dev = load("dev", env={})
    assert dev.ecs is not None
    worker = WorkerOptions(command=("arq", "mission_control.worker.WorkerSettings"))
    stack = tfjson.load(
        synth_settings(dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, worker=worker))) / "cdk.tf.json"
    )
    services = {name: body["name"] for name, body in stack["resource"]["aws_ecs_service"].items()}
    graphed = {d["ServiceName"] for _, _, d, _ in metrics(stack) if "ServiceName" in d}
    assert graphed == {f"${{aws_ecs_service.{name}.name}}" for name in services}, (graphed, services)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_dashboard_url_is_an_output(environment: str, stack_dir: Callable[[str], Path]) -> None:
    stack = stack_of(stack_dir, environment)
    (address,) = stack["resource"]["aws_cloudwatch_dashboard"]
    output = stack["output"][contract.DASHBOARD_URL]
    assert output["value"].endswith(f"#dashboards/dashboard/${{aws_cloudwatch_dashboard.{address}.dashboard_name}}")
    assert output["value"].startswith("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1")
    assert output["description"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_saved_queries_read_the_service_log_group_and_its_streams(
    environment: str, stack_dir: Callable[[str], Path]
) -> None:
    stack = stack_of(stack_dir, environment)
    queries = {q["name"]: q for q in tfjson.resources(stack, "aws_cloudwatch_query_definition")}
    name = f"mission-control-{environment}"
    assert sorted(queries) == [f"{name}/{q}" for q in ("errors", "migrations", "slow-requests", "task-restarts")]
    logging = [
        json.loads(d["container_definitions"])[0]["logConfiguration"]["options"]
        for d in tfjson.resources(stack, "aws_ecs_task_definition")
    ]
    assert {q["log_group_names"][0] for q in queries.values()} == {options["awslogs-group"] for options in logging}
    service = tfjson.one(stack, "aws_ecs_service")
    task = json.loads(tfjson.target(stack, service["task_definition"])[1]["container_definitions"])[0]
    app_prefix = task["logConfiguration"]["options"]["awslogs-stream-prefix"]
    (migrate,) = {options["awslogs-stream-prefix"] for options in logging} - {app_prefix}  # the migration task's
    assert f"@logStream like /^{app_prefix}\\//" in queries[f"{name}/slow-requests"]["query_string"]
    assert f"@logStream like /^{app_prefix}\\//" in queries[f"{name}/task-restarts"]["query_string"]
    assert f"@logStream like /^{migrate}\\//" in queries[f"{name}/migrations"]["query_string"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_budget_counts_the_tag_the_stack_applies(environment: str, stack_dir: Callable[[str], Path]) -> None:
    stack = stack_of(stack_dir, environment)
    ((provider,),) = [stack["provider"]["aws"]]
    (default_tags,) = provider["default_tags"]
    (budget,) = tfjson.resources(stack, "aws_budgets_budget")
    (cost_filter,) = budget["cost_filter"]
    assert cost_filter["name"] == "TagKeyValue"
    assert cost_filter["values"] == [f"user:Environment${default_tags['tags']['Environment']}"]
    assert default_tags["tags"]["Environment"] == environment
    assert (budget["budget_type"], budget["time_unit"], budget["limit_unit"]) == ("COST", "MONTHLY", "USD")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_default_budget_is_the_review_s_estimate_plus_a_quarter(
    environment: str, stack_dir: Callable[[str], Path]
) -> None:
    estimate = json.loads((ROOT / "environments" / "cost_estimates.json").read_text())["environments"][environment]
    expected = math.ceil(round((estimate["fixed_monthly_usd"] + estimate["usage_monthly_usd"]) * 1.25, 6))
    (budget,) = tfjson.resources(stack_of(stack_dir, environment), "aws_budgets_budget")
    assert budget["limit_amount"] == str(expected)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_budget_notifies_the_alarm_topic_which_lets_budgets_publish(
    environment: str, stack_dir: Callable[[str], Path]
) -> None:
    stack = stack_of(stack_dir, environment)
    (budget,) = tfjson.resources(stack, "aws_budgets_budget")
    alarm_topics = {a["alarm_actions"][0] for a in tfjson.resources(stack, "aws_cloudwatch_metric_alarm")}
    (topic,) = alarm_topics
    assert sorted((n["notification_type"], n["threshold"], n["threshold_type"]) for n in budget["notification"]) == [
        ("ACTUAL", 100, "PERCENTAGE"),
        ("FORECASTED", 80, "PERCENTAGE"),
    ]
    assert all(n["subscriber_sns_topic_arns"] == [topic] for n in budget["notification"])
    (policy,) = tfjson.resources(stack, "aws_sns_topic_policy")
    assert policy["arn"] == topic
    statements = {s["Sid"]: s for s in json.loads(policy["policy"])["Statement"]}
    budgets = statements["BudgetsPublish"]
    assert (budgets["Principal"], budgets["Action"]) == ({"Service": "budgets.amazonaws.com"}, "SNS:Publish")
    assert statements["CloudWatchAlarmsPublish"]["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    # The topic is encrypted with the stack's key: Budgets must be able to use it, or its messages are dropped.
    _, sns_topic = tfjson.target(stack, topic)
    _, key = tfjson.target(stack, sns_topic["kms_master_key_id"])
    granted = [
        s for s in json.loads(key["policy"])["Statement"] if s["Principal"] == {"Service": "budgets.amazonaws.com"}
    ]
    assert len(granted) == 1 and set(granted[0]["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    assert "aws:SourceAccount" in granted[0]["Condition"]["StringEquals"]


def test_lightsail_has_no_dashboard_or_budget(stack_dir: Callable[[str], Path]) -> None:
    """Provider 5.100 has no Lightsail metric alarms or dashboards; Lightsail has no alarm topic (README)."""
    stack = stack_of(stack_dir, "lightsail")
    for resource_type in ("aws_cloudwatch_dashboard", "aws_budgets_budget", "aws_cloudwatch_query_definition"):
        assert not tfjson.resources(stack, resource_type)
