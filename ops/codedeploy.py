"""Blue/green deployments of the app's service through CodeDeploy, as `ops.rollout` runs them.

    appspec = app_spec(task_definition_arn, container_port=8000, subnets=[...], security_groups=[...],
                       assign_public_ip=False)
    deployments = Deployments(clients("codedeploy"), application="mc-prod", group="mc-prod")
    deployment_id = deployments.start(appspec, "rollout of 1.4.3")
    code = deployments.wait(deployment_id, timeout_seconds=1800)    # 0, 1 (failed: rolled back), 124 (stopped)

The stack (Terraform) owns the deployment group, the listeners, the target groups and the service, but not what a
deployment changes: the service's task definition, load balancer and network, and the listeners' default actions
(`ignore_changes`). A deploy registers the new task definition; the deployment started here moves the service to it:
CodeDeploy starts a replacement task set in the idle target group, points the test listener and then the production
listener at it, keeps the old tasks for the group's bake time and then stops them. A failed deployment, or one stopped
by an alarm of the group, is rolled back by CodeDeploy itself (the listeners go back to the old tasks, which still
run); a deployment still running at the timeout is stopped here with `autoRollbackEnabled`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from ops.aws import EXIT_FAILED, EXIT_TIMEOUT, say, warn
from ops.migrate import CONTAINER

DONE = "Succeeded"
FAILED = ("Failed", "Stopped")


def app_spec(
    task_definition: str,
    *,
    container_port: int,
    subnets: Sequence[str],
    security_groups: Sequence[str],
    assign_public_ip: bool,
) -> dict[str, Any]:
    """The AppSpec of one ECS deployment: the new task definition, the container and port the target groups reach,
    and the network from the stack's outputs (a network change in the stack reaches the service this way, since
    Terraform leaves the service's network to CodeDeploy)."""
    return {
        "version": 1,
        "Resources": [
            {
                "TargetService": {
                    "Type": "AWS::ECS::Service",
                    "Properties": {
                        "TaskDefinition": task_definition,
                        "LoadBalancerInfo": {"ContainerName": CONTAINER, "ContainerPort": int(container_port)},
                        "PlatformVersion": "LATEST",
                        "NetworkConfiguration": {
                            "AwsvpcConfiguration": {
                                "Subnets": list(subnets),
                                "SecurityGroups": list(security_groups),
                                "AssignPublicIp": "ENABLED" if assign_public_ip else "DISABLED",
                            }
                        },
                    },
                }
            }
        ],
    }


def revision(spec: dict[str, Any]) -> dict[str, Any]:
    """CreateDeployment's `revision` for an AppSpec given inline (no S3 bundle)."""
    return {"revisionType": "AppSpecContent", "appSpecContent": {"content": json.dumps(spec)}}


def summary(deployment: dict[str, Any]) -> str:
    """Status, error and roll-back of a `get_deployment` answer, in one line."""
    parts = [f"status {deployment.get('status', '?')}"]
    error = deployment.get("errorInformation") or {}
    if error.get("code") or error.get("message"):
        parts.append(f"error {error.get('code', '?')}: {error.get('message', '')}".rstrip(": "))
    rollback = deployment.get("rollbackInfo") or {}
    if rollback.get("rollbackDeploymentId"):
        parts.append(f"rolled back by deployment {rollback['rollbackDeploymentId']}")
    if rollback.get("rollbackMessage"):
        parts.append(str(rollback["rollbackMessage"]))
    return "; ".join(parts)


class Deployments:
    """Start and watch deployments of one deployment group. `sleep` and `clock` are injectable for tests."""

    def __init__(
        self,
        client: Any,
        *,
        application: str,
        group: str,
        poll_seconds: float = 10,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client, self.application, self.group = client, application, group
        self.poll_seconds, self.sleep, self.clock = poll_seconds, sleep, clock
        self.last: dict[str, Any] = {}
        """The last `deploymentInfo` read: what the report says about the outcome."""

    def start(self, spec: dict[str, Any], description: str) -> str:
        answer = self.client.create_deployment(
            applicationName=self.application,
            deploymentGroupName=self.group,
            revision=revision(spec),
            description=description[:100],
        )
        deployment_id: str = answer["deploymentId"]
        return deployment_id

    def get(self, deployment_id: str) -> dict[str, Any]:
        self.last = self.client.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
        return self.last

    def wait(self, deployment_id: str, timeout_seconds: float) -> int:
        """0 when the deployment succeeded (the bake time over, the old tasks gone); EXIT_FAILED when it failed or
        was stopped (CodeDeploy rolled it back); EXIT_TIMEOUT when it still ran at the timeout: it is then stopped
        with a roll-back."""
        deadline = self.clock() + timeout_seconds
        seen = None
        while True:
            deployment = self.get(deployment_id)
            status = deployment.get("status")
            if status != seen:
                say(f"deployment {deployment_id}: {summary(deployment)}")
                seen = status
            if status == DONE:
                return 0
            if status in FAILED:
                return EXIT_FAILED
            if self.clock() >= deadline:
                self.stop(deployment_id)
                return EXIT_TIMEOUT
            self.sleep(self.poll_seconds)

    def stop(self, deployment_id: str) -> None:
        """Stop a running deployment and have CodeDeploy route the traffic back to the old tasks."""
        try:
            self.client.stop_deployment(deploymentId=deployment_id, autoRollbackEnabled=True)
            say(f"deployment {deployment_id}: stopped, with a roll-back")
        except Exception as error:  # already finished, or no permission: the report says what to do
            warn(f"could not stop deployment {deployment_id}: {type(error).__name__}: {error}")
            raise
