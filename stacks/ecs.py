"""The ECS Fargate stack (`dev`, `prod`): network, database, cache, load balancer, service, secrets, alarms."""

from __future__ import annotations

from cdktf import TerraformOutput, TerraformVariable, TerraformVariableValidationConfig
from constructs import Construct

from environments.settings import Settings
from modules.alarms.construct import Alarms
from modules.fargate_service.construct import FargateService
from modules.generated_secret import GeneratedSecret, GeneratedSecretProps, SecretProps, WriteOnlySecret
from modules.kms_key.construct import KmsKey
from modules.load_balancer.construct import LoadBalancer
from modules.network.construct import Network
from modules.postgres.construct import PORT as POSTGRES_PORT
from modules.postgres.construct import Postgres
from modules.redis.construct import PORT as REDIS_PORT
from modules.redis.construct import Redis
from stacks.base import EnvironmentStack


class EcsStack(EnvironmentStack):
    key: KmsKey
    network: Network
    database: Postgres
    cache: Redis
    load_balancer: LoadBalancer
    service: FargateService
    alarms: Alarms

    def __init__(self, scope: Construct, settings: Settings) -> None:
        super().__init__(scope, settings)
        name = settings.resource_name
        self.key = KmsKey(self, "key", settings.kms_key_props())
        key_arn = self.key.key.arn
        self.network = Network(self, "network", settings.network_props(kms_key_arn=key_arn))
        vpc_id, private, public = self.network.vpc.id, self.network.private_subnet_ids, self.network.public_subnet_ids

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

        # Secrets are generated inside AWS and reach the container only through the task definition's `secrets`.
        def secret(id: str, what: str) -> GeneratedSecret:
            return GeneratedSecret(self, id, GeneratedSecretProps(name=f"{name}/{what}", kms_key_id=key_arn))

        secret_key = secret("secret_key", "secret-key")
        database_password = secret("database_password", "database-password")
        redis_token = secret("redis_auth_token", "redis-auth-token")

        self.database = Postgres(
            self,
            "database",
            settings.postgres_props(
                vpc_id=vpc_id, subnet_ids=private, password=database_password.ephemeral_value, kms_key_arn=key_arn
            ),
        )
        self.cache = Redis(
            self,
            "cache",
            settings.redis_props(vpc_id=vpc_id, subnet_ids=private, auth_token=redis_token.value, kms_key_arn=key_arn),
        )
        database_url = WriteOnlySecret(
            self,
            "database_url",
            SecretProps(name=f"{name}/database-url", kms_key_id=key_arn),
            value=self.database.url(database_password.ephemeral_value),
        )
        redis_url = WriteOnlySecret(
            self,
            "redis_url",
            SecretProps(name=f"{name}/redis-url", kms_key_id=key_arn),
            value=self.cache.url(redis_token.value),
        )

        self.load_balancer = LoadBalancer(
            self, "load_balancer", settings.load_balancer_props(vpc_id=vpc_id, subnet_ids=public)
        )
        self.service = FargateService(
            self,
            "service",
            settings.service_props(
                vpc_id=vpc_id,
                subnet_ids=private,
                image=f"{settings.image_repository}:{image_tag.string_value}",
                target_group_arn=self.load_balancer.target_group.arn,
                kms_key_arn=key_arn,
                secrets={
                    "MC_DATABASE_URL": database_url.arn,
                    "MC_REDIS_URL": redis_url.arn,
                    "MC_SECRET_KEY": secret_key.arn,
                },
            ),
        )
        # ECS refuses a target group that no listener uses yet.
        listeners = [self.load_balancer.http_listener, self.load_balancer.https_listener]
        self.service.service.add_override(
            "depends_on",
            [f"{item.terraform_resource_type}.{item.friendly_unique_id}" for item in listeners if item is not None],
        )

        port = self.service.props.container_port
        self.load_balancer.allow_to(self.service.security_group, port)
        self.service.allow_from(self.load_balancer.security_group)
        self.database.allow_from(self.service.security_group)
        self.service.allow_to("to_database", self.database.security_group, POSTGRES_PORT, "PostgreSQL")
        self.cache.allow_from(self.service.security_group)
        self.service.allow_to("to_redis", self.cache.security_group, REDIS_PORT, "Redis")

        self.alarms = Alarms(
            self,
            "alarms",
            settings.alarms_props(
                cluster_name=self.service.cluster.name,
                service_name=self.service.service.name,
                database_instance_id=self.database.instance.identifier,
                load_balancer_arn_suffix=self.load_balancer.load_balancer.arn_suffix,
                target_group_arn_suffix=self.load_balancer.target_group.arn_suffix,
                kms_key_arn=key_arn,
            ),
        )
        self._outputs(settings)

    def _outputs(self, settings: Settings) -> None:
        outputs = {
            "app_url": (self.load_balancer.url, "URL of Mission Control."),
            "alb_dns_name": (self.load_balancer.load_balancer.dns_name, "DNS name of the load balancer."),
            "cluster_name": (self.service.cluster.name, "ECS cluster name."),
            "service_name": (self.service.service.name, "ECS service name."),
            "log_group_name": (self.service.log_group.name, "CloudWatch log group of the app and migrations."),
            "database_endpoint": (self.database.instance.endpoint, "PostgreSQL host:port (private subnets only)."),
            "redis_endpoint": (
                self.cache.replication_group.primary_endpoint_address,
                "Redis primary endpoint (TLS, AUTH; private subnets only).",
            ),
            "migration_command": (
                self.service.run_migration_command(settings.region),
                "Runs `alembic upgrade head` once as a Fargate task with the app's image, secrets and network.",
            ),
            "alarm_topic_arn": (self.alarms.topic.arn, "SNS topic every alarm notifies: subscribe your pager here."),
        }
        for id, (value, description) in outputs.items():
            TerraformOutput(self, id, value=value, description=description)
