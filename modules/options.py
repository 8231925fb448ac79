"""The shape every construct's inputs share: `XOptions` (values, defaults, docstrings, rules) and `XProps(XOptions)`
(the options plus the wiring: names, IDs, subnets, ARNs). No cdktf import.

    @dataclass(frozen=True, kw_only=True)
    class PostgresOptions(Options):
        instance_class: str = "db.t3.micro"
        \"\"\"RDS instance class.\"\"\"

        def validate(self) -> None:
            check_pattern("instance_class", self.instance_class, ...)

    @dataclass(frozen=True, kw_only=True)
    class PostgresProps(PostgresOptions, Props):
        vpc_id: str

Options are checked by their owner, so an error names the whole path the user typed (`ecs.database.instance_class`):
an environment's `Settings` checks its options when it is built, a pattern's options check the options nested in
them, and a props object checks itself when it is built (a construct never receives unchecked props).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from modules.rules import Rule
from modules.validation import InvalidSetting, check_field_types


@dataclass(frozen=True, kw_only=True)
class Options:
    """Base of every `XOptions`: `check()` validates nested options first (naming their path), then the class's
    `RULES`, then `validate()`."""

    RULES: ClassVar[Sequence[Rule]] = ()
    """Rules declared once beside the fields (`modules/rules.py`): Python checks them here, and a Terraform
    module that takes the fields renders the same rules as `validation` blocks."""

    def validate(self) -> None:
        """The rules of this class's own fields, and the rules that tie them together. Subclasses extend it
        (calling `super().validate()`) and skip values that are Terraform tokens."""

    def check(self) -> None:
        """Raise `InvalidSetting` for the first value this options object (or one nested in it) refuses."""
        # Types first (nested ones named by their path): a rule would fail on a wrong type with a bare TypeError.
        check_field_types(self)
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, Options):
                try:
                    value.check()
                except InvalidSetting as error:
                    raise error.within(item.name) from None
        for rule in type(self).RULES:
            rule.check_python(self)
        self.validate()


@dataclass(frozen=True, kw_only=True)
class Props(Options):
    """Base of every `XProps`: checked as soon as it is built."""

    def __post_init__(self) -> None:
        self.check()


def options_values(options: object, cls: type | None = None) -> dict[str, Any]:
    """The values of `options` as keywords (only the fields of `cls`, by default of `type(options)`), to build a
    props object from options and wiring: `PostgresProps(**options_values(database), vpc_id=...)`."""
    return {item.name: getattr(options, item.name) for item in fields(cls or type(options))}
