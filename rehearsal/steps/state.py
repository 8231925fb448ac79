"""`cdktf deploy state`, then the backend it made: the bucket (versioned, KMS, private, TLS-only: plain HTTP
refused, HTTPS allowed) and the lock table (keyed by LockID, on demand, recoverable).

The environments need only the bucket and the table: `backend_ready` is set as soon as both are in place, so their
plans start while the state apply spends about 55 s in the provider's wait for the bucket's lifecycle rule to read
back unchanged ten times, which no backend needs.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rehearsal.report import Step
from rehearsal.session import Session
from rehearsal.terraform import error_lines


def deploy_state(session: Session, backend_ready: threading.Event, *, user: str) -> None:
    """`user`: a stack whose backend block names the bucket and table (an environment's)."""
    command = session.cdktf_command("deploy", "state")
    with session.step("deploy state", " ".join(command[1:])) as step:
        try:
            bucket, table = _backend_names(session, user)
            with ThreadPoolExecutor(max_workers=1) as background:
                deploying = background.submit(session.run, command, log_name="deploy-state", charge_to=step)
                while not deploying.done() and not backend_ready.is_set():
                    if _backend_in_place(session, bucket, table):
                        step.details["backend_ready_after_seconds"] = round(time.monotonic() - session.started, 1)
                        backend_ready.set()
                    time.sleep(1)
                result = deploying.result()
        finally:
            backend_ready.set()  # never leave the environments waiting
        if step.check("cdktf deploy state succeeded", result.returncode == 0, error_lines(result)):
            _check_backend(session, step, bucket, table)


def _backend_names(session: Session, user: str) -> tuple[str, str]:
    """The state bucket and lock table, as the environments' backends name them."""
    backend = session.backend(user)
    return backend["bucket"], backend["dynamodb_table"]


def _backend_in_place(session: Session, bucket: str, table: str) -> bool:
    """The bucket exists, encrypted, private and TLS-only, and the table is active: what a backend needs."""
    s3, dynamodb = session.emulator.client("s3"), session.emulator.client("dynamodb")
    try:
        s3.get_bucket_encryption(Bucket=bucket)
        s3.get_bucket_policy(Bucket=bucket)
        s3.get_public_access_block(Bucket=bucket)
        return bool(dynamodb.describe_table(TableName=table)["Table"]["TableStatus"] == "ACTIVE")
    except Exception:  # not there yet
        return False


def _check_backend(session: Session, step: Step, bucket: str, table: str) -> None:
    outputs = json.loads(session.tf("state", "output", "-json", log_name="state-output").stdout)
    step.check(
        "outputs name the bucket and table",
        (outputs["state_bucket"]["value"], outputs["lock_table"]["value"]) == (bucket, table),
    )
    s3, dynamodb = session.emulator.client("s3"), session.emulator.client("dynamodb")
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    blocked = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    bucket_facts = {
        "name": bucket,
        "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status"),
        "encryption": rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
        "public_access_block": blocked,
        "tls_only": _tls_only(session, bucket),
    }
    step.details["state_bucket"] = bucket_facts
    step.check("bucket versioned", bucket_facts["versioning"] == "Enabled", bucket_facts["versioning"])
    step.check("bucket encrypted with KMS", bucket_facts["encryption"] == "aws:kms", bucket_facts["encryption"])
    step.check("all public access blocked", len(blocked) == 4 and all(blocked.values()), blocked)
    tls = bucket_facts["tls_only"]
    step.check("policy denies requests without TLS", tls["policy_denies_plain_http"])
    step.check("plain HTTP refused (403)", tls["plain_http_refused"], tls["plain_http_answer"])
    step.check("HTTPS allowed", tls["https_allowed"], tls["https_answer"])
    described = dynamodb.describe_table(TableName=table)["Table"]
    backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    table_facts = {
        "name": table,
        "key_schema": described["KeySchema"],
        "billing_mode": described.get("BillingModeSummary", {}).get("BillingMode"),
        "point_in_time_recovery": backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"],
        "encrypted": described.get("SSEDescription", {}).get("Status"),
    }
    step.details["lock_table"] = table_facts
    step.check(
        "lock table keyed by LockID", table_facts["key_schema"] == [{"AttributeName": "LockID", "KeyType": "HASH"}]
    )
    step.check("lock table on demand", table_facts["billing_mode"] == "PAY_PER_REQUEST", table_facts["billing_mode"])
    step.check("lock table recoverable", table_facts["point_in_time_recovery"] == "ENABLED")


def _tls_only(session: Session, bucket: str) -> dict[str, Any]:
    """The policy's TLS-only statement, and how the emulator applies it: the same object request is refused over
    plain HTTP and allowed over (emulated) HTTPS, as S3 does (see rehearsal/emulator.py)."""
    s3 = session.emulator.client("s3")
    statements = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]
    denies = any(
        s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
        for s in statements
    )
    answers = {}
    for transport, client in (("https", s3), ("plain_http", session.emulator.client("s3", plain_http=True))):
        try:
            client.head_object(Bucket=bucket, Key="rehearsal/tls-probe")
            answers[transport] = "200"
        except Exception as error:  # botocore's ClientError: 403 refused, 404 allowed but absent
            answers[transport] = str(getattr(error, "response", {}).get("Error", {}).get("Code", error))
    return {
        "policy_denies_plain_http": denies,
        "plain_http_answer": answers["plain_http"],
        "plain_http_refused": answers["plain_http"] == "403",
        "https_answer": answers["https"],
        "https_allowed": answers["https"] in ("200", "404"),
    }
