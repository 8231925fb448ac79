"""Take a manual snapshot of an environment's RDS instance and wait until it is available.

    python -m ops.snapshot prod                           # make snapshot ENV=prod
    python -m ops.snapshot prod --if-review review.json   # only the databases the plan review says the plan touches
    python -m ops.snapshot --instance mission-control-prod --label before-upgrade --region us-east-1

The instance is `--instance`, else the host of the stack's `database_endpoint` output (an RDS endpoint starts with
its instance's identifier). The snapshot is named `<instance>-<label>-<UTC YYYYMMDD-HHMMSS>`, the label being
`--label`, else `run<GITHUB_RUN_ID>` (plus `-<attempt>` on a re-run) in GitHub Actions, else `manual`; it is tagged
with the label and `created-by=ops.snapshot`. Manual snapshots are kept until someone deletes them (automated
backups expire with the retention period), so a pre-deploy snapshot is still there when the deploy is long gone.

With `--if-review REVIEW.json` (the output of `python -m review --format json`, or `python -m review.plan_stack ...
--format json`), only the databases in its plans' `database_changes` are snapshotted (none: nothing is done), by
the names the plan knows them by; an RDS instance whose name the plan does not know falls back to the stack's. Each
snapshot, or "no database touched", is appended to $GITHUB_STEP_SUMMARY when that variable is set.

The id of each snapshot is printed on its own line last, as `snapshot: <id>`. Exit codes: 0 done (or nothing to
do), 1 a snapshot failed, 2 usage, 124 still creating at --timeout-seconds (it goes on; check with `aws rds
describe-db-snapshots --db-snapshot-identifier <id>`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from modules.ecs_app import contract
from ops.aws import (
    EXIT_TIMEOUT,
    EXIT_USAGE,
    ClientFactory,
    OpsError,
    append_step_summary,
    boto3_clients,
    say,
    warn,
)
from ops.stack import StackOutputs, add_stack_arguments

CREATED_BY = "ops.snapshot"
IDENTIFIER = re.compile(r"[a-z](?:-?[a-z0-9])*")
"""An RDS identifier: a letter first, letters, digits and single hyphens, no hyphen at the end."""
MAX_SNAPSHOT_ID = 255
MAX_LIGHTSAIL_NAME = 255
NOW = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_label(env: dict[str, str] | os._Environ[str]) -> str:
    """`run<id>` (and `-<attempt>` after the first) in GitHub Actions, so the snapshot names the deploy; else
    `manual`."""
    run_id = env.get("GITHUB_RUN_ID", "")
    if not run_id:
        return "manual"
    attempt = env.get("GITHUB_RUN_ATTEMPT", "1")
    return f"run{run_id}" if attempt in ("", "1") else f"run{run_id}-{attempt}"


def snapshot_name(instance: str, label: str, now: datetime) -> str:
    name = f"{instance}-{label}-{now.astimezone(UTC).strftime('%Y%m%d-%H%M%S')}"
    if not IDENTIFIER.fullmatch(name) or len(name) > MAX_SNAPSHOT_ID:
        raise OpsError(
            f"--label {label!r} makes the snapshot name {name!r}, which RDS refuses (lowercase letters, digits and "
            f"single hyphens, at most {MAX_SNAPSHOT_ID} characters). Fix: pass a label such as 'before-upgrade'.",
            EXIT_USAGE,
        )
    return name


def instance_from_endpoint(endpoint: str) -> str:
    """`mission-control-prod.abc123.us-east-1.rds.amazonaws.com:5432` -> `mission-control-prod`."""
    host = endpoint.split(":")[0]
    identifier = host.split(".")[0]
    if ".rds." not in host or not IDENTIFIER.fullmatch(identifier):
        raise OpsError(
            f"the stack's database_endpoint {endpoint!r} is not an RDS endpoint. Fix: pass --instance.", EXIT_USAGE
        )
    return identifier


def stack_instance(args: argparse.Namespace, command: str = "ops.snapshot") -> tuple[str, str | None]:
    """The environment's RDS instance and the region: flags first, else the stack's outputs."""
    if args.instance:
        return args.instance, args.region
    if not args.environment:
        raise OpsError(f"name the environment (`python -m {command} dev`), or pass --instance", EXIT_USAGE)
    outputs = StackOutputs.read(args.environment, args.stack_dir)
    return instance_from_endpoint(outputs.string(contract.DATABASE_ENDPOINT)), args.region or outputs.region()


@dataclass(frozen=True)
class Snapshot:
    database: str
    kind: str
    """`rds` or `lightsail`."""
    id: str
    reason: str


def wait_rds_snapshot(
    rds: Any, snapshot_id: str, timeout_seconds: float, poll_seconds: float, sleep: Callable[[float], None]
) -> None:
    deadline = time.monotonic() + timeout_seconds
    while True:
        found = rds.describe_db_snapshots(DBSnapshotIdentifier=snapshot_id)["DBSnapshots"]
        status = found[0].get("Status") if found else "missing"
        if status == "available":
            return
        if status in ("failed", "missing", "deleted"):
            raise OpsError(f"snapshot {snapshot_id} is {status}; see the RDS events of its instance")
        if time.monotonic() >= deadline:
            raise OpsError(
                f"snapshot {snapshot_id} is still {status} after {timeout_seconds:.0f} s (it goes on). Check: aws rds "
                f"describe-db-snapshots --db-snapshot-identifier {snapshot_id}",
                EXIT_TIMEOUT,
            )
        say(f"  {snapshot_id}: {status}, {found[0].get('PercentProgress', 0)}%")
        sleep(poll_seconds)


def snapshot_rds(
    rds: Any,
    instance: str,
    label: str,
    now: datetime,
    *,
    timeout_seconds: float,
    poll_seconds: float,
    sleep: Callable[[float], None],
) -> str:
    """A manual snapshot of `instance`, available when this returns; its id."""
    snapshot_id = snapshot_name(instance, label, now)
    say(f"Snapshotting RDS instance {instance} as {snapshot_id} ...")
    try:
        rds.create_db_snapshot(
            DBSnapshotIdentifier=snapshot_id,
            DBInstanceIdentifier=instance,
            Tags=[{"Key": "created-by", "Value": CREATED_BY}, {"Key": "label", "Value": label}],
        )
    except Exception as error:  # botocore's ClientError: not found, not available, quota
        raise OpsError(f"cannot snapshot {instance}: {error}") from None
    wait_rds_snapshot(rds, snapshot_id, timeout_seconds, poll_seconds, sleep)
    return snapshot_id


def snapshot_lightsail(
    lightsail: Any,
    database: str,
    label: str,
    now: datetime,
    *,
    timeout_seconds: float,
    poll_seconds: float,
    sleep: Callable[[float], None],
) -> str:
    """A manual snapshot of a Lightsail database (Lightsail's own API: RDS cannot see it)."""
    name = snapshot_name(database, label, now)[:MAX_LIGHTSAIL_NAME]
    say(f"Snapshotting Lightsail database {database} as {name} ...")
    try:
        lightsail.create_relational_database_snapshot(
            relationalDatabaseName=database,
            relationalDatabaseSnapshotName=name,
            tags=[{"key": "created-by", "value": CREATED_BY}, {"key": "label", "value": label}],
        )
    except Exception as error:
        raise OpsError(f"cannot snapshot {database}: {error}") from None
    deadline = time.monotonic() + timeout_seconds
    while True:
        state = lightsail.get_relational_database_snapshot(relationalDatabaseSnapshotName=name)[
            "relationalDatabaseSnapshot"
        ].get("state")
        if state == "available":
            return name
        if time.monotonic() >= deadline:
            raise OpsError(f"Lightsail snapshot {name} is still {state} after {timeout_seconds:.0f} s", EXIT_TIMEOUT)
        sleep(poll_seconds)


def touched_databases(review_file: Path) -> list[dict[str, Any]]:
    """Every entry of `database_changes` in the review's plans (see review/snapshots.py)."""
    try:
        report = json.loads(review_file.read_text())
        plans = report["plans"]
        return [entry for plan in plans for entry in plan["database_changes"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OpsError(
            f"--if-review {review_file}: not a plan review with `database_changes` ({type(error).__name__}: "
            f"{error}). Fix: pass the output of `python -m review --format json` from this checkout.",
            EXIT_USAGE,
        ) from None


def write_summary(lines: list[str], env: dict[str, str] | os._Environ[str]) -> None:
    append_step_summary("\n".join(lines) + "\n", env.get("GITHUB_STEP_SUMMARY"))


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m ops.snapshot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_stack_arguments(parse)
    parse.add_argument("--instance", help="RDS instance identifier (default: from output database_endpoint)")
    parse.add_argument("--label", help="middle part of the name (default: run<GITHUB_RUN_ID>, else manual)")
    parse.add_argument("--if-review", type=Path, metavar="REVIEW.json", help="snapshot only what the plan touches")
    parse.add_argument("--region", help="AWS region (default: the stack's, else AWS_REGION / the profile's)")
    parse.add_argument("--timeout-seconds", type=float, default=3600, help="how long to wait (3600)")
    parse.add_argument("--poll-seconds", type=float, default=15, help="seconds between checks (15)")
    return parse


def main(
    argv: Sequence[str] | None = None,
    clients: ClientFactory | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: NOW = utc_now,
    env: dict[str, str] | os._Environ[str] = os.environ,
) -> int:
    args = parser().parse_args(argv)
    try:
        label = args.label or default_label(env)
        wait = {"timeout_seconds": args.timeout_seconds, "poll_seconds": args.poll_seconds, "sleep": sleep}
        taken: list[Snapshot] = []
        if args.if_review is None:
            instance, region = stack_instance(args)
            make = clients or boto3_clients(region)
            snapshot_id = snapshot_rds(make("rds"), instance, label, now(), **wait)
            taken.append(Snapshot(instance, "rds", snapshot_id, "by hand"))
        else:
            touched = touched_databases(args.if_review)
            if not touched:
                say("The plan touches no database: no snapshot.")
                write_summary(["**Database snapshot:** none needed (the plan touches no database)."], env)
                return 0
            stack: tuple[str, str | None] | None = None
            for entry in touched:
                what = f"the plan's {entry.get('action')} of `{entry.get('address')}`"
                attributes = entry.get("attributes") or []
                if attributes:
                    what += f" ({', '.join(attributes[:8])})"
                if entry.get("type") == "aws_db_instance":
                    name, region = entry.get("identifier"), args.region
                    if not name:
                        stack = stack or stack_instance(args)
                        name, region = stack
                    make = clients or boto3_clients(region)
                    snapshot_id = snapshot_rds(make("rds"), name, label, now(), **wait)
                    taken.append(Snapshot(name, "rds", snapshot_id, what))
                elif entry.get("type") == "aws_lightsail_database" and entry.get("identifier"):
                    make = clients or boto3_clients(args.region)
                    name = entry["identifier"]
                    snapshot_id = snapshot_lightsail(make("lightsail"), name, label, now(), **wait)
                    taken.append(Snapshot(name, "lightsail", snapshot_id, what))
                else:
                    raise OpsError(
                        f"{what}: ops.snapshot takes RDS instances and Lightsail databases only. Fix: snapshot it "
                        "by hand before the apply (review Markdown: 'Databases touched')."
                    )
        write_summary(
            [f"**Database snapshot** `{s.id}` of `{s.database}` ({s.kind}), taken before {s.reason}." for s in taken]
            if args.if_review
            else [f"**Database snapshot** `{s.id}` of `{s.database}`." for s in taken],
            env,
        )
        for snapshot in taken:
            say(f"snapshot: {snapshot.id}")
        return 0
    except OpsError as error:
        warn(f"error: {error}")
        write_summary([f"**Database snapshot failed:** {error}"], env)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
