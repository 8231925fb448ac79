"""Run the database migration once as a Fargate task, show its logs, and exit with its exit code.

    python -m ops.migrate dev
    python -m ops.migrate --cluster mission-control-dev --task-definition mission-control-dev-migrate \\
        --subnets subnet-0a,subnet-0b --security-groups sg-0123 --region us-east-1

Where the task runs comes from the stack's outputs (see `ops.stack`): `cluster_name`, `migration_task_definition`,
`task_subnet_ids`, `task_security_group_id`, `task_assign_public_ip` and `region`; any flag overrides.
The task definition (`<name>-migrate`: the app's image, secrets and network, with the migration command) is run
in the service's private subnets without a public IP; its CloudWatch logs (log group and stream prefix from the
task definition's `logConfiguration`) are printed as they arrive.

`--command 'alembic current'` runs another command the same way (the migration task's image, secrets and network):
a database connection check where ECS Exec is off.

Exit code: the migration container's. 125 when the task did not start or stopped without an exit code (image pull
or secret errors: the reason is printed); 124 when it was still running at `--timeout-seconds` (it is not stopped:
a migration cut in the middle is worse than a slow one; the command to stop it is printed).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from modules.ecs_app import contract
from ops.aws import EXIT_NOT_STARTED, EXIT_TIMEOUT, EXIT_USAGE, ClientFactory, OpsError, boto3_clients, say, warn
from ops.stack import StackOutputs, add_stack_arguments

CONTAINER = "app"
STARTED_BY = "ops.migrate"


@dataclass(frozen=True)
class MigrationTarget:
    cluster: str
    task_definition: str
    """Family (its latest revision), `family:revision` or ARN."""
    subnets: tuple[str, ...]
    security_groups: tuple[str, ...]
    region: str | None
    public_ip: bool = False
    """Give the task a public IP: the service's tasks have one when the environment has no NAT."""


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def resolve_target(args: argparse.Namespace) -> MigrationTarget:
    """Flags first; what they leave open comes from the stack's outputs."""
    subnets, groups = _split(args.subnets), _split(args.security_groups)
    if args.cluster and args.task_definition and subnets and groups:
        return MigrationTarget(args.cluster, args.task_definition, subnets, groups, args.region)
    if not args.environment:
        raise OpsError(
            "name the environment (`python -m ops.migrate dev`), or pass all of --cluster, --task-definition, "
            "--subnets and --security-groups",
            EXIT_USAGE,
        )
    outputs = StackOutputs.read(args.environment, args.stack_dir)
    from_outputs = target_from_outputs(outputs)
    return MigrationTarget(
        cluster=args.cluster or from_outputs.cluster,
        task_definition=args.task_definition or from_outputs.task_definition,
        subnets=subnets or from_outputs.subnets,
        security_groups=groups or from_outputs.security_groups,
        region=args.region or from_outputs.region,
        public_ip=from_outputs.public_ip,
    )


def target_from_outputs(outputs: StackOutputs) -> MigrationTarget:
    """The migration task definition, subnets and security group from the stack's `migration_task_definition`,
    `task_subnet_ids` and `task_security_group_id` outputs (every ECS stack has them)."""
    return MigrationTarget(
        outputs.string(contract.CLUSTER_NAME),
        outputs.string(contract.MIGRATION_TASK_DEFINITION),
        outputs.strings(contract.TASK_SUBNET_IDS),
        (outputs.string(contract.TASK_SECURITY_GROUP_ID),),
        outputs.region(),
        public_ip=bool(outputs.get(contract.TASK_ASSIGN_PUBLIC_IP)),
    )


class LogTail:
    """Prints the new events of one CloudWatch log stream at each `poll()`; a stream not created yet is no error."""

    def __init__(self, logs: Any, group: str, stream: str) -> None:
        self.logs, self.group, self.stream = logs, group, stream
        self.token: str | None = None

    def poll(self) -> None:
        while True:
            request: dict[str, Any] = {"logGroupName": self.group, "logStreamName": self.stream, "startFromHead": True}
            if self.token:
                request["nextToken"] = self.token
            try:
                page = self.logs.get_log_events(**request)
            except self.logs.exceptions.ResourceNotFoundException:
                return
            for event in page.get("events", []):
                say(f"| {event['message'].rstrip()}")
            token = page.get("nextForwardToken")
            if not token or token == self.token:
                return
            self.token = token


def log_tail(clients: ClientFactory, ecs: Any, task: dict[str, Any], container: str) -> LogTail | None:
    """The tail of the container's awslogs stream, `<prefix>/<container>/<task id>`, from its task definition."""
    definition = ecs.describe_task_definition(taskDefinition=task["taskDefinitionArn"])["taskDefinition"]
    containers = definition.get("containerDefinitions", [])
    chosen = next((c for c in containers if c.get("name") == container), containers[0] if containers else None)
    config = (chosen or {}).get("logConfiguration") or {}
    options = config.get("options") or {}
    if config.get("logDriver") != "awslogs" or "awslogs-group" not in options:
        warn(f"the task definition sends no awslogs logs for container {container!r}: no logs to show")
        return None
    task_id = task["taskArn"].rsplit("/", 1)[-1]
    stream = f"{options.get('awslogs-stream-prefix', '')}/{chosen['name'] if chosen else container}/{task_id}"
    say(f"logs: {options['awslogs-group']} {stream}")
    return LogTail(clients("logs"), options["awslogs-group"], stream)


def exit_code(task: dict[str, Any], container: str) -> int:
    """The container's exit code, or EXIT_NOT_STARTED (with the reasons printed) when it has none."""
    containers = task.get("containers", [])
    chosen = next((c for c in containers if c.get("name") == container), containers[0] if containers else None)
    code = chosen.get("exitCode") if chosen else None
    if code is None:
        reasons = [
            f"{key}={value!r}"
            for key, value in (
                ("stopCode", task.get("stopCode")),
                ("stoppedReason", task.get("stoppedReason")),
                ("container reason", (chosen or {}).get("reason")),
            )
            if value
        ]
        say(f"the migration task stopped without an exit code ({', '.join(reasons) or 'no reason given'})")
        return EXIT_NOT_STARTED
    say(f"the migration exited with code {code}")
    return int(code)


def run(
    target: MigrationTarget,
    clients: ClientFactory,
    *,
    container: str = CONTAINER,
    command: Sequence[str] | None = None,
    timeout_seconds: float = 1800,
    poll_seconds: float = 5,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    ecs = clients("ecs")
    what = f"`{shlex.join(command)}` with " if command else ""
    say(f"running {what}{target.task_definition} on {target.cluster} (subnets {', '.join(target.subnets)})")
    overrides = {"containerOverrides": [{"name": container, "command": list(command)}]} if command else {}
    try:
        response = ecs.run_task(
            overrides=overrides,
            cluster=target.cluster,
            taskDefinition=target.task_definition,
            launchType="FARGATE",
            count=1,
            startedBy=STARTED_BY,
            networkConfiguration={
                "awsvpcConfiguration": {
                    "subnets": list(target.subnets),
                    "securityGroups": list(target.security_groups),
                    "assignPublicIp": "ENABLED" if target.public_ip else "DISABLED",
                }
            },
        )
    except ecs.exceptions.ClientError as error:
        raise OpsError(f"the migration task did not start: {error}", EXIT_NOT_STARTED) from None
    failures = response.get("failures", [])
    if failures or not response.get("tasks"):
        reasons = "; ".join(
            " ".join(str(f[key]) for key in ("arn", "reason", "detail") if f.get(key)) for f in failures
        )
        raise OpsError(f"the migration task did not start: {reasons or 'no task returned'}", EXIT_NOT_STARTED)
    task: dict[str, Any] = response["tasks"][0]
    task_arn = task["taskArn"]
    say(f"started {task_arn}")
    tail = log_tail(clients, ecs, task, container)

    deadline = clock() + timeout_seconds
    status = None
    while True:
        described = ecs.describe_tasks(cluster=target.cluster, tasks=[task_arn])
        if not described.get("tasks"):
            raise OpsError(f"task {task_arn} disappeared: {described.get('failures')}", EXIT_NOT_STARTED)
        task = described["tasks"][0]
        if task.get("lastStatus") != status:
            status = task.get("lastStatus")
            say(f"task {status}")
        if tail:
            tail.poll()
        if status == "STOPPED":
            break
        if clock() >= deadline:
            say(
                f"the migration is still running after {timeout_seconds:g} s; it was not stopped. Follow it with "
                f"`aws ecs describe-tasks --cluster {target.cluster} --tasks {task_arn}`; stop it with "
                f"`aws ecs stop-task --cluster {target.cluster} --task {task_arn}`."
            )
            return EXIT_TIMEOUT
        sleep(poll_seconds)
    return exit_code(task, container)


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m ops.migrate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_stack_arguments(parse)
    parse.add_argument("--task-definition", help="migration task definition: family, family:revision or ARN")
    parse.add_argument("--subnets", help="comma-separated subnet IDs for the task (the service's private subnets)")
    parse.add_argument("--security-groups", help="comma-separated security group IDs (the service's)")
    parse.add_argument("--region", help="AWS region (default: the stack's, else AWS_REGION / the profile's)")
    parse.add_argument(
        "--command",
        help="run this instead of the migration, e.g. 'alembic current' (a database connection check in prod)",
    )
    parse.add_argument("--container", default=CONTAINER, help=f"container whose exit code counts ({CONTAINER})")
    parse.add_argument("--timeout-seconds", type=float, default=1800, help="how long to wait for the task (1800)")
    parse.add_argument("--poll-seconds", type=float, default=5, help="seconds between status checks (5)")
    return parse


def main(
    argv: Sequence[str] | None = None,
    clients: ClientFactory | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    args = parser().parse_args(argv)
    try:
        target = resolve_target(args)
        return run(
            target,
            clients or boto3_clients(target.region),
            container=args.container,
            command=shlex.split(args.command) if args.command else None,
            timeout_seconds=args.timeout_seconds,
            poll_seconds=args.poll_seconds,
            sleep=sleep,
        )
    except OpsError as error:
        warn(f"error: {error}")
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
