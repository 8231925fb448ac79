"""Wait until the ECS service's deployment has finished; fail when it crash-looped and was rolled back.

    python -m ops.wait_stable dev
    python -m ops.wait_stable --cluster mission-control-dev --service mission-control-dev --region us-east-1

The stacks apply the service without waiting for a steady state, and its deployment circuit breaker rolls a bad
deployment back to the previous task definition: the service then becomes stable again, on the old version, so
"stable" alone (the `services_stable` waiter) would report a failed deploy as a success. This command watches the
deployment instead:

- the task definition the deploy asked for is `--task-definition`, else the stack's `task_definition_arn` output
  when it has one, else the service's task definition when the command starts (run it right after the apply);
- success: the primary deployment runs that task definition and its `rolloutState` is COMPLETED (or, without a
  circuit breaker, it is the only deployment and runs every desired task);
- failure: a deployment's `rolloutState` is FAILED, or the primary deployment runs another task definition (the
  circuit breaker rolled back). The last service events and why recent tasks stopped are printed.

Service events are printed as they arrive. Exit codes: 0 stable, 1 failed or rolled back, 2 usage, 124 timeout.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from modules.ecs_app import contract
from ops.aws import EXIT_FAILED, EXIT_TIMEOUT, EXIT_USAGE, ClientFactory, OpsError, boto3_clients, say, warn
from ops.stack import StackOutputs, add_stack_arguments

State = Literal["stable", "in_progress", "failed", "rolled_back"]


@dataclass(frozen=True)
class Verdict:
    state: State
    message: str


def short(task_definition: str | None) -> str:
    """`family:revision` of a task definition ARN, for messages."""
    return (task_definition or "?").rsplit("/", 1)[-1]


def assess(service: dict[str, Any], expected_task_definition: str) -> Verdict:
    """Where the service's deployment stands, from one `describe_services` entry."""
    deployments: list[dict[str, Any]] = service.get("deployments", [])
    for deployment in deployments:
        if deployment.get("rolloutState") == "FAILED":
            return Verdict(
                "failed",
                f"deployment {deployment.get('id')} ({short(deployment.get('taskDefinition'))}) failed: "
                f"{deployment.get('rolloutStateReason', 'no reason given')}",
            )
    primary = next((d for d in deployments if d.get("status") == "PRIMARY"), None)
    if primary is None:
        return Verdict("in_progress", "no primary deployment yet")
    if primary.get("taskDefinition") != expected_task_definition:
        return Verdict(
            "rolled_back",
            f"the primary deployment {primary.get('id')} runs {short(primary.get('taskDefinition'))}, not "
            f"{short(expected_task_definition)}: the deployment circuit breaker rolled the deploy back",
        )
    counts = (
        f"{primary.get('runningCount', 0)}/{primary.get('desiredCount', 0)} running, "
        f"{primary.get('pendingCount', 0)} pending, {primary.get('failedTasks', 0)} failed"
    )
    rollout = primary.get("rolloutState")
    if rollout == "COMPLETED" or (
        rollout is None and len(deployments) == 1 and primary.get("runningCount") == primary.get("desiredCount")
    ):
        return Verdict("stable", f"{short(expected_task_definition)} is deployed: {counts}")
    return Verdict(
        "in_progress", f"{short(expected_task_definition)} rolling out ({rollout or 'no rollout state'}): {counts}"
    )


def stopped_task_reasons(ecs: Any, cluster: str, service: str, limit: int = 5) -> list[str]:
    """Why the service's most recent tasks stopped (crash loop, failed health check, image pull), best effort."""
    arns = ecs.list_tasks(cluster=cluster, serviceName=service, desiredStatus="STOPPED").get("taskArns", [])[:limit]
    if not arns:
        return []
    lines = []
    for task in ecs.describe_tasks(cluster=cluster, tasks=arns).get("tasks", []):
        containers = ", ".join(
            f"{c.get('name')} exit {c.get('exitCode', '-')}" + (f" ({c['reason']})" if c.get("reason") else "")
            for c in task.get("containers", [])
        )
        lines.append(
            f"{short(task.get('taskDefinitionArn'))} task {task.get('taskArn', '').rsplit('/', 1)[-1]}: "
            f"{task.get('stoppedReason') or task.get('lastStatus')}; {containers}"
        )
    return lines


def describe(ecs: Any, cluster: str, service: str) -> dict[str, Any]:
    response = ecs.describe_services(cluster=cluster, services=[service])
    services = [s for s in response.get("services", []) if s.get("status") != "INACTIVE"]
    if not services:
        raise OpsError(f"service {service!r} not found in cluster {cluster!r}: {response.get('failures')}", EXIT_USAGE)
    found: dict[str, Any] = services[0]
    return found


def wait(
    ecs: Any,
    cluster: str,
    service: str,
    *,
    task_definition: str | None = None,
    timeout_seconds: float = 1800,
    poll_seconds: float = 10,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    current = describe(ecs, cluster, service)
    if (current.get("deploymentController") or {}).get("type") == "CODE_DEPLOY":
        raise OpsError(
            f"service {service!r} is deployed by CodeDeploy (blue/green): ECS keeps no rolling deployment to watch. "
            "Fix: watch its CodeDeploy deployment (`aws deploy get-deployment --deployment-id <id>`; `make rollout` "
            "starts it, waits for it and names it in its summary)",
            EXIT_USAGE,
        )
    expected = task_definition or current["taskDefinition"]
    say(f"waiting for {service} on {cluster} to run {short(expected)}")
    seen_events = {event.get("id") for event in current.get("events", [])}
    deadline = clock() + timeout_seconds
    last = ""
    while True:
        verdict = assess(current, expected)
        for event in reversed(current.get("events", [])):  # newest first in the API: print oldest first
            if event.get("id") not in seen_events:
                seen_events.add(event.get("id"))
                say(f"event: {event.get('message')}")
        if verdict.message != last:
            say(verdict.message)
            last = verdict.message
        if verdict.state == "stable":
            return 0
        if verdict.state in ("failed", "rolled_back"):
            say("last service events:")
            for event in current.get("events", [])[:10]:
                say(f"  {event.get('createdAt')} {event.get('message')}")
            reasons = stopped_task_reasons(ecs, cluster, service)
            if reasons:
                say("recently stopped tasks:")
                for line in reasons:
                    say(f"  {line}")
            return EXIT_FAILED
        if clock() >= deadline:
            say(f"still rolling out after {timeout_seconds:g} s: {verdict.message}")
            return EXIT_TIMEOUT
        sleep(poll_seconds)
        current = describe(ecs, cluster, service)


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m ops.wait_stable", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_stack_arguments(parse)
    parse.add_argument("--service", help="ECS service name (default: output service_name)")
    parse.add_argument("--task-definition", help="task definition ARN the deploy should leave running")
    parse.add_argument("--region", help="AWS region (default: AWS_REGION / the profile's)")
    parse.add_argument("--timeout-seconds", type=float, default=1800, help="how long to wait (1800)")
    parse.add_argument("--poll-seconds", type=float, default=10, help="seconds between checks (10)")
    return parse


def main(
    argv: Sequence[str] | None = None,
    clients: ClientFactory | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    args = parser().parse_args(argv)
    try:
        cluster, service, task_definition, region = args.cluster, args.service, args.task_definition, args.region
        if not (cluster and service):
            if not args.environment:
                raise OpsError(
                    "name the environment (`python -m ops.wait_stable dev`), or pass --cluster and --service",
                    EXIT_USAGE,
                )
            outputs = StackOutputs.read(args.environment, args.stack_dir)
            cluster = cluster or outputs.string(contract.CLUSTER_NAME)
            service = service or outputs.string(contract.SERVICE_NAME)
            task_definition = task_definition or outputs.get(contract.TASK_DEFINITION_ARN)
            region = region or outputs.region()
        return wait(
            (clients or boto3_clients(region))("ecs"),
            cluster,
            service,
            task_definition=task_definition,
            timeout_seconds=args.timeout_seconds,
            poll_seconds=args.poll_seconds,
            sleep=sleep,
        )
    except OpsError as error:
        warn(f"error: {error}")
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
