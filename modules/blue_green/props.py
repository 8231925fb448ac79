"""Props of `BlueGreenDeployment`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.options import Props
from modules.validation import check_choice, check_range, is_token, require

ROLLBACK_EVENTS = ("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM")
"""CodeDeploy puts the old tasks back (the listeners on their target group) when a deployment fails or is stopped by
one of the deployment group's alarms."""

TRAFFIC_SHIFTS = (
    "CodeDeployDefault.ECSAllAtOnce",
    "CodeDeployDefault.ECSCanary10Percent5Minutes",
    "CodeDeployDefault.ECSCanary10Percent15Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
)
"""CodeDeploy's predefined ECS deployment configurations: how the production traffic moves to the new tasks."""

MAX_ALARMS = 10
"""A deployment group takes at most 10 CloudWatch alarms."""


@dataclass(frozen=True, kw_only=True)
class BlueGreenDeploymentProps(Props):
    """The service and its load balancer, the alarms that stop a deployment, how traffic moves and how long the old
    tasks stay."""

    name: str
    """Name of the CodeDeploy application and of its deployment group; the service role is `<name>-codedeploy-*`."""
    cluster_name: str
    """ECS cluster of the service."""
    service_name: str
    """The ECS service (deployment controller `CODE_DEPLOY`)."""
    production_listener_arn: str
    """The listener users reach (HTTPS with a domain, else HTTP): CodeDeploy points it at the new tasks."""
    test_listener_arn: str
    """The test listener: CodeDeploy points it at the new tasks first, before production traffic moves."""
    target_group_names: tuple[str, str]
    """The two target groups: the one the service starts with, then the other; each deployment uses the idle one."""
    alarm_names: Sequence[str] = ()
    """CloudWatch alarms that stop a running deployment and roll it back when they fire (at most 10). When left
    out, only a failed deployment rolls back."""
    termination_wait_minutes: int = 15
    """Bake time: minutes the old tasks keep running after the traffic moved (0-2880). Until then a firing alarm, or
    `aws deploy stop-deployment --auto-rollback-enabled`, moves the traffic back at once."""
    traffic_shift: str = "CodeDeployDefault.ECSAllAtOnce"
    """How production traffic moves: all at once when the new tasks are healthy, or a canary or linear shift
    (`TRAFFIC_SHIFTS`). When left out, all at once (the bake time is the window to roll back in)."""

    def validate(self) -> None:
        check_range("termination_wait_minutes", self.termination_wait_minutes, 0, 2880)
        check_choice("traffic_shift", self.traffic_shift, TRAFFIC_SHIFTS)
        require(
            len(self.alarm_names) <= MAX_ALARMS,
            setting="alarm_names",
            value=list(self.alarm_names),
            problem=f"{len(self.alarm_names)} alarms; a CodeDeploy deployment group takes at most {MAX_ALARMS}",
            fix="attach the alarms that mean the new version fails (5xx, unhealthy tasks), or combine them into a "
            "composite alarm",
        )
        blue, green = self.target_group_names
        require(
            is_token(blue) or is_token(green) or blue != green,
            setting="target_group_names",
            value=list(self.target_group_names),
            problem="the same target group twice: the new tasks need a group of their own",
            fix="pass the service's target group and a second one behind the test listener",
        )
