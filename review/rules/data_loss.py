"""Data loss: what a plan destroys with the data in it (deleted or replaced data stores, a disabled KMS key, deleted
log groups and secrets), and an in-place rename that moves a database's endpoint.

Judged on deletions and replacements (and the updates that lose data: a rename, a disabled key). Each finding names
the safety net that is left, read from the values before the change.
"""

from __future__ import annotations

from review.plan import Change, format_path, is_unknown
from review.rules.core import DATA_LOSS, HIGH, MEDIUM, Context
from review.rules.flags import Flag, judge_flags
from review.rules.registry import REGISTRY
from review.rules.values import as_bool, number

rule = REGISTRY.concern(DATA_LOSS)

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


@rule(*DATA_STORES)
def data_store_destroyed(change: Change, context: Context) -> None:
    if change.action not in ("delete", "replace"):
        return
    kind, contents = DATA_STORES[change.type]
    nets = safety_nets(change)
    net_text = f" Safety net: {'; '.join(nets)}." if nets else ""
    if change.action == "delete":
        context.add(
            change,
            HIGH,
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
    context.add(change, HIGH, attribute, before, after, why, fix)


RENAMED: dict[str, str] = {"aws_db_instance": "identifier", "aws_rds_cluster": "cluster_identifier"}
"""Database type -> the attribute that names it. The provider renames these in place (ModifyDBInstance's
NewDBInstanceIdentifier), which moves the endpoint."""


@rule(*RENAMED)
def database_renamed(change: Change, context: Context) -> None:
    """A rename is the plan a half-done switch to a restored instance produces (the setting names the restored
    instance while the running one is still in state): RDS refuses it when the name is taken, and otherwise the
    endpoint moves under the app."""
    attribute = RENAMED[change.type]
    if change.action != "update" or change.importing:
        return
    before, after = change.old(attribute), change.new(attribute)
    if is_unknown(after) or before == after or before is None:
        return
    context.add(
        change,
        HIGH,
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

FLAGS: dict[str, list[Flag]] = {
    "aws_kms_key": [
        Flag(
            ("is_enabled",),
            False,
            MEDIUM,
            "The key is disabled: everything encrypted with it (secrets, logs, database) cannot be decrypted until it "
            "is enabled again.",
            "Keep is_enabled = true.",
        ),
    ],
}


@rule(*FLAGS)
def flags(change: Change, context: Context) -> None:
    judge_flags(FLAGS, change, context)


@rule("aws_cloudwatch_log_group")
def log_group_deleted(change: Change, context: Context) -> None:
    if change.action != "delete" or as_bool(change.old("skip_destroy")):
        return
    context.add(
        change,
        MEDIUM,
        "(whole resource)",
        None,
        None,
        "The log group is deleted with every event in it.",
        "If the logs are still needed, export them first or set skip_destroy = true; else pass "
        f"`--allow {change.address}`.",
    )


@rule("aws_secretsmanager_secret")
def secret_scheduled_for_deletion(change: Change, context: Context) -> None:
    """A secret deleted with a recovery window (without one it is protection.secret_deleted_without_recovery)."""
    if change.action not in ("delete", "replace"):
        return
    window = number(change.old("recovery_window_in_days"))
    window = 30.0 if window is None else window
    if window == 0:
        return
    context.add(
        change,
        MEDIUM,
        "(whole resource)",
        None,
        None,
        f"The secret is scheduled for deletion: restorable for {window:g} days with "
        "`aws secretsmanager restore-secret`, gone after that. A new secret with the same name cannot be "
        "created during the window.",
        f"Restore the resource if it is still used; else pass `--allow {change.address}`.",
    )
