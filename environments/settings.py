"""The typed settings of one environment. No cdktf import: settings are validated before any construct exists.

An environment file builds one `Settings`; `environments.load()` applies `MC_*` overrides and returns it frozen.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

from modules.aws_names import check_bucket_name, check_name
from modules.ecs_app.props import EcsAppOptions, EcsAppProps
from modules.fargate_service.props import check_deployment
from modules.github_oidc.props import REPOSITORY_PATTERN, GithubOidcOptions
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
    is_token,
    require,
)

ENVIRONMENT_NAME_PATTERN = r"[a-z][a-z0-9-]{0,19}"


BACKENDS = ("s3", "cloud", "local")

EMULATOR_ENDPOINT_PATTERN = r"https?://(?P<host>127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):(?P<port>\d{1,5})"
EMULATOR_EXAMPLE = "https://127.0.0.1:4566"


def check_literal_values(settings: object) -> None:
    """Refuse a cdktf token (`${TfToken[TOKEN.7]}`) in a settings field. Tokens stand for values a stack computes
    while cdktf builds it; settings are read before any stack exists, so a token here is a string copied from some
    output, and the checks that skip tokens (they may meet real ones in props) would let it through."""
    for field in dataclasses.fields(settings):  # type: ignore[arg-type]
        value = getattr(settings, field.name)
        if isinstance(value, str | tuple) and is_token(value):
            require(
                False,
                setting=field.name,
                value=value,
                problem="a cdktf token (a placeholder for a value a stack computes), not a value; settings are read "
                "before any stack exists",
                fix=f"write the {field.name} itself",
            )


def check_provider_arn(setting: str, value: str | None) -> None:
    """The rule of `GithubOidcOptions.existing_provider_arn` (the construct the ARN is passed to), reported under
    `setting`."""
    if value is None:
        return
    try:
        GithubOidcOptions(existing_provider_arn=value).check()
    except InvalidSetting as error:
        raise InvalidSetting(setting=setting, value=value, problem=error.problem, fix=error.fix) from None


def check_emulator_endpoint(setting: str, value: str) -> None:
    """An http(s) URL on a loopback address, with a port the emulator can listen on."""
    check_pattern(
        setting,
        value,
        EMULATOR_ENDPOINT_PATTERN,
        meaning="an http(s):// URL on a loopback address, with its port",
        example=EMULATOR_EXAMPLE,
    )
    match = re.fullmatch(EMULATOR_ENDPOINT_PATTERN, value)
    assert match is not None
    host, port = match["host"], int(match["port"])
    if host.startswith("127."):
        require(
            all(int(octet) <= 255 for octet in host.split(".")),
            setting=setting,
            value=value,
            problem=f"{host} is not an IPv4 address (each part is 0-255)",
            fix=f"use a loopback address such as 127.0.0.1, for example {EMULATOR_EXAMPLE!r}",
        )
    require(
        1 <= port <= 65535,
        setting=setting,
        value=value,
        problem=f"port {port} does not exist (ports are 1-65535)",
        fix=f"use the port the emulator listens on, for example {EMULATOR_EXAMPLE!r}",
    )


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
    github_oidc_provider_arn: str | None = None
    """S3, with `github_repository`: the ARN of the GitHub OIDC provider the AWS account already has
    (`arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`); the `state` stack then creates
    none, as IAM allows one provider per URL (MC_GITHUB_OIDC_PROVIDER_ARN). When left out, the stack creates it."""
    github_reviewed_plans: bool = True
    """S3, with `github_repository`: pull requests plan prod and Lightsail from the GitHub environments `prod-plan`
    and `lightsail-plan`, whose required reviewers approve each such plan (MC_GITHUB_REVIEWED_PLANS). Set it to
    false where environments cannot require reviewers (private repositories on GitHub Free, Pro and Team): anyone
    who can push a branch could then read prod's secrets through them, so their plan roles trust only main, and pull
    requests plan dev alone."""

    def __post_init__(self) -> None:
        check_field_types(self)
        check_literal_values(self)
        check_provider_arn("github_oidc_provider_arn", self.github_oidc_provider_arn)
        require(
            self.github_oidc_provider_arn is None or self.github_repository is not None,
            setting="github_oidc_provider_arn",
            value=self.github_oidc_provider_arn,
            problem="no GitHub repository is set, so the state stack makes no CI roles to trust this provider",
            fix="set MC_GITHUB_REPOSITORY too (or github_repository in the environment file)",
        )
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


ECS_WIRING = frozenset({"region", "image", "domain_name", "deployment"})
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
    deployment: str = "rolling"
    """ECS: how the app's service takes a new version (MC_DEPLOYMENT): `rolling` (ECS replaces the tasks in place;
    a circuit breaker rolls a crash loop back) or `blue_green` (CodeDeploy starts the new tasks beside the old ones,
    moves the load balancer's traffic to them and keeps the old ones for a bake time; it rolls back on failure and on
    the 5xx and unhealthy-task alarms). dev rolls, prod is blue/green. The worker always rolls (no traffic to
    shift). Lightsail: no effect (its container service already switches to a new deployment only once healthy)."""
    state: StateSettings = StateSettings()
    lightsail: LightsailOptions | None = None
    """Lightsail sizing and behaviour; set for a Lightsail environment."""
    ecs: EcsAppOptions | None = None
    """ECS Fargate sizing and safety, one section per part (`ecs.database.instance_class`); set for an ECS
    environment."""
    adopt_database_identifier: str | None = None
    """ECS only: an RDS instance restored beside the running one (`make restore`) that becomes this environment's
    database. The stack imports it at the database's address (a Terraform `import` block) and manages it from then
    on; the URL secret follows its host. Set it in the environment's file in a reviewed pull request, and take the
    running instance out of the state (`terraform state rm aws_db_instance.database`) just before that deploy, as
    `make restore` prints (runbook: Recovering data). When left out, the instance named after the environment."""
    backup_replica_region: str | None = None
    """ECS only: copy the database's automated backups (snapshots and transaction logs) to this region, so a
    point-in-time restore is possible there if the environment's region is lost. Needs `backup_replica_kms_key_arn`.
    Costs the copy's storage and cross-region transfer. When left out, backups stay in the environment's region."""
    backup_replica_kms_key_arn: str | None = None
    """The KMS key, in `backup_replica_region`, that encrypts the copied backups (a KMS key cannot leave its region,
    so the environment's own key cannot be used there). Required with `backup_replica_region`."""
    ecs_app_props: EcsAppProps | None = dataclasses.field(default=None, init=False, repr=False, compare=False)
    """ECS: the props of this environment's `EcsApp`, built from the settings above (and so checked) once, by
    `__post_init__`; None for Lightsail. The stack takes them with the one field it knows better, the image read from
    the tag parameter: `dataclasses.replace(settings.ecs_app_props, image=...)`."""
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
        check_literal_values(self)
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
        check_deployment("deployment", self.deployment)
        require(
            (self.lightsail is None) != (self.ecs is None),
            setting="lightsail/ecs",
            value="both" if self.lightsail else "neither",
            problem="an environment runs on exactly one platform",
            fix="set either lightsail=LightsailOptions(...) or ecs=EcsAppOptions(...) in the environment file",
        )
        if self.ecs is not None:
            # Built once, here: a bad value stops the settings, and the stack takes these props (frozen: no setter).
            object.__setattr__(self, "ecs_app_props", self._ecs_app_props())
        if self.monthly_budget_usd is not None:
            check_range("monthly_budget_usd", self.monthly_budget_usd, 1, 10_000_000)
        if self.adopt_database_identifier is not None:
            check_pattern(
                "adopt_database_identifier",
                self.adopt_database_identifier,
                r"[a-z](-?[a-z0-9]){0,62}",
                meaning="an RDS instance identifier (lowercase letters, digits, single hyphens, at most 63)",
                example="mission-control-prod-20261206-0130",
            )
            require(
                self.ecs is not None,
                setting="adopt_database_identifier",
                value=self.adopt_database_identifier,
                problem="only an ECS environment has an RDS instance to adopt",
                fix="restore a Lightsail database with Lightsail's own snapshot restore (runbook: Recovering data)",
            )
        if self.backup_replica_region is not None or self.backup_replica_kms_key_arn is not None:
            self._check_backup_replica()
        if self.emulator_endpoint is not None:
            check_emulator_endpoint("emulator_endpoint", self.emulator_endpoint)

    def _check_backup_replica(self) -> None:
        region, key = self.backup_replica_region, self.backup_replica_kms_key_arn
        require(
            self.ecs is not None,
            setting="backup_replica_region",
            value=region,
            problem="only an ECS environment has RDS automated backups to copy",
            fix="leave it out for Lightsail (its snapshots stay in its region)",
        )
        require(
            region is not None and key is not None,
            setting="backup_replica_kms_key_arn" if key is None else "backup_replica_region",
            value=key if region is not None else region,
            problem="the cross-region copy needs both a region and a KMS key there",
            fix="set backup_replica_region and backup_replica_kms_key_arn together, or neither",
        )
        assert region is not None and key is not None
        check_known_region("backup_replica_region", region)
        require(
            region != self.region,
            setting="backup_replica_region",
            value=region,
            problem="it is the environment's own region: the copy would not survive the loss of that region",
            fix="name another region, such as us-west-2 for us-east-1",
        )
        check_pattern(
            "backup_replica_kms_key_arn",
            key,
            rf"arn:aws[a-z-]*:kms:{region}:\d{{12}}:(key/[0-9a-f-]+|alias/[A-Za-z0-9/_-]+)",
            meaning=f"a KMS key ARN in {region} (backup_replica_region)",
            example=f"arn:aws:kms:{region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
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

    def _ecs_app_props(self) -> EcsAppProps:
        """The props of this environment's `EcsApp` (`ecs_app_props`). A refused value is reported under the setting
        the user edits: `ecs.database.instance_class`, or `name_prefix` with the resource name it gives."""
        assert self.ecs is not None
        try:
            return EcsAppProps(
                **options_values(self.ecs, EcsAppOptions),
                name=self.resource_name,
                region=self.region,
                image=self.image,
                domain_name=self.domain_name,
                deployment=self.deployment,
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
    github_oidc_provider_arn: str | None = None
    """The account's existing GitHub OIDC provider: the state stack creates none and its roles trust this one."""
    github_reviewed_plans: bool = True
    """Whether jobs in the GitHub environments `<env>-plan` may assume the protected plan roles."""
    emulator_endpoint: str | None = None

    def __post_init__(self) -> None:
        check_provider_arn("github_oidc_provider_arn", self.github_oidc_provider_arn)


def state_target(environments: list[Settings]) -> StateTarget | None:
    """What the `state` stack must create; None when no environment uses the S3 backend.

    Environments may only differ in their state bucket, table or region if they stop using this stack, so a
    mismatch is an error naming both environments. The same holds for the CI settings, the emulator, and (with CI
    roles, which are named after it and reach `<name_prefix>-<environment>` resources) the name prefix.
    """
    s3 = [s for s in environments if s.state.backend == "s3"]
    if not s3:
        return None
    first = s3[0]

    def shared(settings: Settings) -> dict[str, object]:
        values: dict[str, object] = {
            "state.bucket": settings.state.bucket,
            "state.lock_table": settings.state.lock_table,
            "state.region": settings.state_region,
            "state.github_repository": settings.state.github_repository,
            "state.github_oidc_provider_arn": settings.state.github_oidc_provider_arn,
            "state.github_reviewed_plans": settings.state.github_reviewed_plans,
            "emulator_endpoint": settings.emulator_endpoint,
        }
        if first.state.github_repository is not None:
            values["name_prefix"] = settings.name_prefix
        return values

    mine = shared(first)
    for other in s3[1:]:
        for setting, theirs in shared(other).items():
            require(
                mine[setting] == theirs,
                setting=setting,
                value=theirs,
                problem=f"environment {other.name!r} differs from {first.name!r} ({mine[setting]!r}), but the "
                "state stack creates one bucket, table and set of CI roles for all environments",
                fix="use the same value everywhere (for the region: set MC_STATE_REGION)",
            )
    return StateTarget(
        bucket=first.state.bucket,
        lock_table=first.state.lock_table,
        region=first.state_region,
        name_prefix=first.name_prefix,
        github_repository=first.state.github_repository,
        github_oidc_provider_arn=first.state.github_oidc_provider_arn,
        github_reviewed_plans=first.state.github_reviewed_plans,
        emulator_endpoint=first.emulator_endpoint,
    )
