"""One plan reviewed: counts, findings, notes and cost; rendered as Markdown (a PR comment or CI job summary) or JSON.

reviewed = review_plan(plan, prices, allowed={"aws_db_instance.database"})
print(markdown([reviewed]))
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from review.cost import Estimate, Prices, estimate_cost, known_types
from review.findings import SEVERITY_RANK, Finding, Note, allow, judge
from review.plan import KNOWN_AFTER_APPLY, SENSITIVE, Change, Plan, is_unknown, short
from review.snapshots import DatabaseChange, database_changes

COUNTED = ("create", "update", "replace", "delete", "no_op", "moved", "imported", "forget")


@dataclass
class PlanReview:
    plan: Plan
    summary: dict[str, int]
    findings: list[Finding]
    notes: list[Note]
    estimate: Estimate
    unknown_types: dict[str, int]
    allows_used: set[str] = field(default_factory=set)
    database_changes: list[DatabaseChange] = field(default_factory=list)
    """Databases the plan replaces, deletes or updates: a deploy snapshots them first (review/snapshots.py)."""

    def failing(self, threshold: str) -> list[Finding]:
        if threshold == "never":
            return []
        rank = SEVERITY_RANK[threshold]
        return [f for f in self.findings if not f.allowed and SEVERITY_RANK[f.severity] >= rank]


def summarize(plan: Plan) -> dict[str, int]:
    counts = dict.fromkeys(COUNTED, 0)
    for change in plan.changes:
        action = change.action
        counts["no_op" if action == "no-op" else action] += 1
        counts["moved"] += change.previous_address is not None and change.previous_address != change.address
        counts["imported"] += change.importing
    counts["outputs_changed"] = sum(
        1 for change in plan.output_changes.values() if isinstance(change, dict) and change.get("actions") != ["no-op"]
    )
    counts["drift_ignored"] = plan.drift_count
    return counts


def review_plan(plan: Plan, prices: Prices, allowed: Iterable[str] = ()) -> PlanReview:
    findings, notes = judge(plan)
    findings, used = allow(findings, allowed)
    known = known_types(prices)
    unknown = Counter(change.type for change in plan.changes if change.type not in known)
    return PlanReview(
        plan,
        summarize(plan),
        findings,
        notes,
        estimate_cost(plan, prices),
        dict(unknown),
        used,
        database_changes(plan),
    )


# JSON ----------------------------------------------------------------------------------------------------------------


def money(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def plain(value: Any) -> Any:
    """A finding's before/after as JSON: markers for unknown values stay strings."""
    return KNOWN_AFTER_APPLY if is_unknown(value) else value


def as_json(reviews: list[PlanReview], unused_allows: Iterable[str]) -> dict[str, Any]:
    return {
        "plans": [plan_json(review) for review in reviews],
        "unused_allows": sorted(unused_allows),
    }


def plan_json(review: PlanReview) -> dict[str, Any]:
    estimate = review.estimate
    return {
        "file": review.plan.file,
        "format_version": review.plan.format_version,
        "terraform_version": review.plan.terraform_version,
        "errored": review.plan.errored,
        "summary": review.summary,
        "findings": [
            {
                "address": f.address,
                "action": f.action,
                "severity": f.severity,
                "category": f.category,
                "attribute": f.attribute,
                "before": plain(f.before),
                "after": plain(f.after),
                "why": f.why,
                "fix": f.fix,
                "allowed": f.allowed,
            }
            for f in review.findings
        ],
        "database_changes": [
            {
                "address": d.address,
                "type": d.type,
                "action": d.action,
                "identifier": d.identifier,
                "attributes": list(d.attributes),
            }
            for d in review.database_changes
        ],
        "not_judged": [{"address": n.address, "attribute": n.attribute, "note": n.text} for n in review.notes],
        "unknown_types": review.unknown_types,
        "cost": {
            "currency": estimate.currency,
            "region": estimate.region,
            "priced_with": "us-east-1",
            "hours_per_month": estimate.hours_per_month,
            "fixed_monthly_before": money(estimate.fixed_before),
            "fixed_monthly_after": money(estimate.fixed_after),
            "fixed_monthly_delta": money(estimate.fixed_after - estimate.fixed_before),
            "usage_monthly_after": money(estimate.usage_after),
            "lines": [
                {
                    "address": line.address,
                    "type": line.type,
                    "kind": line.kind,
                    "item": line.what,
                    "before": money(line.before),
                    "after": money(line.after),
                    "delta": money(line.delta),
                    "basis": line.basis,
                    "prices": list(line.prices),
                }
                for line in estimate.lines
            ],
            "not_priced": [{"address": n.address, "type": n.type, "reason": n.reason} for n in estimate.not_priced],
            "notes": estimate.notes,
        },
    }


def to_json(reviews: list[PlanReview], unused_allows: Iterable[str]) -> str:
    return json.dumps(as_json(reviews, unused_allows), indent=2) + "\n"


# Markdown ------------------------------------------------------------------------------------------------------------


def usd(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def signed(value: float) -> str:
    if round(value, 2) == 0:
        return "$0.00"
    return f"+${value:,.2f}" if value > 0 else f"-${-value:,.2f}"


def code(value: Any) -> str:
    if value in (SENSITIVE, KNOWN_AFTER_APPLY):
        return str(value)
    text = (value if isinstance(value, str) and value else short(value)).replace("`", "'")
    return f"`{text}`"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def finding_lines(number: int, finding: Finding) -> list[str]:
    change = f"`{finding.attribute}`" if not finding.attribute.startswith("(") else finding.attribute
    values = ""
    if finding.action == "create" and finding.after is not None:
        values = f": {code(finding.after)}"
    elif finding.action == "delete" and finding.before is not None:
        values = f": {code(finding.before)} (deleted)"
    elif finding.before is not None or finding.after is not None:
        values = f": {code(finding.before)} → {code(finding.after)}"
    return [
        f"{number}. **{finding.severity.upper()}** {finding.category} · `{finding.address}` ({finding.action}) · "
        f"{change}{values}",
        f"   {finding.why}",
        f"   *Fix:* {finding.fix}",
    ]


def changed_attributes(change: Change) -> list[str]:
    before = change.before if isinstance(change.before, dict) else {}
    after = change.after if isinstance(change.after, dict) else {}
    names = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name) or change.new(name) is not after.get(name):
            names.append(name)
    return names


def counts_table(summary: dict[str, int]) -> list[str]:
    labels = ("create", "update", "replace", "delete", "no-op", "moved", "imported")
    keys = ("create", "update", "replace", "delete", "no_op", "moved", "imported")
    return [
        "| " + " | ".join(labels) + " |",
        "|" + " ---: |" * len(labels),
        "| " + " | ".join(str(summary[key]) for key in keys) + " |",
    ]


def markdown(reviews: list[PlanReview], unused_allows: Iterable[str] = ()) -> str:
    out: list[str] = []
    for review in reviews:
        out += plan_markdown(review)
    unused = sorted(unused_allows)
    if unused:
        out += [f"`--allow` matched no finding (remove it?): {', '.join(f'`{a}`' for a in unused)}", ""]
    return "\n".join(out).rstrip() + "\n"


def plan_markdown(review: PlanReview) -> list[str]:
    plan, summary = review.plan, review.summary
    out = [f"## Plan review: `{plan.file}`", ""]
    if plan.errored:
        out += ["> **Warning:** Terraform reported errors while planning: this plan may be incomplete.", ""]
    out += counts_table(summary)
    extras = []
    if summary.get("forget"):
        extras.append(f"{summary['forget']} removed from state without being destroyed")
    if summary.get("outputs_changed"):
        count = summary["outputs_changed"]
        extras.append(f"{count} output change{'' if count == 1 else 's'}")
    if not plan.changes:
        extras.insert(0, "no resource changes")
    if review.unknown_types:
        listed = ", ".join(f"`{t}` ({n})" for t, n in sorted(review.unknown_types.items()))
        extras.append(f"resource types this review does not know (not judged by type, not priced): {listed}")
    out += [""] + ([f"{'; '.join(extras).capitalize()}.", ""] if extras else [])

    active = [f for f in review.findings if not f.allowed]
    allowed = [f for f in review.findings if f.allowed]
    by_severity = Counter(f.severity for f in active)
    if active:
        out += [
            f"### Findings: {by_severity['high']} high, {by_severity['medium']} medium, {by_severity['low']} low",
            "",
        ]
        for number, finding in enumerate(active, 1):
            out += finding_lines(number, finding)
        out.append("")
    else:
        out += ["### Findings: none", ""]
    if allowed:
        out += [f"Allowed with `--allow` (not counted): {len(allowed)}", ""]
        for finding in allowed:
            where = f"`{finding.address}` ({finding.action})"
            out.append(f"- {finding.severity} {finding.category} · {where} · {finding.attribute}")
        out.append("")

    if review.database_changes:
        out += ["### Databases touched: snapshot before apply", ""]
        for touched in review.database_changes:
            what = f": {', '.join(touched.attributes[:8])}" if touched.attributes else ""
            out.append(f"- {touched.action} `{touched.address}`{what} · `{touched.snapshot_command}`")
        out += ["", "The deploy takes a manual snapshot of each first (`python -m ops.snapshot --if-review`).", ""]

    removals = [c for c in plan.changes if c.action in ("delete", "replace")]
    if removals:
        out += ["### Deletions and replacements", ""]
        for change in removals:
            if change.action == "replace":
                paths = ", ".join(".".join(str(step) for step in path) for path in change.replace_paths) or "requested"
                out.append(f"- **replace** `{change.label}` (forced by: {paths})")
            else:
                out.append(f"- **delete** `{change.label}`")
        out.append("")

    others = [c for c in plan.changes if c.action in ("create", "update", "forget")]
    moved = [c for c in plan.changes if c.previous_address and c.previous_address != c.address]
    imported = [c for c in plan.changes if c.importing]
    if others or moved or imported:
        parts = Counter(c.action for c in others)
        label = ", ".join(f"{n} to {a}" for a, n in sorted(parts.items()))
        label = ", ".join(
            p
            for p in (label, f"{len(moved)} moved" if moved else "", f"{len(imported)} imported" if imported else "")
            if p
        )
        out += [f"<details><summary>Other changes: {label}</summary>", ""]
        for change in others:
            detail = ""
            if change.action == "update":
                detail = ": " + ", ".join(changed_attributes(change)[:8])
            out.append(f"- {change.action} `{change.label}`{detail}")
        for change in moved:
            out.append(f"- moved `{change.previous_address}` → `{change.address}`")
        for change in imported:
            out.append(f"- imported `{change.address}`")
        out += ["", "</details>", ""]

    if review.notes:
        out += [f"<details><summary>Not judged (known only after apply): {len(review.notes)}</summary>", ""]
        out += [f"- `{n.address}` {n.attribute}: {n.text}" for n in review.notes]
        out += ["", "</details>", ""]

    out += cost_markdown(review.estimate)
    return out


def cost_markdown(estimate: Estimate) -> list[str]:
    before, after = estimate.fixed_before, estimate.fixed_after
    out = [
        f"### Cost: {usd(after)} a month always on ({signed(after - before)})",
        "",
        f"| {estimate.currency} a month | before | after | change |",
        "| --- | ---: | ---: | ---: |",
        f"| always on ({estimate.hours_per_month:g} h) | {usd(before)} | {usd(after)} | {signed(after - before)} |",
        f"| usage-based, as assumed | | {usd(estimate.usage_after)} | |",
        "",
    ]
    fixed = sorted(
        (line for line in estimate.lines if line.kind == "fixed"),
        key=lambda line: -max(line.after or 0, line.before or 0),
    )
    usage = sorted((line for line in estimate.lines if line.kind == "usage"), key=lambda line: -(line.after or 0))
    free = Counter((line.type, line.basis) for line in estimate.lines if line.kind == "free")
    out += [
        f"<details><summary>Line items: {len(fixed)} always on, {len(usage)} usage-based, "
        f"{sum(free.values())} free, {len(estimate.not_priced)} not priced</summary>",
        "",
    ]
    if fixed:
        out += ["| resource | item | before | after | change | how |", "| --- | --- | ---: | ---: | ---: | --- |"]
        for line in fixed:
            out.append(
                f"| `{line.address}` | {cell(line.what)} | {usd(line.before)} | {usd(line.after)} | "
                f"{signed(line.delta)} | {cell(line.basis)} |"
            )
        out.append("")
    if usage:
        out += ["Usage-based (not in the always-on total):", "", "| resource | item | after | assumption |"]
        out += ["| --- | --- | ---: | --- |"]
        for line in usage:
            out.append(f"| `{line.address}` | {cell(line.what)} | {usd(line.after)} | {cell(line.basis)} |")
        out.append("")
    if free:
        out.append("Free: " + "; ".join(f"`{t}` x {n} ({reason})" for (t, reason), n in sorted(free.items())) + ".")
        out.append("")
    if estimate.not_priced:
        out.append("Not priced: " + "; ".join(f"`{n.address}` ({n.reason})" for n in estimate.not_priced) + ".")
        out.append("")
    out += [*estimate.notes, "", "</details>", ""]
    return out
