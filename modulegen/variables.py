"""The inputs of a generated module, from the props dataclass each feeds: type, default and description from the
field (so the Python default and the module default are one value), `validation` blocks from the rules declared
beside the fields (`modules/rules.py`). No cdktf import.

    VARIABLES = variables_from(PostgresProps, ["name", "backup_retention_days"], rules=PostgresProps.RULES)
    DATABASE = object_variable("database", PostgresOptions, "The database.", rules=PostgresOptions.RULES)
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import inspect
import itertools
import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modules.rules import Rule, Validation, hcl_literal


@dataclass(frozen=True)
class Differs:
    """A module default that is not the Python default, and why: the module's README lists it ("Defaults that
    differ from the construct's"), and the tests allow no other difference."""

    value: Any
    reason: str


NO_PRODUCT = "the construct's default is the name this repository's stacks deploy; a published module names no product"
"""The reason of the generic database names (`app`, `app_admin`) of the modules that create a database."""


@dataclass(frozen=True)
class DefaultDifference:
    """One listed difference, as the README shows it."""

    setting: str
    """The input (`username`) or the attribute of an object input (`database.username`)."""
    module: Any
    python: Any
    reason: str


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
    differences: tuple[DefaultDifference, ...] = ()
    """Its defaults (or its attributes') that are not the Python defaults, each with the reason."""

    @property
    def nullable(self) -> bool:
        return self.default is None


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
    defaults: Mapping[str, Differs] | None = None,
    sensitive: Sequence[str] = (),
    ephemeral: Sequence[str] = (),
    rules: Sequence[Rule] = (),
    validations: Mapping[str, Validation] | None = None,
) -> list[Variable]:
    """Variables for props fields `names`: type and default from the dataclass (or `defaults`, each with the reason
    the module's default differs from the Python one), description from the field's docstring (or `descriptions`,
    which wins), `validation` blocks from `rules` (and any raw `validations`). A field without a description is
    refused: every input is documented."""
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
        python_default = field_default(field)
        differs = (defaults or {}).get(name)
        default = differs.value if differs else python_default
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
                differences=(DefaultDifference(name, default, python_default, differs.reason),) if differs else (),
            )
        )
    return out


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
    defaults: Mapping[str, Differs] | None = None,
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
    differences: list[DefaultDifference] = []
    for field in dataclasses.fields(options_type):
        if field.name not in docs:
            raise ValueError(f"{options_type.__name__}.{field.name} has no docstring: describe it")
        differs = (defaults or {}).get(field.name)
        default = differs.value if differs else field_default(field)
        if differs:
            differences.append(DefaultDifference(f"{name}.{field.name}", default, field_default(field), differs.reason))
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
        differences=tuple(differences),
    )
