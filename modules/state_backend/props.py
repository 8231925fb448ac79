"""Props of `StateBackend`. No cdktf import."""

from __future__ import annotations

from dataclasses import dataclass

from modules.validation import check_pattern, check_range


@dataclass(frozen=True, kw_only=True)
class StateBackendProps:
    bucket_name: str
    """Globally unique bucket name (checked by the environment settings before this is built)."""
    lock_table_name: str
    noncurrent_version_expiration_days: int = 90
    """Old state versions are kept this long (1-3650 days): the window in which a bad apply can be rolled back."""

    def __post_init__(self) -> None:
        check_pattern(
            "bucket_name",
            self.bucket_name,
            r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
            meaning="an S3 bucket name",
            example="acme-mission-control-tfstate",
        )
        check_pattern(
            "lock_table_name",
            self.lock_table_name,
            r"[A-Za-z0-9_.-]{3,255}",
            meaning="a DynamoDB table name",
            example="mission-control-terraform-locks",
        )
        check_range("noncurrent_version_expiration_days", self.noncurrent_version_expiration_days, 1, 3650)
