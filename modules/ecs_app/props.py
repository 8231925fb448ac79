"""Options and props of `EcsApp`: one nested options object for the whole ECS platform. No cdktf import."""

from __future__ import annotations

from dataclasses import dataclass, field

from modules.alarms.props import AlarmsOptions
from modules.fargate_service.props import FargateServiceOptions
from modules.generated_secret.props import SecretsOptions
from modules.kms_key.props import KmsKeyOptions
from modules.load_balancer.props import LoadBalancerOptions
from modules.network.props import NetworkOptions
from modules.options import Options, Props
from modules.postgres.props import PostgresOptions
from modules.redis.props import RedisOptions
from modules.validation import check_domain, check_pattern, check_region, is_token, require

LOAD_BALANCER_NAME_LIMIT = 28
"""ALB names allow 32 characters and the target group is `<name>-app`: the tightest limit on a derived name."""


@dataclass(frozen=True, kw_only=True)
class EcsAppOptions(Options):
    """Everything a user chooses about one ECS environment, one section per part. Every section has working
    defaults: the small, cheap shape (one task of 0.25 vCPU, db.t3.micro, cache.t3.micro, one NAT gateway)."""

    key: KmsKeyOptions = field(default_factory=KmsKeyOptions)
    """The environment's KMS key (secrets, logs, database, cache, alarm topic). When left out, 30 days' deletion
    window."""
    network: NetworkOptions = field(default_factory=NetworkOptions)
    """VPC, zones, NAT and flow logs. When left out, 2 zones, one NAT gateway, flow logs for 30 days."""
    database: PostgresOptions = field(default_factory=PostgresOptions)
    """RDS PostgreSQL. When left out, db.t3.micro single-AZ with deletion protection and 7 days of backups."""
    cache: RedisOptions = field(default_factory=RedisOptions)
    """ElastiCache Redis. When left out, one cache.t3.micro node, no snapshots."""
    load_balancer: LoadBalancerOptions = field(default_factory=LoadBalancerOptions)
    """Application load balancer and its health check. When left out, `/health` every 15 s, no access logs."""
    service: FargateServiceOptions = field(default_factory=FargateServiceOptions)
    """Fargate service and its autoscaling. When left out, one 0.25 vCPU / 0.5 GB task, scaling 1-2."""
    alarms: AlarmsOptions = field(default_factory=AlarmsOptions)
    """Alarms and their SNS topic. When left out, default thresholds and no email subscription."""
    secrets: SecretsOptions = field(default_factory=SecretsOptions)
    """Generated secrets: rotation and recovery window. When left out, rotation 1 and a 7-day recovery window."""
    prevent_destroy: bool = False
    """Make Terraform refuse, at plan time, any plan that destroys what holds data or serves users (the key, the
    secrets, the database, the cache, the load balancer, the cluster and service, the VPC): `terraform destroy`
    then deletes nothing. Deletion protection stays the second line. Turn off in the environment file first to
    really tear it down."""


@dataclass(frozen=True, kw_only=True)
class EcsAppProps(EcsAppOptions, Props):
    """Everything `EcsApp` needs: the options plus the names and the image of this one deployment."""

    name: str
    """Base name of every resource (`mission-control-dev`); the load balancer takes it as is, so at most 28
    characters."""
    region: str
    """AWS region, for the log driver and the migration command."""
    image: str
    """The Mission Control image, a full reference (in a stack its tag is a Terraform variable)."""
    domain_name: str | None = None
    """Custom domain: certificate, HTTPS listener and DNS alias. When left out, HTTP on the load balancer's own
    DNS name."""

    def validate(self) -> None:
        check_pattern(
            "name",
            self.name,
            rf"[a-z](?!.*--)[a-z0-9-]{{0,{LOAD_BALANCER_NAME_LIMIT - 2}}}[a-z0-9]",
            meaning=f"a lowercase name of at most {LOAD_BALANCER_NAME_LIMIT} letters, digits and single inner hyphens "
            f"(it names the load balancer, its target group '<name>-app', the database, the cache and the service)",
            example="mission-control-dev",
        )
        check_region("region", self.region)
        if self.domain_name is not None:
            check_domain("domain_name", self.domain_name)
        zone = self.load_balancer.hosted_zone_name
        if zone is not None and not is_token(zone):
            require(
                self.domain_name is not None,
                setting="load_balancer.hosted_zone_name",
                value=zone,
                problem="a hosted zone without a domain_name has nothing to serve",
                fix="set domain_name too (MC_DOMAIN_NAME), or leave load_balancer.hosted_zone_name out",
            )
            assert self.domain_name is not None
            if not is_token(self.domain_name):
                require(
                    self.domain_name == zone or self.domain_name.endswith(f".{zone}"),
                    setting="load_balancer.hosted_zone_name",
                    value=zone,
                    problem=f"domain_name {self.domain_name!r} is not inside this zone",
                    fix="name the public zone that contains domain_name",
                )
