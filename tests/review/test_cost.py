"""The monthly estimate: each expected figure is computed here from the price file's entries and the plan's values,
never copied from the code under test."""

from __future__ import annotations

import re
from typing import Any

import pytest

from review.cost import Estimate, Line
from tests.review.builders import (
    HOURS,
    PRICES,
    change,
    create,
    delete,
    document,
    price,
    reference,
    reviewed,
    table_price,
    update,
)


def estimate(*changes: dict[str, Any], **extra: Any) -> Estimate:
    return reviewed(document(*changes, **extra)).estimate


def fixed(result: Estimate, address: str) -> list[Line]:
    return [line for line in result.lines if line.address == address and line.kind == "fixed"]


def after(result: Estimate, address: str) -> float:
    return sum(line.after or 0.0 for line in fixed(result, address))


def test_the_price_file_names_a_source_and_a_date_for_every_price() -> None:
    assert PRICES.data["region"] == "us-east-1" and PRICES.data["hours_per_month"] == 730
    entries = list(PRICES.data["items"].values()) + list(PRICES.data["tables"].values())
    for entry in entries:
        assert entry["source"].startswith("https://aws.amazon.com/"), entry
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["recorded"]), entry
        assert entry["unit"], entry
    for name, assumption in PRICES.data["assumptions"].items():
        assert assumption["why"] and assumption["unit"], name


def test_nat_gateways_cost_their_count_times_the_hourly_price_times_730() -> None:
    result = estimate(create("aws_nat_gateway.a", {"connectivity_type": "public"}), create("aws_nat_gateway.b", {}))
    assert result.fixed_after == pytest.approx(2 * price("nat_gateway_hour") * 730)


def test_fargate_joins_the_service_with_its_task_definition_through_the_configuration() -> None:
    task = create(
        "aws_ecs_task_definition.app",
        {"cpu": "512", "memory": "1024", "runtime_platform": [{"cpu_architecture": "ARM64"}]},
    )
    service = create("aws_ecs_service.app", {"desired_count": 3, "launch_type": "FARGATE"})
    config = reference("aws_ecs_service.app", task_definition=["aws_ecs_task_definition.app"])
    result = estimate(task, service, resources=[config])
    expected = 3 * (0.5 * price("fargate_vcpu_hour_arm64") + 1.0 * price("fargate_gb_hour_arm64")) * HOURS
    assert after(result, "aws_ecs_service.app") == pytest.approx(expected)


def test_fargate_finds_the_task_definition_of_an_existing_service_by_its_family() -> None:
    before = {"cpu": "256", "memory": "512", "family": "mc-dev"}
    task = change("aws_ecs_task_definition.app", ["no-op"], before, before)
    service = {
        "desired_count": 1,
        "task_definition": "arn:aws:ecs:us-east-1:1:task-definition/mc-dev:7",
        "network_configuration": [{"assign_public_ip": False}],
    }
    scaled = update("aws_ecs_service.app", service, {"desired_count": 2})
    result = estimate(task, scaled)
    per_task = (0.25 * price("fargate_vcpu_hour_x86_64") + 0.5 * price("fargate_gb_hour_x86_64")) * HOURS
    lines = fixed(result, "aws_ecs_service.app")
    assert sum(line.before or 0 for line in lines) == pytest.approx(per_task)
    assert sum(line.after or 0 for line in lines) == pytest.approx(2 * per_task)


def test_tasks_with_public_ips_pay_for_one_address_each() -> None:
    task = create("aws_ecs_task_definition.app", {"cpu": "256", "memory": "512"})
    service = create("aws_ecs_service.app", {"desired_count": 2, "network_configuration": [{"assign_public_ip": True}]})
    config = reference("aws_ecs_service.app", task_definition=["aws_ecs_task_definition.app"])
    lines = fixed(estimate(task, service, resources=[config]), "aws_ecs_service.app")
    addresses = [line for line in lines if "IPv4" in line.what]
    assert addresses[0].after == pytest.approx(2 * price("public_ipv4_hour") * HOURS)


def test_a_database_resize_shows_before_after_and_a_delta_from_the_table() -> None:
    database = {"engine": "postgres", "instance_class": "db.t3.micro", "multi_az": False, "allocated_storage": 20}
    database["storage_type"] = "gp3"
    resized = update("aws_db_instance.db", database, {"instance_class": "db.t3.small", "multi_az": True})
    result = estimate(resized)
    storage = price("rds_storage_gp3_gb_month")
    before = table_price("rds_instance_hour_postgres", "db.t3.micro") * HOURS + 20 * storage
    expected_after = 2 * table_price("rds_instance_hour_postgres", "db.t3.small") * HOURS + 2 * 20 * storage
    assert result.fixed_before == pytest.approx(before)
    assert result.fixed_after == pytest.approx(expected_after)
    assert all(line.delta == pytest.approx((line.after or 0) - (line.before or 0)) for line in result.lines)


def test_a_replication_group_pays_for_each_cache_cluster() -> None:
    group = create("aws_elasticache_replication_group.c", {"node_type": "cache.t3.small", "num_cache_clusters": 2})
    assert estimate(group).fixed_after == pytest.approx(
        2 * table_price("elasticache_node_hour", "cache.t3.small") * HOURS
    )


def test_an_internet_facing_load_balancer_pays_for_one_address_per_subnet() -> None:
    public = create("aws_lb.web", {"load_balancer_type": "application", "internal": False, "subnets": ["a", "b", "c"]})
    internal = create("aws_lb.inner", {"load_balancer_type": "application", "internal": True, "subnets": ["a", "b"]})
    result = estimate(public, internal)
    alb = price("alb_hour") * HOURS
    assert after(result, "aws_lb.web") == pytest.approx(alb + 3 * price("public_ipv4_hour") * HOURS)
    assert after(result, "aws_lb.inner") == pytest.approx(alb)


def test_load_balancer_subnets_known_only_after_apply_are_counted_from_the_configuration() -> None:
    lb = create("aws_lb.web", {"load_balancer_type": "application", "internal": False}, after_unknown={"subnets": True})
    subnets = [create(f"aws_subnet.public_{n}", {"cidr_block": f"10.0.{n}.0/24"}) for n in range(3)]
    config = reference("aws_lb.web", subnets=[f"aws_subnet.public_{n}" for n in range(3)])
    result = estimate(lb, *subnets, resources=[config])
    ipv4 = next(line for line in fixed(result, "aws_lb.web") if "IPv4" in line.what)
    assert ipv4.after == pytest.approx(3 * price("public_ipv4_hour") * HOURS)


def test_lightsail_is_power_times_scale_plus_the_database_bundle() -> None:
    service = create("aws_lightsail_container_service.app", {"power": "small", "scale": 2})
    database = create("aws_lightsail_database.db", {"bundle_id": "micro_ha_2_0"})
    expected = 2 * table_price("lightsail_container_power_month", "small")
    expected += table_price("lightsail_database_bundle_month", "micro_ha")
    assert estimate(service, database).fixed_after == pytest.approx(expected)


def test_keys_secrets_alarms_waf_and_zones_are_priced_per_month() -> None:
    result = estimate(
        create("aws_kms_key.k", {"enable_key_rotation": True}),
        create("aws_secretsmanager_secret.s", {"replica": [{"region": "eu-west-1"}]}),
        create("aws_cloudwatch_metric_alarm.fast", {"period": 10, "metric_query": []}),
        create("aws_cloudwatch_metric_alarm.slow", {"period": 300, "metric_query": []}),
        create("aws_wafv2_web_acl.waf", {"rule": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}),
        create("aws_route53_zone.z", {"name": "example.com"}),
    )
    assert after(result, "aws_kms_key.k") == price("kms_key_month")
    assert after(result, "aws_secretsmanager_secret.s") == pytest.approx(2 * price("secret_month"))
    assert after(result, "aws_cloudwatch_metric_alarm.fast") == price("alarm_high_resolution_metric_month")
    assert after(result, "aws_cloudwatch_metric_alarm.slow") == price("alarm_standard_metric_month")
    assert after(result, "aws_wafv2_web_acl.waf") == pytest.approx(
        price("waf_web_acl_month") + 3 * price("waf_rule_month")
    )
    assert after(result, "aws_route53_zone.z") == price("route53_zone_month")


def test_a_deleted_resource_has_a_before_and_no_after() -> None:
    result = estimate(delete("aws_eip.nat", {"domain": "vpc"}))
    assert result.fixed_before == pytest.approx(price("public_ipv4_hour") * HOURS)
    assert result.fixed_after == 0.0


def test_free_resources_are_listed_at_zero_with_the_reason() -> None:
    result = estimate(create("aws_vpc.main", {"cidr_block": "10.0.0.0/16"}), create("aws_iam_role.app", {}))
    free = {line.type: line for line in result.lines if line.kind == "free"}
    assert set(free) == {"aws_vpc", "aws_iam_role"}
    assert all(line.after == 0 and line.basis for line in free.values())


def test_usage_lines_always_state_their_assumption() -> None:
    result = estimate(
        create("aws_nat_gateway.a", {}),
        create("aws_lb.web", {"load_balancer_type": "application", "internal": True}),
        create("aws_cloudwatch_log_group.app", {"retention_in_days": 30}),
        create("aws_s3_bucket.data", {}),
    )
    usage = [line for line in result.lines if line.kind == "usage"]
    assert {line.what for line in usage} >= {"NAT data processing", "load balancer capacity units", "log ingestion"}
    assert all("assuming" in line.basis for line in usage)
    nat = next(line for line in usage if line.what == "NAT data processing")
    assumption = PRICES.data["assumptions"]["nat_gb_per_gateway_month"]["value"]
    assert nat.after == pytest.approx(assumption * price("nat_gateway_gb"))
    assert result.fixed_after == pytest.approx(price("nat_gateway_hour") * HOURS + price("alb_hour") * HOURS)


def test_what_cannot_be_priced_is_listed_with_the_reason() -> None:
    result = estimate(
        create("aws_fancy_new_thing.x", {}),
        create("aws_db_instance.big", {"engine": "postgres", "instance_class": "db.x9.huge", "allocated_storage": 20}),
        create("aws_db_instance.later", {"engine": "postgres"}, after_unknown={"instance_class": True}),
    )
    reasons = {item.address: item.reason for item in result.not_priced}
    assert reasons["aws_fancy_new_thing.x"] == "no price in review/prices.json"
    assert "db.x9.huge" in reasons["aws_db_instance.big"]
    assert "known only after apply" in reasons["aws_db_instance.later"]


def test_another_region_is_priced_with_us_east_1_and_says_so() -> None:
    result = estimate(create("aws_nat_gateway.a", {}), region="eu-west-1")
    assert any("eu-west-1" in note and "us-east-1" in note for note in result.notes)
    assert result.fixed_after == pytest.approx(price("nat_gateway_hour") * HOURS)
