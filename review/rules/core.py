"""What a rule is given and what it gives back: the change's context, findings and notes, severities and concerns.

    @rule("aws_db_instance")                          # review/rules/registry.py
    def renamed(change: Change, context: Context) -> None:
        context.add(change, HIGH, "identifier", before, after, why, fix)

A rule reports through `context.add` (a finding, whose category is the rule's concern) and `context.unknown` (a value
known only after apply: a note, never a finding).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from review.plan import SENSITIVE, Change, Plan, config_address

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_RANK = {HIGH: 3, MEDIUM: 2, LOW: 1}

DATA_LOSS = "data-loss"
PROTECTION = "protection"
EXPOSURE = "exposure"
PRIVILEGE = "privilege"
ENCRYPTION = "encryption"
RETENTION = "retention"
MONITORING = "monitoring"
CONCERNS = (DATA_LOSS, PROTECTION, EXPOSURE, PRIVILEGE, ENCRYPTION, RETENTION, MONITORING)
"""Each concern is one file of review/rules/ and one finding category. This order is also the order of one change's
findings of equal severity in a report."""


@dataclass(frozen=True)
class Finding:
    address: str
    action: str
    severity: str
    category: str
    attribute: str
    before: Any
    after: Any
    why: str
    fix: str
    allowed: bool = False


@dataclass(frozen=True)
class Note:
    """An attribute a rule would judge that Terraform knows only after apply (or cannot be read)."""

    address: str
    attribute: str
    text: str


@dataclass(frozen=True)
class Context:
    """The plan being judged and where a rule of `concern` reports. The engine makes one per concern; they share
    the lists, so findings and notes keep the order in which the rules ran."""

    plan: Plan
    concern: str
    findings: list[Finding]
    notes: list[Note]

    def add(
        self,
        change: Change,
        severity: str,
        attribute: str,
        before: Any,
        after: Any,
        why: str,
        fix: str,
    ) -> None:
        path = attribute_path(attribute)
        if path is not None:  # never show a value the plan marks sensitive, whatever the rule picked to show
            before = SENSITIVE if change.is_sensitive("before", *path) else before
            after = SENSITIVE if change.is_sensitive("after", *path) else after
        self.findings.append(
            Finding(change.label, change.action, severity, self.concern, attribute, before, after, why, fix)
        )

    def unknown(self, change: Change, attribute: str) -> None:
        self.notes.append(Note(change.label, attribute, "known only after apply: not judged"))

    def unreadable(self, change: Change, attribute: str, reason: str) -> None:
        self.notes.append(Note(change.label, attribute, f"{reason}: not judged"))

    def going_away(self, change: Change, attribute: str, target_type: str) -> bool:
        """True when the `target_type` resource that `attribute` of `change` refers to is itself deleted in this
        plan: a teardown, judged on that resource instead."""
        referenced = {config_address(address) for address in self.plan.config.references(change, attribute)}
        value = change.old(attribute)
        for candidate in self.plan.of_type(target_type):
            if candidate is change or candidate.action not in ("delete", "replace"):
                continue
            if config_address(candidate.address) in referenced:
                return True
            if (
                isinstance(value, str)
                and value
                and value
                in (
                    candidate.old("id"),
                    candidate.old("arn"),
                    candidate.old("bucket"),
                )
            ):
                return True
        return False


Rule = Callable[[Change, Context], None]
PATH_STEP = re.compile(r"([a-z0-9_]+)|\[(\d+)\]")


def attribute_path(attribute: str) -> tuple[str | int, ...] | None:
    """`versioning_configuration[0].status` -> ("versioning_configuration", 0, "status"); None for labels such as
    `(whole resource)` or a list of attributes."""
    if not re.fullmatch(r"[a-z0-9_]+(\[\d+\]|\.[a-z0-9_]+)*", attribute):
        return None
    return tuple(int(index) if index else name for name, index in PATH_STEP.findall(attribute))
