"""ops.rollout's decisions without AWS: what runs in which order, and what a failure puts back.

`Account` holds one environment in memory (the parameter, the service, task definitions) and logs every call that
changes something, in order, beside the migrations, deploys and waits the rollout asks for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modules.ecs_app import contract
from ops import rollout
from ops.aws import EXIT_FAILED, EXIT_NOT_STARTED, EXIT_TIMEOUT, EXIT_USAGE, OpsError
from ops.migrate import MigrationTarget
from ops.stack import StackOutputs

ARN = "arn:aws:ecs:us-east-1:1:task-definition/"
OUTPUTS = {
    contract.CLUSTER_NAME: "mc-dev",
    contract.SERVICE_NAME: "mc-dev",
    contract.IMAGE_TAG_PARAMETER: "/mc-dev/image-tag",
    contract.TASK_DEFINITION_ARN: ARN + "mc-dev:6",
    contract.MIGRATION_TASK_DEFINITION: ARN + "mc-dev-migrate:6",
    contract.TASK_SUBNET_IDS: ["subnet-1"],
    contract.TASK_SECURITY_GROUP_ID: "sg-1",
    "region": "us-east-1",
}


class NotFound(Exception):
    pass


class Account:
    """The environment, its ECS and SSM clients, and the rollout's other steps (deploy, migration, wait)."""

    def __init__(self, *, deployed: bool = True) -> None:
        self.log: list[tuple[str, ...]] = []
        self.parameter: str | None = "1.4.2" if deployed else None
        self.service: str | None = ARN + "mc-dev:6" if deployed else None
        self.revisions = {"mc-dev-migrate": 6, "mc-dev": 6}
        self.outputs: dict[str, Any] = dict(OUTPUTS) if deployed else {}
        self.migration_codes: list[int | OpsError] = []
        self.wait_codes: list[int] = []
        self.deploy_code = 0
        self.breaker_rolls_back = False
        self.fail_put_back = False
        self.refuse_register = False
        self.exceptions = type("Exceptions", (), {"ParameterNotFound": NotFound, "ClusterNotFoundException": NotFound})

    # SSM
    def get_parameter(self, Name: str) -> dict[str, Any]:
        if self.parameter is None:
            raise NotFound(Name)
        return {"Parameter": {"Value": self.parameter}}

    def put_parameter(self, Name: str, Value: str, Type: str, Overwrite: bool) -> None:
        if self.fail_put_back and self.log and self.log[-1][0] == "wait":
            raise RuntimeError("AccessDenied")
        self.log.append(("put", Value))
        self.parameter = Value

    # ECS
    def describe_services(self, cluster: str, services: list[str]) -> dict[str, Any]:
        if self.service is None:
            return {"services": [], "failures": [{"reason": "MISSING"}]}
        return {"services": [{"status": "ACTIVE", "taskDefinition": self.service}]}

    def describe_task_definition(self, taskDefinition: str, include: list[str]) -> dict[str, Any]:
        container = {"name": "app", "image": "ghcr.io/acme/mc:1.4.2", "command": ["alembic", "upgrade", "head"]}
        definition = {"taskDefinitionArn": taskDefinition, "family": "mc-dev-migrate", "cpu": "256",
                      "memory": "512", "executionRoleArn": "arn:aws:iam::1:role/x", "status": "ACTIVE",
                      "revision": 6, "containerDefinitions": [container]}  # fmt: skip
        return {"taskDefinition": definition, "tags": [{"key": "Environment", "value": "dev"}]}

    def register_task_definition(self, **request: Any) -> dict[str, Any]:
        if self.refuse_register:
            raise RuntimeError("AccessDeniedException: ecs:RegisterTaskDefinition")
        self.revisions[request["family"]] += 1
        arn = f"{ARN}{request['family']}:{self.revisions[request['family']]}"
        self.log.append(("register", arn.rsplit("/")[-1], request["containerDefinitions"][0]["image"]))
        self.registered = request
        return {"taskDefinition": {"taskDefinitionArn": arn}}

    def deregister_task_definition(self, taskDefinition: str) -> None:
        self.log.append(("deregister", taskDefinition.rsplit("/")[-1]))

    def update_service(self, cluster: str, service: str, taskDefinition: str) -> None:
        self.log.append(("update_service", taskDefinition.rsplit("/")[-1]))
        self.service = taskDefinition

    # The rollout's other steps
    def client(self, service: str) -> Any:
        return self

    def deploy(self) -> int:
        self.log.append(("deploy",))
        if self.deploy_code == 0:
            self.revisions["mc-dev"] += 1
            self.service = f"{ARN}mc-dev:{self.revisions['mc-dev']}"
            self.outputs = dict(OUTPUTS, task_definition_arn=self.service)
            self.parameter = self.parameter or "1.0.0"  # a first deploy creates it with the settings' tag
        return self.deploy_code

    def run_migration(self, target: MigrationTarget) -> int:
        self.log.append(("migrate", target.task_definition.rsplit("/")[-1]))
        code = self.migration_codes.pop(0) if self.migration_codes else 0
        if isinstance(code, OpsError):
            raise code
        return code

    def wait_for(self, cluster: str, service: str, task_definition: str | None, timeout: float) -> int:
        self.log.append(("wait", (task_definition or "?").rsplit("/")[-1]))
        code = self.wait_codes.pop(0) if self.wait_codes else 0
        if code and self.breaker_rolls_back:
            self.service = ARN + "mc-dev:6"
        return code

    def rollout(self, tag: str | None) -> rollout.Rollout:
        return rollout.Rollout(
            "dev",
            clients=self.client,
            outputs=lambda: StackOutputs(values=dict(self.outputs), source="test"),
            deploy=self.deploy,
            tag=tag,
            run_migration=self.run_migration,
            wait_for=self.wait_for,
        )


def test_a_release_migrates_with_the_new_image_then_writes_the_tag_then_deploys() -> None:
    account = Account()
    assert account.rollout("1.4.3").run() == 0
    assert account.log == [
        ("register", "mc-dev-migrate:7", "ghcr.io/acme/mc:1.4.3"),
        ("migrate", "mc-dev-migrate:7"),
        ("deregister", "mc-dev-migrate:7"),
        ("put", "1.4.3"),
        ("deploy",),
        ("wait", "mc-dev:7"),
    ]


def test_the_one_off_revision_changes_only_the_image() -> None:
    account = Account()
    account.rollout("1.4.3").run()
    definition = account.describe_task_definition(ARN + "mc-dev-migrate:6", ["TAGS"])
    expected = {k: v for k, v in definition["taskDefinition"].items() if k in rollout.REGISTER_FIELDS}
    expected["containerDefinitions"] = [dict(expected["containerDefinitions"][0], image="ghcr.io/acme/mc:1.4.3")]
    assert account.registered == {**expected, "tags": definition["tags"]}


def test_a_failed_migration_changes_nothing() -> None:
    account = Account()
    account.migration_codes = [3]
    assert account.rollout("1.4.3").run() == 3
    assert [entry[0] for entry in account.log] == ["register", "migrate", "deregister"]
    assert (account.parameter, account.service) == ("1.4.2", ARN + "mc-dev:6")


def test_a_migration_task_that_did_not_start_changes_nothing() -> None:
    account = Account()
    account.migration_codes = [OpsError("the migration task did not start: RESOURCE:ENI", EXIT_NOT_STARTED)]
    job = account.rollout("1.4.3")
    assert job.run() == EXIT_NOT_STARTED
    assert [entry[0] for entry in account.log] == ["register", "migrate", "deregister"]
    assert "RESOURCE:ENI" in job.report.markdown()


def test_a_migration_that_cannot_be_registered_changes_nothing() -> None:
    account = Account()
    account.refuse_register = True
    job = account.rollout("1.4.3")
    assert job.run() == EXIT_FAILED
    assert account.log == []
    assert "AccessDeniedException: ecs:RegisterTaskDefinition" in job.report.markdown()


def test_a_deployment_that_fails_puts_the_tag_and_the_task_definition_back() -> None:
    account = Account()
    account.wait_codes = [EXIT_FAILED, 0]
    assert account.rollout("1.4.3").run() == EXIT_FAILED
    assert account.log[-4:] == [("wait", "mc-dev:7"), ("put", "1.4.2"), ("update_service", "mc-dev:6"),
                                ("wait", "mc-dev:6")]  # fmt: skip


def test_a_timeout_is_rolled_back_and_exits_124() -> None:
    account = Account()
    account.wait_codes = [EXIT_TIMEOUT, 0]
    assert account.rollout("1.4.3").run() == EXIT_TIMEOUT
    assert (account.parameter, account.service) == ("1.4.2", ARN + "mc-dev:6")


def test_after_a_circuit_breaker_rollback_only_the_tag_is_put_back() -> None:
    account = Account()
    account.wait_codes, account.breaker_rolls_back = [EXIT_FAILED, 0], True
    job = account.rollout("1.4.3")
    assert job.run() == EXIT_FAILED
    assert "update_service" not in [entry[0] for entry in account.log]
    assert account.parameter == "1.4.2"
    assert "is on `mc-dev:6` already" in job.report.markdown()


def test_a_failed_deploy_puts_the_tag_back() -> None:
    account = Account()
    account.deploy_code = 1
    job = account.rollout("1.4.3")
    assert job.run() == EXIT_FAILED
    assert account.log[-3:] == [("deploy",), ("put", "1.4.2"), ("wait", "mc-dev:6")]
    assert "the deploy failed (exit 1)" in job.report.markdown()


def test_an_error_after_the_tag_was_written_puts_it_back() -> None:
    account = Account()

    def broken_deploy() -> int:
        raise FileNotFoundError("npx")

    job = account.rollout("1.4.3")
    job.deploy = broken_deploy
    assert job.run() == EXIT_FAILED
    assert account.parameter == "1.4.2"
    assert "FileNotFoundError: npx" in job.report.markdown()


def test_a_roll_back_that_cannot_write_the_tag_says_what_to_run() -> None:
    account = Account()
    account.wait_codes, account.fail_put_back = [EXIT_FAILED, 0], True
    job = account.rollout("1.4.3")
    assert job.run() == EXIT_FAILED
    text = job.report.markdown()
    assert "roll-back incomplete" in text
    assert "aws ssm put-parameter --name /mc-dev/image-tag --type String --value 1.4.2 --overwrite" in text
    assert ("update_service", "mc-dev:6") in account.log  # the service is still put back


def test_a_deploy_without_a_tag_migrates_the_running_version_first_and_writes_nothing() -> None:
    account = Account()
    assert account.rollout(None).run() == 0
    assert account.log == [("migrate", "mc-dev-migrate:6"), ("deploy",), ("wait", "mc-dev:7")]


def test_a_deploy_without_a_tag_that_fails_puts_the_task_definition_back() -> None:
    account = Account()
    account.wait_codes = [EXIT_FAILED, 0]
    assert account.rollout(None).run() == EXIT_FAILED
    assert [entry for entry in account.log if entry[0] in ("put", "update_service")] == [("update_service", "mc-dev:6")]


def test_a_first_deploy_deploys_then_migrates_then_waits() -> None:
    account = Account(deployed=False)
    job = account.rollout(None)
    assert job.run() == 0
    assert account.log == [("deploy",), ("migrate", "mc-dev-migrate:6"), ("wait", "mc-dev:7")]
    assert "first deploy" in job.report.markdown()


def test_a_first_deploy_with_a_tag_then_rolls_the_tag_out() -> None:
    account = Account(deployed=False)
    assert account.rollout("1.4.3").run() == 0
    assert account.log == [
        ("deploy",), ("migrate", "mc-dev-migrate:6"), ("wait", "mc-dev:7"),
        ("register", "mc-dev-migrate:7", "ghcr.io/acme/mc:1.4.3"), ("migrate", "mc-dev-migrate:7"),
        ("deregister", "mc-dev-migrate:7"), ("put", "1.4.3"), ("deploy",), ("wait", "mc-dev:8"),
    ]  # fmt: skip


def test_a_first_deploy_that_fails_rolls_nothing_back() -> None:
    account = Account(deployed=False)
    account.deploy_code = 1
    assert account.rollout("1.4.3").run() == EXIT_FAILED
    assert account.log == [("deploy",)]


@pytest.mark.parametrize("tag", ["-rc1", ".hidden", "a" * 129, "1.4.3 ", "sha256:abc", ""])
def test_a_bad_tag_is_refused_naming_the_flag(tag: str) -> None:
    with pytest.raises(OpsError) as caught:
        rollout.check_tag(tag)
    assert caught.value.exit_code == EXIT_USAGE
    assert f"--tag={tag!r}" in str(caught.value) and "Fix:" in str(caught.value)


@pytest.mark.parametrize(
    ("image", "version", "expected"),
    [
        ("ghcr.io/acme/mc:1.4.2", "1.4.3", "ghcr.io/acme/mc:1.4.3"),
        ("ghcr.io/acme/mc", "1.4.3", "ghcr.io/acme/mc:1.4.3"),
        ("registry.local:5000/mc:1", "2", "registry.local:5000/mc:2"),
        ("registry.local:5000/mc", "2", "registry.local:5000/mc:2"),
        ("ghcr.io/acme/mc@sha256:" + "a" * 64, "1.4.3", "ghcr.io/acme/mc:1.4.3"),
        ("ghcr.io/acme/mc:1.4.2", "sha256:" + "b" * 64, "ghcr.io/acme/mc@sha256:" + "b" * 64),
    ],
)
def test_an_image_takes_another_version_of_the_same_repository(image: str, version: str, expected: str) -> None:
    assert rollout.with_version(image, version) == expected


def test_the_job_summary_is_appended_to_the_file_github_names(tmp_path: Path) -> None:
    account = Account()
    account.wait_codes = [EXIT_FAILED, 0]
    job = account.rollout("1.4.3")
    job.run()
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    job.report.write(str(summary))
    lines = summary.read_text().splitlines()
    assert lines[:2] == ["earlier step", "### Rollout of `dev`: rolled back"]
    assert "- `/mc-dev/image-tag` is back at `1.4.2`: the next deploy keeps the running version" in lines
