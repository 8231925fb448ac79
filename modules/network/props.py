"""Options and props of `Network`. No cdktf import."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from modules.options import Options, Props
from modules.validation import check_choice, check_range, is_token, require

NAT_GATEWAY_MODES = ("single", "per_az", "none")
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922)


@dataclass(frozen=True, kw_only=True)
class NetworkOptions(Options):
    """What a user chooses about the network: its range, zones, NAT and flow logs."""

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

    def validate(self) -> None:
        if not is_token(self.cidr_block):
            try:
                network = ipaddress.IPv4Network(self.cidr_block)
            except ValueError:
                network = None
            require(
                network is not None and network.prefixlen == 16 and network.is_private,
                setting="cidr_block",
                value=self.cidr_block,
                problem="not a private IPv4 /16 range",
                fix="use a private /16 such as '10.0.0.0/16' that no peered network uses",
            )
        check_range("az_count", self.az_count, 2, 6)
        check_choice("nat_gateways", self.nat_gateways, NAT_GATEWAY_MODES)
        check_log_retention("flow_log_retention_days", self.flow_log_retention_days)


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
