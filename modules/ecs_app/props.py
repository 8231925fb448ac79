"""Options and props of `EcsApp`: one nested options object for the whole ECS platform. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from modules.alarms.props import AlarmsOptions
from modules.aws_names import NameKind, check_derived_name, longest_base
from modules.ecs_app.contract import SECRETS
from modules.fargate_service.props import FargateServiceOptions, check_deployment
from modules.generated_secret.props import SecretsOptions
from modules.kms_key.props import KmsKeyOptions
from modules.load_balancer.props import LoadBalancerOptions
from modules.network.props import NetworkOptions
from modules.options import Options, Props
from modules.postgres.props import PostgresOptions
from modules.redis.props import RedisOptions
from modules.rules import Rule, check, matches, with_python
from modules.rules import domain_name as domain_rule  # the field `domain_name` would shadow it
from modules.validation import check_pattern, check_region, is_token, require
from modules.waf.props import WafOptions
from modules.worker.props import WorkerOptions

NAME_LIMIT = longest_base("target_group", "-app")
"""The tightest of the AWS rules for the names derived from `name` (the table in modules/aws_names.py): the target
group `<name>-app` (32 - 4 = 28). Terraform checks this length and the characters; Python checks every derived name
against the table (`EcsAppProps.derived_names`), which also refuses `--` and a trailing hyphen (RDS, ElastiCache)."""


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
    worker: WorkerOptions = field(default_factory=WorkerOptions)
    """A separate ARQ worker service (same image, secrets and network, its own size, scaling and alarms). When left
    out, none: the app runs its jobs in-process."""
    waf: WafOptions = field(default_factory=WafOptions)
    """Web application firewall in front of the load balancer. When left out, none (prod turns it on)."""
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
    deployment: str = "rolling"
    """How the app's service takes a new version: `rolling` (ECS, with a circuit breaker) or `blue_green`
    (CodeDeploy: a second target group, a test listener, a deployment group that rolls back on failure and on the
    5xx and unhealthy-task alarms, and a bake time before the old tasks go). The worker always rolls: it takes no
    traffic to shift. A Python-only choice (Terraform's `lifecycle` arguments must be literal), so the HCL module
    stays rolling. When left out, rolling."""

    RULES: ClassVar[Sequence[Rule]] = (
        with_python(
            matches(
                "name",
                rf"[a-z](?!.*--)[a-z0-9-]{{0,{NAME_LIMIT - 2}}}[a-z0-9]",
                f"a lowercase name of at most {NAME_LIMIT} letters, digits and single inner hyphens (it names the "
                "load balancer, its target group `<name>-app`, the database, the cache and the service)",
                hcl_pattern=rf"[a-z][a-z0-9-]{{0,{NAME_LIMIT - 2}}}[a-z0-9]",
                refused=("mc--prod", "Mc-prod", "mc-prod-", "m" * (NAME_LIMIT + 1)),
            ),
            lambda setting, value, props: props.check_name(setting, value),
        ),
        # RE2 has no look-ahead, so Terraform checks `--` apart; Python's `check_name` refuses it (RDS's rule).
        check("name", '!strcontains({{value}}, "--")', "name must not contain '--'.", refused=("mc--prod",)),
        matches("image", r"\S+", "a container image reference", example="ghcr.io/acme/billing:1.4.2", refused=("",)),
        domain_rule("domain_name", nullable=True),
        check(
            "domain_name",
            "try(var.load_balancer.hosted_zone_name, null) == null || try({{value}} == "
            'var.load_balancer.hosted_zone_name || endswith({{value}}, format(".%s", var.load_balancer.hosted_zone_name'
            ")), false)",
            "load_balancer.hosted_zone_name must be the public zone that contains domain_name (and needs domain_name).",
            python=lambda _setting, value, props: props.check_hosted_zone(value),
        ),
    )

    def derived_names(self) -> list[tuple[NameKind, str]]:
        """Every AWS name the parts derive from `name`, with the kind whose rules it must follow. A synth test checks
        that every name in the synthesized stack is one of these, so the list cannot fall behind the constructs."""
        name = self.name
        names: list[tuple[NameKind, str]] = [
            ("kms_alias", f"alias/{name}"),
            ("log_group", f"/vpc/{name}/flow-logs"),
            *(("secret", f"{name}/{secret}") for secret in SECRETS),
            ("rds_instance", name),
            ("rds_subnet_group", f"{name}-database"),
            ("rds_parameter_group", f"{name}-postgres{self.database.engine_major_version}"),
            ("rds_snapshot", f"{name}-final-20261130120000"),
            ("security_group", f"{name}-database"),
            ("elasticache_replication_group", name),
            ("elasticache_subnet_group", f"{name}-redis"),
            ("security_group", f"{name}-redis"),
            ("alb", name),
            ("target_group", f"{name}-app"),
            ("security_group", f"{name}-alb"),
            ("ecs_cluster", name),
            ("ecs_service", name),
            ("ecs_task_family", name),
            ("ecs_task_family", f"{name}-migrate"),
            ("log_group", f"/ecs/{name}"),
            ("security_group", f"{name}-app"),
            ("sns_topic", f"{name}-alarms"),
        ]
        if self.deployment == "blue_green":
            names += [("target_group", f"{name}-alt"), ("iam_role_name_prefix", f"{name[:24]}-codedeploy-")]
        if self.load_balancer.enable_access_logs:
            names.append(("s3_bucket_prefix", f"{name}-alb-logs-"))
        if self.worker.enabled:
            names += [("ecs_service", f"{name}-worker"), ("ecs_task_family", f"{name}-worker")]
            names += [("security_group", f"{name}-worker"), ("cloudwatch_alarm", f"{name}-worker-memory")]
        if self.waf.enabled:
            names.append(("log_group", f"aws-waf-logs-{name}"))
        return names

    def check_name(self, setting: str, value: str) -> None:
        """`name` is lowercase, and every AWS name made from it follows its kind's rules (the table)."""
        check_pattern(
            setting,
            value,
            r"[a-z][a-z0-9-]*",
            meaning="a lowercase name: letters, digits and hyphens, starting with a letter",
            example="mission-control-dev",
        )
        for kind, derived in self.derived_names():
            check_derived_name(kind, derived, setting=setting, typed_value=value)

    def check_hosted_zone(self, domain: Any) -> None:
        """`load_balancer.hosted_zone_name` needs `domain_name`, and contains it."""
        zone = self.load_balancer.hosted_zone_name
        if zone is None or is_token(zone):
            return
        require(
            domain is not None,
            setting="load_balancer.hosted_zone_name",
            value=zone,
            problem="a hosted zone without a domain_name has nothing to serve",
            fix="set domain_name too (MC_<ENV>_DOMAIN_NAME in the settings), or leave "
            "load_balancer.hosted_zone_name out",
        )
        if not is_token(domain):
            require(
                domain == zone or domain.endswith(f".{zone}"),
                setting="load_balancer.hosted_zone_name",
                value=zone,
                problem=f"domain_name {domain!r} is not inside this zone",
                fix="name the public zone that contains domain_name",
            )

    def validate(self) -> None:
        check_deployment("deployment", self.deployment)
        check_region("region", self.region)
