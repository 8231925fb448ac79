"""The `fargate_service` Terraform module (modules/fargate_service/terraform), generated from `FargateService`:
`make modules`."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import variables_from
from modules.fargate_service.construct import FargateService
from modules.fargate_service.props import FargateServiceProps
from modules.rules import Rule

USAGE = """
module "service" {
  source           = "git::https://github.com/<org>/<repo>.git//modules/fargate_service/terraform?ref=<tag>"
  name             = "billing-prod"
  vpc_id           = module.network.vpc_id
  subnet_ids       = module.network.private_subnet_ids
  image            = "ghcr.io/acme/billing:1.4.2"
  target_group_arn = module.load_balancer.target_group_arn
  container_port   = 8080
  secrets          = { DATABASE_URL = aws_secretsmanager_secret.database_url.arn }
  environment      = { LOG_LEVEL = "info" }
  cpu              = 512
  memory_mib       = 1024
  max_capacity     = 4
}
"""

NOTES = """
### One-off tasks

The module also registers `<name>-migrate`, a task definition with the same image, secrets, environment and network
whose command is `migration_command`. The `run_migration_command` output is the exact `aws ecs run-task` command
that runs it once (in CI before a deploy, or by hand).
"""

# Declared beside the fields (`FargateServiceOptions.RULES`, `FargateServiceProps.RULES`).
RULES: list[Rule] = list(FargateServiceProps.RULES)

VARIABLES = variables_from(
    FargateServiceProps,
    [
        "name",
        "vpc_id",
        "subnet_ids",
        "image",
        "target_group_arn",
        "kms_key_arn",
        "secrets",
        "environment",
        "redeploy_triggers",
        "cpu",
        "memory_mib",
        "container_port",
        "desired_count",
        "min_capacity",
        "max_capacity",
        "cpu_target_percent",
        "memory_target_percent",
        "scale_in_cooldown_seconds",
        "scale_out_cooldown_seconds",
        "health_check_grace_period_seconds",
        "enable_execute_command",
        "enable_container_insights",
        "log_retention_days",
        "migration_command",
    ],
    descriptions={
        "cpu": "Task CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384.",
        "image": "Full image reference, such as ghcr.io/acme/billing:1.4.2 or an ECR URI.",
        "migration_command": "Command of the one-off task definition `<name>-migrate` (same image, secrets and "
        "network as the service).",
    },
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    region = DataAwsRegion(stack, "region")
    values = inputs(stack, VARIABLES)
    service = FargateService(stack, "this", FargateServiceProps(**values, region=region.name))
    stack.output("cluster_name", service.cluster.name, "ECS cluster name.")
    stack.output("cluster_arn", service.cluster.arn, "ECS cluster ARN.")
    stack.output("service_name", service.service.name, "ECS service name.")
    stack.output("task_definition_arn", service.task_definition.arn, "The service's task definition.")
    stack.output(
        "migration_task_definition_family",
        service.migration_task_definition.family,
        "Family of the one-off migration task definition.",
    )
    stack.output("log_group_name", service.log_group.name, "CloudWatch log group of the service and migrations.")
    stack.output("task_role_arn", service.task_role.arn, "The app's role: attach the policies your app needs.")
    stack.output("task_role_name", service.task_role.name, "The app's role name, for policy attachments.")
    stack.output("execution_role_arn", service.execution_role.arn, "ECS's role (image pulls, secrets, logs).")
    stack.output(
        "security_group_id",
        service.security_group.id,
        "Security group of the tasks: HTTPS out only; allow your load balancer in and the tasks out to what they use.",
    )
    stack.output(
        "run_migration_command",
        service.run_migration_command(region.name),
        "The `aws ecs run-task` command that runs the migration task once in the service's network.",
    )


MODULE = ModuleDefinition(
    title="An ECS Fargate service in private subnets behind a target group: a cluster with Container Insights, a "
    "task definition whose secrets come from Secrets Manager, logs to CloudWatch Logs, a deployment circuit breaker "
    "with rollback, CPU and memory target-tracking autoscaling, and a one-off task definition for migrations.",
    sample={
        "name": "example-api",
        "vpc_id": "vpc-0123456789abcdef0",
        "subnet_ids": ["subnet-a", "subnet-b"],
        "image": "public.ecr.aws/nginx/nginx:1.27",
        "target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/example/0123456789abcdef",
    },
    build=build,
    usage=USAGE,
    notes=NOTES,
    fixed={
        "Container": "one essential container named `app`, Linux/X86_64, with an init process (ECS Exec needs "
        "it) and 30 s to stop; logs through the `awslogs` driver.",
        "Deployments": "rolling, 100-200 %, circuit breaker with rollback; autoscaling owns the running count "
        "after the first deployment (`desired_count` is ignored afterwards).",
        "Network": "tasks get no public IP; their security group allows HTTPS out only (add your own rules to the "
        "database, cache, ...).",
        "Region": "the provider's region (for the log driver).",
    },
)
