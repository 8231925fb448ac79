"""Rules declared once beside the fields they check: each `Rule` is the Python check (run by `Options.check`, with
the setting, the value and the fix in its message) and the Terraform `validation` block of the generated module
(`modulegen/`) with the same meaning, for a flat variable (`var.backup_retention_days`) and for the same option
inside an object variable (`var.database.backup_retention_days`). No cdktf import.

    @dataclass(frozen=True, kw_only=True)
    class PostgresOptions(Options):
        RULES: ClassVar[Sequence[Rule]] = (in_range("backup_retention_days", 1, 35), ...)

Each rule also names values the Python options refuse (`refused`): the tests feed each of them to Python and to
Terraform, so the two sides of one declaration never drift apart.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modules.validation import (
    check_daily_window,
    check_domain,
    check_min_items,
    check_pattern,
    check_range,
    check_weekly_window,
    check_window_length,
    check_windows_do_not_overlap,
    is_token,
    require,
)


@dataclass(frozen=True)
class Validation:
    """A Terraform `validation` block: `condition` is an HCL expression over `var.<name>`."""

    condition: str
    error_message: str


# --- rules: Python's checks as Terraform validations ---------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{([a-z_0-9]+)\}\}")


@dataclass(frozen=True)
class Rule:
    """A check of one option. `condition` is HCL in which `{{value}}` stands for the option and `{{other}}` for
    another option of the same props (a flat variable `var.other`, or `var.<section>.other` in an object);
    `message` may name the setting as `{{setting}}`."""

    field: str
    condition: str
    message: str
    refused: tuple[Any, ...] = ()
    """Values of `field` that the Python options refuse too (the tests check both sides with each)."""
    nullable: bool = False
    """The option may be null (left out): then the rule does not apply."""
    python: Callable[[str, Any, Any], None] | None = None
    """The same rule in Python: called with the setting, the value and the options object that holds it; raises
    `InvalidSetting` (setting, value, fix). Run by `Options.check` for the rules in the class's `RULES`."""

    def check_python(self, owner: Any) -> None:
        value = getattr(owner, self.field)
        # Each Python side skips the tokens it cannot judge (a list of tokens still has a length).
        if self.python is None or (value is None and self.nullable):
            return
        self.python(self.field, value, owner)

    def validation(self, reference: Callable[[str], str], setting: str) -> Validation:
        def substitute(text: str, *, hcl: bool) -> str:
            def one(match: re.Match[str]) -> str:
                name = match.group(1)
                if name == "setting":
                    return setting
                return reference(self.field if name == "value" else name) if hcl else name

            return _PLACEHOLDER.sub(one, text)

        condition = substitute(self.condition, hcl=True)
        if self.nullable:
            # `||` does not short-circuit: a function of null fails, so the check is wrapped in `try`.
            condition = f"{reference(self.field)} == null || try({condition}, false)"
        return Validation(condition=condition, error_message=substitute(self.message, hcl=False))


def with_python(rule: Rule, python: Callable[[str, Any, Any], None]) -> Rule:
    """`rule` with another Python side (the same meaning, a more specific message)."""
    return dataclasses.replace(rule, python=python)


def and_python(rule: Rule, python: Callable[[str, Any, Any], None]) -> Rule:
    """`rule` whose Python side also runs `python`: a check Terraform cannot make (a table of known values) on top
    of the rule both sides share."""
    first = rule.python

    def both(setting: str, value: Any, owner: Any) -> None:
        if first is not None:
            first(setting, value, owner)
        python(setting, value, owner)

    return dataclasses.replace(rule, python=both)


def hcl_string(text: str) -> str:
    """`text` as an HCL quoted string literal (backslashes, quotes and template sequences escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("${", "$${").replace("%{", "%%{")
    return f'"{escaped}"'


def in_range(field: str, low: float, high: float, *, nullable: bool = False) -> Rule:
    """`low <= value <= high` (a whole number)."""
    return Rule(
        field,
        f"{{{{value}}}} >= {low} && {{{{value}}}} <= {high} && floor({{{{value}}}}) == {{{{value}}}}",
        f"{{{{setting}}}} must be a whole number from {low} to {high}.",
        refused=(low - 1, high + 1),
        nullable=nullable,
        python=lambda setting, value, _: check_range(setting, value, low, high),
    )


def one_of(
    field: str, choices: Sequence[str | int], *, refused: Sequence[Any], problem: str = "", fix: str = ""
) -> Rule:
    listed = ", ".join(json.dumps(choice) for choice in choices)
    words = ", ".join(str(choice) for choice in choices)

    def python(setting: str, value: Any, _: Any) -> None:
        if is_token(value):
            return
        require(
            value in choices,
            setting=setting,
            value=value,
            problem=problem or "not one of the allowed values",
            fix=fix or f"use one of {words}",
        )

    return Rule(
        field,
        f"contains([{listed}], {{{{value}}}})",
        f"{{{{setting}}}} must be one of {words}.",
        refused=tuple(refused),
        python=python,
    )


def matches(
    field: str,
    pattern: str,
    meaning: str,
    *,
    refused: Sequence[str],
    example: str = "",
    nullable: bool = False,
    hcl_pattern: str = "",
) -> Rule:
    """The whole value matches `pattern` (Python `re.fullmatch`; `hcl_pattern` when Terraform's RE2 needs another
    spelling, e.g. without look-ahead). With an `example`, Python checks it too (`check_pattern`'s message)."""
    regex = hcl_string(f"^(?:{hcl_pattern or pattern})$")
    such_as = f" such as {example}" if example else ""
    return Rule(
        field,
        f"can(regex({regex}, {{{{value}}}}))",
        f"{{{{setting}}}} must be {meaning}{such_as}.",
        refused=tuple(refused),
        nullable=nullable,
        python=(
            (lambda setting, value, _: check_pattern(setting, value, pattern, meaning=meaning, example=example))
            if example
            else None
        ),
    )


def domain_name(field: str, *, nullable: bool = False) -> Rule:
    """A lowercase, fully qualified domain name (`modules.validation.DOMAIN_PATTERN`, whose length look-ahead RE2
    has not: Terraform checks the length apart)."""
    pattern = r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
    return Rule(
        field,
        f"length({{{{value}}}}) >= 4 && length({{{{value}}}}) <= 253 && can(regex({hcl_string(f'^(?:{pattern})$')}, "
        "{{value}}))",
        "{{setting}} must be a lowercase, fully qualified domain name without scheme or trailing dot, such as "
        "mc.example.com.",
        refused=("https://mc.example.com", "MC.example.com", "example.com.", "localhost"),
        nullable=nullable,
        python=lambda setting, value, _: check_domain(setting, value),
    )


_TIME = r"([01]\d|2[0-3]):[0-5]\d"  # as in modules.validation
_DAY = r"(?i:mon|tue|wed|thu|fri|sat|sun)"


def daily_window(field: str) -> Rule:
    """`hh24:mi-hh24:mi` (UTC): `check_daily_window` in Python."""
    rule = matches(
        field,
        f"{_TIME}-{_TIME}",
        "a UTC window hh24:mi-hh24:mi such as 03:00-03:30",
        refused=("3:00-3:30", "25:00-01:00"),
    )
    return dataclasses.replace(rule, python=lambda setting, value, _: check_daily_window(setting, value))


def weekly_window(field: str) -> Rule:
    """`ddd:hh24:mi-ddd:hh24:mi` (UTC): `check_weekly_window` in Python."""
    rule = matches(
        field,
        f"{_DAY}:{_TIME}-{_DAY}:{_TIME}",
        "a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30",
        refused=("sunday:04:00-sunday:04:30", "04:00-04:30"),
    )
    return dataclasses.replace(rule, python=lambda setting, value, _: check_weekly_window(setting, value))


_DAYS_HCL = '["mon", "tue", "wed", "thu", "fri", "sat", "sun"]'


def _clock(text: str, at: int) -> str:
    """Minutes since midnight of the `hh:mi` at offset `at` of the string expression `text`."""
    return f"(tonumber(substr({text}, {at}, 2)) * 60 + tonumber(substr({text}, {at + 3}, 2)))"


def _weekly(text: str, at: int) -> str:
    """Minutes since Monday 00:00 of the `ddd:hh:mi` at offset `at`."""
    return f"(index({_DAYS_HCL}, lower(substr({text}, {at}, 3))) * 1440 + {_clock(text, at + 4)})"


def _modulo(expression: str, period: int) -> str:
    # Terraform's % keeps the dividend's sign: bring the result into 0..period-1.
    return f"((({expression}) % {period} + {period}) % {period})"


def window_length(field: str, *, weekly: bool, minimum_minutes: int = 30) -> Rule:
    """A window (daily `hh24:mi-hh24:mi` or weekly `ddd:hh24:mi-ddd:hh24:mi`, possibly crossing midnight) of at
    least `minimum_minutes`, as `modules.validation.check_window_length`."""
    value = "{{value}}"
    start, end, period = (
        (_weekly(value, 0), _weekly(value, 10), 10080) if weekly else (_clock(value, 0), _clock(value, 6), 1440)
    )
    return Rule(
        field,
        f"try({_modulo(f'{end} - {start}', period)} >= {minimum_minutes}, false)",
        f"{{{{setting}}}} must last at least {minimum_minutes} minutes (a window may cross midnight).",
        refused=("sun:04:00-sun:04:15",) if weekly else ("03:00-03:10", "03:00-03:00"),
        python=lambda setting, value, _: check_window_length(
            setting, value, weekly=weekly, minimum_minutes=minimum_minutes
        ),
    )


def windows_do_not_overlap(maintenance_field: str, backup_field: str, *, refused: Sequence[str]) -> Rule:
    """The weekly maintenance window overlaps the daily backup window on no day (windows may touch), as
    `modules.validation.check_windows_do_not_overlap`."""
    value, backup = "{{value}}", f"{{{{{backup_field}}}}}"
    m_start, m_length = _weekly(value, 0), _modulo(f"{_weekly(value, 10)} - {_weekly(value, 0)}", 10080)
    b_start, b_length = _clock(backup, 0), _modulo(f"{_clock(backup, 6)} - {_clock(backup, 0)}", 1440)
    overlaps = (
        f"{_modulo(f'day * 1440 + {b_start} - {m_start}', 10080)} < {m_length} || "
        f"{_modulo(f'{m_start} - day * 1440 - {b_start}', 10080)} < {b_length}"
    )
    return Rule(
        maintenance_field,
        f"try(alltrue([for day in range(7) : !({overlaps})]), false)",
        f"{{{{setting}}}} must not overlap {backup_field} on any day (windows may touch).",
        refused=tuple(refused),
        python=lambda setting, value, options: check_windows_do_not_overlap(
            maintenance_setting=setting,
            maintenance_window=value,
            backup_setting=backup_field,
            backup_window=getattr(options, backup_field),
        ),
    )


def at_least(field: str, minimum: int, what: str, *, problem: str = "", fix: str = "") -> Rule:
    """A list with at least `minimum` entries (with `problem` and `fix`, Python checks it too)."""
    return Rule(
        field,
        f"length({{{{value}}}}) >= {minimum}",
        f"{{{{setting}}}} needs at least {minimum} {what}.",
        refused=(),
        python=(
            (lambda setting, value, _: check_min_items(setting, value, minimum, problem=problem, fix=fix))
            if problem
            else None
        ),
    )


def check(
    field: str,
    condition: str,
    message: str,
    *,
    refused: Sequence[Any] = (),
    python: Callable[[str, Any, Any], None] | None = None,
) -> Rule:
    """Any other rule, in HCL with `{{value}}` and `{{other_field}}` placeholders; `python` is the same rule for
    the Python options (called with the setting, the value and the options object)."""
    return Rule(field, condition, message, refused=tuple(refused), python=python)


def hcl_literal(value: Any) -> str:
    """A plain value (string, number, bool, list, map) as an HCL literal."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{hcl_string(str(k))} = {hcl_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(hcl_literal(item) for item in value) + "]"
    if isinstance(value, str):
        return hcl_string(value)
    return json.dumps(value)
