"""Boolean attributes turned to their risky value, as tables: each concern's file keeps its own table by resource
type and registers one rule for the table's types.

    FLAGS = {"aws_lb": [Flag(("enable_deletion_protection",), False, MEDIUM, why, fix)]}

    @rule(*FLAGS)
    def flags(change: Change, context: Context) -> None:
        judge_flags(FLAGS, change, context)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from review.plan import Change, format_path, is_unknown
from review.rules.core import Context
from review.rules.values import as_bool, judged


@dataclass(frozen=True)
class Flag:
    path: tuple[str | int, ...]
    bad: bool  # the value that is the risk
    severity: str
    why: str
    fix: str
    on_create: bool = False  # judged on a create too (exposure: what a new resource opens)


def judge_flags(table: Mapping[str, Sequence[Flag]], change: Change, context: Context) -> None:
    for flag in table.get(change.type, ()):
        if not (judged(change) or (flag.on_create and change.action == "create")):
            continue
        after = change.new(*flag.path)
        if is_unknown(after):
            if judged(change):
                context.unknown(change, format_path(flag.path))
            continue
        if change.action == "create":
            risky = as_bool(after) is flag.bad
        else:
            risky = as_bool(after) is flag.bad and as_bool(change.old(*flag.path)) is (not flag.bad)
        if risky:
            context.add(
                change,
                flag.severity,
                format_path(flag.path),
                change.shown("before", *flag.path) if change.action != "create" else None,
                change.shown("after", *flag.path),
                flag.why,
                flag.fix,
            )
