"""Props of the Lightsail deployment. No cdktf import: these are validated and tested without a synth."""

from __future__ import annotations

from dataclasses import dataclass

from modules.validation import (
    check_choice,
    check_daily_window,
    check_domain,
    check_field_types,
    check_no_interpolation,
    check_pattern,
    check_range,
    check_weekly_window,
    check_window_length,
    check_windows_do_not_overlap,
    is_token,
    require,
)

POWERS = ("nano", "micro", "small", "medium", "large", "xlarge")
DATABASE_BUNDLES = ("micro_2_0", "small_2_0", "medium_2_0", "large_2_0")
POSTGRES_MAJOR_VERSIONS = (12, 13, 14, 15, 16)

REDIS_SIDECAR_PORT = 6379
REDIS_SIDECAR_URL = f"redis://localhost:{REDIS_SIDECAR_PORT}/0"

# Lightsail resource names: lowercase letters, digits and inner hyphens (container services allow 63 characters;
# the database takes the same name plus "-db").
NAME_PATTERN = r"[a-z]([a-z0-9-]{0,57}[a-z0-9])?"


@dataclass(frozen=True, kw_only=True)
class LightsailOptions:
    """The Lightsail sizing and behaviour an environment chooses. Every field has a working default."""

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
        check_choice("power", self.power, POWERS)
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
        check_pattern(
            "redis_image",
            self.redis_image,
            r"\S+:[0-9][\w.-]*",
            meaning="an image with a pinned version tag",
            example="redis:7.4.2-alpine",
        )
        check_range("app_port", self.app_port, 1, 65535)
        check_pattern("health_check_path", self.health_check_path, r"/\S*", meaning="a URL path", example="/health")
        for part in self.worker_command:
            check_no_interpolation("worker_command", part)
        check_range("health_check_interval_seconds", self.health_check_interval_seconds, 5, 300)
        check_range("health_check_timeout_seconds", self.health_check_timeout_seconds, 2, 60)
        check_pattern(
            "health_check_success_codes",
            self.health_check_success_codes,
            r"[1-5]\d\d(-[1-5]\d\d)?",
            meaning="an HTTP code or range",
            example="200-299",
        )
        if not is_token(self.postgres_major_version):
            require(
                self.postgres_major_version in POSTGRES_MAJOR_VERSIONS,
                setting="postgres_major_version",
                value=self.postgres_major_version,
                problem="Lightsail has no such PostgreSQL blueprint",
                fix=f"use one of {', '.join(map(str, POSTGRES_MAJOR_VERSIONS))}",
            )
        check_choice("database_bundle_id", self.database_bundle_id, DATABASE_BUNDLES)
        for setting, value in (("database_name", self.database_name), ("database_username", self.database_username)):
            check_pattern(
                setting,
                value,
                r"[a-z][a-z0-9_]{0,62}",
                meaning="a lowercase PostgreSQL identifier",
                example="mission_control",
            )
        check_daily_window("preferred_backup_window", self.preferred_backup_window)
        check_weekly_window("preferred_maintenance_window", self.preferred_maintenance_window)
        # Lightsail refuses these only at apply: windows shorter than 30 minutes (both may cross midnight), and a
        # weekly maintenance window that overlaps the daily backup window.
        check_window_length("preferred_backup_window", self.preferred_backup_window, weekly=False)
        check_window_length("preferred_maintenance_window", self.preferred_maintenance_window, weekly=True)
        check_windows_do_not_overlap(
            maintenance_setting="preferred_maintenance_window",
            maintenance_window=self.preferred_maintenance_window,
            backup_setting="preferred_backup_window",
            backup_window=self.preferred_backup_window,
        )


@dataclass(frozen=True, kw_only=True)
class LightsailAppProps(LightsailOptions):
    """Everything `LightsailApp` needs: the options plus what names and feeds this one deployment."""

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
        check_pattern(
            "name",
            self.name,
            NAME_PATTERN,
            meaning="a Lightsail name of at most 59 characters",
            example="mission-control-lightsail",
        )
        check_pattern(
            "image",
            self.image,
            r"\S+",
            meaning="a container image reference",
            example="ghcr.io/acme/mission-control:1.4.2",
        )
        if self.domain_name is not None:
            check_domain("domain_name", self.domain_name)
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
