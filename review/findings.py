"""What a plan puts at risk, judged from the change itself: actions, `action_reason`, `replace_paths`, and the
values before and after. One rule per risk, registered for the resource types it judges (review/rules/, one file
per concern); each finding says why it matters and how to fix it.

    findings, notes = judge(plan)

Categories: data-loss, protection, exposure, privilege, encryption (high unless noted), retention and monitoring
(medium, low). Creates are judged only for exposure and privilege (what a new resource opens); deletions and
replacements for data loss; updates for everything. A value known only after apply is not a risk: it becomes a
note ("not judged"), never a finding.

Order: most severe first; then in plan order; within one change by concern (the order above), then in the order
the concern's file registers its rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from review.plan import Plan, config_address
from review.rules import REGISTRY
from review.rules.core import CONCERNS, SEVERITY_RANK, Context, Finding, Note
from review.rules.registry import Registry

__all__ = ["SEVERITY_RANK", "Finding", "Note", "allow", "judge"]  # what report.py, tests and scripts import


def judge(plan: Plan, rules: Registry = REGISTRY) -> tuple[list[Finding], list[Note]]:
    """Every finding and note of the plan, most severe first (then in plan order). `rules`: another registry, for
    tests that watch the rules."""
    findings: list[Finding] = []
    notes: list[Note] = []
    contexts = {concern: Context(plan, concern, findings, notes) for concern in CONCERNS}
    for change in plan.changes:
        if change.action in ("no-op", "forget"):
            continue
        for registered in rules.rules_for(change.type):
            registered.function(change, contexts[registered.concern])
    return sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity]), notes


def allow(findings: list[Finding], allowed: Iterable[str]) -> tuple[list[Finding], set[str]]:
    """Mark findings whose address is allowed (exactly, or without its instance key). Returns the findings and the
    allowed addresses that matched one."""
    wanted = set(allowed)
    used: set[str] = set()
    marked: list[Finding] = []
    for finding in findings:
        address = finding.address.split(" (deposed")[0]
        match = next((a for a in (address, config_address(address)) if a in wanted), None)
        if match is not None:
            used.add(match)
            marked.append(Finding(**{**finding.__dict__, "allowed": True}))
        else:
            marked.append(finding)
    return marked, used
