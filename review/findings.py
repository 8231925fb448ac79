"""What a plan puts at risk, judged from the change itself: actions, `action_reason`, `replace_paths`, and the
values before and after. One rule per risk; each finding says why it matters and how to fix it.

    findings, notes = judge(plan)

Categories: data-loss, protection, exposure, privilege, encryption (high unless noted), retention and monitoring
(medium, low). Creates are judged only for exposure and privilege (what a new resource opens); deletions and
replacements for data loss; updates for everything. A value known only after apply is not a risk: it becomes a
note ("not judged"), never a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from review import policy
from review.plan import SENSITIVE, Change, Plan, config_address, format_path, is_unknown

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_RANK = {HIGH: 3, MEDIUM: 2, LOW: 1}

DATA_LOSS = "data-loss"
PROTECTION = "protection"
EXPOSURE = "exposure"
PRIVILEGE = "privilege"
ENCRYPTION = "encryption"
RETENTION = "retention"
MONITORING = "monitoring"

WORLD = ("0.0.0.0/0", "::/0")
WEB_PORTS = (80, 443)


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


@dataclass
class Context:
    plan: Plan
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def add(
        self,
        change: Change,
        severity: str,
        category: str,
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
            Finding(change.label, change.action, severity, category, attribute, before, after, why, fix)
        )

    def unknown(self, change: Change, attribute: str) -> None:
        self.notes.append(Note(change.label, attribute, "known only after apply: not judged"))

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


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def judged(change: Change) -> bool:
    return change.action in ("update", "replace")


# Data loss ------------------------------------------------------------------------------------------------------------

DATA_STORES: dict[str, tuple[str, str]] = {
    "aws_db_instance": ("database", "every table and row in it"),
    "aws_rds_cluster": ("database cluster", "its storage volume: every table and row"),
    "aws_docdb_cluster": ("DocumentDB cluster", "every document in it"),
    "aws_neptune_cluster": ("Neptune cluster", "every graph in it"),
    "aws_redshift_cluster": ("Redshift cluster", "every table in it"),
    "aws_elasticache_replication_group": ("Redis replication group", "every key in it (queued jobs, pub/sub state)"),
    "aws_elasticache_cluster": ("cache cluster", "every key in it"),
    "aws_elasticache_serverless_cache": ("serverless cache", "every key in it"),
    "aws_memorydb_cluster": ("MemoryDB cluster", "every key in it"),
    "aws_s3_bucket": ("bucket", "every object in it"),
    "aws_dynamodb_table": ("table", "every item in it"),
    "aws_efs_file_system": ("file system", "every file on it"),
    "aws_ebs_volume": ("volume", "everything on it"),
    "aws_lightsail_database": ("Lightsail database", "every table and row in it"),
    "aws_lightsail_disk": ("Lightsail disk", "everything on it"),
    "aws_kms_key": (
        "KMS key",
        "the means to decrypt everything encrypted with it (secrets, logs, databases, snapshots, state)",
    ),
    "aws_ecr_repository": ("image repository", "every image in it"),
    "aws_opensearch_domain": ("OpenSearch domain", "every index in it"),
    "aws_elasticsearch_domain": ("Elasticsearch domain", "every index in it"),
    "aws_backup_vault": ("backup vault", "the recovery points in it"),
}
ENCRYPTION_ATTRIBUTES = ("kms_key_id", "kms_key_arn", "storage_encrypted", "encrypted", "at_rest_encryption_enabled")
REPLACE_REASONS = {
    "replace_because_cannot_update": "cannot change in place",
    "replace_by_request": "a replacement was requested (-replace)",
    "replace_because_tainted": "the object is tainted",
}


def safety_nets(change: Change) -> list[str]:
    """What stands between this delete and the data being gone, read from the current values."""
    nets: list[str] = []
    if as_bool(change.old("deletion_protection")) or as_bool(change.old("deletion_protection_enabled")):
        nets.append("deletion protection is on, so AWS refuses the delete until an apply turns it off")
    if change.type in ("aws_db_instance", "aws_rds_cluster") and as_bool(change.old("skip_final_snapshot")) is False:
        nets.append(
            f"a final snapshot {change.old('final_snapshot_identifier')!r} is taken first (restoring is manual)"
        )
    if change.type == "aws_lightsail_database" and as_bool(change.old("skip_final_snapshot")) is False:
        nets.append(f"a final snapshot {change.old('final_snapshot_name')!r} is taken first (restoring is manual)")
    if change.type in ("aws_elasticache_replication_group", "aws_elasticache_cluster") and change.old(
        "final_snapshot_identifier"
    ):
        nets.append(f"a final snapshot {change.old('final_snapshot_identifier')!r} is taken first")
    if change.type == "aws_s3_bucket":
        if as_bool(change.old("force_destroy")):
            nets.append("none: force_destroy is on, so every object is deleted first")
        else:
            nets.append("S3 refuses to delete a bucket that still holds objects (force_destroy is off)")
    if change.type == "aws_ecr_repository" and not as_bool(change.old("force_delete")):
        nets.append("ECR refuses to delete a repository that still holds images (force_delete is off)")
    if change.type == "aws_kms_key":
        days = change.old("deletion_window_in_days") or 30
        nets.append(f"the key is deleted after {days} days; until then `aws kms cancel-key-deletion` restores it")
    return nets


def data_loss(change: Change, context: Context) -> None:
    if change.action not in ("delete", "replace") or change.type not in DATA_STORES:
        return
    kind, contents = DATA_STORES[change.type]
    nets = safety_nets(change)
    net_text = f" Safety net: {'; '.join(nets)}." if nets else ""
    if change.action == "delete":
        context.add(
            change,
            HIGH,
            DATA_LOSS,
            "(whole resource)",
            None,
            None,
            f"The {kind} is destroyed, and with it {contents}.{net_text}",
            "If this is not intended, restore the resource in the configuration, or keep it while leaving Terraform "
            f"with `removed {{ from = {change.address} lifecycle {{ destroy = false }} }}`. If it is, back the "
            f"data up first, then pass `--allow {change.address}`.",
        )
        return
    paths = [format_path(path) for path in change.replace_paths]
    attribute = ", ".join(paths) or "(replacement)"
    reason = REPLACE_REASONS.get(change.action_reason or "", "forces a new resource")
    first = change.replace_paths[0] if change.replace_paths else ()
    before = change.shown("before", *first) if first else None
    after = change.shown("after", *first) if first else None
    why = (
        f"Terraform destroys the {kind} and creates a new, empty one because `{attribute}` {reason}: {contents} "
        f"is lost unless restored from a backup.{net_text}"
    )
    fix = f"Revert `{attribute}` if the replacement is not intended."
    if any(path.split(".")[0].split("[")[0] in ENCRYPTION_ATTRIBUTES for path in paths):
        why += (
            " Adding or changing the encryption key looks like hardening, but an existing "
            f"{kind} cannot be re-encrypted in place."
        )
        fix += (
            " To encrypt existing data, snapshot it, copy the snapshot with the new key, restore into a new "
            f"resource and switch over; then pass `--allow {change.address}` for the planned replacement."
        )
    else:
        fix += f" If a new, empty {kind} is intended, back the data up first and pass `--allow {change.address}`."
    context.add(change, HIGH, DATA_LOSS, attribute, before, after, why, fix)


RENAMED: dict[str, str] = {"aws_db_instance": "identifier", "aws_rds_cluster": "cluster_identifier"}
"""Database type -> the attribute that names it. The provider renames these in place (ModifyDBInstance's
NewDBInstanceIdentifier), which moves the endpoint."""


def database_renamed(change: Change, context: Context) -> None:
    """A rename is the plan a half-done switch to a restored instance produces (the setting names the restored
    instance while the running one is still in state): RDS refuses it when the name is taken, and otherwise the
    endpoint moves under the app."""
    attribute = RENAMED.get(change.type)
    if attribute is None or change.action != "update" or change.importing:
        return
    before, after = change.old(attribute), change.new(attribute)
    if is_unknown(after) or before == after or before is None:
        return
    context.add(
        change,
        HIGH,
        DATA_LOSS,
        attribute,
        before,
        after,
        f"The database {before!r} is renamed in place to {after!r}: its endpoint changes (clients with the old host "
        "fail until they read the new one), and RDS refuses the rename when an instance of that name exists, such as "
        "a restored instance the stack was meant to adopt.",
        f"To adopt a restored instance, first take the running one out of the state (`terraform state rm "
        f'{change.address}`, runbook "Recovering data"): the plan then imports it instead. To rename deliberately, '
        f"pass `--allow {change.address}`.",
    )


# Flags turned on or off -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    path: tuple[str | int, ...]
    bad: bool  # the value that is the risk
    severity: str
    category: str
    why: str
    fix: str
    on_create: bool = False  # judged on a create too (exposure: what a new resource opens)


FLAGS: dict[str, list[Flag]] = {
    "aws_db_instance": [
        Flag(
            ("deletion_protection",),
            False,
            HIGH,
            PROTECTION,
            "Deletion protection is turned off: a later destroy or replacement of the database is no longer refused "
            "by AWS.",
            "Keep deletion_protection = true; turn it off only in the apply that deliberately deletes the database.",
        ),
        Flag(
            ("skip_final_snapshot",),
            True,
            HIGH,
            PROTECTION,
            "The final snapshot is skipped: if the database is deleted, nothing of it is kept.",
            "Keep skip_final_snapshot = false with a final_snapshot_identifier.",
        ),
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            EXPOSURE,
            "The database gets a public address: reachable from the internet wherever its security group allows.",
            "Keep publicly_accessible = false; reach the database from inside the VPC (ECS Exec, a bastion, SSM).",
            on_create=True,
        ),
        Flag(
            ("storage_encrypted",),
            False,
            HIGH,
            ENCRYPTION,
            "Encryption at rest is turned off for the database's storage, snapshots and backups.",
            "Keep storage_encrypted = true.",
        ),
    ],
    "aws_rds_cluster": [
        Flag(
            ("deletion_protection",),
            False,
            HIGH,
            PROTECTION,
            "Deletion protection is turned off: a later destroy of the cluster is no longer refused by AWS.",
            "Keep deletion_protection = true.",
        ),
        Flag(
            ("skip_final_snapshot",),
            True,
            HIGH,
            PROTECTION,
            "The final snapshot is skipped: if the cluster is deleted, nothing of it is kept.",
            "Keep skip_final_snapshot = false with a final_snapshot_identifier.",
        ),
        Flag(
            ("storage_encrypted",),
            False,
            HIGH,
            ENCRYPTION,
            "Encryption at rest is turned off for the cluster.",
            "Keep storage_encrypted = true.",
        ),
    ],
    "aws_rds_cluster_instance": [
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            EXPOSURE,
            "The database instance gets a public address: reachable from the internet wherever its security group "
            "allows.",
            "Keep publicly_accessible = false.",
            on_create=True,
        )
    ],
    "aws_dynamodb_table": [
        Flag(
            ("deletion_protection_enabled",),
            False,
            HIGH,
            PROTECTION,
            "Deletion protection is turned off: a later destroy of the table is no longer refused by AWS.",
            "Keep deletion_protection_enabled = true.",
        ),
        Flag(
            ("point_in_time_recovery", 0, "enabled"),
            False,
            HIGH,
            PROTECTION,
            "Point-in-time recovery is turned off: the table's continuous backups (up to 35 days) are dropped, so "
            "an accidental overwrite or delete can no longer be rolled back.",
            "Keep point_in_time_recovery { enabled = true }.",
        ),
        Flag(
            ("server_side_encryption", 0, "enabled"),
            False,
            MEDIUM,
            ENCRYPTION,
            "The customer-managed KMS key is removed: the table falls back to an AWS-owned key you cannot audit or "
            "revoke.",
            "Keep server_side_encryption { enabled = true, kms_key_arn = ... }.",
        ),
    ],
    "aws_elasticache_replication_group": [
        Flag(
            ("at_rest_encryption_enabled",),
            False,
            HIGH,
            ENCRYPTION,
            "Encryption at rest is turned off for the cache's data and snapshots.",
            "Keep at_rest_encryption_enabled = true.",
        ),
        Flag(
            ("transit_encryption_enabled",),
            False,
            HIGH,
            ENCRYPTION,
            "TLS is turned off: the AUTH token and every key travel in clear text inside the VPC.",
            "Keep transit_encryption_enabled = true (clients use rediss://).",
        ),
    ],
    "aws_elasticache_cluster": [
        Flag(
            ("transit_encryption_enabled",),
            False,
            HIGH,
            ENCRYPTION,
            "TLS is turned off for the cache cluster.",
            "Keep transit_encryption_enabled = true.",
        )
    ],
    "aws_lightsail_database": [
        Flag(
            ("skip_final_snapshot",),
            True,
            HIGH,
            PROTECTION,
            "The final snapshot is skipped: if the database is deleted, nothing of it is kept.",
            "Keep skip_final_snapshot = false with a final_snapshot_name.",
        ),
        Flag(
            ("backup_retention_enabled",),
            False,
            HIGH,
            PROTECTION,
            "Automated backups are turned off: no daily backup and no point-in-time restore.",
            "Keep backup_retention_enabled = true.",
        ),
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            EXPOSURE,
            "The Lightsail database becomes reachable from the internet.",
            "Keep publicly_accessible = false.",
            on_create=True,
        ),
    ],
    "aws_redshift_cluster": [
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            EXPOSURE,
            "The cluster becomes reachable from the internet.",
            "Keep publicly_accessible = false.",
            on_create=True,
        )
    ],
    "aws_lb": [
        Flag(
            ("enable_deletion_protection",),
            False,
            MEDIUM,
            PROTECTION,
            "Deletion protection of the load balancer is turned off: a destroy goes through, and its DNS name (which "
            "clients and records point at) is gone for good.",
            "Keep enable_deletion_protection = true where clients depend on the DNS name.",
        )
    ],
    "aws_kms_key": [
        Flag(
            ("is_enabled",),
            False,
            MEDIUM,
            DATA_LOSS,
            "The key is disabled: everything encrypted with it (secrets, logs, database) cannot be decrypted until it "
            "is enabled again.",
            "Keep is_enabled = true.",
        ),
        Flag(
            ("enable_key_rotation",),
            False,
            LOW,
            ENCRYPTION,
            "Yearly rotation of the key material is turned off.",
            "Keep enable_key_rotation = true.",
        ),
    ],
    "aws_ebs_volume": [
        Flag(("encrypted",), False, HIGH, ENCRYPTION, "The volume is not encrypted.", "Keep encrypted = true.")
    ],
    "aws_efs_file_system": [
        Flag(("encrypted",), False, HIGH, ENCRYPTION, "The file system is not encrypted.", "Keep encrypted = true.")
    ],
    "aws_ebs_encryption_by_default": [
        Flag(
            ("enabled",),
            False,
            HIGH,
            ENCRYPTION,
            "New EBS volumes in this region are no longer encrypted by default.",
            "Keep enabled = true.",
        )
    ],
    "aws_s3_bucket": [
        Flag(
            ("versioning", 0, "enabled"),
            False,
            HIGH,
            PROTECTION,
            "Versioning is suspended: an overwrite or delete of an object can no longer be undone.",
            "Keep versioning enabled.",
        )
    ],
    "aws_cloudwatch_metric_alarm": [
        Flag(
            ("actions_enabled",),
            False,
            LOW,
            MONITORING,
            "The alarm no longer notifies anyone when it fires.",
            "Keep actions_enabled = true.",
        )
    ],
    "aws_cloudtrail": [
        Flag(
            ("enable_logging",),
            False,
            MEDIUM,
            MONITORING,
            "CloudTrail stops recording API calls: no audit trail of who changed what.",
            "Keep enable_logging = true.",
        )
    ],
}


def flags(change: Change, context: Context) -> None:
    for flag in FLAGS.get(change.type, []):
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
                flag.category,
                format_path(flag.path),
                change.shown("before", *flag.path) if change.action != "create" else None,
                change.shown("after", *flag.path),
                flag.why,
                flag.fix,
            )


# Values that shrink or go away ----------------------------------------------------------------------------------------


def number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or is_unknown(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


BACKUP_RETENTION = {
    "aws_db_instance": "backup_retention_period",
    "aws_rds_cluster": "backup_retention_period",
    "aws_elasticache_replication_group": "snapshot_retention_limit",
    "aws_elasticache_cluster": "snapshot_retention_limit",
}


def backup_retention(change: Change, context: Context) -> None:
    attribute = BACKUP_RETENTION.get(change.type)
    if attribute is None or not judged(change):
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
            PROTECTION,
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
            PROTECTION,
            attribute,
            change.old(attribute),
            after,
            f"Backups are kept {after_days:g} days instead of {before:g}: a problem noticed later than that can no "
            "longer be rolled back.",
            f"Keep {attribute} at {before:g} unless the shorter window is intended.",
        )


def elasticache_final_snapshot(change: Change, context: Context) -> None:
    if change.type not in ("aws_elasticache_replication_group", "aws_elasticache_cluster") or not judged(change):
        return
    before, after = change.old("final_snapshot_identifier"), change.new("final_snapshot_identifier")
    if before and after is None:
        context.add(
            change,
            HIGH,
            PROTECTION,
            "final_snapshot_identifier",
            before,
            None,
            "The final snapshot is no longer taken: if the cache is deleted, its data is gone.",
            "Keep final_snapshot_identifier set.",
        )


def transit_encryption_mode(change: Change, context: Context) -> None:
    if change.type != "aws_elasticache_replication_group" or not judged(change):
        return
    before, after = change.old("transit_encryption_mode"), change.new("transit_encryption_mode")
    if before == "required" and after == "preferred":
        context.add(
            change,
            HIGH,
            ENCRYPTION,
            "transit_encryption_mode",
            before,
            after,
            "Clients may now connect without TLS (preferred instead of required).",
            "Keep transit_encryption_mode = required once clients use TLS.",
        )


KMS_ATTRIBUTES = {
    "aws_cloudwatch_log_group": ("kms_key_id", "log events"),
    "aws_secretsmanager_secret": ("kms_key_id", "the secret's value"),
    "aws_sns_topic": ("kms_master_key_id", "messages"),
    "aws_sqs_queue": ("kms_master_key_id", "messages"),
}


def customer_key_removed(change: Change, context: Context) -> None:
    entry = KMS_ATTRIBUTES.get(change.type)
    if entry is None or not judged(change):
        return
    attribute, what = entry
    before, after = change.old(attribute), change.new(attribute)
    if is_unknown(after):
        if before:
            context.unknown(change, attribute)
        return
    if before and not after:
        context.add(
            change,
            MEDIUM,
            ENCRYPTION,
            attribute,
            change.shown("before", attribute),
            None,
            f"The customer-managed KMS key is removed: {what} fall back to an AWS-managed key, which you cannot "
            "restrict, audit per use, or revoke.",
            f"Keep {attribute} pointing at the environment's key.",
        )


def log_group(change: Change, context: Context) -> None:
    if change.type != "aws_cloudwatch_log_group":
        return
    if change.action == "delete":
        if as_bool(change.old("skip_destroy")):
            return
        context.add(
            change,
            MEDIUM,
            DATA_LOSS,
            "(whole resource)",
            None,
            None,
            "The log group is deleted with every event in it.",
            "If the logs are still needed, export them first or set skip_destroy = true; else pass "
            f"`--allow {change.address}`.",
        )
        return
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
            RETENTION,
            "retention_in_days",
            change.old("retention_in_days"),
            after,
            f"Log events older than {after_days:g} days are deleted for good at the next cleanup "
            f"(kept {'forever' if not before else f'{before:g} days'} until now).",
            "Keep the longer retention, or export the older events first (CloudWatch Logs export to S3).",
        )


def secret(change: Change, context: Context) -> None:
    if change.type != "aws_secretsmanager_secret":
        return
    if change.action in ("delete", "replace"):
        window = number(change.old("recovery_window_in_days"))
        window = 30.0 if window is None else window
        if window == 0:
            context.add(
                change,
                HIGH,
                PROTECTION,
                "recovery_window_in_days",
                0,
                None,
                "The secret is deleted immediately, without a recovery window: its value cannot be restored.",
                "Set recovery_window_in_days to 7 or more before deleting, or pass "
                f"`--allow {change.address}` if the value is no longer needed.",
            )
        else:
            context.add(
                change,
                MEDIUM,
                DATA_LOSS,
                "(whole resource)",
                None,
                None,
                f"The secret is scheduled for deletion: restorable for {window:g} days with "
                "`aws secretsmanager restore-secret`, gone after that. A new secret with the same name cannot be "
                "created during the window.",
                f"Restore the resource if it is still used; else pass `--allow {change.address}`.",
            )
        return
    if not judged(change):
        return
    before, after = number(change.old("recovery_window_in_days")), change.new("recovery_window_in_days")
    if before and number(after) == 0:
        context.add(
            change,
            MEDIUM,
            PROTECTION,
            "recovery_window_in_days",
            change.old("recovery_window_in_days"),
            after,
            "The recovery window is removed: the next delete of this secret cannot be undone.",
            "Keep recovery_window_in_days at 7 or more.",
        )


def alarm_removed(change: Change, context: Context) -> None:
    if change.type in ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm") and change.action == "delete":
        context.add(
            change,
            LOW,
            MONITORING,
            "(whole resource)",
            change.shown("before", "alarm_name"),
            None,
            "The alarm is removed: the condition it watched no longer notifies anyone.",
            "Keep the alarm, or pass `--allow` if another alarm covers the condition.",
        )
    elif change.type == "aws_cloudwatch_metric_alarm" and judged(change):
        before, after = change.old("alarm_actions"), change.new("alarm_actions")
        if before and isinstance(after, list) and not after:
            context.add(
                change,
                LOW,
                MONITORING,
                "alarm_actions",
                change.shown("before", "alarm_actions"),
                [],
                "The alarm no longer notifies anyone when it fires.",
                "Keep alarm_actions pointing at the alarm topic.",
            )
    elif change.type == "aws_flow_log" and change.action == "delete":
        context.add(
            change,
            LOW,
            MONITORING,
            "(whole resource)",
            None,
            None,
            "VPC flow logs stop: no record of network traffic for investigations.",
            "Keep the flow log unless the VPC itself goes away.",
        )
    elif change.type == "aws_cloudtrail" and change.action == "delete":
        context.add(
            change,
            MEDIUM,
            MONITORING,
            "(whole resource)",
            None,
            None,
            "The trail is deleted: API calls are no longer recorded.",
            "Keep the trail.",
        )


# S3 -------------------------------------------------------------------------------------------------------------------

PUBLIC_ACCESS_FLAGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


def public_access_block(change: Change, context: Context) -> None:
    if change.type not in ("aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"):
        return
    scope = "the bucket" if change.type == "aws_s3_bucket_public_access_block" else "every bucket in the account"
    if change.action == "delete":
        was_on = [flag for flag in PUBLIC_ACCESS_FLAGS if as_bool(change.old(flag))]
        if was_on and not context.going_away(change, "bucket", "aws_s3_bucket"):
            context.add(
                change,
                HIGH,
                EXPOSURE,
                "(whole resource)",
                ", ".join(was_on),
                None,
                f"The public access block is removed: a bucket policy or ACL can make {scope} public again.",
                "Keep the public access block with all four settings true.",
            )
        return
    if not judged(change):
        return
    weakened = [
        flag for flag in PUBLIC_ACCESS_FLAGS if as_bool(change.old(flag)) and as_bool(change.new(flag)) is False
    ]
    if weakened:
        context.add(
            change,
            HIGH,
            EXPOSURE,
            ", ".join(weakened),
            True,
            False,
            f"The public access block is weakened ({', '.join(weakened)} turned off): {scope} can be made public "
            "through a policy or ACL.",
            "Keep all four settings true; share objects through presigned URLs or CloudFront instead.",
        )


def bucket_versioning(change: Change, context: Context) -> None:
    if change.type != "aws_s3_bucket_versioning":
        return
    path = ("versioning_configuration", 0, "status")
    before = change.old(*path)
    if before != "Enabled":
        return
    if change.action == "delete":
        if not context.going_away(change, "bucket", "aws_s3_bucket"):
            context.add(
                change,
                HIGH,
                PROTECTION,
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
                PROTECTION,
                format_path(path),
                before,
                after,
                "Versioning is suspended: overwrites and deletes of objects can no longer be undone.",
                "Keep status = Enabled.",
            )


SSE_PATH = ("rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm")


def bucket_encryption(change: Change, context: Context) -> None:
    if change.type != "aws_s3_bucket_server_side_encryption_configuration":
        return
    before = change.old(*SSE_PATH)
    if change.action == "delete":
        if not context.going_away(change, "bucket", "aws_s3_bucket"):
            context.add(
                change,
                HIGH,
                ENCRYPTION,
                "(whole resource)",
                before,
                None,
                "The bucket's server-side encryption configuration is removed: new objects get only S3's default "
                "(SSE-S3), not the customer-managed key, so access is no longer controlled or audited through KMS.",
                "Keep the encryption configuration with sse_algorithm = aws:kms and the environment's key.",
            )
    elif judged(change):
        after = change.new(*SSE_PATH)
        if isinstance(before, str) and before.startswith("aws:kms") and after == "AES256":
            context.add(
                change,
                MEDIUM,
                ENCRYPTION,
                format_path(SSE_PATH),
                before,
                after,
                "New objects are encrypted with an S3-managed key instead of the customer-managed KMS key.",
                "Keep sse_algorithm = aws:kms.",
            )


PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")
PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


def public_acl_grants(values: Any) -> set[str]:
    found: set[str] = set()
    if not isinstance(values, dict):
        return found
    if values.get("acl") in PUBLIC_ACLS:
        found.add(f"acl {values['acl']}")
    for acl in values.get("access_control_policy") or []:
        for grant in (acl or {}).get("grant") or []:
            for grantee in (grant or {}).get("grantee") or []:
                if (grantee or {}).get("uri") in PUBLIC_GRANTEES:
                    found.add(f"{grant.get('permission')} to {grantee['uri'].rsplit('/', 1)[-1]}")
    return found


def bucket_acl(change: Change, context: Context) -> None:
    if change.type not in ("aws_s3_bucket_acl", "aws_s3_bucket") or change.action not in (
        "create",
        "update",
        "replace",
    ):
        return
    if is_unknown(change.new("acl")):
        return
    new = public_acl_grants(change.after) - public_acl_grants(change.before if change.action != "create" else None)
    for grant in sorted(new):
        context.add(
            change,
            HIGH,
            EXPOSURE,
            "acl",
            None,
            grant,
            f"The bucket's ACL grants the public access ({grant}).",
            "Keep ACLs private (object ownership BucketOwnerEnforced); share through presigned URLs or CloudFront.",
        )


# Security groups and public addresses ---------------------------------------------------------------------------------

PROTOCOLS = {"-1": "all", "all": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


@dataclass(frozen=True, order=True)
class Opening:
    protocol: str
    from_port: int
    to_port: int
    source: str

    @property
    def web_only(self) -> bool:
        return self.protocol in ("tcp", "udp") and self.from_port == self.to_port and self.from_port in WEB_PORTS

    def describe(self) -> str:
        if self.protocol == "all":
            ports = "all traffic"
        elif self.protocol in ("icmp", "icmpv6"):
            ports = self.protocol
        elif self.from_port == self.to_port:
            ports = f"{self.protocol} {self.from_port}"
        else:
            ports = f"{self.protocol} {self.from_port}-{self.to_port}"
        return f"{ports} from {self.source}"


def protocol_name(value: Any) -> str:
    text = str(value).lower()
    return PROTOCOLS.get(text, text)


def port(value: Any, default: int) -> int:
    parsed = number(value)
    return int(parsed) if parsed is not None else default


def openings(protocol: Any, from_port: Any, to_port: Any, sources: Iterable[Any]) -> set[Opening]:
    name = protocol_name(protocol)
    low, high = (0, 65535) if name == "all" else (port(from_port, 0), port(to_port, 65535))
    return {Opening(name, low, high, str(source)) for source in sources if source in WORLD}


def inline_openings(rules: Any) -> set[Opening]:
    found: set[Opening] = set()
    for rule in rules if isinstance(rules, list) else []:
        if isinstance(rule, dict):
            sources = list(rule.get("cidr_blocks") or []) + list(rule.get("ipv6_cidr_blocks") or [])
            found |= openings(rule.get("protocol"), rule.get("from_port"), rule.get("to_port"), sources)
    return found


def rule_openings(change: Change, values: Any) -> set[Opening]:
    """World openings of one security group rule resource (either kind), from one side's values."""
    if not isinstance(values, dict):
        return set()
    if change.type == "aws_security_group_rule":
        if values.get("type") != "ingress":
            return set()
        sources = list(values.get("cidr_blocks") or []) + list(values.get("ipv6_cidr_blocks") or [])
        return openings(values.get("protocol"), values.get("from_port"), values.get("to_port"), sources)
    sources = [values.get("cidr_ipv4"), values.get("cidr_ipv6")]
    return openings(values.get("ip_protocol"), values.get("from_port"), values.get("to_port"), sources)


INGRESS_RULE_TYPES = ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule")
GROUP_TYPES = ("aws_security_group", "aws_default_security_group")
EXPOSURE_FIX = (
    "Open the port only to the security group or address range that needs it (the load balancer's group, a VPN "
    "range); only 80 and 443 belong open to the world, and only on the load balancer."
)


def world_ingress(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    if change.type in GROUP_TYPES:
        attribute = "ingress"
        after_value = change.new("ingress")
        if is_unknown(after_value):
            if judged(change):
                context.unknown(change, attribute)
            return
        before, after = inline_openings(change.old("ingress")), inline_openings(after_value)
    elif change.type in INGRESS_RULE_TYPES:
        attribute = "cidr_blocks" if change.type == "aws_security_group_rule" else "cidr_ipv4"
        before = rule_openings(change, change.before) if change.action != "create" else set()
        after = rule_openings(change, change.after)
    else:
        return
    for opening in sorted(after - before):
        if opening.web_only:
            continue
        severity = MEDIUM if opening.protocol in ("icmp", "icmpv6") else HIGH
        context.add(
            change,
            severity,
            EXPOSURE,
            attribute,
            None,
            opening.describe(),
            f"Ingress from anywhere: {opening.describe()}. Anything listening there is reachable from the internet "
            "(wherever an address is public).",
            EXPOSURE_FIX,
        )


def group_world_openings(context: Context, group: Change) -> set[Opening]:
    """Every world opening of one security group after the plan, inline or through separate rule resources."""
    found = inline_openings(group.new("ingress")) if not is_unknown(group.new("ingress")) else set()
    group_id = group.new("id") if not is_unknown(group.new("id")) else group.old("id")
    for rule in context.plan.of_type(*INGRESS_RULE_TYPES):
        if rule.action == "delete":
            continue
        referenced = config_address(group.address) in {
            config_address(address) for address in context.plan.config.references(rule, "security_group_id")
        }
        if referenced or (group_id and rule.new("security_group_id") == group_id):
            found |= rule_openings(rule, rule.after)
    return found


def task_public_ip(change: Change, context: Context) -> None:
    if change.type != "aws_ecs_service" or change.action not in ("create", "update", "replace"):
        return
    path = ("network_configuration", 0, "assign_public_ip")
    after = as_bool(change.new(*path))
    before = as_bool(change.old(*path)) if change.action != "create" else None
    if after is not True or before is True:
        return
    groups: list[Change] = []
    addresses = {config_address(a) for a in context.plan.config.references(change, "network_configuration")}
    ids = change.new("network_configuration", 0, "security_groups")
    for candidate in context.plan.of_type(*GROUP_TYPES):
        candidate_id = candidate.new("id") if not is_unknown(candidate.new("id")) else candidate.old("id")
        if config_address(candidate.address) in addresses or (isinstance(ids, list) and candidate_id in ids):
            groups.append(candidate)
    open_to_world = sorted({o.describe() for group in groups for o in group_world_openings(context, group)})
    if open_to_world:
        context.add(
            change,
            HIGH,
            EXPOSURE,
            format_path(path),
            change.shown("before", *path) if change.action != "create" else None,
            True,
            "The tasks get public IP addresses and their security group admits traffic from anywhere "
            f"({'; '.join(open_to_world)}): the containers are reachable from the internet directly, around the "
            "load balancer.",
            "Admit only the load balancer's security group on the app port, or keep the tasks in private subnets "
            "without public IPs.",
        )
    else:
        context.add(
            change,
            MEDIUM,
            EXPOSURE,
            format_path(path),
            change.shown("before", *path) if change.action != "create" else None,
            True,
            "The tasks get public IP addresses (each also costs $0.005 an hour). Their security group admits no "
            "traffic from anywhere today, so they are not reachable yet; one widened rule would change that.",
            "Prefer private subnets; if public IPs are the egress choice, keep the tasks' ingress limited to the "
            "load balancer's security group.",
        )


# Policies -------------------------------------------------------------------------------------------------------------

IDENTITY_POLICIES = {
    "aws_iam_policy": "policy",
    "aws_iam_role_policy": "policy",
    "aws_iam_user_policy": "policy",
    "aws_iam_group_policy": "policy",
}
RESOURCE_POLICIES = {
    "aws_s3_bucket_policy": "policy",
    "aws_s3_bucket": "policy",
    "aws_sns_topic_policy": "policy",
    "aws_sns_topic": "policy",
    "aws_sqs_queue_policy": "policy",
    "aws_sqs_queue": "policy",
    "aws_secretsmanager_secret_policy": "policy",
    "aws_secretsmanager_secret": "policy",
    "aws_kms_key": "policy",
    "aws_ecr_repository_policy": "policy",
    "aws_glacier_vault": "access_policy",
}
ADMIN_POLICIES = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")
PRIVILEGE_FIX = (
    "Grant the specific actions on the specific resources the code uses (see the service's 'actions, resources and "
    "condition keys' page); a policy that needs '*' for one action (such as ssmmessages:*) keeps '*' for that "
    "action only."
)


def read_policy(change: Change, context: Context, side: str, *path: str | int) -> list[policy.Statement] | None:
    value = change.old(*path) if side == "before" else change.new(*path)
    if value is None or value == "":
        return []
    if is_unknown(value):
        return None
    try:
        return policy.parse_policy(value)
    except policy.PolicyUnreadable as error:
        context.notes.append(Note(change.label, format_path(path), f"not readable as a policy ({error}): not judged"))
        return None


def inline_role_policies(change: Change, side: str) -> Any:
    values = change.before if side == "before" else change.after
    policies = (values or {}).get("inline_policy") if isinstance(values, dict) else None
    return [p.get("policy") for p in policies or [] if isinstance(p, dict) and p.get("policy")]


def statements_of(change: Change, context: Context, side: str, attribute: str) -> list[policy.Statement] | None:
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


def identity_policy(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    attributes = []
    if change.type in IDENTITY_POLICIES:
        attributes.append(IDENTITY_POLICIES[change.type])
    if change.type == "aws_iam_role":
        attributes.append("inline_policy")
    for attribute in attributes:
        after = statements_of(change, context, "after", attribute)
        if after is None:
            if judged(change):
                context.unknown(change, attribute)
            continue
        before = statements_of(change, context, "before", attribute) or []
        judge_identity_statements(change, context, attribute, before, after)


def widest(statements: list[policy.Statement]) -> str | None:
    allowed = policy.allowing(statements)
    return allowed[0].summary() if allowed else None


def judge_identity_statements(
    change: Change, context: Context, attribute: str, before: list[policy.Statement], after: list[policy.Statement]
) -> None:
    everything = policy.all_actions(after)
    if everything and not policy.all_actions(before):
        context.add(
            change,
            HIGH,
            PRIVILEGE,
            attribute,
            widest(before),
            everything[0].summary(),
            "The policy now allows every action"
            + (" on every resource: full administrator rights." if everything[0].every_resource else ".")
            + " Whoever holds it can change or delete anything, grant themselves more, and read every secret.",
            PRIVILEGE_FIX,
        )
        return
    passing = policy.pass_role_anywhere(after)
    if passing and not policy.pass_role_anywhere(before):
        context.add(
            change,
            HIGH,
            PRIVILEGE,
            attribute,
            widest(before),
            passing[0].summary(),
            "iam:PassRole on every role: the holder can hand any role (an administrator's included) to a service "
            "it starts, and so act with that role's rights.",
            "Limit iam:PassRole to the ARNs of the roles it must pass, with an iam:PassedToService condition.",
        )
    if change.action != "create" and before:
        reported = {"iam:passrole"} if passing else set()
        widened = [a for a in policy.newly_on_every_resource(before, after) if a.lower() not in reported]
        if widened:
            context.add(
                change,
                HIGH,
                PRIVILEGE,
                attribute,
                widest(before),
                f"{', '.join(widened)} on *",
                f"The policy is widened to every resource for {', '.join(widened)}: it reaches every such resource in "
                "the account, not just this environment's.",
                PRIVILEGE_FIX,
            )


def trust_policy(change: Change, context: Context) -> None:
    if change.type != "aws_iam_role" or change.action not in ("create", "update", "replace"):
        return
    after = read_policy(change, context, "after", "assume_role_policy")
    if after is None:
        if judged(change):
            context.unknown(change, "assume_role_policy")
        return
    before = read_policy(change, context, "before", "assume_role_policy") if change.action != "create" else []
    opened = policy.public(after)
    if opened and not policy.public(before or []):
        context.add(
            change,
            HIGH,
            PRIVILEGE,
            "assume_role_policy",
            widest(before or []),
            opened[0].summary(),
            "The role's trust policy admits any AWS principal ('*'): anyone with an AWS account can assume the role "
            "and use its permissions.",
            "Trust the specific service (Principal.Service) or account ARNs; for cross-account use add an "
            "sts:ExternalId or aws:PrincipalOrgID condition.",
        )


def resource_policy(change: Change, context: Context) -> None:
    attribute = RESOURCE_POLICIES.get(change.type)
    if attribute is None or change.action not in ("create", "update", "replace"):
        return
    after = read_policy(change, context, "after", attribute)
    if after is None:
        if judged(change) and change.old(attribute):
            context.unknown(change, attribute)
        return
    before = read_policy(change, context, "before", attribute) if change.action != "create" else []
    known = {statement.summary() for statement in policy.public(before or [])}
    for statement in policy.public(after):
        if statement.summary() in known:
            continue
        context.add(
            change,
            HIGH,
            EXPOSURE,
            attribute,
            None,
            statement.summary(),
            "The policy grants access to everyone ('*' principal, no condition narrowing it): anyone on the "
            "internet can use these actions.",
            "Name the principals (account, role or service ARNs), or add a condition such as aws:SourceArn, "
            "aws:SourceAccount or aws:PrincipalOrgID.",
        )


def admin_attachment(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    if change.type in (
        "aws_iam_role_policy_attachment",
        "aws_iam_user_policy_attachment",
        "aws_iam_group_policy_attachment",
        "aws_iam_policy_attachment",
    ):
        before = {change.old("policy_arn")} if change.action != "create" else set()
        after = {change.new("policy_arn")}
        attribute = "policy_arn"
    elif change.type == "aws_iam_role":
        before = set(change.old("managed_policy_arns") or []) if change.action != "create" else set()
        value = change.new("managed_policy_arns")
        after = set(value) if isinstance(value, list) else set()
        attribute = "managed_policy_arns"
    else:
        return
    for arn in sorted(a for a in after - before if isinstance(a, str)):
        if arn.rsplit("/", 1)[-1] in ADMIN_POLICIES:
            context.add(
                change,
                HIGH,
                PRIVILEGE,
                attribute,
                None,
                arn,
                f"The AWS managed policy {arn.rsplit('/', 1)[-1]} is attached: broad rights over the whole account.",
                PRIVILEGE_FIX,
            )


# Load balancer listeners and TLS --------------------------------------------------------------------------------------


def minimum_tls(ssl_policy: Any) -> float | None:
    """The oldest TLS version an ELB security policy accepts, from its name; None when the name is not known."""
    if not isinstance(ssl_policy, str):
        return None
    name = ssl_policy.upper()
    if "TLS13-1-3" in name:
        return 1.3
    if re.search(r"TLS13-1-2|TLS-1-2|FS-1-2", name):
        return 1.2
    if re.search(r"TLS13-1-1|TLS-1-1|FS-1-1", name):
        return 1.1
    if re.search(r"TLS13-1-0|TLS-1-0|FS-2018|2016-08|2015-|2014-|2011-", name):
        return 1.0
    return None


def listener(change: Change, context: Context) -> None:
    if change.type not in ("aws_lb_listener", "aws_alb_listener"):
        return
    before_protocol = change.old("protocol")
    if change.action == "delete":
        if before_protocol in ("HTTPS", "TLS") and not context.going_away(change, "load_balancer_arn", "aws_lb"):
            context.add(
                change,
                HIGH,
                ENCRYPTION,
                "(whole resource)",
                f"{before_protocol} :{change.old('port')}",
                None,
                "The HTTPS listener is removed: clients reach the service only over plain HTTP, or not at all.",
                "Keep the HTTPS listener (HTTP should redirect to it).",
            )
        return
    if not judged(change):
        return
    after_protocol = change.new("protocol")
    if before_protocol in ("HTTPS", "TLS") and after_protocol in ("HTTP", "TCP"):
        context.add(
            change,
            HIGH,
            ENCRYPTION,
            "protocol",
            before_protocol,
            after_protocol,
            "The listener stops encrypting: traffic, cookies and credentials cross the internet in clear text.",
            "Keep protocol = HTTPS with a certificate; redirect HTTP to it.",
        )
        return
    before_tls, after_tls = minimum_tls(change.old("ssl_policy")), minimum_tls(change.new("ssl_policy"))
    if before_tls is not None and after_tls is not None and after_tls < before_tls:
        context.add(
            change,
            HIGH,
            ENCRYPTION,
            "ssl_policy",
            change.old("ssl_policy"),
            change.new("ssl_policy"),
            f"The TLS policy accepts TLS {after_tls:g} again (it required {before_tls:g} or newer): older, weaker "
            "protocol versions and ciphers are back.",
            "Keep ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.",
        )


TLS_PARAMETERS = {"rds.force_ssl": ("1", "0"), "require_secure_transport": ("on", "off")}


def parameters(values: Any) -> dict[str, str]:
    items = (values or {}).get("parameter") if isinstance(values, dict) else None
    return {
        str(p.get("name")).lower(): str(p.get("value")).lower()
        for p in items or []
        if isinstance(p, dict) and p.get("name")
    }


def tls_parameter(change: Change, context: Context) -> None:
    if change.type not in ("aws_db_parameter_group", "aws_rds_cluster_parameter_group") or not judged(change):
        return
    before, after = parameters(change.before), parameters(change.after)
    for name, (on, off) in TLS_PARAMETERS.items():
        if before.get(name) in (on, "1") and after.get(name) in (off, "0"):
            context.add(
                change,
                HIGH,
                ENCRYPTION,
                f"parameter[{name}]",
                before[name],
                after[name],
                f"{name} is turned off: the database accepts connections without TLS, so passwords and data can "
                "cross the network in clear text.",
                f"Keep {name} = {on}.",
            )


RULES: tuple[Rule, ...] = (
    data_loss,
    database_renamed,
    flags,
    backup_retention,
    elasticache_final_snapshot,
    transit_encryption_mode,
    customer_key_removed,
    log_group,
    secret,
    alarm_removed,
    public_access_block,
    bucket_versioning,
    bucket_encryption,
    bucket_acl,
    world_ingress,
    task_public_ip,
    identity_policy,
    trust_policy,
    resource_policy,
    admin_attachment,
    listener,
    tls_parameter,
)


def judge(plan: Plan) -> tuple[list[Finding], list[Note]]:
    """Every finding and note of the plan, most severe first (then in plan order)."""
    context = Context(plan=plan)
    for change in plan.changes:
        if change.action in ("no-op", "forget"):
            continue
        for rule in RULES:
            rule(change, context)
    findings = sorted(context.findings, key=lambda f: -SEVERITY_RANK[f.severity])
    return findings, context.notes


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
