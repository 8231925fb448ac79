"""Options and props of `Network`. No cdktf import."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from modules.options import Options, Props
from modules.rules import Rule, check, in_range, one_of
from modules.validation import is_token, require

NAT_GATEWAY_MODES = ("single", "per_az", "none")
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922)


def log_retention(field: str) -> Rule:
    """One of the retentions CloudWatch Logs offers (`check_log_retention`'s message in Python)."""
    return one_of(
        field,
        LOG_RETENTION_DAYS,
        refused=(2, 10),
        problem="CloudWatch Logs does not offer this retention",
        fix=f"use one of {', '.join(map(str, LOG_RETENTION_DAYS))}",
    )


def _check_private_16(setting: str, value: Any) -> None:
    if is_token(value):
        return
    try:
        network = ipaddress.IPv4Network(value)
    except ValueError:
        network = None
    require(
        network is not None and network.prefixlen == 16 and network.is_private,
        setting=setting,
        value=value,
        problem="not a private IPv4 /16 range",
        fix="use a private /16 such as '10.0.0.0/16' that no peered network uses",
    )


@dataclass(frozen=True, kw_only=True)
class NetworkOptions(Options):
    """What a user chooses about the network: its range, zones, NAT and flow logs."""

    RULES: ClassVar[Sequence[Rule]] = (
        check(
            "cidr_block",
            'try(cidrhost({{value}}, 0) == split("/", {{value}})[0] && endswith({{value}}, "/16") && anytrue(['
            'split(".", {{value}})[0] == "10", '
            'split(".", {{value}})[0] == "172" && tonumber(split(".", {{value}})[1]) >= 16 '
            '&& tonumber(split(".", {{value}})[1]) <= 31, '
            'split(".", {{value}})[0] == "192" && split(".", {{value}})[1] == "168"]), false)',
            "{{setting}} must be a private (RFC 1918) IPv4 /16 range such as 10.0.0.0/16.",
            refused=("10.0.0.0/24", "8.8.0.0/16", "10.0.1.0/16", "not-a-cidr"),
            python=lambda setting, value, _: _check_private_16(setting, value),
        ),
        in_range("az_count", 2, 6),
        one_of(
            "nat_gateways",
            NAT_GATEWAY_MODES,
            refused=("zonal", "None"),
            problem="not a known value",
            fix=f"use one of {', '.join(NAT_GATEWAY_MODES)}",
        ),
        log_retention("flow_log_retention_days"),
    )

    cidr_block: str = "10.0.0.0/16"
    """VPC range. Subnets are /20 slices of a /16: public ones first, private ones from the ninth slice."""
    az_count: int = 2
    """Availability zones to spread over (2-6), the first ones the region reports as available."""
    nat_gateways: str = "single"
    """`single`: one NAT gateway for all private subnets (cheap; its zone is a single point of failure for egress).
    `per_az`: one in each zone, so a zone outage never cuts the others off. `none`: no NAT (saves about $36.50 a
    month): the private subnets have no way out, so whatever must reach the internet runs in the public subnets
    (the ECS pattern then gives its tasks public IPs, reachable only from the load balancer)."""
    enable_flow_logs: bool = True
    """Log every accepted and rejected connection of the VPC to CloudWatch Logs."""
    flow_log_retention_days: int = 30
    """Days CloudWatch Logs keeps the flow logs (one of the retentions it offers)."""


@dataclass(frozen=True, kw_only=True)
class NetworkProps(NetworkOptions, Props):
    """Everything `Network` needs: the options plus the name and key."""

    name: str
    """Name tag prefix of every network resource."""
    kms_key_arn: str | None = None
    """KMS key for the flow log group. When left out, CloudWatch Logs' default encryption is used."""


def check_log_retention(setting: str, value: int) -> None:
    if is_token(value):
        return
    require(
        value in LOG_RETENTION_DAYS,
        setting=setting,
        value=value,
        problem="CloudWatch Logs does not offer this retention",
        fix=f"use one of {', '.join(map(str, LOG_RETENTION_DAYS))}",
    )
