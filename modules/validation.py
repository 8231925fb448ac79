"""Validation helpers shared by every props type. No cdktf import: props are checked without a synth.

    from modules.validation import InvalidSetting, require

    require(power in POWERS, setting="power", value=power, fix="use one of nano, micro, ...")

Props may hold Terraform tokens (a `var.x` reference when a construct is used as an HCL module).
A token's value is unknown until Terraform runs, so every check skips it: see `is_token`.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import difflib
import functools
import math
import re
import types
import typing
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
    near -1e298 (a reserved bit pattern); no real setting comes close to those. A map token is a mapping with one
    `&{TfToken[...]}` key; a boolean reference (an HCL module's `var.enabled`) or an expression is a jsii object
    standing for a cdktf `IResolvable`.
    """
    if isinstance(value, str):
        return "TfToken[" in value
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return math.isfinite(value) and value < -1e280
    if isinstance(value, Sequence):
        return any(is_token(item) for item in value)
    if isinstance(value, collections.abc.Mapping):
        return any(is_token(key) for key in value)
    return type(value).__module__.startswith("jsii.")


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


# Free text that reaches a Terraform string: Terraform reads `${...}` and `%{...}` in every string as a template.
_TEMPLATE_SEQUENCES = ("${", "%{")


def check_no_interpolation(setting: str, value: str) -> None:
    """Refuse the Terraform template sequences `${` and `%{` in a user string that ends up in a Terraform string
    (a description, a tag, an email address): Terraform would evaluate them, or fail on them, at plan time."""
    if is_token(value) or not isinstance(value, str):
        return
    found = [sequence for sequence in _TEMPLATE_SEQUENCES if sequence in value]
    require(
        not found,
        setting=setting,
        value=value,
        problem=f"it contains {' and '.join(repr(s) for s in found)}, which Terraform reads as the start of a "
        "template expression",
        fix="remove the '$' or '%' in front of '{' (this setting is plain text, not a Terraform template)",
    )


# Maintenance and backup windows (RDS, Lightsail databases, ElastiCache): UTC, minutes since midnight or since
# Monday 00:00. Both kinds may cross midnight (or Sunday to Monday): the end is then earlier than the start.
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _minute_of_day(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


def daily_window(value: str) -> tuple[int, int]:
    """`hh24:mi-hh24:mi` as (start minute of the day, length in minutes). Call after `check_daily_window`."""
    start_text, end_text = value.split("-")
    start, end = _minute_of_day(start_text), _minute_of_day(end_text)
    return start, (end - start) % MINUTES_PER_DAY


def weekly_window(value: str) -> tuple[int, int]:
    """`ddd:hh24:mi-ddd:hh24:mi` as (start minute of the week from Monday 00:00, length in minutes).
    Call after `check_weekly_window`."""
    start_text, end_text = value.split("-")
    start, end = (
        DAYS.index(text[:3].lower()) * MINUTES_PER_DAY + _minute_of_day(text[4:]) for text in (start_text, end_text)
    )
    return start, (end - start) % MINUTES_PER_WEEK


def check_window_length(setting: str, value: str, *, weekly: bool, minimum_minutes: int = 30) -> None:
    """A window of at least `minimum_minutes` (AWS's rule for backup and maintenance windows is 30). The window's
    format must be checked first (`check_daily_window` / `check_weekly_window`)."""
    if is_token(value):
        return
    _, length = weekly_window(value) if weekly else daily_window(value)
    require(
        length >= minimum_minutes,
        setting=setting,
        value=value,
        problem=f"the window lasts {length} minutes; AWS requires at least {minimum_minutes}"
        + (" (an end equal to the start is an empty window)" if length == 0 else ""),
        fix=f"make the window at least {minimum_minutes} minutes long, e.g. "
        + ("'sun:04:00-sun:04:30'" if weekly else "'03:00-03:30'")
        + " (a window may cross midnight)",
    )


def _circular_overlap(a_start: int, a_length: int, b_start: int, b_length: int, period: int) -> bool:
    """Whether the half-open windows [a, a + a_length) and [b, b + b_length) on a clock of `period` minutes share a
    minute. Windows that only touch (one ends when the other starts) do not overlap."""
    return (b_start - a_start) % period < a_length or (a_start - b_start) % period < b_length


def check_windows_do_not_overlap(
    *, maintenance_setting: str, maintenance_window: str, backup_setting: str, backup_window: str
) -> None:
    """The weekly maintenance window must not overlap the daily backup window on any day (AWS refuses it at apply).
    Both formats must be checked first. Reported under the maintenance window's setting."""
    if is_token(maintenance_window) or is_token(backup_window):
        return
    maintenance_start, maintenance_length = weekly_window(maintenance_window)
    backup_start, backup_length = daily_window(backup_window)
    for day, day_name in enumerate(DAY_NAMES):
        start = day * MINUTES_PER_DAY + backup_start
        require(
            not _circular_overlap(maintenance_start, maintenance_length, start, backup_length, MINUTES_PER_WEEK),
            setting=maintenance_setting,
            value=maintenance_window,
            problem=f"it overlaps the daily backup window {backup_setting}={backup_window!r} on {day_name}; AWS "
            "refuses overlapping windows when it applies them",
            fix=f"move {maintenance_setting} or {backup_setting} so they do not overlap (windows may touch, e.g. "
            "backup '03:00-03:30' and maintenance 'sun:03:30-sun:04:00')",
        )


# Types of the frozen dataclasses that environment files build (Settings, XOptions): a typo there is a Python value
# of the wrong type, which dataclasses never check. `check_field_types` checks each field against its annotation.


def check_field_types(instance: object) -> None:
    """Raise `InvalidSetting` for the first field of the dataclass `instance` whose value does not have the type its
    annotation says. Understands bool (which is not an int here), int, float (an int is accepted), str, None,
    `X | None`, `Literal[...]`, `tuple[X, ...]`, `tuple[X, Y]`, `list[X]`, `dict[K, V]`, nested dataclasses (checked
    too, reported as `outer.inner`) and plain classes. Tokens are accepted in any field: a token's Python type says
    nothing about the value Terraform gives it.

        @dataclass(frozen=True, kw_only=True)
        class Options:
            scale: int = 1

            def __post_init__(self) -> None:
                check_field_types(self)  # first: the value checks below would fail on a str with a bare TypeError
                check_range("scale", self.scale, 1, 20)

        Options(scale="2")
        # InvalidSetting: scale='2': expected a whole number (an int), got a str. Fix: write the number without
        # quotes, e.g. scale=30.
    """
    if not dataclasses.is_dataclass(instance) or isinstance(instance, type):
        raise TypeError(f"check_field_types takes a dataclass instance, not {instance!r}")
    hints = _type_hints(type(instance))
    for field in dataclasses.fields(instance):
        _check_field(field.name, hints.get(field.name, Any), getattr(instance, field.name))


def _check_field(name: str, expected: Any, value: object) -> None:
    if not _matches(value, expected):
        raise InvalidSetting(
            setting=name,
            value=value,
            problem=f"expected {_describe(expected)}, got {_article(value)}",
            fix=_type_fix(name, expected, value),
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:
            check_field_types(value)
        except InvalidSetting as error:
            raise error.within(name) from None


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    # get_type_hints resolves `from __future__ import annotations` strings in the class's module (and its bases').
    try:
        return typing.get_type_hints(cls)
    except NameError as error:
        raise TypeError(
            f"the annotations of {cls.__qualname__} name a type its module does not import at run time: {error}"
        ) from error


def _matches(value: object, expected: Any) -> bool:
    if expected is Any or is_token(value):
        return True
    if expected is None or expected is type(None):
        return value is None
    origin, args = typing.get_origin(expected), typing.get_args(expected)
    if origin is typing.Union or origin is types.UnionType:
        return any(_matches(value, arm) for arm in args)
    if origin is typing.Literal:
        return any(value == choice and type(value) is type(choice) for choice in args)
    if expected is bool:
        return isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_matches(item, args[0]) for item in value)
        return len(args) == len(value) and all(_matches(item, arm) for item, arm in zip(value, args, strict=True))
    if origin in (list, collections.abc.Sequence):
        container = list if origin is list else collections.abc.Sequence
        return (
            isinstance(value, container)
            and not isinstance(value, str)
            and all(_matches(item, args[0]) for item in value if args)
        )
    if origin in (dict, collections.abc.Mapping):
        mapping = dict if origin is dict else collections.abc.Mapping
        return isinstance(value, mapping) and all(
            _matches(key, args[0]) and _matches(item, args[1]) for key, item in value.items() if args
        )
    if origin is not None:
        return isinstance(value, origin)
    if isinstance(expected, type):
        return isinstance(value, expected)
    return True  # an annotation we do not understand (a TypeVar, a Protocol): not ours to refuse


_TYPE_WORDS: dict[Any, str] = {
    bool: "true or false (a bool)",
    int: "a whole number (an int)",
    float: "a number (a float)",
    str: "text (a str)",
}


def _describe(expected: Any) -> str:
    if expected is None or expected is type(None):
        return "None"
    if expected in _TYPE_WORDS:
        return _TYPE_WORDS[expected]
    origin, args = typing.get_origin(expected), typing.get_args(expected)
    if origin is typing.Union or origin is types.UnionType:
        arms = [arm for arm in args if arm is not type(None)]
        described = " or ".join(_describe(arm) for arm in arms)
        return f"{described} or None" if len(arms) < len(args) else described
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(choice) for choice in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a tuple of {_plural(args[0])} (tuple[{_name(args[0])}, ...])"
        return f"a tuple of {len(args)} values (tuple[{', '.join(_name(arm) for arm in args)}])"
    if origin in (list, collections.abc.Sequence):
        return f"a list of {_plural(args[0])}" if args else "a list"
    if origin in (dict, collections.abc.Mapping):
        return f"a mapping of {_name(args[0])} to {_name(args[1])}" if args else "a mapping"
    if isinstance(expected, type):
        return f"{'an' if expected.__name__[0].lower() in 'aeiou' else 'a'} {expected.__name__}"
    return str(expected)


def _name(expected: Any) -> str:
    return expected.__name__ if isinstance(expected, type) else str(expected).replace("typing.", "")


def _plural(expected: Any) -> str:
    return {str: "text values", int: "whole numbers", bool: "booleans", float: "numbers"}.get(
        expected, f"{_name(expected)} values"
    )


def _article(value: object) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _type_fix(setting: str, expected: Any, value: object) -> str:
    arms = [arm for arm in typing.get_args(expected) if arm is not type(None)] if _is_union(expected) else [expected]
    optional = _is_union(expected) and len(arms) < len(typing.get_args(expected))
    main = arms[0] if len(arms) == 1 else None
    tail = f" (or None to leave {setting} out)" if optional else ""
    if value is None:
        return f"give {setting} {_describe(expected)}; None only means 'left out' for optional settings"
    if main is bool:
        return f"write {setting}=True or {setting}=False, without quotes{tail}"
    if main in (int, float):
        return f"write the number without quotes, e.g. {setting}={'30' if main is int else '0.5'}{tail}"
    if main is str:
        return f"write the value as quoted text, e.g. {setting}={str(value)!r}{tail}"
    if typing.get_origin(main) is tuple:
        if isinstance(value, str):
            return f"write a tuple, e.g. {setting}=({value!r},) - a lone string is not a tuple{tail}"
        return f"write a tuple, e.g. {setting}=('a', 'b'){tail}"
    if typing.get_origin(main) is typing.Literal:
        return f"use one of {', '.join(repr(choice) for choice in typing.get_args(main))}{tail}"
    return f"give {setting} {_describe(expected)}"


def _is_union(expected: Any) -> bool:
    return typing.get_origin(expected) in (typing.Union, types.UnionType)


# Misspelled or missing keywords: a dataclass constructor raises a bare TypeError that names neither the closest
# valid field nor the file. These turn it into an `InvalidSetting`.

_UNEXPECTED = re.compile(r"(?:(\w+)\.)?__init__\(\) got an unexpected keyword argument '(\w+)'")
_MISSING = re.compile(r"(?:(\w+)\.)?__init__\(\) missing \d+ required (?:keyword-only |positional )?arguments?: (.+)")


def field_names(cls: type) -> list[str]:
    """The names a dataclass's constructor takes."""
    return [field.name for field in dataclasses.fields(cls) if field.init]


def unknown_field_error(cls: type, name: str, value: object = "(given)") -> InvalidSetting:
    """The error for a keyword that `cls` does not have, naming the closest valid field.

    unknown_field_error(LightsailOptions, "sclae", 2)
    # InvalidSetting: sclae=2: LightsailOptions has no setting 'sclae'. Fix: did you mean 'scale'? ...
    """
    names = field_names(cls)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6) or difflib.get_close_matches(
        name.lower().replace("-", "_"), names, n=1, cutoff=0.6
    )
    hint = f"did you mean {close[0]!r}? " if close else ""
    return InvalidSetting(
        setting=name,
        value=value,
        problem=f"{cls.__name__} has no setting {name!r}",
        fix=f"{hint}{cls.__name__} takes {', '.join(names)}",
    )


def missing_field_error(cls: type, name: str) -> InvalidSetting:
    """The error for a required field of `cls` that was left out."""
    field = {field.name: field for field in dataclasses.fields(cls)}.get(name)
    described = _describe(_type_hints(cls).get(name, Any)) if field is not None else "a value"
    return InvalidSetting(
        setting=name,
        value=None,
        problem=f"{cls.__name__} needs {name}, which has no default",
        fix=f"set {name} to {described}",
    )


def from_type_error(error: TypeError, classes: Sequence[type]) -> InvalidSetting | None:
    """The `InvalidSetting` for a dataclass constructor's TypeError (an unknown or a missing keyword), found among
    `classes` by the class name in the message; None when the TypeError is something else. For callers that catch
    a TypeError raised while an environment file builds its settings:

        except TypeError as error:
            raise (from_type_error(error, [Settings, LightsailOptions, EcsOptions, StateSettings]) or error) from None
    """
    text = str(error)
    by_name = {cls.__name__: cls for cls in classes}
    unexpected, missing = _UNEXPECTED.search(text), _MISSING.search(text)
    match = unexpected or missing
    if match is None:
        return None
    named = match.group(1)
    cls = by_name.get(named) if named else (classes[0] if len(classes) == 1 else None)
    if cls is None:
        return None
    if unexpected is not None:
        return unknown_field_error(cls, unexpected.group(2))
    assert missing is not None
    first = re.findall(r"'(\w+)'", missing.group(2))[0]
    return missing_field_error(cls, first)
