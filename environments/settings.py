"""The typed settings of one environment. No cdktf import: settings are validated before any construct exists.

An environment file builds one `Settings`; `environments.load()` applies `MC_*` overrides and returns it frozen.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

from modules.ecs_app.props import LOAD_BALANCER_NAME_LIMIT, EcsAppOptions, EcsAppProps
from modules.lightsail_app.props import NAME_PATTERN, LightsailAppProps, LightsailOptions
from modules.options import options_values
from modules.validation import InvalidSetting, check_choice, check_domain, check_pattern, check_region, require

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


ECS_WIRING = frozenset({"region", "image", "domain_name"})
"""Settings outside the `ecs` section that `EcsAppProps` receives under the same name (`name` is `name_prefix`)."""


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
    ecs: EcsAppOptions | None = None
    """ECS Fargate sizing and safety, one section per part (`ecs.database.instance_class`); set for an ECS
    environment."""
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
            fix="set either lightsail=LightsailOptions(...) or ecs=EcsAppOptions(...) in the environment file",
        )
        if self.ecs is not None:
            self.ecs_app_props(image=self.image)
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
        return LightsailAppProps(
            **options_values(self.lightsail, LightsailOptions),
            name=self.resource_name,
            image=self.image,
            domain_name=self.domain_name,
            redis_url=redis_url,
        )

    def ecs_app_props(self, *, image: str) -> EcsAppProps:
        """The props of this environment's `EcsApp`; `image` is the full reference (its tag may be a token).
        A refused value is reported under the setting the user edits: `ecs.database.instance_class`, or
        `name_prefix` with the resource name it gives."""
        assert self.ecs is not None, f"environment {self.name!r} is not an ECS environment"
        try:
            return EcsAppProps(
                **options_values(self.ecs, EcsAppOptions),
                name=self.resource_name,
                region=self.region,
                image=image,
                domain_name=self.domain_name,
            )
        except InvalidSetting as error:
            if error.setting == "name":
                raise InvalidSetting(
                    setting="name_prefix",
                    value=self.name_prefix,
                    problem=f"with environment {self.name!r} it gives resource names {self.resource_name!r} "
                    f"({len(self.resource_name)} characters), which is {error.problem}",
                    fix=f"use a name_prefix (MC_NAME_PREFIX) of lowercase letters, digits and single hyphens, not "
                    f"ending in '-', with '<name_prefix>-{self.name}' at most {LOAD_BALANCER_NAME_LIMIT} characters",
                ) from None
            if error.setting in ECS_WIRING:
                raise
            raise error.within("ecs") from None


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
