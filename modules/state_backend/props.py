"""Props of `StateBackend`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.aws_names import check_bucket_name, check_name
from modules.rules import Rule, in_range, matches, with_python


def state_key_alias(bucket_name: str) -> str:
    """The alias (without `alias/`) of the KMS key that encrypts the state in `bucket_name`: every S3 backend
    names the key by it, so S3 resolves it in the caller's own account."""
    return f"{bucket_name}-state"


@dataclass(frozen=True, kw_only=True)
class StateBackendProps:
    RULES: ClassVar[Sequence[Rule]] = (
        # Python reports the bucket and table names against the AWS naming table (modules/aws_names.py).
        with_python(
            matches(
                "bucket_name",
                r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
                "an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)",
                refused=("Acme-State", "ab", "-acme"),
            ),
            lambda setting, value, _: check_bucket_name(setting, value),
        ),
        with_python(
            matches(
                "lock_table_name",
                r"[A-Za-z0-9_.-]{3,255}",
                "a DynamoDB table name (3-255 letters, digits, _ . -)",
                refused=("ab", "has space"),
            ),
            lambda setting, value, _: check_name("dynamodb_table", setting, value),
        ),
        in_range("noncurrent_version_expiration_days", 1, 3650),
    )
    bucket_name: str
    """Globally unique bucket name (checked by the environment settings before this is built)."""
    lock_table_name: str
    noncurrent_version_expiration_days: int = 90
    """Old state versions are kept this long (1-3650 days): the window in which a bad apply can be rolled back."""

    def __post_init__(self) -> None:
        for rule in self.RULES:
            rule.check_python(self)
