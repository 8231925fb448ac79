"""Props of `PrivateBucket`. No cdktf import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from modules.validation import check_range, require


@dataclass(frozen=True, kw_only=True)
class PrivateBucketProps:
    name: str | None = None
    """Exact bucket name. Exactly one of `name` and `name_prefix` is set."""
    name_prefix: str | None = None
    """Prefix of a generated, unique bucket name."""
    kms_key_arn: str | None = None
    """Default encryption with this KMS key. When left out, SSE-S3 (AES-256), which every AWS log delivery accepts."""
    enable_versioning: bool = False
    """Keep replaced and deleted objects as old versions (see `noncurrent_version_expiration_days`)."""
    enable_eventbridge_notifications: bool = False
    """Send the bucket's object events to EventBridge (free for AWS service events), so a rule can alert on
    deletions."""
    expiration_days: int | None = None
    """Delete objects this many days after they are written. When left out, objects are kept."""
    noncurrent_version_expiration_days: int | None = None
    """Delete replaced versions this many days after they were replaced (versioned buckets)."""
    prevent_destroy: bool = False
    """Terraform refuses any plan that deletes the bucket."""
    put_object_principals: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    """Principals (`{"Service": ...}`, `{"AWS": ...}`) allowed to write objects under `put_object_prefix`."""
    put_object_prefix: str = ""

    def __post_init__(self) -> None:
        require(
            (self.name is None) != (self.name_prefix is None),
            setting="name",
            value=self.name,
            problem="exactly one of name and name_prefix must be set",
            fix="give either the bucket's name or a prefix for a generated name",
        )
        if self.expiration_days is not None:
            check_range("expiration_days", self.expiration_days, 1, 36500)
        if self.noncurrent_version_expiration_days is not None:
            check_range("noncurrent_version_expiration_days", self.noncurrent_version_expiration_days, 1, 36500)
            require(
                self.enable_versioning,
                setting="noncurrent_version_expiration_days",
                value=self.noncurrent_version_expiration_days,
                problem="an unversioned bucket has no noncurrent versions",
                fix="set enable_versioning=True, or leave noncurrent_version_expiration_days out",
            )
