"""Props of `WriteOnlySecret` and `GeneratedSecret`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.options import Options
from modules.rules import Rule, check, in_range
from modules.validation import check_pattern, check_range


def _check_recovery_window(setting: str, value: int, _: object) -> None:
    if value != 0:
        check_range(setting, value, 7, 30)


@dataclass(frozen=True, kw_only=True)
class SecretsOptions(Options):
    """What a user chooses about an environment's generated secrets (database password, Redis AUTH token,
    MC_SECRET_KEY) and the secrets built from them (MC_DATABASE_URL, MC_REDIS_URL)."""

    RULES: ClassVar[Sequence[Rule]] = (
        in_range("rotation", 1, 2**31 - 1),
        check(
            "recovery_window_days",
            "{{value}} == 0 || ({{value}} >= 7 && {{value}} <= 30)",
            "{{setting}} must be 0 (delete at once) or 7 to 30.",
            refused=(1, 31),
            python=_check_recovery_window,
        ),
    )

    rotation: int = 1
    """Bump (2, 3, ...) to rotate every generated secret in one apply: new values are stored, the database and the
    cache take them, the URL secrets are rewritten, then the service rolls out new tasks (see README, Secrets)."""
    recovery_window_days: int = 7
    """Days a deleted secret can still be restored (7-30), or 0 to delete at once: an environment that is torn
    down and rebuilt at will needs 0, or the next deploy finds the names still taken."""


@dataclass(frozen=True, kw_only=True)
class SecretProps:
    name: str
    """Secrets Manager name, such as `mission-control-dev/db-password`."""
    description: str = "Managed by Terraform; the value is written through a write-only argument"
    kms_key_id: str | None = None
    """KMS key for the secret. When left out, Secrets Manager's AWS-managed key `aws/secretsmanager` is used."""
    recovery_window_days: int = 7
    """Days a deleted secret can still be restored (7-30); 0 deletes at once."""
    value_version: int = 1
    """Version of the written value: bump it to write a new value (for a generated secret: to rotate it)."""

    def __post_init__(self) -> None:
        check_pattern(
            "name",
            self.name,
            r"[A-Za-z0-9/_+=.@-]{1,512}",
            meaning="a Secrets Manager name",
            example="mission-control-dev/db-password",
        )
        if self.recovery_window_days != 0:
            check_range("recovery_window_days", self.recovery_window_days, 7, 30)
        check_range("value_version", self.value_version, 1, 2**31 - 1)


@dataclass(frozen=True, kw_only=True)
class GeneratedSecretProps(SecretProps):
    description: str = "Generated inside AWS by Secrets Manager GetRandomPassword"
    length: int = 40
    """Characters in the generated value: letters and digits only, so it is safe inside a URL."""

    def __post_init__(self) -> None:
        super().__post_init__()
        check_range("length", self.length, 20, 4096)
