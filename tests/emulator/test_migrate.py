"""`python -m ops.migrate` against moto: it runs the migration task definition in the service's network, waits
for the task to stop, prints the container's CloudWatch logs and exits with the container's exit code.

What moto does and does not do here (moto 5.2.5):
- `run_task` starts a Fargate task in the given subnets; each `describe_tasks` moves it one state on (RUNNING,
  DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED: moto's documented state manager, `ecs::task`, "manual", one
  describe per step), so the command's polling loop really runs until STOPPED.
- Its containers always report exit code 0 and run nothing, so they write no logs: the test's stand-in for the
  container writes the log lines into the stream the awslogs driver would use. Non-zero exit codes and tasks that
  stop without an exit code (image pull or secret errors) are checked on `describe_tasks` answers in AWS's shape.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modules.ecs_app import contract
from ops import migrate
from ops.aws import EXIT_NOT_STARTED, EXIT_TIMEOUT, OpsError
from ops.stack import StackOutputs
from rehearsal.emulator import UNVERIFIED, Emulator, running_emulator
from rehearsal.terraform import Terraform

pytestmark = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")

CLUSTER = "mc-test"
FAMILY = "mc-test-migrate"
LOG_GROUP = "/ecs/mc-test"
LOG_LINES = ["INFO  [alembic.runtime.migration] Running upgrade 3f2a -> 9c1d, add missions", "migrations done"]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with running_emulator() as running:
        transition = {"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1}}
        moto_api(running, "state-manager/set-transition", transition)
        try:
            yield running
        finally:
            moto_api(running, "state-manager/unset-transition", {"model_name": "ecs::task"})


def moto_api(emulator: Emulator, path: str, body: dict[str, Any]) -> None:
    request = urllib.request.Request(f"{emulator.url}/moto-api/{path}", data=json.dumps(body).encode(), method="POST")
    urllib.request.urlopen(request, timeout=10, context=UNVERIFIED)


@pytest.fixture(scope="module")
def network(emulator: Emulator) -> dict[str, str]:
    """What the ECS stack creates for the migration: a private subnet, the app's security group, the cluster, the
    log group and the `<name>-migrate` task definition (awslogs, stream prefix `migrate`)."""
    ec2, ecs, logs = emulator.client("ec2"), emulator.client("ecs"), emulator.client("logs")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    # As the stack's VPC; moto 5.2.5's run_task also fails (500) in a VPC without DNS hostnames.
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="mc-test-app", Description="app", VpcId=vpc)["GroupId"]
    ecs.create_cluster(clusterName=CLUSTER)
    logs.create_log_group(logGroupName=LOG_GROUP)
    ecs.register_task_definition(
        family=FAMILY,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[
            {
                "name": "app",
                "image": "ghcr.io/mission-control/mission-control:1.4.3",
                "essential": True,
                # Ours set memory per task only; moto 5.2.5's run_task adds up container memory and fails on None.
                "memory": 512,
                "command": ["alembic", "upgrade", "head"],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": LOG_GROUP,
                        "awslogs-region": "us-east-1",
                        "awslogs-stream-prefix": "migrate",
                    },
                },
            }
        ],
    )
    return {"subnet": subnet, "group": group}


class EcsWithContainer:
    """The emulator's ECS client, plus what the container would do once started: write its logs."""

    def __init__(self, emulator: Emulator) -> None:
        self.ecs, self.logs = emulator.client("ecs"), emulator.client("logs")
        self.run_task_requests: list[dict[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ecs, name)

    def run_task(self, **request: Any) -> Any:
        self.run_task_requests.append(request)
        response = self.ecs.run_task(**request)
        for task in response.get("tasks", []):
            stream = f"migrate/app/{task['taskArn'].rsplit('/', 1)[-1]}"
            self.logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=stream)
            now_ms = int(time.time() * 1000)  # CloudWatch drops events older than 14 days
            events = [{"timestamp": now_ms + i, "message": line} for i, line in enumerate(LOG_LINES)]
            self.logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=stream, logEvents=events)
        return response


class Clients:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.ecs = EcsWithContainer(emulator)

    def __call__(self, service: str) -> Any:
        return self.ecs if service == "ecs" else self.emulator.client(service)


def flags(network: dict[str, str], *extra: str) -> list[str]:
    return [
        "--cluster", CLUSTER, "--task-definition", FAMILY, "--subnets", network["subnet"],
        "--security-groups", network["group"], "--poll-seconds", "0", *extra,
    ]  # fmt: skip


def test_migration_exits_with_the_containers_code_and_shows_its_logs(
    emulator: Emulator, network: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    clients = Clients(emulator)
    assert migrate.main(flags(network), clients=clients, sleep=lambda seconds: None) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("| ")] == [f"| {line}" for line in LOG_LINES]
    assert "task STOPPED" in out
    assert "exited with code 0" in out


def test_migration_runs_in_the_services_private_network(
    emulator: Emulator, network: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    clients = Clients(emulator)
    migrate.main(flags(network), clients=clients, sleep=lambda seconds: None)
    (request,) = clients.ecs.run_task_requests
    assert request["launchType"] == "FARGATE"
    assert request["taskDefinition"] == FAMILY
    assert request["networkConfiguration"] == {
        "awsvpcConfiguration": {
            "subnets": [network["subnet"]],
            "securityGroups": [network["group"]],
            "assignPublicIp": "DISABLED",
        }
    }


def test_another_command_runs_the_same_way(
    emulator: Emulator, network: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--command 'alembic current'`: a database connection check in the migration task's network and secrets."""
    clients = Clients(emulator)
    assert migrate.main(flags(network, "--command", "alembic current"), clients=clients, sleep=lambda s: None) == 0
    (request,) = clients.ecs.run_task_requests
    assert request["overrides"] == {"containerOverrides": [{"name": "app", "command": ["alembic", "current"]}]}


def test_migration_polls_until_the_task_stopped(
    emulator: Emulator, network: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sleeps: list[float] = []
    migrate.main(flags(network, "--poll-seconds", "3"), clients=Clients(emulator), sleep=sleeps.append)
    statuses = [line for line in capsys.readouterr().out.splitlines() if line.startswith("task ")]
    assert statuses == ["task DEACTIVATING", "task STOPPING", "task DEPROVISIONING", "task STOPPED"]
    assert sleeps == [3.0, 3.0, 3.0]


def test_migration_reads_where_to_run_from_the_stacks_outputs(
    emulator: Emulator,
    network: dict[str, str],
    terraform: Terraform,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stack's outputs (as every ECS stack writes them), read with `terraform output -json` from its state."""
    values = {
        contract.CLUSTER_NAME: CLUSTER,
        contract.MIGRATION_TASK_DEFINITION: FAMILY,
        contract.TASK_SUBNET_IDS: [network["subnet"]],
        contract.TASK_SECURITY_GROUP_ID: network["group"],
        contract.TASK_ASSIGN_PUBLIC_IP: False,
        "region": "us-east-1",
    }
    types = {contract.TASK_SUBNET_IDS: ["list", "string"], contract.TASK_ASSIGN_PUBLIC_IP: "bool"}
    outputs = {name: {"value": value, "type": types.get(name, "string")} for name, value in values.items()}
    lineage = "1d2c1f7e-0000-4000-8000-000000000000"
    state = {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": lineage,
             "outputs": outputs, "resources": [], "check_results": None}  # fmt: skip
    stack = tmp_path / "dev"
    stack.mkdir()
    (stack / "terraform.tfstate").write_text(json.dumps(state))
    monkeypatch.setenv("PATH", f"{Path(terraform.binary).parent}:{__import__('os').environ['PATH']}")
    clients = Clients(emulator)
    code = migrate.main(
        ["dev", "--stack-dir", str(stack), "--poll-seconds", "0"], clients=clients, sleep=lambda s: None
    )
    assert code == 0, capsys.readouterr()
    (request,) = clients.ecs.run_task_requests
    assert (request["cluster"], request["taskDefinition"]) == (CLUSTER, FAMILY)
    assert request["networkConfiguration"]["awsvpcConfiguration"]["subnets"] == [network["subnet"]]


def test_a_task_that_cannot_start_exits_125(
    emulator: Emulator, network: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = flags(network)
    argv[argv.index(FAMILY)] = "mc-test-no-such-family"
    assert migrate.main(argv, clients=Clients(emulator), sleep=lambda s: None) == EXIT_NOT_STARTED
    assert "did not start" in capsys.readouterr().err


def test_a_migration_still_running_at_the_timeout_exits_124_and_is_left_running(
    emulator: Emulator, network: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = migrate.main(flags(network, "--timeout-seconds", "0"), clients=Clients(emulator), sleep=lambda s: None)
    assert code == EXIT_TIMEOUT
    out = capsys.readouterr().out
    assert "was not stopped" in out
    assert f"aws ecs stop-task --cluster {CLUSTER} --task " in out


def test_a_missing_stack_folder_names_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert migrate.main(["dev", "--stack-dir", str(tmp_path / "nowhere")], clients=lambda s: None) == 2
    assert "make synth" in capsys.readouterr().err


# Answers in the shape of AWS's `describe_tasks`, for what moto's containers never do.


def stopped_task(**fields: Any) -> dict[str, Any]:
    return {"taskArn": "arn:aws:ecs:us-east-1:1:task/mc/abc", "lastStatus": "STOPPED", **fields}


def test_a_failed_migration_exits_with_its_code(capsys: pytest.CaptureFixture[str]) -> None:
    task = stopped_task(containers=[{"name": "app", "exitCode": 3}], stoppedReason="Essential container exited")
    assert migrate.exit_code(task, "app") == 3


def test_the_app_containers_code_counts_not_a_sidecars(capsys: pytest.CaptureFixture[str]) -> None:
    task = stopped_task(containers=[{"name": "log-router", "exitCode": 0}, {"name": "app", "exitCode": 1}])
    assert migrate.exit_code(task, "app") == 1


def test_a_task_stopped_without_exit_code_exits_125_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    task = stopped_task(
        stopCode="TaskFailedToStart",
        stoppedReason="CannotPullContainerError: pull image manifest has been retried 5 time(s)",
        containers=[{"name": "app", "reason": "CannotPullContainerError"}],
    )
    assert migrate.exit_code(task, "app") == EXIT_NOT_STARTED
    out = capsys.readouterr().out
    assert "TaskFailedToStart" in out and "CannotPullContainerError" in out


def test_run_task_failures_exit_125_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    class NoCapacity:
        exceptions = type("Exceptions", (), {"ClientError": RuntimeError})

        def run_task(self, **request: Any) -> dict[str, Any]:
            return {"tasks": [], "failures": [{"arn": "arn:aws:ecs:us-east-1:1:cluster/mc", "reason": "RESOURCE:ENI"}]}

    target = migrate.MigrationTarget("mc", FAMILY, ("subnet-1",), ("sg-1",), None)
    with pytest.raises(OpsError) as caught:
        migrate.run(target, lambda service: NoCapacity())
    assert caught.value.exit_code == EXIT_NOT_STARTED
    assert "RESOURCE:ENI" in str(caught.value)


def test_a_stack_without_the_task_outputs_names_the_missing_output() -> None:
    """An older stack with only `migration_command` is refused, naming the output it lacks (no parsing of the
    command: every ECS stack writes the task's outputs)."""
    outputs = StackOutputs(
        values={contract.CLUSTER_NAME: CLUSTER, contract.MIGRATION_COMMAND: "aws ecs run-task ..."}, source="dev"
    )
    with pytest.raises(OpsError, match="has no output 'migration_task_definition'"):
        migrate.target_from_outputs(outputs)
    outputs = StackOutputs(
        values={
            contract.CLUSTER_NAME: CLUSTER,
            contract.MIGRATION_TASK_DEFINITION: FAMILY,
            contract.TASK_SUBNET_IDS: [],
        },
        source="dev",
    )
    with pytest.raises(OpsError, match="has no output 'task_subnet_ids'"):
        migrate.target_from_outputs(outputs)
