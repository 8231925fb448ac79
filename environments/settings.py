"""The typed settings of one environment. No cdktf import: settings are validated before any construct exists.

An environment file builds one `Settings`; `environments.load()` applies `MC_*` overrides and returns it frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from modules.aws_names import check_bucket_name, check_name
from modules.ecs_app.props import EcsAppOptions, EcsAppProps
from modules.github_oidc.props import REPOSITORY_PATTERN
from modules.image_reference import check_image_reference, parse_image_reference
from modules.lightsail_app.props import NAME_PATTERN, LightsailAppProps, LightsailOptions
from modules.options import options_values
from modules.regions import check_known_region
from modules.validation import (
    InvalidSetting,
    check_choice,
    check_domain,
    check_field_types,
    check_no_interpolation,
    check_pattern,
    check_range,
    require,
)

ENVIRONMENT_NAME_PATTERN = r"[a-z][a-z0-9-]{0,19}"


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
    """Cloud: select workspaces by tags instead of one name (MC_TFC_WORKSPACE_TAGS, comma-separated); each stack
    adds its environment's name to them, so each selects only its own workspaces; pick one with TF_WORKSPACE when
    running Terraform. When left out, one named workspace per environment."""
    project: str | None = None
    """Cloud: the project new workspaces are created in (MC_TFC_PROJECT). When left out, the default project."""
    hostname: str = "app.terraform.io"
    """Cloud: Terraform Cloud, or your Terraform Enterprise host (MC_TFC_HOSTNAME)."""
    local_path: str | None = None
    """Local: the state file. When left out, `terraform.<environment>.tfstate` in the working directory."""
    github_repository: str | None = None
    """S3: the GitHub repository (`owner/name`) whose Actions workflows may plan and deploy: the `state` stack then
    creates the GitHub OIDC provider and the plan and deploy roles (MC_GITHUB_REPOSITORY). When left out, none."""

    def __post_init__(self) -> None:
        check_field_types(self)
        if self.github_repository is not None:
            check_pattern(
                "github_repository",
                self.github_repository,
                REPOSITORY_PATTERN,
                meaning="a GitHub repository owner/name",
                example="acme/mission-control-infra",
            )
        check_choice("backend", self.backend, BACKENDS)
        if self.backend == "s3":
            check_bucket_name("bucket", self.bucket)
            check_name("dynamodb_table", "lock_table", self.lock_table)
            if self.region is not None:
                check_known_region("region", self.region)
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
            if self.project is not None:
                check_no_interpolation("project", self.project)
                check_pattern(
                    "project",
                    self.project,
                    r"[A-Za-z0-9_-][A-Za-z0-9 _-]{1,38}[A-Za-z0-9_-]",
                    meaning="a Terraform Cloud project name (3-40 letters, digits, spaces, '-' and '_')",
                    example="Mission Control",
                )
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
    require_https: bool = False
    """Serve users only over HTTPS. ECS without `domain_name` serves plain HTTP on the load balancer's name, so a
    plan of such a stack stops before anything is created, naming MC_DOMAIN_NAME; a private test can still plan
    with `TF_VAR_allow_plain_http=true`. When left out, plain HTTP is allowed (dev). Lightsail is always HTTPS."""
    state: StateSettings = StateSettings()
    lightsail: LightsailOptions | None = None
    """Lightsail sizing and behaviour; set for a Lightsail environment."""
    ecs: EcsAppOptions | None = None
    """ECS Fargate sizing and safety, one section per part (`ecs.database.instance_class`); set for an ECS
    environment."""
    emulator_endpoint: str | None = None
    """Emulator mode (MC_EMULATOR_ENDPOINT): point the aws provider and the S3 backend at a local AWS emulator
    (moto) on this URL, with test credentials. Loopback addresses only. Never set for a real deployment."""
    monthly_budget_usd: int | None = None
    """ECS: a monthly AWS Budgets budget of this many US dollars for the environment's tagged costs, notified at
    80 % forecast and 100 % actual. dev and prod set it to the plan review's estimate plus a margin
    (`estimated_budget_usd`, environments/budget.py). When left out, no budget."""

    def __post_init__(self) -> None:
        # Types first: a value check would fail on a wrong type with a bare TypeError.
        check_field_types(self)
        check_pattern(
            "name", self.name, ENVIRONMENT_NAME_PATTERN, meaning="a short lowercase environment name", example="dev"
        )
        check_known_region("region", self.region)
        check_image_reference("image", self.image)
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
        if self.monthly_budget_usd is not None:
            check_range("monthly_budget_usd", self.monthly_budget_usd, 1, 10_000_000)
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
        """The image without its tag or digest: `ghcr.io/acme/mc:1.4.2` -> `ghcr.io/acme/mc`."""
        return parse_image_reference(self.image).name

    @property
    def image_version(self) -> str:
        """What follows the repository: the digest (`sha256:...`) when the image has one, else its tag, `latest`
        when it has neither. The stacks deploy `<repository>:<tag>` or `<repository>@<digest>` from it."""
        reference = parse_image_reference(self.image)
        return reference.digest or reference.tag_or_latest

    def lightsail_props(self, *, image: str | None = None, redis_url: str | None = None) -> LightsailAppProps:
        """The props of this environment's `LightsailApp`. `image` is the full reference (by default the
        setting; in a stack, from the image tag parameter) and `redis_url` the external Redis (tokens)."""
        assert self.lightsail is not None
        return LightsailAppProps(
            **options_values(self.lightsail, LightsailOptions),
            name=self.resource_name,
            image=image or self.image,
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
                # A name derived from `<name_prefix>-<environment>`: say so, and which derived name breaks.
                raise InvalidSetting(
                    setting="name_prefix",
                    value=self.name_prefix,
                    problem=f"with environment {self.name!r} resources are named {self.resource_name!r} "
                    f"({len(self.resource_name)} characters); {error.problem}",
                    fix=error.fix.replace("name ", "name_prefix ", 1),
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
    github_repository: str | None = None
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
            ("state.github_repository", first.state.github_repository, other.state.github_repository),
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
        github_repository=first.state.github_repository,
        emulator_endpoint=first.emulator_endpoint,
    )
