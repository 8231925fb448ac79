"""Validation helpers shared by every props type. No cdktf import: props are checked without a synth.

    from modules.validation import InvalidSetting, require

    require(power in POWERS, setting="power", value=power, fix="use one of nano, micro, ...")

Props may hold Terraform tokens (a `var.x` reference when a construct is used as an HCL module).
A token's value is unknown until Terraform runs, so every check skips it: see `is_token`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any


class InvalidSetting(ValueError):
    """A setting or prop has a value we refuse. The message names the setting, the value and the fix."""

    def __init__(self, *, setting: str, value: Any, problem: str, fix: str) -> None:
        self.setting = setting
        self.value = value
        self.problem = problem
        self.fix = fix
        super().__init__(f"{setting}={value!r}: {problem}. Fix: {fix}.")

    def within(self, prefix: str) -> InvalidSetting:
        """The same error, with the setting named as `prefix.setting` (a prop inside a settings section)."""
        return InvalidSetting(setting=f"{prefix}.{self.setting}", value=self.value, problem=self.problem, fix=self.fix)


def is_token(value: object) -> bool:
    """True for a cdktf token: a string, list entry or number that Terraform resolves later.

    cdktf encodes tokens as `${TfToken[...]}` strings, `#{TfToken[...]}` list entries and numbers
    near -1e298 (a reserved bit pattern); no real setting comes close to those.
    """
    if isinstance(value, str):
        return "TfToken[" in value
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) > 1e280
    if isinstance(value, Sequence):
        return any(is_token(item) for item in value)
    return False


def require(condition: bool, *, setting: str, value: Any, problem: str, fix: str) -> None:
    """Raise `InvalidSetting` unless `condition` holds. Callers skip tokens before calling."""
    if not condition:
        raise InvalidSetting(setting=setting, value=value, problem=problem, fix=fix)


def check_choice(setting: str, value: str, choices: Sequence[str]) -> None:
    if is_token(value):
        return
    require(
        value in choices,
        setting=setting,
        value=value,
        problem="not a known value",
        fix=f"use one of {', '.join(choices)}",
    )


def check_range(setting: str, value: int | float, low: int | float, high: int | float) -> None:
    if is_token(value):
        return
    require(
        not isinstance(value, bool) and low <= value <= high,
        setting=setting,
        value=value,
        problem=f"outside the allowed range {low}-{high}",
        fix=f"use a number from {low} to {high}",
    )


def check_pattern(setting: str, value: str, pattern: str, *, meaning: str, example: str) -> None:
    if is_token(value):
        return
    require(
        isinstance(value, str) and re.fullmatch(pattern, value) is not None,
        setting=setting,
        value=value,
        problem=f"not {meaning}",
        fix=f"use {meaning}, for example {example!r}",
    )


# AWS region names: us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5, ...
REGION_PATTERN = r"[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}"

# A fully qualified DNS name in lowercase: labels of 1-63 letters, digits and inner hyphens, at least two labels.
DOMAIN_PATTERN = r"(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"


def check_region(setting: str, value: str) -> None:
    check_pattern(setting, value, REGION_PATTERN, meaning="an AWS region name", example="us-east-1")


def check_domain(setting: str, value: str) -> None:
    check_pattern(
        setting,
        value,
        DOMAIN_PATTERN,
        meaning="a lowercase, fully qualified domain name without scheme or trailing dot",
        example="mc.example.com",
    )


def check_min_items(setting: str, values: Sequence[str], minimum: int, *, problem: str, fix: str) -> None:
    """At least `minimum` entries. Entries may be tokens (their count is still known); only a whole-list token
    (cdktf writes it as one `#{TfToken[...]}` entry) hides the count, and is skipped."""
    if any(isinstance(value, str) and value.startswith("#{TfToken[") for value in values):
        return
    require(len(values) >= minimum, setting=setting, value=list(values), problem=problem, fix=fix)


_TIME = r"([01]\d|2[0-3]):[0-5]\d"
_DAY = r"(?i:mon|tue|wed|thu|fri|sat|sun)"


def check_daily_window(setting: str, value: str) -> None:
    """A daily UTC window such as a backup window: `hh24:mi-hh24:mi`."""
    check_pattern(setting, value, rf"{_TIME}-{_TIME}", meaning="a UTC window hh24:mi-hh24:mi", example="03:00-03:30")


def check_weekly_window(setting: str, value: str) -> None:
    """A weekly UTC window such as a maintenance window: `ddd:hh24:mi-ddd:hh24:mi`."""
    check_pattern(
        setting,
        value,
        rf"{_DAY}:{_TIME}-{_DAY}:{_TIME}",
        meaning="a weekly UTC window ddd:hh24:mi-ddd:hh24:mi",
        example="sun:04:00-sun:04:30",
    )
