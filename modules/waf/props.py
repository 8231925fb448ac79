"""Options and props of `Waf`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.network.props import log_retention
from modules.options import Options, Props
from modules.rules import Rule, in_range
from modules.validation import check_pattern

MANAGED_RULE_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet")
"""AWS's baseline for web applications (OWASP-style checks) and known exploit payloads (Log4j and others)."""


@dataclass(frozen=True, kw_only=True)
class WafOptions(Options):
    """Whether a web application firewall guards the load balancer, and how strictly."""

    RULES: ClassVar[Sequence[Rule]] = (
        in_range("rate_limit_per_5_minutes", 100, 2_000_000_000),
        log_retention("log_retention_days"),
    )

    enabled: bool = False
    """Put AWS WAF in front of the load balancer (about $8/month plus $0.60 per million requests). When left out,
    no firewall (dev); prod turns it on."""
    rate_limit_per_5_minutes: int = 2000
    """Requests one client IP may make in 5 minutes before it is blocked for a while (100-2,000,000,000)."""
    log_retention_days: int = 365
    """Days CloudWatch Logs keeps the firewall's log of blocked and counted requests."""


@dataclass(frozen=True, kw_only=True)
class WafProps(WafOptions, Props):
    """Everything `Waf` needs: the options plus its name, what it guards and the key of its logs."""

    name: str
    """Names the web ACL and its log group `aws-waf-logs-<name>` (WAF requires that prefix)."""
    resource_arn: str
    """ARN of the load balancer to guard."""
    kms_key_arn: str | None = None
    """KMS key of the log group. When left out, CloudWatch Logs' default encryption."""

    def validate(self) -> None:
        check_pattern("name", self.name, r"[A-Za-z0-9_-]{1,114}", meaning="a web ACL name", example="mc-prod")
        super().validate()
