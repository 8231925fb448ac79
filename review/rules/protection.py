"""Protection: the safety nets that stand between a later mistake and lost data, switched off or shortened (deletion
protection, final snapshots, backups, point-in-time recovery, versioning, a secret's recovery window).

Judged on updates and replacements: nothing is lost yet, but the next delete or overwrite can no longer be undone.
"""

from __future__ import annotations

from review.plan import Change, format_path, is_unknown
from review.rules.core import HIGH, LOW, MEDIUM, PROTECTION, Context
from review.rules.flags import Flag, judge_flags
from review.rules.registry import REGISTRY
from review.rules.values import judged, number

rule = REGISTRY.concern(PROTECTION)

FLAGS: dict[str, list[Flag]] = {
    "aws_db_instance": [
        Flag(
            ("deletion_protection",),
            False,
            HIGH,
            "Deletion protection is turned off: a later destroy or replacement of the database is no longer refused "
            "by AWS.",
            "Keep deletion_protection = true; turn it off only in the apply that deliberately deletes the database.",
        ),
        Flag(
            ("skip_final_snapshot",),
            True,
            HIGH,
            "The final snapshot is skipped: if the database is deleted, nothing of it is kept.",
            "Keep skip_final_snapshot = false with a final_snapshot_identifier.",
        ),
    ],
    "aws_rds_cluster": [
        Flag(
            ("deletion_protection",),
            False,
            HIGH,
            "Deletion protection is turned off: a later destroy of the cluster is no longer refused by AWS.",
            "Keep deletion_protection = true.",
        ),
        Flag(
            ("skip_final_snapshot",),
            True,
            HIGH,
            "The final snapshot is skipped: if the cluster is deleted, nothing of it is kept.",
            "Keep skip_final_snapshot = false with a final_snapshot_identifier.",
        ),
    ],
    "aws_dynamodb_table": [
        Flag(
            ("deletion_protection_enabled",),
            False,
            HIGH,
            "Deletion protection is turned off: a later destroy of the table is no longer refused by AWS.",
            "Keep deletion_protection_enabled = true.",
        ),
        Flag(
            ("point_in_time_recovery", 0, "enabled"),
            False,
            HIGH,
            "Point-in-time recovery is turned off: the table's continuous backups (up to 35 days) are dropped, so "
            "an accidental overwrite or delete can no longer be rolled back.",
            "Keep point_in_time_recovery { enabled = true }.",
        ),
    ],
    "aws_lightsail_database": [
        Flag(
            ("skip_final_snapshot",),
            True,
            HIGH,
            "The final snapshot is skipped: if the database is deleted, nothing of it is kept.",
            "Keep skip_final_snapshot = false with a final_snapshot_name.",
        ),
        Flag(
            ("backup_retention_enabled",),
            False,
            HIGH,
            "Automated backups are turned off: no daily backup and no point-in-time restore.",
            "Keep backup_retention_enabled = true.",
        ),
    ],
    "aws_lb": [
        Flag(
            ("enable_deletion_protection",),
            False,
            MEDIUM,
            "Deletion protection of the load balancer is turned off: a destroy goes through, and its DNS name (which "
            "clients and records point at) is gone for good.",
            "Keep enable_deletion_protection = true where clients depend on the DNS name.",
        ),
    ],
    "aws_s3_bucket": [
        Flag(
            ("versioning", 0, "enabled"),
            False,
            HIGH,
            "Versioning is suspended: an overwrite or delete of an object can no longer be undone.",
            "Keep versioning enabled.",
        ),
    ],
}


@rule(*FLAGS)
def flags(change: Change, context: Context) -> None:
    judge_flags(FLAGS, change, context)


BACKUP_RETENTION = {
    "aws_db_instance": "backup_retention_period",
    "aws_rds_cluster": "backup_retention_period",
    "aws_elasticache_replication_group": "snapshot_retention_limit",
    "aws_elasticache_cluster": "snapshot_retention_limit",
}


@rule(*BACKUP_RETENTION)
def backup_retention(change: Change, context: Context) -> None:
    attribute = BACKUP_RETENTION[change.type]
    if not judged(change):
        return
    before, after = number(change.old(attribute)), change.new(attribute)
    if is_unknown(after):
        context.unknown(change, attribute)
        return
    after_days = number(after) or 0.0
    if not before or after_days >= before:
        return
    if after_days == 0:
        context.add(
            change,
            HIGH,
            attribute,
            change.old(attribute),
            after,
            f"Automated backups are reduced to none (from {before:g} days): existing automated backups are deleted "
            "and there is no point-in-time restore.",
            f"Keep {attribute} at 1 or more (7 is our default).",
        )
    else:
        context.add(
            change,
            LOW,
            attribute,
            change.old(attribute),
            after,
            f"Backups are kept {after_days:g} days instead of {before:g}: a problem noticed later than that can no "
            "longer be rolled back.",
            f"Keep {attribute} at {before:g} unless the shorter window is intended.",
        )


@rule("aws_elasticache_replication_group", "aws_elasticache_cluster")
def elasticache_final_snapshot(change: Change, context: Context) -> None:
    if not judged(change):
        return
    before, after = change.old("final_snapshot_identifier"), change.new("final_snapshot_identifier")
    if before and after is None:
        context.add(
            change,
            HIGH,
            "final_snapshot_identifier",
            before,
            None,
            "The final snapshot is no longer taken: if the cache is deleted, its data is gone.",
            "Keep final_snapshot_identifier set.",
        )


@rule("aws_secretsmanager_secret")
def secret_deleted_without_recovery(change: Change, context: Context) -> None:
    """A secret deleted with a recovery window is data_loss.secret_scheduled_for_deletion."""
    if change.action not in ("delete", "replace") or number(change.old("recovery_window_in_days")) != 0:
        return
    context.add(
        change,
        HIGH,
        "recovery_window_in_days",
        0,
        None,
        "The secret is deleted immediately, without a recovery window: its value cannot be restored.",
        "Set recovery_window_in_days to 7 or more before deleting, or pass "
        f"`--allow {change.address}` if the value is no longer needed.",
    )


@rule("aws_secretsmanager_secret")
def secret_recovery_window_removed(change: Change, context: Context) -> None:
    if change.action != "update":  # a replacement deletes the secret: judged by the rule above and data loss's
        return
    before, after = number(change.old("recovery_window_in_days")), change.new("recovery_window_in_days")
    if before and number(after) == 0:
        context.add(
            change,
            MEDIUM,
            "recovery_window_in_days",
            change.old("recovery_window_in_days"),
            after,
            "The recovery window is removed: the next delete of this secret cannot be undone.",
            "Keep recovery_window_in_days at 7 or more.",
        )


@rule("aws_s3_bucket_versioning")
def bucket_versioning(change: Change, context: Context) -> None:
    path = ("versioning_configuration", 0, "status")
    before = change.old(*path)
    if before != "Enabled":
        return
    if change.action == "delete":
        if not context.going_away(change, "bucket", "aws_s3_bucket"):
            context.add(
                change,
                HIGH,
                format_path(path),
                before,
                None,
                "Removing this resource suspends versioning on the bucket: overwrites and deletes can no longer be "
                "undone.",
                "Keep the aws_s3_bucket_versioning resource with status Enabled.",
            )
    elif judged(change):
        after = change.new(*path)
        if is_unknown(after):
            context.unknown(change, format_path(path))
        elif after != "Enabled":
            context.add(
                change,
                HIGH,
                format_path(path),
                before,
                after,
                "Versioning is suspended: overwrites and deletes of objects can no longer be undone.",
                "Keep status = Enabled.",
            )
