"""`python -m ops.rollout` against moto: a bad release and a failing migration leave the running version in place.

The emulator holds what the ECS stack deploys for one environment: the cluster, the service (one task, running
`mc-test:1` with image `ghcr.io/acme/mc:1.4.2`), the `mc-test-migrate` task definition, the network, the log group
and the image-tag parameter. Stand-ins, each for what moto cannot do:

- the deploy: `CdktfDeploy` does what `cdktf deploy` does to the service: it reads the parameter, registers new
  revisions of `mc-test` and `mc-test-migrate` with that tag's image, and points the service at the new one;
- health: with the `ecs-update-service-deployment` patch (rehearsal/moto_patches.py) moto starts a deployment on
  UpdateService that completes when its tasks run; an image in `UNHEALTHY_IMAGES` never gets a task running;
- the migration's container: moto's containers always exit 0, so `MigrationContainers` (rehearsal/steps/rollouts.py)
  gives tasks of an image in `failing` the exit code 3 (an `alembic upgrade` that failed).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from modules.ecs_app import contract
from ops import rollout
from ops.aws import EXIT_TIMEOUT
from ops.stack import StackOutputs
from rehearsal.emulator import Emulator, running_emulator
from rehearsal.moto_patches import UNHEALTHY_IMAGES
from rehearsal.steps.rollouts import MigrationContainers
from rehearsal.terraform import Terraform

pytestmark = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")

NAME = "mc-test"
REPOSITORY = "ghcr.io/acme/mc"
PARAMETER = f"/{NAME}/image-tag"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOTO_ECS_SERVICE_RUNNING", "1")  # every task of a healthy image runs (moto's own switch)
        with running_emulator() as running:
            yield running


def register(ecs: Any, family: str, image: str, *, migration: bool) -> str:
    container: dict[str, Any] = {
        "name": "app",
        "image": image,
        "essential": True,
        "memory": 512,  # moto 5.2.5's run_task adds up container memory and fails on None
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {"awslogs-group": f"/ecs/{NAME}", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "x"},
        },
    }
    if migration:
        container["command"] = ["alembic", "upgrade", "head"]
    else:
        container["portMappings"] = [{"containerPort": 8000, "protocol": "tcp"}]
    arn: str = ecs.register_task_definition(
        family=family,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[container],
        tags=[{"key": "Environment", "value": NAME}],
    )["taskDefinition"]["taskDefinitionArn"]
    return arn


class CdktfDeploy:
    """What `cdktf deploy` does to the service on a rollout: new revisions with the parameter's tag, and the
    service pointed at the new one (without waiting: the stacks apply the service with wait_for_steady_state off)."""

    def __init__(self, emulator: Emulator, outputs: dict[str, Any]) -> None:
        self.emulator, self.outputs = emulator, outputs
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        ecs = self.emulator.client("ecs")
        tag = self.emulator.client("ssm").get_parameter(Name=PARAMETER)["Parameter"]["Value"]
        image = f"{REPOSITORY}:{tag}"
        running_arn = self.outputs[contract.TASK_DEFINITION_ARN]
        running = ecs.describe_task_definition(taskDefinition=running_arn)["taskDefinition"]
        if running["containerDefinitions"][0]["image"] != image:
            self.outputs[contract.TASK_DEFINITION_ARN] = register(ecs, NAME, image, migration=False)
            self.outputs[contract.MIGRATION_TASK_DEFINITION] = register(ecs, f"{NAME}-migrate", image, migration=True)
            ecs.update_service(cluster=NAME, service=NAME, taskDefinition=self.outputs[contract.TASK_DEFINITION_ARN])
        return 0


class Environment:
    """One deployed environment on the emulator, as the stack leaves it, and the rollout's view of it."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        ec2, ecs, logs = emulator.client("ec2"), emulator.client("ecs"), emulator.client("logs")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})  # moto's run_task needs it
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName=f"{NAME}-app", Description="app", VpcId=vpc)["GroupId"]
        ecs.create_cluster(clusterName=NAME)
        logs.create_log_group(logGroupName=f"/ecs/{NAME}")
        emulator.client("ssm").put_parameter(Name=PARAMETER, Value="1.4.2", Type="String")
        self.first = register(ecs, NAME, f"{REPOSITORY}:1.4.2", migration=False)
        ecs.create_service(
            cluster=NAME,
            serviceName=NAME,
            taskDefinition=self.first,
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration={
                "awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group], "assignPublicIp": "DISABLED"}
            },
            deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        )
        self.outputs: dict[str, Any] = {
            contract.CLUSTER_NAME: NAME,
            contract.SERVICE_NAME: NAME,
            contract.IMAGE_TAG_PARAMETER: PARAMETER,
            contract.TASK_DEFINITION_ARN: self.first,
            contract.MIGRATION_TASK_DEFINITION: register(ecs, f"{NAME}-migrate", f"{REPOSITORY}:1.4.2", migration=True),
            contract.TASK_SUBNET_IDS: [subnet],
            contract.TASK_SECURITY_GROUP_ID: group,
            contract.TASK_ASSIGN_PUBLIC_IP: False,
            "region": "us-east-1",
        }
        self.deploy = CdktfDeploy(emulator, self.outputs)
        self.containers = MigrationContainers(
            emulator.client("ecs"), emulator.client("ssm"), parameter=PARAMETER, cluster=NAME, service=NAME
        )

    def clients(self, service: str) -> Any:
        return self.containers if service == "ecs" else self.emulator.client(service)

    def stack_outputs(self) -> StackOutputs:
        return StackOutputs(values=dict(self.outputs), source="the emulator's environment")

    def rollout(self, tag: str | None, **options: Any) -> rollout.Rollout:
        return rollout.Rollout(
            NAME,
            clients=self.clients,
            outputs=self.stack_outputs,
            deploy=self.deploy,
            tag=tag,
            poll_seconds=0,
            sleep=lambda seconds: None,
            **options,
        )

    def tag(self) -> str:
        value: str = self.emulator.client("ssm").get_parameter(Name=PARAMETER)["Parameter"]["Value"]
        return value

    def service(self) -> dict[str, Any]:
        found: dict[str, Any] = self.emulator.client("ecs").describe_services(cluster=NAME, services=[NAME])[
            "services"
        ][0]
        return found

    def migrate_revisions(self) -> dict[str, str]:
        """Every revision of `<name>-migrate` with its status (ACTIVE, INACTIVE)."""
        ecs = self.emulator.client("ecs")
        revisions = {}
        for status in ("ACTIVE", "INACTIVE"):
            for arn in ecs.list_task_definitions(familyPrefix=f"{NAME}-migrate", status=status)["taskDefinitionArns"]:
                revisions[arn.rsplit("/", 1)[-1]] = status
        return revisions


@pytest.fixture
def environment(emulator: Emulator) -> Iterator[Environment]:
    with ExitStack() as stack:
        stack.callback(emulator.reset)
        stack.callback(UNHEALTHY_IMAGES.clear)
        yield Environment(emulator)


def deployments(service: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(d["taskDefinition"].rsplit("/", 1)[-1], d["status"], d["rolloutState"]) for d in service["deployments"]]


def test_a_release_migrates_with_its_image_before_the_service_changes(environment: Environment) -> None:
    code = environment.rollout("1.4.3").run()

    assert code == 0, environment.rollout
    assert environment.tag() == "1.4.3"
    assert deployments(environment.service()) == [("mc-test:2", "PRIMARY", "COMPLETED")]
    (migration,) = environment.containers.migrations
    assert migration == {"image": f"{REPOSITORY}:1.4.3", "parameter": "1.4.2", "service": environment.first}
    # The one-off revision that ran it is gone; the stack's own revisions (1, and 3 from the deploy) stay.
    assert environment.migrate_revisions() == {
        "mc-test-migrate:1": "ACTIVE",
        "mc-test-migrate:2": "INACTIVE",
        "mc-test-migrate:3": "ACTIVE",
    }


def test_a_release_whose_tasks_never_become_healthy_is_rolled_back(
    environment: Environment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    UNHEALTHY_IMAGES.add(f"{REPOSITORY}:1.5.0")
    job = environment.rollout("1.5.0", timeout_seconds=0)

    code = job.run()

    assert code == EXIT_TIMEOUT
    assert environment.tag() == "1.4.2"
    service = environment.service()
    assert service["taskDefinition"] == environment.first
    # Put back by UpdateService: a new deployment of revision 1, complete; the failed one is gone.
    assert deployments(service) == [("mc-test:1", "PRIMARY", "COMPLETED")]
    assert environment.deploy.calls == 1
    summary = tmp_path / "summary.md"
    job.report.write(str(summary))
    text = summary.read_text()
    assert text.startswith("### Rollout of `mc-test`: rolled back")
    assert f"`{PARAMETER}` is back at `1.4.2`" in text
    assert "put back from `mc-test:2` on `mc-test:1` (UpdateService)" in text
    assert "the service is stable" in text  # after the roll-back


def test_a_failing_migration_leaves_the_service_and_the_parameter_unchanged(environment: Environment) -> None:
    environment.containers.failing.add(f"{REPOSITORY}:1.5.0")
    service_before = environment.service()

    code = environment.rollout("1.5.0").run()

    assert code == 3
    assert environment.tag() == "1.4.2"
    service = environment.service()
    assert service["taskDefinition"] == environment.first
    assert service["deployments"] == service_before["deployments"]
    assert environment.deploy.calls == 0
    assert environment.migrate_revisions() == {"mc-test-migrate:1": "ACTIVE", "mc-test-migrate:2": "INACTIVE"}


def test_a_deploy_without_a_new_tag_migrates_first_with_the_running_image(environment: Environment) -> None:
    code = environment.rollout(None).run()

    assert code == 0
    assert environment.containers.migrations == [
        {"image": f"{REPOSITORY}:1.4.2", "parameter": "1.4.2", "service": environment.first}
    ]
    assert environment.migrate_revisions() == {"mc-test-migrate:1": "ACTIVE"}  # no one-off revision
    assert environment.service()["taskDefinition"] == environment.first


def test_the_command_reads_the_stack_writes_the_job_summary_and_exits_with_the_outcome(
    environment: Environment,
    terraform: Terraform,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`python -m ops.rollout` as CI runs it: outputs from `terraform output -json` in a stack folder it initializes
    (a local state here), the report appended to $GITHUB_STEP_SUMMARY."""
    stack = tmp_path / "mc-test"
    stack.mkdir()

    def write_state() -> None:
        types = {list: ["list", "string"], bool: "bool", str: "string"}
        outputs = {name: {"value": v, "type": types[type(v)]} for name, v in environment.outputs.items()}
        state = {"version": 4, "terraform_version": "1.11.4", "serial": 1, "check_results": None,
                 "lineage": "1d2c1f7e-0000-4000-8000-000000000000", "outputs": outputs, "resources": []}  # fmt: skip
        (stack / "terraform.tfstate").write_text(json.dumps(state))

    def deploy() -> int:
        code = environment.deploy()
        write_state()
        return code

    write_state()
    summary = tmp_path / "summary.md"
    summary.write_text("")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("PATH", f"{Path(terraform.binary).parent}:{os.environ['PATH']}")
    UNHEALTHY_IMAGES.add(f"{REPOSITORY}:1.5.0")
    argv = [NAME, "--stack-dir", str(stack), "--tag", "1.5.0", "--poll-seconds", "0", "--timeout-seconds", "0"]

    code = rollout.main(argv, clients=environment.clients, deploy=deploy, sleep=lambda seconds: None)

    assert code == EXIT_TIMEOUT, capsys.readouterr()
    text = summary.read_text()
    assert text.startswith("### Rollout of `mc-test`: rolled back\n")
    assert "- migration with the new image `ghcr.io/acme/mc:1.5.0`" in text
    assert environment.tag() == "1.4.2"


def test_a_bad_tag_is_refused_before_anything_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    code = rollout.main(["dev", "--tag=-rc1"], clients=lambda service: None, deploy=lambda: 0)
    assert code == 2
    assert "--tag='-rc1' is not an image tag" in capsys.readouterr().err
