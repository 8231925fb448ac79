"""The `alarms` Terraform module (modules/alarms/terraform), generated from `Alarms`: `make modules`."""

from __future__ import annotations

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import variables_from
from modules.alarms.construct import Alarms
from modules.alarms.props import AlarmsProps
from modules.rules import Rule

USAGE = """
module "alarms" {
  source                   = "git::https://github.com/<org>/<repo>.git//modules/alarms/terraform?ref=<tag>"
  name                     = "billing-prod"
  cluster_name             = aws_ecs_cluster.this.name
  service_name             = aws_ecs_service.app.name
  database_instance_id     = aws_db_instance.this.identifier
  load_balancer_arn_suffix = aws_lb.this.arn_suffix
  target_group_arn_suffix  = aws_lb_target_group.app.arn_suffix
  email                    = "ops@example.com"   # optional: AWS emails a confirmation link
}
"""

# Declared beside the fields (`AlarmsOptions.RULES`, `AlarmsProps.RULES`).
RULES: list[Rule] = list(AlarmsProps.RULES)

VARIABLES = variables_from(
    AlarmsProps,
    [
        "name",
        "cluster_name",
        "service_name",
        "database_instance_id",
        "load_balancer_arn_suffix",
        "target_group_arn_suffix",
        "kms_key_arn",
        "email",
        "cpu_percent",
        "memory_percent",
        "database_connections",
        "database_free_storage_gib",
        "alb_5xx_per_5_minutes",
    ],
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    alarms = Alarms(stack, "this", AlarmsProps(**inputs(stack, VARIABLES)))
    stack.output("alarm_topic_arn", alarms.topic.arn, "SNS topic every alarm notifies: subscribe a pager here.")
    stack.output("alarm_arns", {rule: alarm.arn for rule, alarm in alarms.alarms.items()}, "Alarm ARNs, by alarm.")


MODULE = ModuleDefinition(
    title="CloudWatch alarms on an ECS service (CPU, memory), its RDS database (connections, free storage) and its "
    "load balancer (ALB and target 5xx, unhealthy hosts), all notifying one SNS topic, optionally with an email "
    "subscription.",
    sample={
        "name": "example",
        "cluster_name": "example",
        "service_name": "example",
        "database_instance_id": "example",
        "load_balancer_arn_suffix": "app/example/0123456789abcdef",
        "target_group_arn_suffix": "targetgroup/example-app/0123456789abcdef",
    },
    build=build,
    usage=USAGE,
    fixed={
        "Alarm set": "the seven alarms above, each on the metric and statistic that signals the problem; a "
        "threshold is an input, which alarms exist is not (each watches a part every service of this shape has).",
        "Evaluation": "5-minute periods (3 for CPU and memory, 1 for the rest); missing data is not breaching (an "
        "idle or scaled-in resource is not an incident).",
        "Notifications": "alarm and OK transitions both notify the topic.",
    },
)
