"""State locking: an apply waiting at its prompt holds both locks (the DynamoDB item and the S3 lock file); a second
run is refused; once the apply is cancelled the lock is released and the state is unchanged.

The apply asks to replace one resource that no `prevent_destroy` guards (an alarm when there is one), with
`-refresh=false`, so it stops at its prompt; it is always answered "no".
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

from rehearsal.session import Session


def prove_locking(session: Session, stack: str) -> None:
    folder = session.stack_dir(stack)
    command = "terraform apply -refresh=false -replace=<an alarm> (held at its prompt); terraform plan"
    with session.step(f"lock {stack}", command) as step:
        probe = _replaceable(folder)
        step.command = command.replace("<an alarm>", probe)
        backend = session.backend(stack)
        bucket, key, table = backend["bucket"], backend["key"], backend["dynamodb_table"]
        s3, dynamodb = session.emulator.client("s3"), session.emulator.client("dynamodb")

        def versions() -> int:
            listed = s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
            return len([v for v in listed if v["Key"] == key])

        before, versions_before = session.state_list(stack), versions()
        holder = session.start(
            [
                session.terraform.binary,
                "apply",
                "-no-color",
                "-lock-timeout=60s",
                "-refresh=false",
                f"-replace={probe}",
            ],
            cwd=folder,
            env={"TF_IN_AUTOMATION": ""},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            assert holder.stdout is not None and holder.stdin is not None
            seen, deadline = "", time.monotonic() + 300
            while "Enter a value:" not in seen:
                chunk = holder.stdout.read(1)
                if not chunk or time.monotonic() > deadline:
                    raise RuntimeError(f"the lock-holding apply never reached its prompt:\n{seen[-3000:]}")
                seen += chunk
            lock = dynamodb.get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}"}})
            lockfile = s3.list_objects_v2(Bucket=bucket, Prefix=f"{key}.tflock")
            held: dict[str, Any] = {
                "dynamodb_lock": json.loads(lock["Item"]["Info"]["S"]) if "Item" in lock else None,
                "s3_lockfile": [o["Key"] for o in lockfile.get("Contents", [])],
            }
            step.details["while_held"] = held
            step.check(
                "DynamoDB lock taken by the apply",
                (held["dynamodb_lock"] or {}).get("Operation") == "OperationTypeApply",
                held["dynamodb_lock"],
            )
            step.check("S3 lock file written", held["s3_lockfile"] == [f"{key}.tflock"], held["s3_lockfile"])
            second = session.tf(stack, "plan", "-input=false", "-no-color", "-lock-timeout=2s", log_name="lock")
            refused = "Error acquiring the state lock" in second.stderr + second.stdout
            step.details["second_run"] = {
                "exit_code": second.returncode,
                "message": (second.stderr or second.stdout).strip().splitlines()[:6],
            }
            step.check("a second run is refused while the lock is held", second.returncode != 0 and refused)
            holder.stdin.write("no\n")
            holder.stdin.flush()
            holder.stdin.close()
        finally:
            if holder.stdin is None or not holder.stdin.closed:
                holder.kill()  # the prompt was never answered
            session.reap(holder, timeout=120)
        lock_after = dynamodb.get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}"}})
        after = session.state_list(stack)
        step.details["state_object"] = {
            "bucket": bucket,
            "key": key,
            "versions": versions_before,
            "resources": len(after),
        }
        step.check("lock released after the cancelled apply", "Item" not in lock_after)
        step.check("state unchanged", after == before and versions() == versions_before, {"resources": len(after)})
        step.check(
            "checksum recorded in the lock table",
            "Item" in dynamodb.get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}-md5"}}),
        )


def _replaceable(folder: Path) -> str:
    """The address of a resource the probe may offer to replace: an alarm, or else any resource without
    `prevent_destroy` (the probe is always cancelled at its prompt)."""
    resources = json.loads((folder / "cdk.tf.json").read_text())["resource"]
    candidates = [
        f"{kind}.{name}"
        for kind, named in resources.items()
        for name, body in named.items()
        if not body.get("lifecycle", {}).get("prevent_destroy") and "count" not in body and "for_each" not in body
    ]
    alarms = [address for address in candidates if address.startswith("aws_cloudwatch_metric_alarm.")]
    return (alarms or candidates)[0]
