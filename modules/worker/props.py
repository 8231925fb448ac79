"""Options and props of `Worker`. No cdktf import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from modules.fargate_service.props import CAPACITY_RULES, FARGATE_SIZE_RULES
from modules.options import Options, Props
from modules.rules import Rule, check, in_range
from modules.validation import check_no_interpolation, require


def _check_command(setting: str, command: Sequence[str]) -> None:
    for part in command:
        check_no_interpolation(setting, part)


@dataclass(frozen=True, kw_only=True)
class WorkerOptions(Options):
    """Whether a separate ARQ worker runs, and its size. Off by default: apps that run their worker in-process."""

    RULES: ClassVar[Sequence[Rule]] = (
        check(
            "command",
            'alltrue([for part in {{value}} : !can(regex("\\\\$\\\\{", part))])',
            "{{setting}} must not contain a dollar sign followed by a brace (Terraform would read an interpolation).",
            refused=(["arq", "$${x}"],),
            python=lambda setting, value, _: _check_command(setting, value),
        ),
        *FARGATE_SIZE_RULES,
        *CAPACITY_RULES,
        in_range("alarm_cpu_percent", 1, 100),
        in_range("alarm_memory_percent", 1, 100),
    )

    command: Sequence[str] = ()
    """The worker's command, such as `("arq", "mission_control.worker.WorkerSettings")`. When left out (empty), no
    worker runs: the app runs its jobs in-process."""
    cpu: int = 256
    """Task CPU units (1024 = 1 vCPU)."""
    memory_mib: int = 512
    """Task memory in MiB; Fargate allows only certain values for each `cpu`."""
    desired_count: int = 1
    """Worker tasks at the first deployment; afterwards autoscaling owns the count."""
    min_capacity: int = 1
    """Fewest worker tasks autoscaling keeps running."""
    max_capacity: int = 2
    """Most worker tasks autoscaling may start."""
    cpu_target_percent: int = 70
    """Average worker CPU that target tracking holds the service at."""
    alarm_cpu_percent: int = 85
    """Worker CPU (average over 15 minutes) above which its alarm fires."""
    alarm_memory_percent: int = 85
    """Worker memory (average over 15 minutes) above which its alarm fires."""

    @property
    def enabled(self) -> bool:
        return len(self.command) > 0


@dataclass(frozen=True, kw_only=True)
class WorkerProps(WorkerOptions, Props):
    """Everything `Worker` needs: the options plus the app service's cluster, roles, logs, network and secrets."""

    name: str
    """Names the worker's service and task family `<name>-worker`."""
    cluster_arn: str
    """Cluster the worker service runs in (the app's)."""
    cluster_name: str
    """Name of that cluster, for autoscaling and alarms."""
    vpc_id: str
    """VPC of the worker's security group."""
    subnet_ids: Sequence[str]
    """Subnets of the worker's tasks (the app's)."""
    assign_public_ip: bool = False
    """Give the tasks public IPs (only when the app's tasks have them: no NAT). When left out, none."""
    image: str
    """The app's image."""
    execution_role_arn: str
    """The app's execution role (pulls the image, reads the secrets)."""
    task_role_arn: str
    """The app's task role."""
    log_group_name: str
    """The app's log group; the worker writes under the `worker/` stream prefix."""
    region: str
    """Region of the log group."""
    secrets: Mapping[str, str] = field(default_factory=dict)
    """Container environment variable -> secret ARN (the app's). When left out, none."""
    environment: Mapping[str, str] = field(default_factory=dict)
    """Plain environment variables (the app's). When left out, none."""
    redeploy_triggers: Mapping[str, str] = field(default_factory=dict)
    """Values that roll out new worker tasks when they change (the secrets' versions). When left out, only a new
    task definition does."""
    alarm_topic_arn: str | None = None
    """SNS topic the worker's alarms notify. When left out, the alarms notify nobody."""

    def validate(self) -> None:
        require(
            self.enabled,
            setting="command",
            value=list(self.command),
            problem="a worker needs its command",
            fix="give the worker's command, e.g. ('arq', 'mission_control.worker.WorkerSettings')",
        )
        super().validate()
