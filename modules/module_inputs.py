"""Inputs of the Terraform modules generated from our constructs (see `modules/terraform_module.py`): each
variable's type, default and description come from the props dataclass it feeds. No cdktf import.

    VARIABLES = variables_from(PostgresProps, ["name", "vpc_id", "subnet_ids"], ephemeral=["password"])
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


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


def terraform_type(annotation: Any) -> tuple[str, bool]:
    """The Terraform type of a props field annotation, and whether it may be null."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        return terraform_type(inner)[0], True
    simple = {str: "string", int: "number", float: "number", bool: "bool"}
    if annotation in simple:
        return simple[annotation], False
    if origin in (list, Sequence, tuple) and args and args[0] in simple:
        return f"list({simple[args[0]]})", False
    raise TypeError(f"no Terraform type for {annotation!r}")


def variables_from(
    props_type: type,
    names: Sequence[str],
    *,
    descriptions: Mapping[str, str] | None = None,
    sensitive: Sequence[str] = (),
    ephemeral: Sequence[str] = (),
    validations: Mapping[str, Validation] | None = None,
) -> list[Variable]:
    """Variables for props fields `names`: type and default from the dataclass, description from the field's
    docstring (or `descriptions`, which wins). A field without either is refused: every input is documented."""
    hints = typing.get_type_hints(props_type)
    fields = {f.name: f for f in dataclasses.fields(props_type)}
    docs = field_docs(props_type) | dict(descriptions or {})
    out = []
    for name in names:
        field = fields[name]
        if name not in docs:
            raise ValueError(f"{props_type.__name__}.{name} has no docstring: describe it, or pass a description")
        type_, _nullable = terraform_type(hints[name])
        default = field.default
        if isinstance(default, tuple):
            default = list(default)
        out.append(
            Variable(
                name=name,
                type=type_,
                description=docs[name],
                default=default,
                sensitive=name in sensitive or name in ephemeral,
                ephemeral=name in ephemeral,
                validations=(validations[name],) if validations and name in validations else (),
            )
        )
    return out
