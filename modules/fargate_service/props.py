"""Options and props of `FargateService`. No cdktf import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from modules.aws_names import name_limit
from modules.network.props import log_retention
from modules.options import Options, Props
from modules.rules import Rule, at_least, check, hcl_literal, in_range, matches, one_of
from modules.validation import is_token, require

# `name` names the cluster, the service, the task families, the log group and the security group (the IAM roles take
# a truncated prefix of it): the tightest of their AWS limits, from the table.
NAME_LENGTH = name_limit(
    ("ecs_cluster", "{name}"),
    ("ecs_service", "{name}"),
    ("ecs_task_family", "{name}-migrate"),
    ("log_group", "/ecs/{name}"),
    ("security_group", "{name}-app"),
)

DEPLOYMENTS = ("rolling", "blue_green")
"""How a new version reaches the app's service: `rolling` (ECS replaces tasks in place, with a circuit breaker that
rolls back a crash loop) or `blue_green` (CodeDeploy starts the new tasks beside the old ones, shifts the load
balancer's traffic to them, and keeps the old ones for a bake time to roll back to)."""


def check_deployment(setting: str, value: str) -> None:
    """One of `DEPLOYMENTS`, or an error that says what each means."""
    require(
        value in DEPLOYMENTS,
        setting=setting,
        value=value,
        problem="not a deployment type",
        fix="use rolling (ECS replaces the tasks in place) or blue_green (CodeDeploy shifts traffic to new tasks)",
    )


# Fargate's task sizes: CPU units -> allowed memory in MiB.
FARGATE_MEMORY_MIB: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4097, 1024)),
    1024: tuple(range(2048, 8193, 1024)),
    2048: tuple(range(4096, 16385, 1024)),
    4096: tuple(range(8192, 30721, 1024)),
    8192: tuple(range(16384, 61441, 4096)),
    16384: tuple(range(32768, 122881, 8192)),
}


def check_fargate_size(
    cpu: int, memory_mib: int, *, cpu_setting: str = "cpu", memory_setting: str = "memory_mib"
) -> None:
    if is_token(cpu) or is_token(memory_mib):
        return
    require(
        cpu in FARGATE_MEMORY_MIB,
        setting=cpu_setting,
        value=cpu,
        problem="not a Fargate CPU size",
        fix=f"use one of {', '.join(map(str, FARGATE_MEMORY_MIB))} (1024 = 1 vCPU)",
    )
    allowed = FARGATE_MEMORY_MIB[cpu]
    require(
        memory_mib in allowed,
        setting=memory_setting,
        value=memory_mib,
        problem=f"Fargate does not pair it with {cpu_setting}={cpu}",
        fix=f"use {allowed[0]}-{allowed[-1]} MiB in steps of {allowed[1] - allowed[0]} for {cpu_setting}={cpu}",
    )


# Task size, for every Fargate service (the app's and the worker's): declared once, checked by Python (with
# `check_fargate_size`'s messages) and by the modules' validation blocks.
FARGATE_SIZE_RULES: tuple[Rule, ...] = (
    one_of(
        "cpu",
        tuple(FARGATE_MEMORY_MIB),
        refused=(300, 128),
        problem="not a Fargate CPU size",
        fix=f"use one of {', '.join(map(str, FARGATE_MEMORY_MIB))} (1024 = 1 vCPU)",
    ),
    check(
        "memory_mib",
        f"contains(lookup({hcl_literal({str(k): list(v) for k, v in FARGATE_MEMORY_MIB.items()})}, "
        "tostring({{cpu}}), []), {{value}})",
        "{{setting}} must be a memory size Fargate pairs with cpu (256: 512-2048; 512: 1024-4096; 1024: "
        "2048-8192; 2048: 4096-16384; 4096: 8192-30720, in steps of 1024 MiB; larger sizes: see the AWS docs).",
        refused=(1000, 4096),
        python=lambda _, value, options: check_fargate_size(options.cpu, value),
    ),
)


def _check_capacity(setting: str, value: Any, options: Any) -> None:
    low, high = options.min_capacity, options.max_capacity
    if any(is_token(v) for v in (low, high, value)):
        return
    if setting == "max_capacity":
        require(
            low <= value,
            setting=setting,
            value=value,
            problem=f"below min_capacity ({low})",
            fix="set max_capacity at or above min_capacity",
        )
    else:
        require(
            low <= value <= high,
            setting=setting,
            value=value,
            problem=f"outside min_capacity-max_capacity ({low}-{high})",
            fix="choose a desired_count within the autoscaling range (and min_capacity <= max_capacity)",
        )


# Autoscaling of every Fargate service (the app's and the worker's).
CAPACITY_RULES: tuple[Rule, ...] = (
    *(in_range(field, 1, 100) for field in ("min_capacity", "max_capacity", "desired_count")),
    check(
        "max_capacity",
        "{{value}} >= {{min_capacity}}",
        "{{setting}} must be at least min_capacity.",
        python=_check_capacity,
    ),
    check(
        "desired_count",
        "{{value}} >= {{min_capacity}} && {{value}} <= {{max_capacity}}",
        "{{setting}} must be within min_capacity-max_capacity.",
        python=_check_capacity,
    ),
    in_range("cpu_target_percent", 10, 95),
)


@dataclass(frozen=True, kw_only=True)
class FargateServiceOptions(Options):
    """What a user chooses about the service: task size, scaling, deployment, logs."""

    RULES: ClassVar[Sequence[Rule]] = (
        *FARGATE_SIZE_RULES,
        in_range("container_port", 1, 65535),
        *CAPACITY_RULES,
        in_range("memory_target_percent", 10, 95),
        in_range("health_check_grace_period_seconds", 0, 2147483647),
        log_retention("log_retention_days"),
        at_least(
            "migration_command",
            1,
            "word (the migration task's command)",
            problem="empty",
            fix="give the migration command, e.g. ['alembic', 'upgrade', 'head']",
        ),
    )

    cpu: int = 256
    """Task CPU units (1024 = 1 vCPU); see `FARGATE_MEMORY_MIB` for the memory each allows."""
    memory_mib: int = 512
    """Task memory in MiB; Fargate allows only certain values for each `cpu`."""
    container_port: int = 8000
    """Port the app listens on inside the task."""
    desired_count: int = 1
    """Tasks at the first deployment; afterwards autoscaling owns the count (a later deploy never resets it)."""
    min_capacity: int = 1
    """Fewest tasks autoscaling keeps running."""
    max_capacity: int = 2
    """Most tasks autoscaling may start."""
    cpu_target_percent: int = 60
    """Average service CPU that target tracking holds the service at."""
    memory_target_percent: int = 70
    """Average service memory that target tracking holds the service at."""
    scale_in_cooldown_seconds: int = 300
    """Seconds after a scale-in before another scale-in."""
    scale_out_cooldown_seconds: int = 60
    """Seconds after a scale-out before another scale-out."""
    health_check_grace_period_seconds: int = 60
    """Time a new task has to start before failing load balancer health checks count against it."""
    enable_execute_command: bool = False
    """ECS Exec (`aws ecs execute-command`): a shell in running tasks, audited in CloudTrail."""
    enable_container_insights: bool = True
    """Container Insights metrics for the cluster (CPU, memory, network per task)."""
    log_retention_days: int = 30
    """Days CloudWatch Logs keeps the app's and the migrations' logs."""
    environment: Mapping[str, str] = field(default_factory=dict)
    """Plain, non-secret environment variables. When left out, none beyond the secrets."""
    migration_command: Sequence[str] = ("alembic", "upgrade", "head")
    """Command of the one-off migration task definition (same image, secrets and network as the service)."""


@dataclass(frozen=True, kw_only=True)
class FargateServiceProps(FargateServiceOptions, Props):
    """Everything `FargateService` needs: the options plus its name, network, image, target group and secrets."""

    name: str
    """Names the cluster, service, task families (`<name>`, `<name>-migrate`) and the log group `/ecs/<name>`."""
    vpc_id: str
    """VPC of the tasks' security group."""
    subnet_ids: Sequence[str]
    """Subnets of the tasks: private ones (egress through NAT), or public ones with `assign_public_ip`."""
    assign_public_ip: bool = False
    """Give the tasks public IPs, for public subnets without NAT; the security group still admits only the load
    balancer. When left out, none (private subnets, egress through NAT)."""
    image: str
    """Full image reference; in a stack its tag is a Terraform variable so CI can deploy without a synth."""
    target_group_arn: str
    """Target group (type `ip`) the app container registers with."""
    region: str
    """Region of the log group, for the awslogs driver."""
    kms_key_arn: str | None = None
    """KMS key for the log group and for decrypting the secrets. When left out, AWS-managed keys."""
    secrets: Mapping[str, str] = field(default_factory=dict)
    """Container environment variable -> Secrets Manager secret ARN. The only way secrets reach the container.
    When left out, none."""
    redeploy_triggers: Mapping[str, str] = field(default_factory=dict)
    """Values that roll out new tasks when they change (tasks read their secrets only when they start), such as
    the versions of the secrets. When left out, only a new task definition rolls out tasks."""
    deployment: str = "rolling"
    """`rolling`: ECS replaces the tasks in place (100-200 %), with a circuit breaker that rolls a crash loop back.
    `blue_green`: the service takes `deployment_controller = CODE_DEPLOY` and Terraform creates its tasks once and
    then leaves the task definition, load balancer and network to CodeDeploy's deployments (`ignore_changes`); no
    circuit breaker and no forced redeploy (CodeDeploy refuses both): the redeploy triggers become a Docker label
    of the task definition, so a rotated secret registers a new revision that the next CodeDeploy deployment
    rolls out. A Python-only choice: Terraform's `lifecycle` arguments must be literal, so the HCL module stays
    `rolling`. When left out, rolling."""

    RULES: ClassVar[Sequence[Rule]] = (
        *FargateServiceOptions.RULES,
        matches(
            "name",
            rf"[a-z][a-z0-9-]{{0,{NAME_LENGTH - 2}}}[a-z0-9]",
            f"a lowercase name of at most {NAME_LENGTH} letters, digits and hyphens",
            example="billing-prod",
            refused=("Billing", "billing-", "a" * (NAME_LENGTH + 1)),
        ),
        matches("image", r"\S+", "a container image reference", example="acme/app:1.4.2", refused=("", "has space")),
        check(
            "environment",
            "length(setintersection(keys({{value}}), keys({{secrets}}))) == 0",
            "{{setting}} must not repeat a name of secrets: pass each variable either as a secret or as plain "
            "environment.",
            python=lambda setting, value, props: require(
                not (clash := sorted(set(props.secrets) & set(value))),
                setting=setting,
                value=clash,
                problem="these names are also secrets",
                fix="pass each variable either as a secret or as plain environment, never both",
            ),
        ),
    )

    def validate(self) -> None:
        check_deployment("deployment", self.deployment)  # Python only: the HCL module stays rolling
