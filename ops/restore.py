"""Restore an environment's database into a new RDS instance beside the running one, check it, print the switch.

    python -m ops.restore prod --snapshot mission-control-prod-run4242-20261206-014507   # make restore ENV=prod
    python -m ops.restore prod --to-time 2026-12-06T01:30:00Z       # point in time (UTC), or --to-time latest
    python -m ops.restore --instance mission-control-prod --snapshot ... --region us-east-1

The running instance (`--instance`, else the host of the stack's `database_endpoint` output) is left alone. The new
one, `--target` or `<name>-<UTC YYYYMMDD-HHMM>` (a previous restore's time suffix is replaced, not stacked), gets
the running one's subnet group, security groups, parameter group, instance class, Multi-AZ, storage type, IAM
authentication, log exports and deletion protection, and no public access; its storage is encrypted with the
KMS key of the snapshot or of the source instance, which for this stack's snapshots is the environment's key.

Checks once it is available (each printed; any failure exits 1 and leaves the instance for inspection):
status `available`; engine and major version as the running instance's; storage encrypted with the same KMS key;
the same parameter group, subnet group and security groups; not publicly accessible; and a TCP connection to its
endpoint. The database lives in private subnets, so from a machine outside the VPC the connection cannot be made:
that check is then reported as not made here, with the command that makes it from inside the VPC (a one-off task
with the app's image, network and security group: `python -m ops.migrate ENV --command ...`);
`--require-connection` turns that into a failure.

It then prints the exact steps that make the new instance the environment's database (the "switch": the setting
`adopt_database_identifier`, the state change, what the next plan shows) and how the old one is retired.
Runbook: "Recovering data". Exit codes: 0 restored and checked, 1 a check or the restore failed, 2 usage,
124 not available at --timeout-seconds (the restore goes on).
"""

from __future__ import annotations

import argparse
import re
import shlex
import socket
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from modules.ecs_app import contract
from ops.aws import EXIT_TIMEOUT, EXIT_USAGE, ClientFactory, OpsError, boto3_clients, say, warn
from ops.snapshot import IDENTIFIER, stack_instance, utc_now
from ops.stack import add_stack_arguments

CREATED_BY = "ops.restore"
MAX_INSTANCE_ID = 63
RESTORE_SUFFIX = re.compile(r"-\d{8}-\d{4}$")
DATABASE_ADDRESS = contract.DATABASE
Connect = Callable[[str, int, float], None]


def tcp_connect(host: str, port: int, timeout_seconds: float) -> None:
    with socket.create_connection((host, port), timeout=timeout_seconds):
        pass


def target_name(source: str, now: datetime) -> str:
    base = RESTORE_SUFFIX.sub("", source)
    name = f"{base}-{now.astimezone(UTC).strftime('%Y%m%d-%H%M')}"
    if len(name) > MAX_INSTANCE_ID:
        raise OpsError(
            f"the restored instance's name {name!r} is longer than {MAX_INSTANCE_ID} characters. Fix: pass --target "
            "with a shorter name.",
            EXIT_USAGE,
        )
    return name


def check_target(name: str) -> str:
    if not IDENTIFIER.fullmatch(name) or len(name) > MAX_INSTANCE_ID:
        raise OpsError(
            f"--target {name!r} is not an RDS instance identifier (a letter first, lowercase letters, digits and "
            f"single hyphens, at most {MAX_INSTANCE_ID}). Fix: for example --target mission-control-prod-restored.",
            EXIT_USAGE,
        )
    return name


def parse_time(value: str) -> datetime | None:
    """`latest` -> None; an ISO 8601 time with a zone (`2026-12-06T01:30:00Z`) -> that time in UTC."""
    if value == "latest":
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise OpsError(
            f"--to-time {value!r} is not a time with its zone. Fix: write it in UTC as 2026-12-06T01:30:00Z, or "
            "pass --to-time latest.",
            EXIT_USAGE,
        )
    return parsed.astimezone(UTC)


def describe(rds: Any, identifier: str) -> dict[str, Any]:
    try:
        found: dict[str, Any] = rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]
    except Exception as error:  # DBInstanceNotFound and friends
        raise OpsError(f"cannot read RDS instance {identifier}: {error}") from None
    return found


def placement(source: dict[str, Any]) -> dict[str, Any]:
    """The running instance's network, configuration and size, as restore arguments."""
    return {
        "DBInstanceClass": source["DBInstanceClass"],
        "DBSubnetGroupName": source["DBSubnetGroup"]["DBSubnetGroupName"],
        "VpcSecurityGroupIds": [group["VpcSecurityGroupId"] for group in source.get("VpcSecurityGroups", [])],
        "DBParameterGroupName": source["DBParameterGroups"][0]["DBParameterGroupName"],
        "PubliclyAccessible": False,
        "MultiAZ": bool(source.get("MultiAZ")),
        "StorageType": source.get("StorageType", "gp3"),
        "CopyTagsToSnapshot": True,
        "DeletionProtection": bool(source.get("DeletionProtection")),
        "EnableIAMDatabaseAuthentication": bool(source.get("IAMDatabaseAuthenticationEnabled")),
        "EnableCloudwatchLogsExports": list(source.get("EnabledCloudwatchLogsExports", [])),
    }


def major(version: str | None) -> str:
    return (version or "?").split(".")[0]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None
    """None: not made from here (the connection from outside the VPC)."""
    detail: str


def checks(
    restored: dict[str, Any],
    source: dict[str, Any],
    connect: Connect,
    migrate_hint: str,
) -> list[Check]:
    """What makes the restored instance a stand-in for the running one."""
    groups = sorted(g["VpcSecurityGroupId"] for g in restored.get("VpcSecurityGroups", []))
    wanted_groups = sorted(g["VpcSecurityGroupId"] for g in source.get("VpcSecurityGroups", []))
    parameter_group = restored["DBParameterGroups"][0]
    wanted_parameter_group = source["DBParameterGroups"][0]["DBParameterGroupName"]
    key, wanted_key = restored.get("KmsKeyId"), source.get("KmsKeyId")
    found = [
        Check("status", restored.get("DBInstanceStatus") == "available", str(restored.get("DBInstanceStatus"))),
        Check(
            "engine",
            restored.get("Engine") == source.get("Engine")
            and major(restored.get("EngineVersion")) == major(source.get("EngineVersion")),
            f"{restored.get('Engine')} {restored.get('EngineVersion')} (running: {source.get('Engine')} "
            f"{source.get('EngineVersion')})",
        ),
        Check(
            "encryption",
            bool(restored.get("StorageEncrypted")) and key == wanted_key,
            f"storage encrypted: {restored.get('StorageEncrypted')}, key {key}"
            + ("" if key == wanted_key else f" (running: {wanted_key})"),
        ),
        Check(
            "parameter group",
            parameter_group["DBParameterGroupName"] == wanted_parameter_group,
            f"{parameter_group['DBParameterGroupName']} ({parameter_group.get('ParameterApplyStatus', '?')})",
        ),
        Check(
            "network",
            restored["DBSubnetGroup"]["DBSubnetGroupName"] == source["DBSubnetGroup"]["DBSubnetGroupName"]
            and groups == wanted_groups
            and not restored.get("PubliclyAccessible"),
            f"subnet group {restored['DBSubnetGroup']['DBSubnetGroupName']}, security groups {', '.join(groups)}, "
            f"public: {bool(restored.get('PubliclyAccessible'))}",
        ),
    ]
    endpoint = restored.get("Endpoint") or {}
    host, port = endpoint.get("Address"), int(endpoint.get("Port") or 5432)
    if not host:
        found.append(Check("connection", False, "no endpoint"))
        return found
    try:
        connect(host, port, 5.0)
        found.append(Check("connection", True, f"TCP {host}:{port} accepts connections"))
    except OSError as error:
        found.append(
            Check(
                "connection",
                None,
                f"not made from here ({type(error).__name__}: {error}): the database is in private subnets. Make it "
                f"from inside the VPC with the app's image, network and security group: {migrate_hint}",
            )
        )
    return found


def wait_available(
    rds: Any, identifier: str, timeout_seconds: float, poll_seconds: float, sleep: Callable[[float], None]
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_seconds
    last = ""
    while True:
        instance = describe(rds, identifier)
        status = instance.get("DBInstanceStatus", "?")
        if status == "available":
            return instance
        if status in ("failed", "incompatible-restore", "incompatible-parameters", "incompatible-network"):
            raise OpsError(f"the restore of {identifier} ended {status}; see its RDS events")
        if time.monotonic() >= deadline:
            raise OpsError(
                f"{identifier} is still {status} after {timeout_seconds:.0f} s (the restore goes on). Check: aws rds "
                f"describe-db-instances --db-instance-identifier {identifier}; then run this again with --check-only.",
                EXIT_TIMEOUT,
            )
        if status != last:
            say(f"  {identifier}: {status}")
            last = status
        sleep(poll_seconds)


def restore(
    rds: Any,
    source: dict[str, Any],
    target: str,
    *,
    snapshot: str | None,
    to_time: datetime | None,
    label: str,
) -> None:
    arguments = {
        **placement(source),
        "Tags": [{"Key": "created-by", "Value": CREATED_BY}, {"Key": "restored-from", "Value": label}],
    }
    try:
        if snapshot is not None:
            found = rds.describe_db_snapshots(DBSnapshotIdentifier=snapshot)["DBSnapshots"]
            if not found:
                raise OpsError(f"--snapshot {snapshot!r}: no such snapshot", EXIT_USAGE)
            if found[0].get("Status") != "available":
                raise OpsError(f"--snapshot {snapshot!r} is {found[0].get('Status')}: wait until it is available")
            rds.restore_db_instance_from_db_snapshot(
                DBInstanceIdentifier=target, DBSnapshotIdentifier=snapshot, **arguments
            )
            return
        latest = source.get("LatestRestorableTime")
        if to_time is not None and isinstance(latest, datetime) and to_time > latest:
            raise OpsError(
                f"--to-time {to_time:%Y-%m-%dT%H:%M:%SZ} is after the latest restorable time of "
                f"{source['DBInstanceIdentifier']}, {latest.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}. Fix: pass an "
                "earlier time, or --to-time latest.",
                EXIT_USAGE,
            )
        point = {"RestoreTime": to_time} if to_time is not None else {"UseLatestRestorableTime": True}
        rds.restore_db_instance_to_point_in_time(
            SourceDBInstanceIdentifier=source["DBInstanceIdentifier"],
            TargetDBInstanceIdentifier=target,
            **point,
            **arguments,
        )
    except OpsError:
        raise
    except Exception as error:  # botocore ClientError: already exists, outside the backup window, quota
        raise OpsError(f"the restore into {target} was refused: {error}") from None


def switch_steps(environment: str, source: str, target: str, deletion_protection: bool, now: datetime) -> list[str]:
    """What makes `target` the environment's database, and how `source` is retired."""
    folder = f"cdktf.out/stacks/{environment}"
    final = f"{source}-final-{now.astimezone(UTC):%Y%m%d%H%M}"
    steps = [
        f"To make {target} the database of {environment} (runbook: Recovering data):",
        "",
        "1. Decide what happens to writes that reach the running instance from now on: they are not in the restored",
        f"   one. To keep none, stop the app: aws ecs update-service --cluster <cluster_name> --service "
        f"<service_name> --desired-count 0 (outputs of {environment}).",
        f"2. In a pull request, in environments/{environment}.py, add to SETTINGS = Settings(...):",
        f'       adopt_database_identifier="{target}",',
        "   Its plan (PR comment) cannot be applied yet: Terraform still holds the running instance at that address,",
        "   so it shows a rename of it, which the review reports as a HIGH finding. Do not pass --allow: go on.",
        "3. Once it is approved and before it is merged (a merge deploys dev at once; prod waits for its reviewers),",
        "   an admin (or the deploy role: it writes the state) takes the running instance out of Terraform's care. It",
        "   keeps running, untouched: nothing is destroyed, so prevent_destroy and the data-loss finding never fire.",
        "   Until the deploy, any other plan fails safely (it would create an instance whose name is taken):",
        f"       terraform -chdir={folder} state rm {DATABASE_ADDRESS}",
        "4. Merge and deploy. The plan shows:",
        f"   - {DATABASE_ADDRESS}: imported ({target}) and updated in place where the restore differs from the stack",
        "     (backup retention and window, monitoring, Performance Insights, final_snapshot_identifier, the",
        "     password version: the password from the environment's secret is written again);",
        f"   - {contract.secret_version_address('database_url')}: replaced: a new version names the new host;",
        "   - the service (and worker) rolled: their redeploy trigger follows the URL secret's version;",
        "   - the database alarms updated to the new instance identifier.",
        "   No database is replaced or deleted. The deploy then runs the migration against the new database.",
        f"5. Check the app (make wait-stable ENV={environment}), then retire the old instance with a final snapshot",
        "   (automated backups kept for their retention period):",
    ]
    if deletion_protection:
        steps.append(
            f"       aws rds modify-db-instance --db-instance-identifier {source} --no-deletion-protection "
            "--apply-immediately"
        )
    steps += [
        f"       aws rds delete-db-instance --db-instance-identifier {source} --final-db-snapshot-identifier "
        f"{final} --no-delete-automated-backups",
        "   Until then it costs as much as the new one. To go back instead: adopt it again the same way.",
        "6. Leave adopt_database_identifier set: it names the environment's database from now on. Removing it plans",
        f"   a rename back to {source} (a HIGH finding in the review), which RDS allows only once that name is free.",
    ]
    return steps


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m ops.restore", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_stack_arguments(parse)
    source = parse.add_mutually_exclusive_group(required=True)
    source.add_argument("--snapshot", help="restore this DB snapshot (identifier or ARN)")
    source.add_argument("--to-time", help="restore the running instance as it was at this UTC time, or `latest`")
    source.add_argument("--check-only", metavar="INSTANCE", help="only check an instance restored earlier")
    parse.add_argument("--instance", help="the running RDS instance (default: from output database_endpoint)")
    parse.add_argument("--target", help="name of the new instance (default: <name>-<UTC YYYYMMDD-HHMM>)")
    parse.add_argument("--region", help="AWS region (default: the stack's, else AWS_REGION / the profile's)")
    parse.add_argument("--require-connection", action="store_true", help="fail when no TCP connection can be made")
    parse.add_argument("--timeout-seconds", type=float, default=7200, help="how long to wait (7200)")
    parse.add_argument("--poll-seconds", type=float, default=30, help="seconds between checks (30)")
    return parse


def main(
    argv: Sequence[str] | None = None,
    clients: ClientFactory | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] = utc_now,
    connect: Connect = tcp_connect,
) -> int:
    args = parser().parse_args(argv)
    try:
        instance, region = stack_instance(args, "ops.restore")
        environment = args.environment or "<env>"
        to_time = parse_time(args.to_time) if args.to_time else None
        started = now()
        target = check_target(args.check_only or args.target or target_name(instance, started))
        rds = (clients or boto3_clients(region))("rds")
        source = describe(rds, instance)
        if not args.check_only:
            label = args.snapshot or (f"{instance}@{to_time:%Y-%m-%dT%H:%M:%SZ}" if to_time else f"{instance}@latest")
            say(f"Restoring {label} into a new instance {target}, beside {instance} ...")
            restore(rds, source, target, snapshot=args.snapshot, to_time=to_time, label=label[:256])
        restored = wait_available(rds, target, args.timeout_seconds, args.poll_seconds, sleep)
        hint = "python -m ops.migrate {} --command {}".format(
            environment,
            shlex.quote(
                'python -c \'import socket; socket.create_connection(("{}", {}), 10); print("reachable")\''.format(
                    restored.get("Endpoint", {}).get("Address", "?"), restored.get("Endpoint", {}).get("Port", 5432)
                )
            ),
        )
        found = checks(restored, source, connect, hint)
        for check in found:
            mark = {True: "ok", False: "FAILED", None: "not made here"}[check.ok]
            say(f"  check {check.name}: {mark}: {check.detail}")
        failed = [c.name for c in found if c.ok is False or (c.ok is None and args.require_connection)]
        if failed:
            unprotect = (
                f"aws rds modify-db-instance --db-instance-identifier {target} --no-deletion-protection "
                "--apply-immediately, then "
                if restored.get("DeletionProtection")
                else ""
            )
            raise OpsError(
                f"{target} failed the checks: {', '.join(failed)}. It is left for inspection; delete it with: "
                f"{unprotect}aws rds delete-db-instance --db-instance-identifier {target} --skip-final-snapshot"
            )
        say("")
        for line in switch_steps(environment, instance, target, bool(source.get("DeletionProtection")), now()):
            say(line)
        say(f"restored: {target}")
        return 0
    except OpsError as error:
        warn(f"error: {error}")
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
