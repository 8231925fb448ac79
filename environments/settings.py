"""The typed settings of one environment. No cdktf import: settings are validated before any construct exists.

An environment file builds one `Settings`; `environments.load()` applies `MC_*` overrides and returns it frozen.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, TypeVar

from modules.alarms.props import AlarmsProps
from modules.fargate_service.props import FargateServiceProps
from modules.kms_key.props import KmsKeyProps
from modules.lightsail_app.props import NAME_PATTERN, LightsailAppProps, LightsailOptions
from modules.load_balancer.props import LoadBalancerProps
from modules.network.props import NetworkProps
from modules.postgres.props import PostgresProps
from modules.redis.props import RedisProps
from modules.validation import InvalidSetting, check_choice, check_domain, check_pattern, check_region, require

T = TypeVar("T")
PLACEHOLDER = "${TfToken[settings-check]}"
"""Stands for values only Terraform knows (IDs, ARNs) while settings are checked against the props types."""

ENVIRONMENT_NAME_PATTERN = r"[a-z][a-z0-9-]{0,19}"


def check_bucket_name(setting: str, value: str) -> None:
    """S3's bucket naming rules (general purpose buckets), checked here so a typo fails before `terraform init`."""
    check_pattern(
        setting,
        value,
        r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
        meaning="an S3 bucket name of 3-63 lowercase letters, digits, dots and hyphens",
        example="acme-mission-control-tfstate",
    )
    problems = []
    if ".." in value or ".-" in value or "-." in value:
        problems.append("it has adjacent dots or a dot beside a hyphen")
    try:
        ipaddress.IPv4Address(value)
        problems.append("it is formatted as an IP address")
    except ValueError:
        pass
    if value.startswith(("xn--", "sthree-", "amzn-s3-demo-")) or value.endswith(("-s3alias", "--ol-s3", "--x-s3")):
        problems.append("it uses a prefix or suffix that AWS reserves")
    if "." in value:
        # Dotted names break virtual-hosted TLS (the certificate covers one label only).
        problems.append("dots break HTTPS access to the bucket")
    require(
        not problems,
        setting=setting,
        value=value,
        problem="; ".join(problems),
        fix="use lowercase letters, digits and single hyphens, e.g. 'acme-mission-control-tfstate'",
    )


BACKENDS = ("s3", "cloud", "local")


@dataclass(frozen=True, kw_only=True)
class StateSettings:
    """Where Terraform keeps this environment's state."""

    backend: str = "s3"
    """`s3`: an S3 bucket with DynamoDB and S3-native locking, created by the `state` stack (MC_STATE_BACKEND).
    `cloud`: Terraform Cloud / HCP Terraform (or Enterprise) workspaces. `local`: a file beside the stack, for
    experiments only (no locking between machines, no backup)."""
    bucket: str = "mission-control-terraform-state"
    """S3: the state bucket. S3 names are global: set your own (MC_STATE_BUCKET)."""
    lock_table: str = "mission-control-terraform-locks"
    """S3: DynamoDB table for state locking (MC_STATE_LOCK_TABLE)."""
    region: str | None = None
    """S3: region of the bucket and table (MC_STATE_REGION). When left out, the environment's region."""
    key_prefix: str = "mission-control"
    """S3: state objects are `<key_prefix>/<environment>/terraform.tfstate`."""
    organization: str | None = None
    """Cloud: the organization (MC_TFC_ORGANIZATION). Required for the cloud backend."""
    workspace: str | None = None
    """Cloud: the workspace. When left out, `<name_prefix>-<environment>`, one per environment."""
    workspace_tags: tuple[str, ...] = ()
    """Cloud: select workspaces by tags instead of one name (MC_TFC_WORKSPACE_TAGS, comma-separated); pick one
    with TF_WORKSPACE when running Terraform."""
    project: str | None = None
    """Cloud: the project new workspaces are created in (MC_TFC_PROJECT). When left out, the default project."""
    hostname: str = "app.terraform.io"
    """Cloud: Terraform Cloud, or your Terraform Enterprise host (MC_TFC_HOSTNAME)."""
    local_path: str | None = None
    """Local: the state file. When left out, `terraform.<environment>.tfstate` in the working directory."""

    def __post_init__(self) -> None:
        check_choice("backend", self.backend, BACKENDS)
        if self.backend == "s3":
            check_bucket_name("bucket", self.bucket)
            check_pattern(
                "lock_table",
                self.lock_table,
                r"[A-Za-z0-9_.-]{3,255}",
                meaning="a DynamoDB table name",
                example="mission-control-terraform-locks",
            )
            if self.region is not None:
                check_region("region", self.region)
            check_pattern(
                "key_prefix",
                self.key_prefix,
                r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*",
                meaning="an S3 key prefix",
                example="mission-control",
            )
        if self.backend == "cloud":
            require(
                self.organization is not None,
                setting="organization",
                value=self.organization,
                problem="the cloud backend needs the Terraform Cloud organization",
                fix="set MC_TFC_ORGANIZATION (or state.organization in the environment file)",
            )
            assert self.organization is not None
            check_pattern(
                "organization",
                self.organization,
                r"[A-Za-z0-9_-]{1,40}",
                meaning="an organization name",
                example="acme",
            )
            check_domain("hostname", self.hostname)
            require(
                not (self.workspace and self.workspace_tags),
                setting="workspace_tags",
                value=list(self.workspace_tags),
                problem="a workspace name and workspace tags are mutually exclusive",
                fix="set either workspace or workspace_tags",
            )
            if self.workspace is not None:
                check_workspace("workspace", self.workspace)
            for tag in self.workspace_tags:
                check_pattern(
                    "workspace_tags",
                    tag,
                    r"[a-z0-9][a-z0-9:_-]{0,254}",
                    meaning="a lowercase tag",
                    example="mission-control",
                )

    def key(self, environment: str) -> str:
        return f"{self.key_prefix}/{environment}/terraform.tfstate"


def check_workspace(setting: str, value: str) -> None:
    check_pattern(setting, value, r"[A-Za-z0-9_-]{1,90}", meaning="a workspace name", example="mission-control-prod")


@dataclass(frozen=True, kw_only=True)
class EcsOptions:
    """The ECS Fargate platform's sizing and safety settings. Defaults are the small, cheap `dev` shape;
    every value is checked by the props type of the construct it feeds (see `Settings.*_props`)."""

    # Each default is the default of the construct prop it feeds, so the two can never drift apart; the one
    # deliberate difference (database deletion protection) is marked.
    # Network
    az_count: int = NetworkProps.az_count
    nat_gateways: str = NetworkProps.nat_gateways
    """`single` NAT gateway (dev) or `per_az` (prod: a zone outage never cuts off the others' egress)."""
    enable_flow_logs: bool = NetworkProps.enable_flow_logs
    flow_log_retention_days: int = NetworkProps.flow_log_retention_days
    # Service
    task_cpu: int = FargateServiceProps.cpu
    """Fargate CPU units: 256 = 0.25 vCPU."""
    task_memory_mib: int = FargateServiceProps.memory_mib
    desired_count: int = FargateServiceProps.desired_count
    min_capacity: int = FargateServiceProps.min_capacity
    max_capacity: int = FargateServiceProps.max_capacity
    cpu_target_percent: int = FargateServiceProps.cpu_target_percent
    memory_target_percent: int = FargateServiceProps.memory_target_percent
    health_check_grace_period_seconds: int = FargateServiceProps.health_check_grace_period_seconds
    enable_execute_command: bool = FargateServiceProps.enable_execute_command
    log_retention_days: int = FargateServiceProps.log_retention_days
    # Load balancer
    health_check_path: str = LoadBalancerProps.health_check_path
    health_check_matcher: str = LoadBalancerProps.health_check_matcher
    health_check_interval_seconds: int = LoadBalancerProps.health_check_interval_seconds
    health_check_timeout_seconds: int = LoadBalancerProps.health_check_timeout_seconds
    healthy_threshold: int = LoadBalancerProps.healthy_threshold
    unhealthy_threshold: int = LoadBalancerProps.unhealthy_threshold
    hosted_zone_name: str | None = None
    """Route 53 public zone of `domain_name`. When left out, the domain's parent."""
    enable_alb_access_logs: bool = LoadBalancerProps.enable_access_logs
    enable_alb_deletion_protection: bool = LoadBalancerProps.enable_deletion_protection
    # Database
    db_instance_class: str = PostgresProps.instance_class
    postgres_major_version: int = PostgresProps.engine_major_version
    db_allocated_storage_gib: int = PostgresProps.allocated_storage_gib
    db_max_allocated_storage_gib: int = PostgresProps.max_allocated_storage_gib
    db_multi_az: bool = PostgresProps.multi_az
    db_deletion_protection: bool = False
    """Deliberately off by default, unlike `PostgresProps`: the defaults are the rebuildable dev shape, and each
    environment file states it (prod turns it on)."""
    db_backup_retention_days: int = PostgresProps.backup_retention_days
    # Cache
    cache_node_type: str = RedisProps.node_type
    cache_node_count: int = RedisProps.node_count
    cache_automatic_failover: bool = RedisProps.enable_automatic_failover
    cache_snapshot_retention_days: int = RedisProps.snapshot_retention_days
    # Operations
    alarm_email: str | None = None
    """Subscribed to the alarm topic (AWS sends a confirmation email). When left out, no subscription."""
    kms_deletion_window_days: int = KmsKeyProps.deletion_window_days


def _props(factory: Callable[..., T], renames: Mapping[str, str], **values: Any) -> T:
    """Build a props object; a refused value is reported under the setting's name (`ecs.db_instance_class`)."""
    try:
        return factory(**values)
    except InvalidSetting as error:
        raise InvalidSetting(
            setting=renames.get(error.setting, error.setting),
            value=error.value,
            problem=error.problem,
            fix=error.fix,
        ) from None


@dataclass(frozen=True, kw_only=True)
class Settings:
    """One environment. Exactly one platform section (`lightsail`, and `ecs` from the ECS issue on) is set."""

    name: str
    """Environment name; also the stack ID (`cdktf deploy <name>`) and part of every resource name."""
    region: str
    """AWS region (MC_AWS_REGION)."""
    image: str
    """Mission Control container image (MC_IMAGE)."""
    name_prefix: str = "mission-control"
    """Prefix of every resource name: `<name_prefix>-<name>` (MC_NAME_PREFIX)."""
    domain_name: str | None = None
    """Custom domain for HTTPS (MC_DOMAIN_NAME). When left out, the platform's own URL is used."""
    state: StateSettings = StateSettings()
    lightsail: LightsailOptions | None = None
    """Lightsail sizing and behaviour; set for a Lightsail environment."""
    ecs: EcsOptions | None = None
    """ECS Fargate sizing and safety; set for an ECS environment."""
    emulator_endpoint: str | None = None
    """Emulator mode (MC_EMULATOR_ENDPOINT): point the aws provider and the S3 backend at a local AWS emulator
    (moto) on this URL, with test credentials. Loopback addresses only. Never set for a real deployment."""

    def __post_init__(self) -> None:
        check_pattern(
            "name", self.name, ENVIRONMENT_NAME_PATTERN, meaning="a short lowercase environment name", example="dev"
        )
        check_region("region", self.region)
        check_pattern(
            "image", self.image, r"\S+", meaning="a container image reference", example="ghcr.io/acme/mc:1.4.2"
        )
        check_pattern(
            "name_prefix",
            self.name_prefix,
            r"[a-z][a-z0-9-]{0,29}",
            meaning="a lowercase prefix of at most 30 letters, digits and hyphens",
            example="mission-control",
        )
        check_pattern(
            "name_prefix",
            self.resource_name,
            NAME_PATTERN,
            meaning="a prefix that, joined to the environment name, makes a valid resource name",
            example="mission-control",
        )
        if self.domain_name is not None:
            check_domain("domain_name", self.domain_name)
        require(
            (self.lightsail is None) != (self.ecs is None),
            setting="lightsail/ecs",
            value="both" if self.lightsail else "neither",
            problem="an environment runs on exactly one platform",
            fix="set either lightsail=LightsailOptions(...) or ecs=EcsOptions(...) in the environment file",
        )
        if self.ecs is not None:
            self.check_ecs_props()
        if self.emulator_endpoint is not None:
            check_pattern(
                "emulator_endpoint",
                self.emulator_endpoint,
                r"https?://(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):\d{1,5}",
                meaning="an http(s):// URL on a loopback address",
                example="https://127.0.0.1:5000",
            )

    @property
    def resource_name(self) -> str:
        return f"{self.name_prefix}-{self.name}"

    @property
    def state_region(self) -> str:
        return self.state.region or self.region

    @property
    def cloud_workspace(self) -> str:
        """The Terraform Cloud workspace of this environment (when not selected by tags)."""
        return self.state.workspace or self.resource_name

    @property
    def platform(self) -> Literal["lightsail", "ecs"]:
        return "lightsail" if self.lightsail is not None else "ecs"

    @property
    def image_repository(self) -> str:
        """The image without its tag: `ghcr.io/acme/mc:1.4.2` -> `ghcr.io/acme/mc`."""
        repository, _, tag = self.image.rpartition(":")
        return repository if repository and "/" not in tag else self.image

    @property
    def image_tag(self) -> str:
        """The image's tag, `latest` when it has none (ECS stacks take it as the default of `var.image_tag`)."""
        repository, _, tag = self.image.rpartition(":")
        return tag if repository and "/" not in tag else "latest"

    def lightsail_props(self, *, redis_url: str | None = None) -> LightsailAppProps:
        """The props of this environment's `LightsailApp`. `redis_url` is the external Redis (a token)."""
        assert self.lightsail is not None
        options = {f.name: getattr(self.lightsail, f.name) for f in fields(LightsailOptions)}
        return LightsailAppProps(
            **options, name=self.resource_name, image=self.image, domain_name=self.domain_name, redis_url=redis_url
        )

    # ECS: the one place where settings become construct props. `check_ecs_props` builds them all with
    # placeholders at load time, so a bad value fails before any construct exists, under its setting's name.

    def _ecs(self) -> EcsOptions:
        assert self.ecs is not None, f"environment {self.name!r} is not an ECS environment"
        return self.ecs

    def kms_key_props(self) -> KmsKeyProps:
        return _props(
            KmsKeyProps,
            {"deletion_window_days": "ecs.kms_deletion_window_days"},
            alias=self.resource_name,
            deletion_window_days=self._ecs().kms_deletion_window_days,
        )

    def network_props(self, *, kms_key_arn: str) -> NetworkProps:
        ecs = self._ecs()
        return _props(
            NetworkProps,
            {
                "az_count": "ecs.az_count",
                "nat_gateways": "ecs.nat_gateways",
                "flow_log_retention_days": "ecs.flow_log_retention_days",
            },
            name=self.resource_name,
            az_count=ecs.az_count,
            nat_gateways=ecs.nat_gateways,
            enable_flow_logs=ecs.enable_flow_logs,
            flow_log_retention_days=ecs.flow_log_retention_days,
            kms_key_arn=kms_key_arn,
        )

    def postgres_props(self, *, vpc_id: str, subnet_ids: list[str], password: str, kms_key_arn: str) -> PostgresProps:
        ecs = self._ecs()
        return _props(
            PostgresProps,
            {
                "instance_class": "ecs.db_instance_class",
                "engine_major_version": "ecs.postgres_major_version",
                "allocated_storage_gib": "ecs.db_allocated_storage_gib",
                "max_allocated_storage_gib": "ecs.db_max_allocated_storage_gib",
                "backup_retention_days": "ecs.db_backup_retention_days",
                "name": "name_prefix",
            },
            name=self.resource_name,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            password=password,
            instance_class=ecs.db_instance_class,
            engine_major_version=ecs.postgres_major_version,
            allocated_storage_gib=ecs.db_allocated_storage_gib,
            max_allocated_storage_gib=ecs.db_max_allocated_storage_gib,
            multi_az=ecs.db_multi_az,
            deletion_protection=ecs.db_deletion_protection,
            backup_retention_days=ecs.db_backup_retention_days,
            kms_key_arn=kms_key_arn,
        )

    def redis_props(self, *, vpc_id: str, subnet_ids: list[str], auth_token: str, kms_key_arn: str) -> RedisProps:
        ecs = self._ecs()
        return _props(
            RedisProps,
            {
                "node_type": "ecs.cache_node_type",
                "node_count": "ecs.cache_node_count",
                "snapshot_retention_days": "ecs.cache_snapshot_retention_days",
                "name": "name_prefix",
            },
            name=self.resource_name,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            auth_token=auth_token,
            node_type=ecs.cache_node_type,
            node_count=ecs.cache_node_count,
            enable_automatic_failover=ecs.cache_automatic_failover,
            snapshot_retention_days=ecs.cache_snapshot_retention_days,
            kms_key_arn=kms_key_arn,
        )

    def load_balancer_props(self, *, vpc_id: str, subnet_ids: list[str]) -> LoadBalancerProps:
        ecs = self._ecs()
        return _props(
            LoadBalancerProps,
            {
                "health_check_path": "ecs.health_check_path",
                "health_check_matcher": "ecs.health_check_matcher",
                "health_check_interval_seconds": "ecs.health_check_interval_seconds",
                "health_check_timeout_seconds": "ecs.health_check_timeout_seconds",
                "healthy_threshold": "ecs.healthy_threshold",
                "unhealthy_threshold": "ecs.unhealthy_threshold",
                "hosted_zone_name": "ecs.hosted_zone_name",
                "name": "name_prefix",
            },
            name=self.resource_name,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            health_check_path=ecs.health_check_path,
            health_check_matcher=ecs.health_check_matcher,
            health_check_interval_seconds=ecs.health_check_interval_seconds,
            health_check_timeout_seconds=ecs.health_check_timeout_seconds,
            healthy_threshold=ecs.healthy_threshold,
            unhealthy_threshold=ecs.unhealthy_threshold,
            domain_name=self.domain_name,
            hosted_zone_name=ecs.hosted_zone_name,
            enable_access_logs=ecs.enable_alb_access_logs,
            enable_deletion_protection=ecs.enable_alb_deletion_protection,
        )

    def service_props(
        self,
        *,
        vpc_id: str,
        subnet_ids: list[str],
        image: str,
        target_group_arn: str,
        secrets: Mapping[str, str],
        kms_key_arn: str,
    ) -> FargateServiceProps:
        ecs = self._ecs()
        return _props(
            FargateServiceProps,
            {
                "cpu": "ecs.task_cpu",
                "memory_mib": "ecs.task_memory_mib",
                "desired_count": "ecs.desired_count",
                "min_capacity": "ecs.min_capacity",
                "max_capacity": "ecs.max_capacity",
                "cpu_target_percent": "ecs.cpu_target_percent",
                "memory_target_percent": "ecs.memory_target_percent",
                "health_check_grace_period_seconds": "ecs.health_check_grace_period_seconds",
                "log_retention_days": "ecs.log_retention_days",
                "name": "name_prefix",
            },
            name=self.resource_name,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            image=image,
            target_group_arn=target_group_arn,
            region=self.region,
            cpu=ecs.task_cpu,
            memory_mib=ecs.task_memory_mib,
            desired_count=ecs.desired_count,
            min_capacity=ecs.min_capacity,
            max_capacity=ecs.max_capacity,
            cpu_target_percent=ecs.cpu_target_percent,
            memory_target_percent=ecs.memory_target_percent,
            health_check_grace_period_seconds=ecs.health_check_grace_period_seconds,
            enable_execute_command=ecs.enable_execute_command,
            log_retention_days=ecs.log_retention_days,
            kms_key_arn=kms_key_arn,
            secrets=secrets,
        )

    def alarms_props(
        self,
        *,
        cluster_name: str,
        service_name: str,
        database_instance_id: str,
        load_balancer_arn_suffix: str,
        target_group_arn_suffix: str,
        kms_key_arn: str,
    ) -> AlarmsProps:
        return _props(
            AlarmsProps,
            {"email": "ecs.alarm_email"},
            name=self.resource_name,
            cluster_name=cluster_name,
            service_name=service_name,
            database_instance_id=database_instance_id,
            load_balancer_arn_suffix=load_balancer_arn_suffix,
            target_group_arn_suffix=target_group_arn_suffix,
            email=self._ecs().alarm_email,
            kms_key_arn=kms_key_arn,
        )

    def check_ecs_props(self) -> None:
        # One subnet per zone, as the network construct makes them.
        p, ids = PLACEHOLDER, [PLACEHOLDER] * self._ecs().az_count
        self.kms_key_props()
        self.network_props(kms_key_arn=p)
        self.postgres_props(vpc_id=p, subnet_ids=ids, password=p, kms_key_arn=p)
        self.redis_props(vpc_id=p, subnet_ids=ids, auth_token=p, kms_key_arn=p)
        self.load_balancer_props(vpc_id=p, subnet_ids=ids)
        self.service_props(vpc_id=p, subnet_ids=ids, image=self.image, target_group_arn=p, secrets={}, kms_key_arn=p)
        self.alarms_props(
            cluster_name=p,
            service_name=p,
            database_instance_id=p,
            load_balancer_arn_suffix=p,
            target_group_arn_suffix=p,
            kms_key_arn=p,
        )


@dataclass(frozen=True, kw_only=True)
class StateTarget:
    """The one bucket and lock table that the `state` stack creates for every environment using the S3 backend."""

    bucket: str
    lock_table: str
    region: str
    name_prefix: str
    emulator_endpoint: str | None = None


def state_target(environments: list[Settings]) -> StateTarget | None:
    """What the `state` stack must create; None when no environment uses the S3 backend.

    Environments may only differ in their state bucket, table or region if they stop using this stack, so a
    mismatch is an error naming both environments.
    """
    s3 = [s for s in environments if s.state.backend == "s3"]
    if not s3:
        return None
    first = s3[0]
    for other in s3[1:]:
        for setting, mine, theirs in (
            ("state.bucket", first.state.bucket, other.state.bucket),
            ("state.lock_table", first.state.lock_table, other.state.lock_table),
            ("state.region", first.state_region, other.state_region),
        ):
            require(
                mine == theirs,
                setting=setting,
                value=theirs,
                problem=f"environment {other.name!r} differs from {first.name!r} ({mine!r}), but the state stack "
                "creates one bucket and table for all environments",
                fix="use the same value everywhere (for the region: set MC_STATE_REGION)",
            )
    return StateTarget(
        bucket=first.state.bucket,
        lock_table=first.state.lock_table,
        region=first.state_region,
        name_prefix=first.name_prefix,
        emulator_endpoint=first.emulator_endpoint,
    )
