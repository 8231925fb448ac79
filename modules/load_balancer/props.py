"""Options and props of `LoadBalancer`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from modules.aws_names import longest_base
from modules.options import Options, Props
from modules.rules import Rule, at_least, check, in_range, matches
from modules.rules import domain_name as domain_rule  # the field `domain_name` would shadow it
from modules.validation import is_token, require

TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
NAME_LENGTH = longest_base("target_group", "-app")  # `name` names the load balancer and the target group `<name>-app`


def _check_zone(setting: str, zone: Any, domain: Any) -> None:
    if zone is None:
        return
    require(
        domain is not None,
        setting=setting,
        value=zone,
        problem="a hosted zone without a domain_name has nothing to serve",
        fix="set domain_name too, or leave hosted_zone_name out",
    )
    if not (is_token(zone) or is_token(domain)):
        require(
            domain == zone or domain.endswith(f".{zone}"),
            setting=setting,
            value=zone,
            problem=f"domain_name {domain!r} is not inside this zone",
            fix="name the public zone that contains domain_name",
        )


@dataclass(frozen=True, kw_only=True)
class LoadBalancerOptions(Options):
    """What a user chooses about the load balancer: health checks, timeouts, access logs, protection."""

    RULES: ClassVar[Sequence[Rule]] = (
        matches("health_check_path", r"/\S*", "a URL path", example="/health", refused=("health", "/a b")),
        matches(
            "health_check_matcher",
            r"[1-5]\d\d([-,][1-5]\d\d)*",
            "HTTP codes (200, 200-299 or 200,204)",
            example="200-299",
            refused=("ok", "2000", "600"),
        ),
        in_range("health_check_interval_seconds", 5, 300),
        in_range("health_check_timeout_seconds", 2, 120),
        check(
            "health_check_timeout_seconds",
            "{{value}} < {{health_check_interval_seconds}}",
            "{{setting}} must be shorter than health_check_interval_seconds.",
            python=lambda setting, value, options: (
                None
                if is_token(value) or is_token(options.health_check_interval_seconds)
                else require(
                    value < options.health_check_interval_seconds,
                    setting=setting,
                    value=value,
                    problem=f"not shorter than health_check_interval_seconds ({options.health_check_interval_seconds})",
                    fix="make the timeout shorter than the interval",
                )
            ),
        ),
        in_range("healthy_threshold", 2, 10),
        in_range("unhealthy_threshold", 2, 10),
        in_range("deregistration_delay_seconds", 0, 3600),
        in_range("idle_timeout_seconds", 1, 4000),
        domain_rule("hosted_zone_name", nullable=True),
        in_range("access_log_retention_days", 1, 3650),
    )

    health_check_path: str = "/health"
    """Path the target group polls on every task."""
    health_check_matcher: str = "200"
    """HTTP codes that count as healthy: `200`, `200-299` or `200,204`."""
    health_check_interval_seconds: int = 15
    """Seconds between health checks of one task (5-300)."""
    health_check_timeout_seconds: int = 5
    """Seconds a health check may take (2-120, shorter than the interval)."""
    healthy_threshold: int = 2
    """Consecutive passed checks before a task receives traffic (2-10)."""
    unhealthy_threshold: int = 3
    """Consecutive failed checks before a task stops receiving traffic (2-10)."""
    deregistration_delay_seconds: int = 30
    """Time a stopping task keeps serving its open requests."""
    idle_timeout_seconds: int = 120
    """Idle connections (WebSockets included) are closed after this; the app's pings must be more frequent."""
    hosted_zone_name: str | None = None
    """Public Route 53 zone holding `domain_name`. When left out, the domain's parent (`mc.example.com` ->
    `example.com`), or the domain itself when it has two labels."""
    enable_access_logs: bool = False
    """Write access logs to a dedicated, encrypted S3 bucket."""
    access_log_retention_days: int = 90
    """Days access logs are kept in their bucket (1-3650)."""
    enable_deletion_protection: bool = False
    """Refuse to delete the load balancer until this is turned off."""


@dataclass(frozen=True, kw_only=True)
class LoadBalancerProps(LoadBalancerOptions, Props):
    """Everything `LoadBalancer` needs: the options plus its name, network, target port and domain."""

    name: str
    """Load balancer name (at most 28 characters: the target group adds `-app`)."""
    vpc_id: str
    """VPC of the load balancer and its target group."""
    subnet_ids: Sequence[str]
    """Public subnets, in at least two availability zones."""
    target_port: int = 8000
    """Port the targets (the app's tasks) listen on."""
    domain_name: str | None = None
    """When set: certificate, HTTPS listener and a Route 53 alias record. When left out: HTTP only, on the ALB's
    own DNS name (fine for dev, never for real users)."""
    enable_test_listener: bool = False
    """For blue/green deployments through CodeDeploy: a second target group `<name>-alt` and a test listener on
    port 8443 (HTTPS, with a domain) or 8080 (HTTP) that forwards to it, so CodeDeploy can send test traffic to the
    new tasks before the production listener moves. The port is not opened in the security group: add an ingress
    rule (or a hook inside AWS) to test through it. CodeDeploy then switches both listeners' default actions,
    which Terraform ignores. A Python-only choice (`ignore_changes` must be literal): the HCL module has none.
    When left out, one target group and no test listener."""

    RULES: ClassVar[Sequence[Rule]] = (
        *LoadBalancerOptions.RULES,
        matches(
            "name",
            rf"[a-zA-Z0-9][a-zA-Z0-9-]{{0,{NAME_LENGTH - 2}}}[a-zA-Z0-9]",
            f"a load balancer name of at most {NAME_LENGTH} letters, digits and hyphens (the target group adds `-app`)",
            example="billing-prod",
            refused=("-starts-with-hyphen", "a" * (NAME_LENGTH + 1)),
        ),
        at_least(
            "subnet_ids",
            2,
            "public subnets in different zones (an ALB requires two zones)",
            problem="an ALB needs subnets in at least two availability zones",
            fix="pass the public subnets of two or more zones",
        ),
        in_range("target_port", 1, 65535),
        domain_rule("domain_name", nullable=True),
        check(
            "hosted_zone_name",
            "{{value}} == null || try({{domain_name}} == {{value}} || "
            'endswith({{domain_name}}, format(".%s", {{value}})), false)',
            "{{setting}} must be the public zone that contains domain_name (and needs domain_name).",
            python=lambda setting, value, props: _check_zone(setting, value, props.domain_name),
        ),
    )

    @property
    def zone_name(self) -> str | None:
        if self.domain_name is None:
            return None
        if self.hosted_zone_name is not None:
            return self.hosted_zone_name
        labels = self.domain_name.split(".")
        return self.domain_name if len(labels) <= 2 else ".".join(labels[1:])
