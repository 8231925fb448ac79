"""The ECS Fargate stack (`dev`, `prod`): network, database, cache, load balancer, service, secrets, alarms."""

from __future__ import annotations

from cdktf import TerraformOutput, TerraformVariable, TerraformVariableValidationConfig
from constructs import Construct

from environments.settings import Settings
from modules.ecs_app.construct import EcsApp
from stacks.base import EnvironmentStack


class EcsStack(EnvironmentStack):
    app: EcsApp

    def __init__(self, scope: Construct, settings: Settings) -> None:
        super().__init__(scope, settings)
        # CI deploys a new image with `-var image_tag=...` (or TF_VAR_image_tag): no synth needed.
        image_tag = TerraformVariable(
            self,
            "image_tag",
            type="string",
            default=settings.image_tag,
            description=f"Tag of {settings.image_repository} that the service and the migration task run.",
            validation=[
                TerraformVariableValidationConfig(
                    condition='${can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))}',
                    error_message="image_tag must be a Docker tag: letters, digits, _ . - (at most 128).",
                )
            ],
        )

        # The app's construct is the stack's main one (`this`): its parts keep short addresses (`database`).
        image = f"{settings.image_repository}:{image_tag.string_value}"
        self.app = EcsApp(self, "this", settings.ecs_app_props(image=image))
        self._outputs(settings)

    def _outputs(self, settings: Settings) -> None:
        app = self.app
        outputs = {
            "app_url": (app.load_balancer.url, "URL of Mission Control."),
            "alb_dns_name": (app.load_balancer.load_balancer.dns_name, "DNS name of the load balancer."),
            "cluster_name": (app.service.cluster.name, "ECS cluster name."),
            "service_name": (app.service.service.name, "ECS service name."),
            "log_group_name": (app.service.log_group.name, "CloudWatch log group of the app and migrations."),
            "database_endpoint": (app.database.instance.endpoint, "PostgreSQL host:port (private subnets only)."),
            "redis_endpoint": (
                app.cache.replication_group.primary_endpoint_address,
                "Redis primary endpoint (TLS, AUTH; private subnets only).",
            ),
            "migration_command": (
                app.service.run_migration_command(settings.region),
                "Runs `alembic upgrade head` once as a Fargate task with the app's image, secrets and network.",
            ),
            "alarm_topic_arn": (app.alarms.topic.arn, "SNS topic every alarm notifies: subscribe your pager here."),
        }
        for id, (value, description) in outputs.items():
            TerraformOutput(self, id, value=value, description=description)
