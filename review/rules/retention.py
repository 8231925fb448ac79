"""Retention: data kept for a shorter time than before (log events expire sooner and are deleted for good).

Judged on updates and replacements. Shorter backups are protection (review/rules/protection.py): they are the safety
net, not the data.
"""

from __future__ import annotations

from review.plan import Change, is_unknown
from review.rules.core import MEDIUM, RETENTION, Context
from review.rules.registry import REGISTRY
from review.rules.values import judged, number

rule = REGISTRY.concern(RETENTION)


@rule("aws_cloudwatch_log_group")
def log_retention_shortened(change: Change, context: Context) -> None:
    if not judged(change):
        return
    before, after = number(change.old("retention_in_days")), change.new("retention_in_days")
    if is_unknown(after):
        context.unknown(change, "retention_in_days")
        return
    after_days = number(after) or 0.0  # 0: never expire
    shorter = after_days > 0 and (not before or after_days < before)
    if shorter:
        context.add(
            change,
            MEDIUM,
            "retention_in_days",
            change.old("retention_in_days"),
            after,
            f"Log events older than {after_days:g} days are deleted for good at the next cleanup "
            f"(kept {'forever' if not before else f'{before:g} days'} until now).",
            "Keep the longer retention, or export the older events first (CloudWatch Logs export to S3).",
        )
