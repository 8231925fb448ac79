"""Reading a change's values the way rules compare them: provider booleans and numbers given as strings, and IAM
policy documents (parsed by review/policy.py) before and after."""

from __future__ import annotations

from typing import Any

from review import policy
from review.plan import Change, format_path, is_unknown
from review.rules.core import Context


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or is_unknown(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def judged(change: Change) -> bool:
    """An update or a replacement: a change whose values before and after can be compared."""
    return change.action in ("update", "replace")


def read_policy(change: Change, context: Context, side: str, *path: str | int) -> list[policy.Statement] | None:
    """The statements of the policy at `path` on `side`; [] when there is none, None when it cannot be judged
    (unknown, or unreadable: then a note says so)."""
    value = change.old(*path) if side == "before" else change.new(*path)
    if value is None or value == "":
        return []
    if is_unknown(value):
        return None
    try:
        return policy.parse_policy(value)
    except policy.PolicyUnreadable as error:
        context.unreadable(change, format_path(path), f"not readable as a policy ({error})")
        return None


def inline_role_policies(change: Change, side: str) -> Any:
    values = change.before if side == "before" else change.after
    policies = (values or {}).get("inline_policy") if isinstance(values, dict) else None
    return [p.get("policy") for p in policies or [] if isinstance(p, dict) and p.get("policy")]


def statements_of(change: Change, context: Context, side: str, attribute: str) -> list[policy.Statement] | None:
    """`read_policy`, plus a role's `inline_policy` blocks read as one policy."""
    if side == "before" and change.action == "create":
        return []
    if attribute == "inline_policy":
        if side == "after" and is_unknown(change.new("inline_policy")):
            return None
        statements: list[policy.Statement] = []
        for text in inline_role_policies(change, side):
            try:
                statements += policy.parse_policy(text)
            except policy.PolicyUnreadable:
                continue
        return statements
    return read_policy(change, context, side, attribute)


def widest(statements: list[policy.Statement]) -> str | None:
    allowed = policy.allowing(statements)
    return allowed[0].summary() if allowed else None
