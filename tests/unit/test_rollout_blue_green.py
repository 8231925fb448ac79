"""ops.rollout on a blue/green service, without AWS: the same steps as a rolling rollout up to the deploy, then a
CodeDeploy deployment instead of a rolling one; a failure leaves the old tasks serving and puts the tag back.

`BlueGreenAccount` is `Account` (tests/unit/test_rollout_decisions.py) with a CODE_DEPLOY service: the deploy
registers a new task definition but leaves the service alone (Terraform ignores its task definition), and only a
CodeDeploy deployment that succeeds moves the service. UpdateService with a task definition fails, as AWS refuses it
on such a service.
"""

from __future__ import annotations

import json
from typing import Any

from ops import rollout
from ops.aws import EXIT_FAILED, EXIT_TIMEOUT
from ops.stack import StackOutputs
from tests.unit.test_rollout_decisions import ARN, OUTPUTS, Account

BLUE_GREEN_OUTPUTS = dict(
    OUTPUTS,
    codedeploy_application="mc-prod",
    codedeploy_deployment_group="mc-prod",
    app_container_port=8000,
    task_assign_public_ip=False,
)


class BlueGreenAccount(Account):
    def __init__(self) -> None:
        super().__init__()
        self.outputs = dict(BLUE_GREEN_OUTPUTS)
        self.statuses: list[str] = ["InProgress", "Succeeded"]
        self.deploy_registers = True
        self.deployments: dict[str, dict[str, Any]] = {}
        self.wait_for_calls = 0

    # ECS: a CODE_DEPLOY service
    def describe_services(self, cluster: str, services: list[str]) -> dict[str, Any]:
        service = {"status": "ACTIVE", "taskDefinition": self.service, "deploymentController": {"type": "CODE_DEPLOY"}}
        return {"services": [service | {"desiredCount": 2, "runningCount": 2}]}

    def update_service(self, cluster: str, service: str, taskDefinition: str) -> None:
        raise AssertionError("InvalidParameterException: Unable to update task definition on services with a "
                             "CODE_DEPLOY deployment controller")  # fmt: skip

    # The deploy: a new revision, the service untouched
    def deploy(self) -> int:
        self.log.append(("deploy",))
        if self.deploy_code == 0 and self.deploy_registers:
            self.revisions["mc-dev"] += 1
            self.outputs = dict(BLUE_GREEN_OUTPUTS, task_definition_arn=f"{ARN}mc-dev:{self.revisions['mc-dev']}")
        return self.deploy_code

    def wait_for(self, cluster: str, service: str, task_definition: str | None, timeout: float) -> int:
        self.wait_for_calls += 1  # the rolling wait: never for a CodeDeploy service
        return 0

    # CodeDeploy
    def create_deployment(self, **request: Any) -> dict[str, str]:
        spec = json.loads(request["revision"]["appSpecContent"]["content"])
        properties = spec["Resources"][0]["TargetService"]["Properties"]
        deployment_id = f"d-{len(self.deployments) + 1}"
        self.deployments[deployment_id] = {"request": request, "properties": properties}
        self.log.append(("create_deployment", properties["TaskDefinition"].rsplit("/")[-1]))
        return {"deploymentId": deployment_id}

    def get_deployment(self, deploymentId: str) -> dict[str, Any]:
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        info: dict[str, Any] = {"deploymentId": deploymentId, "status": status}
        if status == "Succeeded":
            self.service = self.deployments[deploymentId]["properties"]["TaskDefinition"]
        if status in ("Failed", "Stopped"):
            info["errorInformation"] = {"code": "ALARM_ACTIVE", "message": "mc-prod-target-5xx is in ALARM"}
            info["rollbackInfo"] = {"rollbackDeploymentId": "d-rollback", "rollbackMessage": "traffic is back"}
        return {"deploymentInfo": info}

    def stop_deployment(self, deploymentId: str, autoRollbackEnabled: bool) -> dict[str, str]:
        self.log.append(("stop_deployment", deploymentId, str(autoRollbackEnabled)))
        return {"status": "Pending"}

    def blue_green_rollout(self, tag: str | None, timeout_seconds: float = 1800) -> rollout.Rollout:
        return rollout.Rollout(
            "prod",
            clients=self.client,
            outputs=lambda: StackOutputs(values=dict(self.outputs), source="test"),
            deploy=self.deploy,
            tag=tag,
            timeout_seconds=timeout_seconds,
            run_migration=self.run_migration,
            wait_for=self.wait_for,
            sleep=lambda _: None,
        )


def test_a_release_migrates_then_deploys_the_new_revision_through_codedeploy() -> None:
    account = BlueGreenAccount()
    job = account.blue_green_rollout("1.4.3")
    assert job.run() == 0
    assert account.log == [
        ("register", "mc-dev-migrate:7", "ghcr.io/acme/mc:1.4.3"),
        ("migrate", "mc-dev-migrate:7"),
        ("deregister", "mc-dev-migrate:7"),
        ("put", "1.4.3"),
        ("deploy",),
        ("create_deployment", "mc-dev:7"),
    ]
    assert account.service == ARN + "mc-dev:7" and account.wait_for_calls == 0
    assert "`1.4.3` deployed" in job.report.markdown() and "d-1" in job.report.markdown()


def test_the_appspec_names_the_revision_container_port_and_network_from_the_outputs() -> None:
    account = BlueGreenAccount()
    account.blue_green_rollout("1.4.3").run()
    (deployment,) = account.deployments.values()
    assert deployment["request"]["applicationName"] == "mc-prod"
    assert deployment["request"]["deploymentGroupName"] == "mc-prod"
    assert deployment["properties"] == {
        "TaskDefinition": ARN + "mc-dev:7",
        "LoadBalancerInfo": {"ContainerName": "app", "ContainerPort": 8000},
        "PlatformVersion": "LATEST",
        "NetworkConfiguration": {
            "AwsvpcConfiguration": {"Subnets": ["subnet-1"], "SecurityGroups": ["sg-1"], "AssignPublicIp": "DISABLED"}
        },
    }


def test_a_failed_deployment_leaves_the_old_tasks_serving_and_puts_the_tag_back() -> None:
    account = BlueGreenAccount()
    account.statuses = ["InProgress", "Failed"]
    job = account.blue_green_rollout("1.4.3")
    assert job.run() == EXIT_FAILED
    assert account.log[-2:] == [("create_deployment", "mc-dev:7"), ("put", "1.4.2")]
    assert (account.parameter, account.service) == ("1.4.2", ARN + "mc-dev:6")
    report = job.report.markdown()
    assert "rolled back" in report and "ALARM_ACTIVE" in report and "d-rollback" in report
    assert "serves from `mc-dev:6`" in report


def test_a_deployment_still_running_at_the_timeout_is_stopped_with_a_rollback() -> None:
    account = BlueGreenAccount()
    account.statuses = ["InProgress"]
    assert account.blue_green_rollout("1.4.3", timeout_seconds=0).run() == EXIT_TIMEOUT
    assert ("stop_deployment", "d-1", "True") in account.log
    assert (account.parameter, account.service) == ("1.4.2", ARN + "mc-dev:6")


def test_a_failed_deploy_starts_no_deployment_and_puts_the_tag_back() -> None:
    account = BlueGreenAccount()
    account.deploy_code = 1
    job = account.blue_green_rollout("1.4.3")
    assert job.run() == EXIT_FAILED
    assert not account.deployments
    assert account.log[-2:] == [("deploy",), ("put", "1.4.2")]
    assert "no CodeDeploy deployment was started" in job.report.markdown()


def test_a_deploy_that_registers_nothing_new_starts_no_deployment() -> None:
    account = BlueGreenAccount()
    account.deploy_registers = False
    job = account.blue_green_rollout(None)
    assert job.run() == 0
    assert not account.deployments and account.service == ARN + "mc-dev:6"
    assert "no CodeDeploy deployment" in job.report.markdown()


def test_a_rotation_deploys_the_new_revision_with_the_running_tag() -> None:
    """A rotated secret changes the task definition's labels: the deploy registers a revision, which CodeDeploy
    rolls out (new tasks read the new secrets) with the tag unchanged."""
    account = BlueGreenAccount()
    assert account.blue_green_rollout(None).run() == 0
    assert [entry for entry in account.log if entry[0] in ("put", "create_deployment")] == [
        ("create_deployment", "mc-dev:7")
    ]
    assert account.parameter == "1.4.2" and account.service == ARN + "mc-dev:7"


def test_wait_stable_refuses_a_codedeploy_service_naming_what_to_watch() -> None:
    """`make wait-stable` watches ECS's rolling deployments, which a CodeDeploy service does not have: it says so
    at once instead of waiting for its timeout."""
    import pytest

    from ops import wait_stable
    from ops.aws import EXIT_USAGE, OpsError

    with pytest.raises(OpsError) as caught:
        wait_stable.wait(BlueGreenAccount(), "mc-prod", "mc-prod", timeout_seconds=0)
    assert caught.value.exit_code == EXIT_USAGE and "aws deploy get-deployment" in str(caught.value)
