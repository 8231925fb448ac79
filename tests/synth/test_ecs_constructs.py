"""ECS constructs alone in a test stack: the variants the dev and prod environments do not show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from modules.load_balancer.props import TLS_POLICY
from tests.support import tfjson
from tests.support.construct_stacks import BUILDERS

Synth = Callable[[str, Callable[[Any], object]], Path]


@pytest.fixture(scope="module")
def construct(synth_construct: Synth) -> Callable[[str], tfjson.TfJson]:
    def load(name: str) -> tfjson.TfJson:
        return tfjson.load(synth_construct(name, BUILDERS[name]) / "cdk.tf.json")

    return load


def test_domain_gets_https_with_a_modern_tls_policy(construct: Callable[[str], tfjson.TfJson]) -> None:
    stack = construct("load_balancer_with_domain")
    https = tfjson.one(stack, "aws_lb_listener", port=443)
    assert https["protocol"] == "HTTPS"
    assert https["ssl_policy"] == TLS_POLICY
    assert https["certificate_arn"].startswith("${aws_acm_certificate_validation.")


def test_domain_redirects_http_to_https(construct: Callable[[str], tfjson.TfJson]) -> None:
    http = tfjson.one(construct("load_balancer_with_domain"), "aws_lb_listener", port=80)
    (action,) = http["default_action"]
    assert action["type"] == "redirect"
    assert (action["redirect"]["protocol"], action["redirect"]["port"], action["redirect"]["status_code"]) == (
        "HTTPS",
        "443",
        "HTTP_301",
    )


def test_certificate_is_validated_through_route53(construct: Callable[[str], tfjson.TfJson]) -> None:
    stack = construct("load_balancer_with_domain")
    certificate = tfjson.one(stack, "aws_acm_certificate", domain_name="mc.example.com")
    assert certificate["validation_method"] == "DNS"
    zone = tfjson.data_sources(stack, "aws_route53_zone")
    assert [z["name"] for z in zone] == ["example.com"]
    records = tfjson.resources(stack, "aws_route53_record")
    validation = [r for r in records if "domain_validation_options" in str(r.get("name"))]
    assert len(validation) == 1
    validation_resource = tfjson.one(stack, "aws_acm_certificate_validation")
    assert validation_resource["validation_record_fqdns"][0].startswith("${aws_route53_record.")
    alias = [r for r in records if r.get("alias")]
    assert [r["name"] for r in alias] == ["mc.example.com"]


def test_https_opens_only_ports_80_and_443(construct: Callable[[str], tfjson.TfJson]) -> None:
    rules = tfjson.resources(construct("load_balancer_with_domain"), "aws_vpc_security_group_ingress_rule")
    assert sorted((r["from_port"], r["cidr_ipv4"]) for r in rules) == [(80, "0.0.0.0/0"), (443, "0.0.0.0/0")]


def test_access_log_bucket_denies_plain_http(construct: Callable[[str], tfjson.TfJson]) -> None:
    import json

    policy = json.loads(tfjson.one(construct("load_balancer_with_domain"), "aws_s3_bucket_policy")["policy"])
    deny = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert deny and deny[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


@pytest.mark.parametrize(("variant", "nat_count"), [("network_per_az", 3), ("network_single_nat", 1)])
def test_nat_gateways_follow_the_setting(
    construct: Callable[[str], tfjson.TfJson], variant: str, nat_count: int
) -> None:
    stack = construct(variant)
    nats = tfjson.resources(stack, "aws_nat_gateway")
    assert len(nats) == nat_count
    private_routes = [r for r in tfjson.resources(stack, "aws_route_table") if r["route"][0].get("nat_gateway_id")]
    assert len(private_routes) == 3
    assert len({r["route"][0]["nat_gateway_id"] for r in private_routes}) == nat_count
    public = [s for s in tfjson.resources(stack, "aws_subnet") if s["tags"]["Tier"] == "public"]
    assert {tfjson.target(stack, n["subnet_id"])[1]["tags"]["Tier"] for n in nats} == {"public"}
    assert len(public) == 3


def test_redis_failover_runs_multi_az_with_snapshots(construct: Callable[[str], tfjson.TfJson]) -> None:
    redis = tfjson.one(construct("redis_with_failover"), "aws_elasticache_replication_group")
    assert redis["automatic_failover_enabled"] is True
    assert redis["multi_az_enabled"] is True
    assert redis["num_cache_clusters"] == 2
    assert redis["snapshot_retention_limit"] == 7
    assert redis["final_snapshot_identifier"]


def test_postgres_without_enhanced_monitoring_has_no_role(construct: Callable[[str], tfjson.TfJson]) -> None:
    stack = construct("postgres_without_monitoring")
    database = tfjson.one(stack, "aws_db_instance")
    assert database["monitoring_interval"] == 0
    assert "monitoring_role_arn" not in database
    assert tfjson.resources(stack, "aws_iam_role") == []
    assert database["password_wo"].startswith("${ephemeral.")
    assert "password" not in database
