"""Options and props of `LoadBalancer`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.options import Options, Props
from modules.validation import check_domain, check_min_items, check_pattern, check_range, is_token, require

TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"


@dataclass(frozen=True, kw_only=True)
class LoadBalancerOptions(Options):
    """What a user chooses about the load balancer: health checks, timeouts, access logs, protection."""

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

    def validate(self) -> None:
        check_pattern("health_check_path", self.health_check_path, r"/\S*", meaning="a URL path", example="/health")
        check_pattern(
            "health_check_matcher",
            self.health_check_matcher,
            r"[1-5]\d\d([-,][1-5]\d\d)*",
            meaning="HTTP codes",
            example="200-299",
        )
        check_range("health_check_interval_seconds", self.health_check_interval_seconds, 5, 300)
        check_range("health_check_timeout_seconds", self.health_check_timeout_seconds, 2, 120)
        if not (is_token(self.health_check_interval_seconds) or is_token(self.health_check_timeout_seconds)):
            require(
                self.health_check_timeout_seconds < self.health_check_interval_seconds,
                setting="health_check_timeout_seconds",
                value=self.health_check_timeout_seconds,
                problem=f"not shorter than health_check_interval_seconds ({self.health_check_interval_seconds})",
                fix="make the timeout shorter than the interval",
            )
        check_range("healthy_threshold", self.healthy_threshold, 2, 10)
        check_range("unhealthy_threshold", self.unhealthy_threshold, 2, 10)
        check_range("deregistration_delay_seconds", self.deregistration_delay_seconds, 0, 3600)
        check_range("idle_timeout_seconds", self.idle_timeout_seconds, 1, 4000)
        check_range("access_log_retention_days", self.access_log_retention_days, 1, 3650)
        if self.hosted_zone_name is not None:
            check_domain("hosted_zone_name", self.hosted_zone_name)


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

    def validate(self) -> None:
        check_pattern(
            "name",
            self.name,
            r"[a-zA-Z0-9][a-zA-Z0-9-]{0,26}[a-zA-Z0-9]",
            meaning="a load balancer name of at most 28 letters, digits and hyphens",
            example="mission-control-dev",
        )
        check_min_items(
            "subnet_ids",
            self.subnet_ids,
            2,
            problem="an ALB needs subnets in at least two availability zones",
            fix="pass the public subnets of two or more zones",
        )
        check_range("target_port", self.target_port, 1, 65535)
        super().validate()
        if self.domain_name is not None:
            check_domain("domain_name", self.domain_name)
        if self.hosted_zone_name is not None:
            require(
                self.domain_name is not None,
                setting="hosted_zone_name",
                value=self.hosted_zone_name,
                problem="a hosted zone without a domain_name has nothing to serve",
                fix="set domain_name too, or leave hosted_zone_name out",
            )
            if not (is_token(self.hosted_zone_name) or is_token(self.domain_name)):
                assert self.domain_name is not None
                require(
                    self.domain_name == self.hosted_zone_name or self.domain_name.endswith(f".{self.hosted_zone_name}"),
                    setting="hosted_zone_name",
                    value=self.hosted_zone_name,
                    problem=f"domain_name {self.domain_name!r} is not inside this zone",
                    fix="name the public zone that contains domain_name",
                )

    @property
    def zone_name(self) -> str | None:
        if self.domain_name is None:
            return None
        if self.hosted_zone_name is not None:
            return self.hosted_zone_name
        labels = self.domain_name.split(".")
        return self.domain_name if len(labels) <= 2 else ".".join(labels[1:])
