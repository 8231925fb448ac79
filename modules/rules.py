"""Inputs of the Terraform modules generated from our constructs (see `modules/terraform_module.py`): each
variable's type, default and description come from the options or props dataclass it feeds, and its `validation`
blocks from `Rule`s written once for the flat variable (`var.backup_retention_days`) and for the same option inside
an object variable (`var.database.backup_retention_days`). No cdktf import.

    RULES = [in_range("backup_retention_days", 1, 35), one_of("monitoring_interval_seconds", (0, 1, 5, 10))]
    VARIABLES = variables_from(PostgresProps, ["name", "backup_retention_days"], rules=RULES)
    DATABASE = object_variable("database", PostgresOptions, "The database.", rules=RULES)   # EcsApp's section

Each rule also names values the Python options refuse (`refused`): the tests check that Python and Terraform
refuse each of them, so the two never drift apart.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import inspect
import itertools
import json
import re
import types
import typing
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


@dataclass(frozen=True)
class Variable:
    """One module input, as Terraform declares it."""

    name: str
    type: str
    description: str
    default: Any = dataclasses.MISSING
    sensitive: bool = False
    ephemeral: bool = False
    """Accepts ephemeral values (Terraform 1.10+): for write-only arguments such as `password_wo`."""
    validations: tuple[Validation, ...] = ()
    options_type: builtins.type | None = None
    """For an object variable: the options dataclass whose fields are its attributes."""
    rules: tuple[Rule, ...] = ()
    """The rules its `validations` come from (the tests feed their `refused` values to Python and Terraform)."""
    attribute_defaults: Mapping[str, Any] | None = None
    """For an object variable: each attribute's default (merged under what the caller gives)."""

    @property
    def nullable(self) -> bool:
        return self.default is None


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


# --- props dataclasses -> variables --------------------------------------------------------------------------------


def field_docs(props_type: type) -> dict[str, str]:
    """The docstring under each field of a props dataclass (the string literal right after its annotation),
    including fields inherited from parent dataclasses; a subclass's docstring wins."""
    docs: dict[str, str] = {}
    for klass in reversed(props_type.__mro__):
        if not dataclasses.is_dataclass(klass):
            continue
        body = ast.parse(inspect.getsource(klass)).body[0].body  # type: ignore[attr-defined]
        for node, following in itertools.pairwise(body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[node.target.id] = " ".join(following.value.value.split())
    return docs


_SIMPLE = {str: "string", int: "number", float: "number", bool: "bool"}


def terraform_type(annotation: Any) -> tuple[str, bool]:
    """The Terraform type of a props field annotation, and whether it may be null."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        return terraform_type(inner)[0], True
    if annotation in _SIMPLE:
        return _SIMPLE[annotation], False
    if origin in (list, Sequence, tuple) and args and args[0] in _SIMPLE:
        return f"list({_SIMPLE[args[0]]})", False
    if origin in (dict, Mapping) and args and args[0] is str and args[1] in _SIMPLE:
        return f"map({_SIMPLE[args[1]]})", False
    raise TypeError(f"no Terraform type for {annotation!r}")


def field_default(field: dataclasses.Field[Any]) -> Any:
    """A dataclass field's default as Terraform wants it (a list for a tuple, a dict for a mapping), or MISSING."""
    if field.default is not dataclasses.MISSING:
        default = field.default
    elif field.default_factory is not dataclasses.MISSING:
        default = field.default_factory()
    else:
        return dataclasses.MISSING
    if isinstance(default, tuple):
        return list(default)
    if isinstance(default, Mapping):
        return dict(default)
    return default


def _validations(rules: Sequence[Rule], name: str, reference: Callable[[str], str], prefix: str) -> tuple[Any, ...]:
    return tuple(rule.validation(reference, f"{prefix}{rule.field}") for rule in rules if rule.field == name)


def variables_from(
    props_type: type,
    names: Sequence[str],
    *,
    descriptions: Mapping[str, str] | None = None,
    defaults: Mapping[str, Any] | None = None,
    sensitive: Sequence[str] = (),
    ephemeral: Sequence[str] = (),
    rules: Sequence[Rule] = (),
    validations: Mapping[str, Validation] | None = None,
) -> list[Variable]:
    """Variables for props fields `names`: type and default from the dataclass (or `defaults`, for a module whose
    generic default differs from ours), description from the field's docstring (or `descriptions`, which wins),
    `validation` blocks from `rules` (and any raw `validations`). A field without a description is refused: every
    input is documented."""
    hints = typing.get_type_hints(props_type)
    fields = {f.name: f for f in dataclasses.fields(props_type)}
    docs = field_docs(props_type) | dict(descriptions or {})
    unknown = {rule.field for rule in rules} - set(names)
    if unknown:
        raise ValueError(f"rules about {sorted(unknown)}, which are not variables of this module")
    out = []
    for name in names:
        field = fields[name]
        if name not in docs:
            raise ValueError(f"{props_type.__name__}.{name} has no docstring: describe it, or pass a description")
        type_, _nullable = terraform_type(hints[name])
        default = defaults[name] if defaults and name in defaults else field_default(field)
        extra = (validations[name],) if validations and name in validations else ()
        out.append(
            Variable(
                name=name,
                type=type_,
                description=docs[name],
                default=default,
                sensitive=name in sensitive or name in ephemeral,
                ephemeral=name in ephemeral,
                validations=_validations(rules, name, lambda field: f"var.{field}", "") + extra,
                rules=tuple(rule for rule in rules if rule.field == name),
            )
        )
    return out


def hcl_literal(value: Any) -> str:
    """A plain value (string, number, bool, list, map) as an HCL literal."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{hcl_string(str(k))} = {hcl_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(hcl_literal(item) for item in value) + "]"
    if isinstance(value, str):
        return hcl_string(value)
    return json.dumps(value)


def _closest(key: str, names: str) -> str:
    """HCL for ` (did you mean <attribute>?)` when an attribute of `names` (an HCL list) is near the misspelled
    `key`: the same letters without underscores (`multiaz`), else the same first four letters; else nothing."""
    loose = f'replace(lower({key}), "_", "")'
    match = f'[for v in {names} : v if replace(v, "_", "") == {loose} || startswith(v, substr(lower({key}), 0, 4))][0]'
    return f'try(" (did you mean ${{{match}}}?)", "")'


_CONVERTS = {"number": "tonumber", "bool": "tobool", "string": "tostring"}


def object_variable(
    name: str,
    options_type: type,
    description: str,
    *,
    rules: Sequence[Rule] = (),
    defaults: Mapping[str, Any] | None = None,
    descriptions: Mapping[str, str] | None = None,
) -> Variable:
    """One object variable for a whole options section (`database = { instance_class = "db.t3.small" }`): every
    attribute optional with its Python default, the attributes documented in the description, and the section's
    rules as `validation` blocks.

    Its type is `any`, not `object({...})`: Terraform's object conversion silently drops an attribute it does not
    declare (`database = { multiaz = true }` would leave Multi-AZ off), so the variable takes the value as given and
    its validations refuse an unknown attribute (naming the closest valid one) and a value of the wrong type; the
    module reads the attributes merged over the defaults (`ModuleStack.input_options`). A rule reads an attribute
    as `try(var.<name>.<attribute>, <default>)`: the caller may leave it out (or give no object at all, which the
    first validation refuses)."""
    docs = field_docs(options_type) | dict(descriptions or {})
    hints = typing.get_type_hints(options_type)
    attributes, fields, types = [], {}, {}
    for field in dataclasses.fields(options_type):
        if field.name not in docs:
            raise ValueError(f"{options_type.__name__}.{field.name} has no docstring: describe it")
        default = defaults[field.name] if defaults and field.name in defaults else field_default(field)
        if default is dataclasses.MISSING:
            raise ValueError(f"{options_type.__name__}.{field.name} has no default: it cannot be an optional attribute")
        types[field.name] = terraform_type(hints[field.name])[0]
        fields[field.name] = default
        attributes.append(
            f"- `{field.name}` ({types[field.name]}, default `{json.dumps(default)}`): {docs[field.name]}"
        )
    unknown = {rule.field for rule in rules} - set(fields)
    if unknown:
        raise ValueError(f"rules about {sorted(unknown)}, which are not fields of {options_type.__name__}")

    def reference(field: str) -> str:
        return f"try(var.{name}.{field}, {hcl_literal(fields[field])})"

    valid = list(fields)
    extra = f"setsubtract(keys(var.{name}), {hcl_literal(valid)})"
    converts = [
        f"can({_CONVERTS.get(type_, 'tolist' if type_.startswith('list(') else 'tomap')}({reference(field)}))"
        for field, type_ in types.items()
    ]
    shape = (
        Validation(
            # `&&` does not short-circuit: `keys` of a non-object would fail the whole condition, so `try`.
            condition=f"try(length({extra}) == 0, false)",
            error_message=f'Unknown attribute ${{join(", ", [for k in try({extra}, ["(not an object)"]) : '
            f'"{name}.${{k}}${{{_closest("k", hcl_literal(valid))}}}"])}}: {name} takes {", ".join(valid)}.',
        ),
        Validation(
            condition=f"try(alltrue([{', '.join(converts)}]), false)",
            error_message=f"An attribute of {name} has the wrong type: "
            + ", ".join(f"{field} is a {type_}" for field, type_ in types.items())
            + ".",
        ),
    )
    return Variable(
        name=name,
        type="any",
        description=description + " Attributes, each optional:\n" + "\n".join(attributes),
        default={},
        validations=shape + tuple(rule.validation(reference, f"{name}.{rule.field}") for rule in rules),
        options_type=options_type,
        rules=tuple(rules),
        attribute_defaults=fields,
    )
