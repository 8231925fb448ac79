"""Encryption: data at rest or in transit that stops being encrypted, or falls back from the environment's
customer-managed KMS key to an AWS-managed one (storage flags, Redis TLS, S3 default encryption, HTTPS listeners and
their TLS policy, the databases' force-TLS parameters).

Judged on updates and replacements, and on deletions of what encrypts something that stays (a listener, a bucket's
encryption configuration).
"""

from __future__ import annotations

import re
from typing import Any

from review.plan import Change, format_path, is_unknown
from review.rules.core import ENCRYPTION, HIGH, LOW, MEDIUM, Context
from review.rules.flags import Flag, judge_flags
from review.rules.registry import REGISTRY
from review.rules.values import judged

rule = REGISTRY.concern(ENCRYPTION)

FLAGS: dict[str, list[Flag]] = {
    "aws_db_instance": [
        Flag(
            ("storage_encrypted",),
            False,
            HIGH,
            "Encryption at rest is turned off for the database's storage, snapshots and backups.",
            "Keep storage_encrypted = true.",
        ),
    ],
    "aws_rds_cluster": [
        Flag(
            ("storage_encrypted",),
            False,
            HIGH,
            "Encryption at rest is turned off for the cluster.",
            "Keep storage_encrypted = true.",
        ),
    ],
    "aws_dynamodb_table": [
        Flag(
            ("server_side_encryption", 0, "enabled"),
            False,
            MEDIUM,
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
            "Encryption at rest is turned off for the cache's data and snapshots.",
            "Keep at_rest_encryption_enabled = true.",
        ),
        Flag(
            ("transit_encryption_enabled",),
            False,
            HIGH,
            "TLS is turned off: the AUTH token and every key travel in clear text inside the VPC.",
            "Keep transit_encryption_enabled = true (clients use rediss://).",
        ),
    ],
    "aws_elasticache_cluster": [
        Flag(
            ("transit_encryption_enabled",),
            False,
            HIGH,
            "TLS is turned off for the cache cluster.",
            "Keep transit_encryption_enabled = true.",
        ),
    ],
    "aws_kms_key": [
        Flag(
            ("enable_key_rotation",),
            False,
            LOW,
            "Yearly rotation of the key material is turned off.",
            "Keep enable_key_rotation = true.",
        ),
    ],
    "aws_ebs_volume": [
        Flag(("encrypted",), False, HIGH, "The volume is not encrypted.", "Keep encrypted = true."),
    ],
    "aws_efs_file_system": [
        Flag(("encrypted",), False, HIGH, "The file system is not encrypted.", "Keep encrypted = true."),
    ],
    "aws_ebs_encryption_by_default": [
        Flag(
            ("enabled",),
            False,
            HIGH,
            "New EBS volumes in this region are no longer encrypted by default.",
            "Keep enabled = true.",
        ),
    ],
}


@rule(*FLAGS)
def flags(change: Change, context: Context) -> None:
    judge_flags(FLAGS, change, context)


@rule("aws_elasticache_replication_group")
def transit_encryption_mode(change: Change, context: Context) -> None:
    if not judged(change):
        return
    before, after = change.old("transit_encryption_mode"), change.new("transit_encryption_mode")
    if before == "required" and after == "preferred":
        context.add(
            change,
            HIGH,
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


@rule(*KMS_ATTRIBUTES)
def customer_key_removed(change: Change, context: Context) -> None:
    if not judged(change):
        return
    attribute, what = KMS_ATTRIBUTES[change.type]
    before, after = change.old(attribute), change.new(attribute)
    if is_unknown(after):
        if before:
            context.unknown(change, attribute)
        return
    if before and not after:
        context.add(
            change,
            MEDIUM,
            attribute,
            change.shown("before", attribute),
            None,
            f"The customer-managed KMS key is removed: {what} fall back to an AWS-managed key, which you cannot "
            "restrict, audit per use, or revoke.",
            f"Keep {attribute} pointing at the environment's key.",
        )


SSE_PATH = ("rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm")


@rule("aws_s3_bucket_server_side_encryption_configuration")
def bucket_encryption(change: Change, context: Context) -> None:
    before = change.old(*SSE_PATH)
    if change.action == "delete":
        if not context.going_away(change, "bucket", "aws_s3_bucket"):
            context.add(
                change,
                HIGH,
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
                format_path(SSE_PATH),
                before,
                after,
                "New objects are encrypted with an S3-managed key instead of the customer-managed KMS key.",
                "Keep sse_algorithm = aws:kms.",
            )


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


@rule("aws_lb_listener", "aws_alb_listener")
def listener(change: Change, context: Context) -> None:
    before_protocol = change.old("protocol")
    if change.action == "delete":
        if before_protocol in ("HTTPS", "TLS") and not context.going_away(change, "load_balancer_arn", "aws_lb"):
            context.add(
                change,
                HIGH,
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


@rule("aws_db_parameter_group", "aws_rds_cluster_parameter_group")
def tls_parameter(change: Change, context: Context) -> None:
    if not judged(change):
        return
    before, after = parameters(change.before), parameters(change.after)
    for name, (on, off) in TLS_PARAMETERS.items():
        if before.get(name) in (on, "1") and after.get(name) in (off, "0"):
            context.add(
                change,
                HIGH,
                f"parameter[{name}]",
                before[name],
                after[name],
                f"{name} is turned off: the database accepts connections without TLS, so passwords and data can "
                "cross the network in clear text.",
                f"Keep {name} = {on}.",
            )
