"""Props of `StateBackend`. No cdktf import."""

from __future__ import annotations

from dataclasses import dataclass

from modules.aws_names import check_bucket_name, check_name
from modules.validation import check_range


def state_key_alias(bucket_name: str) -> str:
    """The alias (without `alias/`) of the KMS key that encrypts the state in `bucket_name`: every S3 backend
    names the key by it, so S3 resolves it in the caller's own account."""
    return f"{bucket_name}-state"


@dataclass(frozen=True, kw_only=True)
class StateBackendProps:
    bucket_name: str
    """Globally unique bucket name (checked by the environment settings before this is built)."""
    lock_table_name: str
    noncurrent_version_expiration_days: int = 90
    """Old state versions are kept this long (1-3650 days): the window in which a bad apply can be rolled back."""

    def __post_init__(self) -> None:
        check_bucket_name("bucket_name", self.bucket_name)
        check_name("dynamodb_table", "lock_table_name", self.lock_table_name)
        check_range("noncurrent_version_expiration_days", self.noncurrent_version_expiration_days, 1, 3650)
