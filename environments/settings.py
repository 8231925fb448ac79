"""The typed settings of one environment. No cdktf import: settings are validated before any construct exists.

An environment file builds one `Settings`; `environments.load()` applies `MC_*` overrides and returns it frozen.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, fields
from typing import Literal

from modules.lightsail_app.props import NAME_PATTERN, LightsailAppProps, LightsailOptions
from modules.validation import check_domain, check_pattern, check_region, require

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


@dataclass(frozen=True, kw_only=True)
class StateSettings:
    """Where Terraform keeps this environment's state."""

    backend: Literal["s3"] = "s3"
    """`s3`: an S3 bucket with DynamoDB and S3-native locking (created by the `state` stack)."""
    bucket: str = "mission-control-terraform-state"
    """The state bucket. S3 names are global: set your own (MC_STATE_BUCKET)."""
    lock_table: str = "mission-control-terraform-locks"
    """DynamoDB table for state locking (MC_STATE_LOCK_TABLE)."""
    region: str | None = None
    """Region of the bucket and table. When left out, the environment's region."""
    key_prefix: str = "mission-control"
    """State objects are `<key_prefix>/<environment>/terraform.tfstate`."""

    def __post_init__(self) -> None:
        require(
            self.backend == "s3",
            setting="backend",
            value=self.backend,
            problem="not a known state backend",
            fix="use 's3'",
        )
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

    def key(self, environment: str) -> str:
        return f"{self.key_prefix}/{environment}/terraform.tfstate"


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
            self.lightsail is not None,
            setting="lightsail",
            value=self.lightsail,
            problem="no platform section is set",
            fix="set lightsail=LightsailOptions(...) in the environment file",
        )

    @property
    def resource_name(self) -> str:
        return f"{self.name_prefix}-{self.name}"

    @property
    def state_region(self) -> str:
        return self.state.region or self.region

    def lightsail_props(self, *, redis_url: str | None = None) -> LightsailAppProps:
        """The props of this environment's `LightsailApp`. `redis_url` is the external Redis (a token)."""
        assert self.lightsail is not None
        options = {f.name: getattr(self.lightsail, f.name) for f in fields(LightsailOptions)}
        return LightsailAppProps(
            **options, name=self.resource_name, image=self.image, domain_name=self.domain_name, redis_url=redis_url
        )
