"""Props of the Lightsail deployment. No cdktf import: these are validated and tested without a synth."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.aws_names import name_limit
from modules.rules import (
    Rule,
    daily_window,
    in_range,
    matches,
    one_of,
    weekly_window,
    window_length,
    windows_do_not_overlap,
)
from modules.rules import domain_name as domain_rule  # the field `domain_name` would shadow it
from modules.validation import (
    check_field_types,
    check_no_interpolation,
    check_range,
    is_token,
    require,
)

POWERS = ("nano", "micro", "small", "medium", "large", "xlarge")
DATABASE_BUNDLES = ("micro_2_0", "small_2_0", "medium_2_0", "large_2_0")
POSTGRES_MAJOR_VERSIONS = (12, 13, 14, 15, 16)

REDIS_SIDECAR_PORT = 6379
REDIS_SIDECAR_URL = f"redis://localhost:{REDIS_SIDECAR_PORT}/0"

# `name` names the container service, the database `<name>-db` and its final snapshot `<name>-db-final`: the tightest
# of their limits, from the table (the container service's 63). Its certificate `<name>-certificate` has no limit
# AWS documents.
NAME_LENGTH = name_limit(
    ("lightsail_container_service", "{name}"),
    ("lightsail_database", "{name}-db"),
    ("lightsail_database_snapshot", "{name}-db-final"),
)
NAME_PATTERN = rf"[a-z]([a-z0-9-]{{0,{NAME_LENGTH - 2}}}[a-z0-9])?"


@dataclass(frozen=True, kw_only=True)
class LightsailOptions:
    """The Lightsail sizing and behaviour an environment chooses. Every field has a working default."""

    RULES: ClassVar[Sequence[Rule]] = (
        one_of("power", POWERS, refused=("tiny",), problem="not a known value", fix=f"use one of {', '.join(POWERS)}"),
        matches(
            "redis_image",
            r"\S+:[0-9][\w.-]*",
            "an image with a pinned version tag",
            example="redis:7.4.2-alpine",
            hcl_pattern=r"\S+:[0-9][A-Za-z0-9_.-]*",
            refused=("redis", "redis:latest"),
        ),
        in_range("app_port", 1, 65535),
        matches("health_check_path", r"/\S*", "a URL path", example="/health", refused=("health",)),
        in_range("health_check_interval_seconds", 5, 300),
        in_range("health_check_timeout_seconds", 2, 60),
        matches(
            "health_check_success_codes",
            r"[1-5]\d\d(-[1-5]\d\d)?",
            "an HTTP code or range",
            example="200-299",
            refused=("ok", "200,204"),
        ),
        one_of(
            "postgres_major_version",
            POSTGRES_MAJOR_VERSIONS,
            refused=(11, 17),
            problem="Lightsail has no such PostgreSQL blueprint",
            fix=f"use one of {', '.join(map(str, POSTGRES_MAJOR_VERSIONS))}",
        ),
        one_of(
            "database_bundle_id",
            DATABASE_BUNDLES,
            refused=("micro_1_0",),
            problem="not a known value",
            fix=f"use one of {', '.join(DATABASE_BUNDLES)}",
        ),
        *(
            matches(
                field,
                r"[a-z][a-z0-9_]{0,62}",
                "a lowercase PostgreSQL identifier",
                example="app",
                refused=("App", "app-name"),
            )
            for field in ("database_name", "database_username")
        ),
        daily_window("preferred_backup_window"),
        weekly_window("preferred_maintenance_window"),
        # Lightsail refuses these only at apply: windows shorter than 30 minutes (both may cross midnight), and a
        # weekly maintenance window that overlaps the daily backup window.
        window_length("preferred_backup_window", weekly=False),
        window_length("preferred_maintenance_window", weekly=True),
        windows_do_not_overlap(
            "preferred_maintenance_window",
            "preferred_backup_window",
            refused=("Sun:03:15-Sun:03:45", "Mon:02:00-Mon:05:00"),
        ),
    )

    power: str = "nano"
    """Container service power (nano: 0.25 vCPU, 512 MB, $7/month). One of `POWERS`."""
    scale: int = 1
    """Number of container service nodes, 1-20. Above 1 requires an external Redis (no sidecar)."""
    enable_redis_sidecar: bool = True
    """Run Redis as a second container beside the app, on localhost:6379. When False, the app reads
    `redis_url` (in a stack: the sensitive Terraform variable `redis_url`)."""
    redis_image: str = "redis:7.4.2-alpine"
    """The sidecar's image, pinned so a redeploy never changes Redis underneath the app."""
    app_port: int = 8000
    """Port the app listens on; the public endpoint forwards HTTPS to it."""
    health_check_path: str = "/health"
    """Path the public endpoint polls; a node is replaced when it fails."""
    health_check_interval_seconds: int = 10
    """Seconds between health checks of the app (5-300)."""
    health_check_timeout_seconds: int = 5
    """Seconds a health check may take (2-60)."""
    health_check_success_codes: str = "200-299"
    """HTTP codes that count as healthy: a code or a range."""
    worker_command: tuple[str, ...] = ()
    """Command of a separate ARQ worker, run as a third container of the deployment with the app's image and
    environment, such as `("arq", "mission_control.worker.WorkerSettings")`. When left out (empty), none: the app
    runs its jobs in-process."""
    enable_private_registry_access: bool = False
    """Give the service an ECR image-puller role, for images in a private ECR repository of this account."""
    postgres_major_version: int = 16
    """PostgreSQL major version of the Lightsail database (blueprint `postgres_<major>`)."""
    database_bundle_id: str = "micro_2_0"
    """Database size: micro_2_0 is 1 GB RAM, 40 GB SSD, $15/month."""
    database_name: str = "mission_control"
    """Name of the database created with the instance."""
    database_username: str = "mission_control"
    """Master user name."""
    preferred_backup_window: str = "03:00-03:30"
    """Daily automated backup window, UTC, `hh24:mi-hh24:mi`, at least 30 minutes; may cross midnight."""
    preferred_maintenance_window: str = "Sun:04:00-Sun:04:30"
    """Weekly maintenance window, UTC, `ddd:hh24:mi-ddd:hh24:mi`, at least 30 minutes; must not overlap the backup
    window on any day (touching is fine)."""

    def __post_init__(self) -> None:
        check_field_types(self)  # first: a rule would fail on a wrong type with a bare TypeError
        for rule in type(self).RULES:
            rule.check_python(self)
        check_range("scale", self.scale, 1, 20)
        if not is_token(self.scale):
            require(
                not (self.enable_redis_sidecar and self.scale > 1),
                setting="scale",
                value=self.scale,
                problem="the Redis sidecar runs on every node, so each node would get its own Redis and the ARQ queue "
                "and WebSocket pub/sub would be split between them",
                fix="use scale=1, or set enable_redis_sidecar=False and give an external Redis URL (TF_VAR_redis_url)",
            )
        for part in self.worker_command:
            check_no_interpolation("worker_command", part)


@dataclass(frozen=True, kw_only=True)
class LightsailAppProps(LightsailOptions):
    """Everything `LightsailApp` needs: the options plus what names and feeds this one deployment."""

    RULES: ClassVar[Sequence[Rule]] = (
        *LightsailOptions.RULES,
        matches(
            "name",
            NAME_PATTERN,
            f"a Lightsail name: lowercase letters, digits and inner hyphens, at most {NAME_LENGTH} characters",
            example="billing",
            refused=("Mission", "mc-", "m" * (NAME_LENGTH + 1)),
        ),
        matches("image", r"\S+", "a container image reference", example="ghcr.io/acme/app:1.4.2", refused=("",)),
        domain_rule("domain_name", nullable=True),
    )

    name: str
    """Base name of the container service; the database is `<name>-db`. Lowercase letters, digits, hyphens."""
    image: str
    """The Mission Control image: a public registry reference, or an ECR URI with private registry access."""
    domain_name: str | None = None
    """Custom domain. When set, a Lightsail certificate is requested for it and attached to the service.
    When left out, the service's own `*.cs.amazonlightsail.com` HTTPS URL is the only endpoint."""
    redis_url: str | None = None
    """External Redis URL, usually a sensitive variable's token. Required when the sidecar is off, refused with it;
    when left out, the app uses the sidecar on localhost."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.enable_redis_sidecar:
            require(
                self.redis_url is None,
                setting="redis_url",
                value="(set)",
                problem="an external Redis URL and the Redis sidecar are mutually exclusive",
                fix="leave redis_url out to use the sidecar, or set enable_redis_sidecar=False",
            )
        else:
            require(
                bool(self.redis_url),
                setting="redis_url",
                value=self.redis_url,
                problem="enable_redis_sidecar=False leaves the app without Redis",
                fix="pass the external Redis URL (in a stack: TF_VAR_redis_url), or set enable_redis_sidecar=True",
            )

    @property
    def app_redis_url(self) -> str:
        """What the app receives as MC_REDIS_URL."""
        return REDIS_SIDECAR_URL if self.enable_redis_sidecar else str(self.redis_url)
