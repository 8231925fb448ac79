"""Monitoring: what stops watching or recording (alarms removed or silenced, flow logs and CloudTrail stopped).

Judged on deletions and updates. Severities are low (an alarm, a flow log) or medium (the API audit trail).
"""

from __future__ import annotations

from review.plan import Change
from review.rules.core import LOW, MEDIUM, MONITORING, Context
from review.rules.flags import Flag, judge_flags
from review.rules.registry import REGISTRY
from review.rules.values import judged

rule = REGISTRY.concern(MONITORING)

FLAGS: dict[str, list[Flag]] = {
    "aws_cloudwatch_metric_alarm": [
        Flag(
            ("actions_enabled",),
            False,
            LOW,
            "The alarm no longer notifies anyone when it fires.",
            "Keep actions_enabled = true.",
        ),
    ],
    "aws_cloudtrail": [
        Flag(
            ("enable_logging",),
            False,
            MEDIUM,
            "CloudTrail stops recording API calls: no audit trail of who changed what.",
            "Keep enable_logging = true.",
        ),
    ],
}


@rule(*FLAGS)
def flags(change: Change, context: Context) -> None:
    judge_flags(FLAGS, change, context)


@rule("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm")
def alarm_removed(change: Change, context: Context) -> None:
    if change.action != "delete":
        return
    context.add(
        change,
        LOW,
        "(whole resource)",
        change.shown("before", "alarm_name"),
        None,
        "The alarm is removed: the condition it watched no longer notifies anyone.",
        "Keep the alarm, or pass `--allow` if another alarm covers the condition.",
    )


@rule("aws_cloudwatch_metric_alarm")
def alarm_silenced(change: Change, context: Context) -> None:
    if not judged(change):
        return
    before, after = change.old("alarm_actions"), change.new("alarm_actions")
    if before and isinstance(after, list) and not after:
        context.add(
            change,
            LOW,
            "alarm_actions",
            change.shown("before", "alarm_actions"),
            [],
            "The alarm no longer notifies anyone when it fires.",
            "Keep alarm_actions pointing at the alarm topic.",
        )


@rule("aws_flow_log")
def flow_log_removed(change: Change, context: Context) -> None:
    if change.action == "delete":
        context.add(
            change,
            LOW,
            "(whole resource)",
            None,
            None,
            "VPC flow logs stop: no record of network traffic for investigations.",
            "Keep the flow log unless the VPC itself goes away.",
        )


@rule("aws_cloudtrail")
def trail_removed(change: Change, context: Context) -> None:
    if change.action == "delete":
        context.add(
            change,
            MEDIUM,
            "(whole resource)",
            None,
            None,
            "The trail is deleted: API calls are no longer recorded.",
            "Keep the trail.",
        )
