"""The `Waf` construct; see the package docstring."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.wafv2_web_acl import (
    Wafv2WebAcl,
    Wafv2WebAclDefaultAction,
    Wafv2WebAclDefaultActionAllow,
    Wafv2WebAclRule,
    Wafv2WebAclRuleAction,
    Wafv2WebAclRuleActionBlock,
    Wafv2WebAclRuleOverrideAction,
    Wafv2WebAclRuleOverrideActionNone,
    Wafv2WebAclRuleVisibilityConfig,
    Wafv2WebAclVisibilityConfig,
)
from cdktf_cdktf_provider_aws.wafv2_web_acl_association import Wafv2WebAclAssociation
from cdktf_cdktf_provider_aws.wafv2_web_acl_logging_configuration import Wafv2WebAclLoggingConfiguration
from constructs import Construct

from modules.tokens import attribute, count_for
from modules.waf.props import MANAGED_RULE_GROUPS, WafProps


def _visibility(metric: str) -> Wafv2WebAclRuleVisibilityConfig:
    return Wafv2WebAclRuleVisibilityConfig(
        cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


class Waf(Construct):
    web_acl: Wafv2WebAcl
    log_group: CloudwatchLogGroup

    def __init__(self, scope: Construct, id: str, props: WafProps) -> None:
        """Build it where `present(props.enabled)`: with a plain `enabled` (the stacks) nothing is counted; with a
        token (the HCL module's input) every part has `count = enabled ? 1 : 0`."""
        super().__init__(scope, id)
        count = count_for(props.enabled)
        rules = [
            Wafv2WebAclRule(
                name=group,
                priority=priority,
                override_action=Wafv2WebAclRuleOverrideAction(none=Wafv2WebAclRuleOverrideActionNone()),
                # The provider types `statement` as any (it nests): Terraform's own attribute names.
                statement={"managed_rule_group_statement": {"vendor_name": "AWS", "name": group}},
                visibility_config=_visibility(group),
            )
            for priority, group in enumerate(MANAGED_RULE_GROUPS, start=1)
        ]
        rules.append(
            Wafv2WebAclRule(
                name="rate-limit-per-ip",
                priority=len(rules) + 1,
                action=Wafv2WebAclRuleAction(block=Wafv2WebAclRuleActionBlock()),
                statement={
                    "rate_based_statement": {
                        "limit": props.rate_limit_per_5_minutes,
                        "aggregate_key_type": "IP",
                        "evaluation_window_sec": 300,
                    }
                },
                visibility_config=_visibility("rate-limit-per-ip"),
            )
        )
        self.web_acl = Wafv2WebAcl(
            self,
            "this",
            count=count,
            name=props.name,
            description=f"Guards the load balancer of {props.name}",
            scope="REGIONAL",
            default_action=Wafv2WebAclDefaultAction(allow=Wafv2WebAclDefaultActionAllow()),
            rule=rules,
            visibility_config=Wafv2WebAclVisibilityConfig(
                cloudwatch_metrics_enabled=True, metric_name=props.name, sampled_requests_enabled=True
            ),
        )
        web_acl_arn = attribute(self.web_acl, "arn")
        Wafv2WebAclAssociation(
            self, "association", count=count, resource_arn=props.resource_arn, web_acl_arn=web_acl_arn
        )
        self.log_group = CloudwatchLogGroup(
            self,
            "log_group",
            count=count,
            name=f"aws-waf-logs-{props.name}",
            retention_in_days=props.log_retention_days,
            kms_key_id=props.kms_key_arn,
        )
        Wafv2WebAclLoggingConfiguration(
            self,
            "logging",
            count=count,
            resource_arn=web_acl_arn,
            log_destination_configs=[attribute(self.log_group, "arn")],
        )
