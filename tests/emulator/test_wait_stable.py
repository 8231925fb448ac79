"""`python -m ops.wait_stable` against moto, and on answers in AWS's shape for what moto cannot show.

moto 5.2.5 gives a new service one PRIMARY deployment whose `rolloutState` is COMPLETED when the environment
variable MOTO_ECS_SERVICE_RUNNING reaches the desired count, else IN_PROGRESS for ever; it never fails a
deployment and never rolls one back (`update_service` starts a deployment only with the emulator's
`ecs-update-service-deployment` patch: tests/emulator/test_rollout.py). So moto shows a finished rollout and one that
does not finish; a failed rollout and a circuit-breaker rollback are checked on `describe_services` answers in AWS's
shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ops import wait_stable
from ops.aws import EXIT_FAILED, EXIT_TIMEOUT
from rehearsal.emulator import Emulator, running_emulator

pytestmark = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")

CLUSTER = "mc-test"
OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/mc-test:6"
NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/mc-test:7"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOTO_ECS_SERVICE_RUNNING", "1")  # read by moto when a service is created
        with running_emulator() as running:
            yield running


@pytest.fixture(scope="module")
def services(emulator: Emulator) -> str:
    """Two services of one task definition: `done` wants 1 task (moto runs 1), `busy` wants 2."""
    ec2, ecs = emulator.client("ec2"), emulator.client("ecs")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="mc-test-app", Description="app", VpcId=vpc)["GroupId"]
    ecs.create_cluster(clusterName=CLUSTER)
    arn: str = ecs.register_task_definition(
        family="mc-test",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "ghcr.io/mission-control/mission-control:1.4.3"}],
    )["taskDefinition"]["taskDefinitionArn"]
    network = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group], "assignPublicIp": "DISABLED"}}
    for name, count in (("done", 1), ("busy", 2)):
        ecs.create_service(
            cluster=CLUSTER,
            serviceName=name,
            taskDefinition=arn,
            desiredCount=count,
            launchType="FARGATE",
            networkConfiguration=network,
            deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        )
    return arn


def test_a_completed_rollout_is_stable(emulator: Emulator, services: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--cluster", CLUSTER, "--service", "done", "--poll-seconds", "0"]
    assert wait_stable.main(argv, clients=emulator.client, sleep=lambda s: None) == 0
    assert "mc-test:1 is deployed: 1/1 running" in capsys.readouterr().out


def test_a_rollout_that_does_not_finish_times_out(
    emulator: Emulator, services: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sleeps: list[float] = []
    argv = ["--cluster", CLUSTER, "--service", "busy", "--poll-seconds", "2", "--timeout-seconds", "0"]
    assert wait_stable.main(argv, clients=emulator.client, sleep=sleeps.append) == EXIT_TIMEOUT
    assert "still rolling out" in capsys.readouterr().out
    assert sleeps == []


def test_a_service_that_does_not_exist_is_a_usage_error(
    emulator: Emulator, services: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--cluster", CLUSTER, "--service", "nope"]
    assert wait_stable.main(argv, clients=emulator.client, sleep=lambda s: None) == 2
    assert "'nope' not found" in capsys.readouterr().err


# Answers in the shape of AWS's `describe_services`, for what moto never does.


def deployment(task_definition: str, status: str, rollout: str, **fields: Any) -> dict[str, Any]:
    return {"id": f"ecs-svc/{task_definition[-1]}{status}", "status": status, "taskDefinition": task_definition,
            "rolloutState": rollout, "desiredCount": 2, "runningCount": 0, "pendingCount": 0, **fields}  # fmt: skip


def service(*deployments: dict[str, Any], events: tuple[str, ...] = ()) -> dict[str, Any]:
    primary = next(d for d in deployments if d["status"] == "PRIMARY")
    return {"serviceName": "app", "status": "ACTIVE", "taskDefinition": primary["taskDefinition"],
            "deployments": list(deployments),
            "events": [{"id": m, "createdAt": "t", "message": m} for m in events]}  # fmt: skip


def test_a_failed_rollout_is_a_failure() -> None:
    answer = service(
        deployment(NEW, "PRIMARY", "FAILED", failedTasks=4,
                   rolloutStateReason="ECS deployment circuit breaker: tasks failed to start."),
        deployment(OLD, "ACTIVE", "COMPLETED", runningCount=2),
    )  # fmt: skip
    verdict = wait_stable.assess(answer, NEW)
    assert verdict.state == "failed"
    assert "circuit breaker: tasks failed to start" in verdict.message


def test_a_rollback_to_the_previous_task_definition_is_a_failure() -> None:
    """After a rollback the service is steady again, on the old version: the waiter `services_stable` would pass."""
    verdict = wait_stable.assess(service(deployment(OLD, "PRIMARY", "COMPLETED", runningCount=2)), NEW)
    assert verdict.state == "rolled_back"
    assert "runs mc-test:6, not mc-test:7" in verdict.message


def test_a_rollout_in_progress_is_neither() -> None:
    answer = service(deployment(NEW, "PRIMARY", "IN_PROGRESS", runningCount=1), deployment(OLD, "ACTIVE", "COMPLETED"))
    assert wait_stable.assess(answer, NEW).state == "in_progress"


class CrashLoop:
    """An ECS client whose service crash-loops on NEW and is rolled back to OLD by the circuit breaker."""

    def __init__(self) -> None:
        self.answers = [
            service(deployment(NEW, "PRIMARY", "IN_PROGRESS"), deployment(OLD, "ACTIVE", "COMPLETED", runningCount=2)),
            service(
                deployment(NEW, "PRIMARY", "IN_PROGRESS", failedTasks=3),
                deployment(OLD, "ACTIVE", "COMPLETED", runningCount=2),
                events=("(service app) has started 1 tasks: (task 9f).",),
            ),
            service(
                deployment(OLD, "PRIMARY", "IN_PROGRESS", runningCount=2),
                events=("(service app) rolling back to deployment ecs-svc/6ACTIVE.",
                        "(service app) has started 1 tasks: (task 9f)."),
            ),
        ]  # fmt: skip

    def describe_services(self, **request: Any) -> dict[str, Any]:
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return {"services": [answer], "failures": []}

    def list_tasks(self, **request: Any) -> dict[str, Any]:
        assert request["desiredStatus"] == "STOPPED"
        return {"taskArns": ["arn:aws:ecs:us-east-1:1:task/mc-test/9f"]}

    def describe_tasks(self, **request: Any) -> dict[str, Any]:
        return {"tasks": [{"taskArn": "arn:aws:ecs:us-east-1:1:task/mc-test/9f", "taskDefinitionArn": NEW,
                           "stoppedReason": "Essential container in task exited",
                           "containers": [{"name": "app", "exitCode": 1}]}]}  # fmt: skip


def test_a_crash_loop_rolled_back_exits_1_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert wait_stable.wait(CrashLoop(), CLUSTER, "app", poll_seconds=0, sleep=lambda s: None) == EXIT_FAILED
    out = capsys.readouterr().out
    assert "the deployment circuit breaker rolled the deploy back" in out
    assert "event: (service app) rolling back to deployment ecs-svc/6ACTIVE." in out
    assert "mc-test:7 task 9f: Essential container in task exited; app exit 1" in out
