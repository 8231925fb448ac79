"""Rules registered by the Terraform resource types they judge: the engine hands a rule only changes of its types.

    rule = REGISTRY.concern(PROTECTION)               # once per concern file

    @rule("aws_db_instance", "aws_rds_cluster")
    def backup_retention(change: Change, context: Context) -> None: ...

    REGISTRY.rules_for("aws_db_instance")            # its rules, in report order

A rule names its types explicitly (a table's keys are fine: `@rule(*DATA_STORES)`); a type must be a provider
resource type (tests/review/test_rules.py checks each against the provider's schema). A rule that truly applies to
any type would need a catch-all; none does today, so there is none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from review.rules.core import CONCERNS, Rule

RESOURCE_TYPE = re.compile(r"aws_[a-z0-9_]+")


@dataclass(frozen=True)
class Registered:
    function: Rule
    concern: str
    types: frozenset[str]
    sequence: int  # registration order: the order of a concern's rules within one change

    @property
    def name(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"


class Registry:
    def __init__(self) -> None:
        self._rules: list[Registered] = []
        self._by_type: dict[str, tuple[Registered, ...]] | None = None  # built on first use

    def concern(self, concern: str) -> Callable[..., Callable[[Rule], Rule]]:
        """The decorator factory of one concern's file: `rule = REGISTRY.concern(EXPOSURE)`."""
        if concern not in CONCERNS:
            raise ValueError(f"unknown concern {concern!r}: use one of {', '.join(CONCERNS)} (review/rules/core.py)")

        def rule(*types: str) -> Callable[[Rule], Rule]:
            def register(function: Rule) -> Rule:
                self.add(function, concern, types)
                return function

            return register

        return rule

    def add(self, function: Rule, concern: str, types: tuple[str, ...]) -> None:
        name = f"{function.__module__}.{function.__qualname__}"
        if not types:
            raise ValueError(f'rule {name} names no resource type: pass the types it judges, such as @rule("aws_lb")')
        bad = [t for t in types if not isinstance(t, str) or not RESOURCE_TYPE.fullmatch(t)]
        if bad:
            raise ValueError(f"rule {name}: {bad[0]!r} is not a resource type (expected aws_ and snake_case)")
        if len(set(types)) != len(types):
            raise ValueError(f"rule {name} names a type twice: {sorted(types)}")
        if any(registered.function is function for registered in self._rules):
            raise ValueError(f"rule {name} is registered twice: give it all its types in one @rule(...)")
        self._rules.append(Registered(function, concern, frozenset(types), len(self._rules)))
        self._by_type = None

    @property
    def rules(self) -> tuple[Registered, ...]:
        return tuple(self._rules)

    def types(self) -> frozenset[str]:
        return frozenset(t for registered in self._rules for t in registered.types)

    def rules_for(self, resource_type: str) -> tuple[Registered, ...]:
        """The rules of one type, by concern (CONCERNS' order), then in the order they were registered."""
        if self._by_type is None:
            order = sorted(self._rules, key=lambda r: (CONCERNS.index(r.concern), r.sequence))
            by_type: dict[str, list[Registered]] = {}
            for registered in order:
                for resource_type_ in registered.types:
                    by_type.setdefault(resource_type_, []).append(registered)
            self._by_type = {t: tuple(rules) for t, rules in by_type.items()}
        return self._by_type.get(resource_type, ())


REGISTRY = Registry()
