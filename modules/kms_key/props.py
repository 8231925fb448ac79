"""Options and props of `KmsKey`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.options import Options, Props
from modules.rules import Rule, in_range, matches


@dataclass(frozen=True, kw_only=True)
class KmsKeyOptions(Options):
    """What a user chooses about the key."""

    RULES: ClassVar[Sequence[Rule]] = (in_range("deletion_window_days", 7, 30),)

    deletion_window_days: int = 30
    """Days between scheduling deletion and the key being gone (7-30): the last chance to undo a destroy."""


@dataclass(frozen=True, kw_only=True)
class KmsKeyProps(KmsKeyOptions, Props):
    """Everything `KmsKey` needs: the options plus its alias and which AWS services may use it."""

    alias: str
    """Alias without the `alias/` prefix, such as `mission-control-dev`."""
    allow_cloudwatch_logs: bool = True
    """Let CloudWatch Logs of this account and region encrypt log groups with the key."""
    allow_cloudwatch_alarms: bool = True
    """Let CloudWatch alarms publish to SNS topics encrypted with the key (AWS-managed SNS keys refuse them)."""

    RULES: ClassVar[Sequence[Rule]] = (
        *KmsKeyOptions.RULES,
        matches(
            "alias",
            r"[A-Za-z0-9/_-]{1,250}",
            "a KMS alias name without the `alias/` prefix (letters, digits, /, _ and -)",
            example="billing-prod",
            refused=("has space", "alias:colon", ""),
        ),
    )
