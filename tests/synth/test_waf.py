"""prod's web application firewall and log retention, as synthesized; dev has no firewall."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support import tfjson


def test_prod_guards_its_load_balancer_with_managed_rules_and_a_rate_limit(stack_dir: Callable[[str], Path]) -> None:
    prod = tfjson.load(stack_dir("prod") / "cdk.tf.json")
    acl = tfjson.one(prod, "aws_wafv2_web_acl")
    assert acl["scope"] == "REGIONAL" and acl["default_action"] == {"allow": {}}
    groups = {rule["statement"].get("managed_rule_group_statement", {}).get("name") for rule in acl["rule"]}
    assert {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"} <= groups
    (limit,) = [rule for rule in acl["rule"] if "rate_based_statement" in rule["statement"]]
    rate = limit["statement"]["rate_based_statement"]
    assert limit["action"] == {"block": {}} and rate["aggregate_key_type"] == "IP"
    # 2,000 requests per IP in 5 minutes (WAF's evaluation window): about 7 a second, far above one user's browsing
    # and far below a scripted flood. The number is the environment's choice, held here as a reviewed value.
    assert (rate["limit"], rate.get("evaluation_window_sec", 300)) == (2000, 300)
    association = tfjson.one(prod, "aws_wafv2_web_acl_association")
    (address,) = prod["resource"]["aws_lb"]
    assert association["resource_arn"] == f"${{aws_lb.{address}.arn}}"
    logging = tfjson.one(prod, "aws_wafv2_web_acl_logging_configuration")
    (destination,) = logging["log_destination_configs"]
    _, group = tfjson.target(prod, destination)
    assert group["name"].startswith("aws-waf-logs-") and group["kms_key_id"].startswith("${aws_kms_key.")


def test_prod_keeps_every_log_a_year(stack_dir: Callable[[str], Path]) -> None:
    prod = tfjson.load(stack_dir("prod") / "cdk.tf.json")
    retention = {
        group["name"]: group["retention_in_days"] for group in tfjson.resources(prod, "aws_cloudwatch_log_group")
    }
    assert len(retention) >= 3 and all(days >= 365 for days in retention.values()), retention


def test_dev_has_no_firewall(stack_dir: Callable[[str], Path]) -> None:
    dev = tfjson.load(stack_dir("dev") / "cdk.tf.json")
    assert "aws_wafv2_web_acl" not in dev["resource"]
