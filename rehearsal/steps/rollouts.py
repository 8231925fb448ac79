"""The rehearsal's rollout proofs (README "When a rollout fails"): `ops.rollout` on an ECS environment (the run
picks dev after its rebuild), with the real `cdktf deploy`, against the emulator.

- A failing migration: a release whose migration exits 3 leaves the image-tag parameter, the service and its
  deployments as they were, and deploys nothing.
- An unhealthy release: a tag whose tasks never pass their health checks is migrated, written and deployed, is not
  stable within the (zero) timeout, and is rolled back: the parameter holds the previous tag again and the service
  runs its previous task definition, in a new deployment that completes.

What moto cannot do has a stand-in: health comes from the `ecs-update-service-deployment` patch (an image in
`UNHEALTHY_IMAGES` never gets a task running; a healthy one runs MOTO_ECS_SERVICE_RUNNING tasks, set to the
service's desired count during the proof), and a migration container's exit code from `MigrationContainers`.
"""

from __future__ import annotations

import json
import os
from typing import Any
from unittest import mock

from modules.ecs_app import contract
from ops.aws import EXIT_TIMEOUT
from ops.rollout import Rollout, with_version
from ops.stack import StackOutputs
from rehearsal.moto_patches import UNHEALTHY_IMAGES
from rehearsal.report import Step
from rehearsal.session import Session

FAILING_MIGRATION_TAG = "9.9.8-migration-fails"
UNHEALTHY_TAG = "9.9.9-crash-loop"
FAILED_MIGRATION_EXIT_CODE = 3


class MigrationContainers:
    """An ECS client of the emulator, plus what a migration container does, which moto's never do: a stopped task
    whose image is in `failing` exits 3 (an `alembic upgrade` that failed). Every `run_task` is recorded with the
    image it ran, the image-tag parameter's value and the service's task definition at that moment."""

    def __init__(self, ecs: Any, ssm: Any, *, parameter: str, cluster: str, service: str) -> None:
        self.ecs, self.ssm = ecs, ssm
        self.parameter, self.cluster, self.service = parameter, cluster, service
        self.failing: set[str] = set()
        self.migrations: list[dict[str, str]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ecs, name)

    def image(self, task_definition: str) -> str:
        definition = self.ecs.describe_task_definition(taskDefinition=task_definition)["taskDefinition"]
        return str(next(c["image"] for c in definition["containerDefinitions"] if c["name"] == "app"))

    def run_task(self, **request: Any) -> Any:
        self.migrations.append(
            {
                "image": self.image(request["taskDefinition"]),
                "parameter": self.ssm.get_parameter(Name=self.parameter)["Parameter"]["Value"],
                "service": self.ecs.describe_services(cluster=self.cluster, services=[self.service])["services"][0][
                    "taskDefinition"
                ],
            }
        )
        return self.ecs.run_task(**request)

    def describe_tasks(self, **request: Any) -> Any:
        answer = self.ecs.describe_tasks(**request)
        for task in answer.get("tasks", []):
            if task.get("lastStatus") == "STOPPED" and self.image(task["taskDefinitionArn"]) in self.failing:
                for container in task.get("containers", []):
                    container["exitCode"] = FAILED_MIGRATION_EXIT_CODE
        return answer


def _outputs(session: Session, stack: str) -> StackOutputs:
    result = session.tf(stack, "output", "-json", "-no-color", log_name=f"rollout-{stack}")
    if result.returncode != 0:
        raise RuntimeError(f"terraform output failed for {stack}: {result.stderr[-2000:]}")
    values = {name: body.get("value") for name, body in json.loads(result.stdout).items()}
    return StackOutputs(values=values, source=str(session.stack_dir(stack)))


def _state(session: Session, stack: str) -> dict[str, Any]:
    """The parameter's value, the service's task definition and its deployments (id, task definition, state)."""
    outputs, emulator = _outputs(session, stack), session.emulator
    service = emulator.client("ecs").describe_services(
        cluster=outputs.string(contract.CLUSTER_NAME), services=[outputs.string(contract.SERVICE_NAME)]
    )["services"][0]
    return {
        "tag": emulator.client("ssm").get_parameter(Name=outputs.string(contract.IMAGE_TAG_PARAMETER))["Parameter"][
            "Value"
        ],
        "task_definition": service["taskDefinition"],
        "desired_count": service["desiredCount"],
        "deployments": [
            {"id": d["id"], "task_definition": d["taskDefinition"].rsplit("/", 1)[-1], "state": d["rolloutState"]}
            for d in service["deployments"]
        ],
    }


def _run_rollout(
    session: Session, stack: str, step: Step, tag: str, failing: set[str], **options: Any
) -> tuple[int, MigrationContainers]:
    outputs, emulator = _outputs(session, stack), session.emulator
    containers = MigrationContainers(
        emulator.client("ecs"),
        emulator.client("ssm"),
        parameter=outputs.string(contract.IMAGE_TAG_PARAMETER),
        cluster=outputs.string(contract.CLUSTER_NAME),
        service=outputs.string(contract.SERVICE_NAME),
    )
    containers.failing |= failing
    deploys: list[int] = []

    def deploy() -> int:
        result = session.run(session.cdktf_command("deploy", stack), log_name=f"rollout-{stack}")
        deploys.append(result.returncode)
        return result.returncode

    job = Rollout(
        stack,
        clients=lambda service: containers if service == "ecs" else emulator.client(service),
        outputs=lambda: _outputs(session, stack),
        deploy=deploy,
        tag=tag,
        poll_seconds=0,
        sleep=lambda seconds: None,
        **options,
    )
    code = job.run()
    step.details["report"] = job.report.lines
    step.details["deploy_exit_codes"] = deploys
    step.details["migrations"] = containers.migrations
    return code, containers


def _image(session: Session, task_definition: str, tag: str) -> str:
    definition = session.emulator.client("ecs").describe_task_definition(taskDefinition=task_definition)
    app = next(c for c in definition["taskDefinition"]["containerDefinitions"] if c["name"] == "app")
    return with_version(str(app["image"]), tag)


def failing_migration(session: Session, stack: str) -> None:
    with session.step(f"rollout {stack}: a failing migration changes nothing") as step:
        before = _state(session, stack)
        failing = _image(session, before["task_definition"], FAILING_MIGRATION_TAG)
        code, containers = _run_rollout(session, stack, step, FAILING_MIGRATION_TAG, {failing})
        after = _state(session, stack)
        step.details["before"], step.details["after"] = before, after
        step.check("the rollout exits with the migration's code", code == FAILED_MIGRATION_EXIT_CODE, code)
        step.check(
            "the migration ran with the new image while the running version was in place",
            containers.migrations
            == [{"image": failing, "parameter": before["tag"], "service": before["task_definition"]}],
        )
        step.check("nothing was deployed", step.details["deploy_exit_codes"] == [])
        step.check("the parameter, the service and its deployments are unchanged", after == before)


def unhealthy_release(session: Session, stack: str) -> None:
    with session.step(f"rollout {stack}: a release that never becomes healthy is rolled back") as step:
        before = _state(session, stack)
        unhealthy = _image(session, before["task_definition"], UNHEALTHY_TAG)
        UNHEALTHY_IMAGES.add(unhealthy)
        try:
            # Healthy images run every desired task (the roll-back); `unhealthy` none.
            with mock.patch.dict(os.environ, {"MOTO_ECS_SERVICE_RUNNING": str(before["desired_count"])}):
                code, containers = _run_rollout(
                    session, stack, step, UNHEALTHY_TAG, set(), timeout_seconds=0, rollback_timeout_seconds=0
                )
        finally:
            UNHEALTHY_IMAGES.discard(unhealthy)
        after = _state(session, stack)
        step.details["before"], step.details["after"] = before, after
        step.check("the rollout fails: not stable in time", code == EXIT_TIMEOUT, code)
        step.check(
            "the migration ran with the new image before the service changed",
            [m["image"] for m in containers.migrations] == [unhealthy]
            and containers.migrations[0]["service"] == before["task_definition"],
        )
        step.check("the stack was deployed", step.details["deploy_exit_codes"] == [0])
        step.check("the parameter holds the previous tag", after["tag"] == before["tag"], after["tag"])
        step.check(
            "the service runs its previous task definition",
            after["task_definition"] == before["task_definition"],
            after["task_definition"],
        )
        primary = after["deployments"][0] if after["deployments"] else {}
        step.check(
            "in a new deployment, which completed",
            primary.get("state") == "COMPLETED" and primary.get("id") not in {d["id"] for d in before["deployments"]},
            after["deployments"],
        )
