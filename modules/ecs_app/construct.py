"""The `EcsApp` construct; see the package docstring."""

from __future__ import annotations

from cdktf import TerraformResource
from constructs import Construct

from modules.alarms.construct import Alarms
from modules.alarms.props import AlarmsOptions, AlarmsProps
from modules.blue_green.construct import BlueGreenDeployment
from modules.blue_green.props import BlueGreenDeploymentProps
from modules.ecs_app.props import EcsAppProps
from modules.fargate_service.construct import FargateService
from modules.fargate_service.props import FargateServiceOptions, FargateServiceProps
from modules.generated_secret import GeneratedSecret, GeneratedSecretProps, SecretProps, WriteOnlySecret, version_of
from modules.kms_key.construct import KmsKey
from modules.kms_key.props import KmsKeyOptions, KmsKeyProps
from modules.load_balancer.construct import LoadBalancer
from modules.load_balancer.props import LoadBalancerOptions, LoadBalancerProps
from modules.network.construct import Network
from modules.network.props import NetworkOptions, NetworkProps
from modules.options import options_values
from modules.postgres.construct import Postgres
from modules.postgres.props import PostgresOptions, PostgresProps
from modules.redis.construct import Redis
from modules.redis.props import RedisOptions, RedisProps
from modules.security import connect
from modules.tokens import as_text, choose, equals, present
from modules.waf.construct import Waf
from modules.waf.props import WafOptions, WafProps
from modules.worker.construct import Worker
from modules.worker.props import WorkerOptions, WorkerProps

# The load balancer's egress rule was `egress_to_targets` before `connect` named every rule after its peer.
LOAD_BALANCER_EGRESS_BEFORE = "aws_vpc_security_group_egress_rule.load_balancer_egress_to_targets"


class EcsApp(Construct):
    """Owns every part of one ECS deployment; each is exposed as a typed attribute."""

    key: KmsKey
    network: Network
    database: Postgres
    cache: Redis
    load_balancer: LoadBalancer
    service: FargateService
    alarms: Alarms
    deployment: BlueGreenDeployment | None
    """CodeDeploy's application and deployment group, with `deployment = "blue_green"`; else None (rolling)."""
    waf: Waf | None
    worker: Worker | None
    secret_key: GeneratedSecret
    database_password: GeneratedSecret
    redis_auth_token: GeneratedSecret
    database_url: WriteOnlySecret
    redis_url: WriteOnlySecret

    def __init__(self, scope: Construct, id: str, props: EcsAppProps) -> None:
        super().__init__(scope, id)
        name = props.name
        self.key = KmsKey(self, "key", KmsKeyProps(**options_values(props.key, KmsKeyOptions), alias=name))
        key_arn = self.key.key.arn
        self.network = Network(
            self,
            "network",
            NetworkProps(**options_values(props.network, NetworkOptions), name=name, kms_key_arn=key_arn),
        )
        vpc_id, private, public = self.network.vpc.id, self.network.private_subnet_ids, self.network.public_subnet_ids
        # Without NAT the private subnets have no way out: the tasks run in the public subnets with public IPs,
        # still reachable only from the load balancer. The database and Redis stay private either way.
        no_nat = equals(props.network.nat_gateways, "none")
        task_subnets = choose(no_nat, public, private)

        # Secrets are generated inside AWS, once per rotation, and stored; every consumer reads the stored value.
        # They reach the container only through the task definition's `secrets`.
        rotation, recovery_window_days = props.secrets.rotation, props.secrets.recovery_window_days

        def secret(id: str, what: str) -> GeneratedSecret:
            return GeneratedSecret(
                self,
                id,
                GeneratedSecretProps(
                    name=f"{name}/{what}",
                    kms_key_id=key_arn,
                    value_version=rotation,
                    recovery_window_days=recovery_window_days,
                ),
            )

        self.secret_key = secret("secret_key", "secret-key")
        self.database_password = secret("database_password", "database-password")
        self.redis_auth_token = secret("redis_auth_token", "redis-auth-token")

        self.database = Postgres(
            self,
            "database",
            PostgresProps(
                **options_values(props.database, PostgresOptions),
                name=name,
                vpc_id=vpc_id,
                subnet_ids=private,
                password=self.database_password.stored_value,
                password_version=rotation,
                kms_key_arn=key_arn,
            ),
        )
        self.cache = Redis(
            self,
            "cache",
            RedisProps(
                **options_values(props.cache, RedisOptions),
                name=name,
                vpc_id=vpc_id,
                subnet_ids=private,
                auth_token=self.redis_auth_token.value_in_state(),
                kms_key_arn=key_arn,
            ),
        )
        # A URL is rewritten whenever its host, port or password changes: its version follows all three.
        instance, group = self.database.instance, self.cache.replication_group
        self.database_url = WriteOnlySecret(
            self,
            "database_url",
            SecretProps(name=f"{name}/database-url", kms_key_id=key_arn, recovery_window_days=recovery_window_days),
            value=self.database.url(self.database_password.stored_value),
            value_version=version_of(instance.address, instance.port, rotation),
        )
        self.redis_url = WriteOnlySecret(
            self,
            "redis_url",
            SecretProps(name=f"{name}/redis-url", kms_key_id=key_arn, recovery_window_days=recovery_window_days),
            value=self.cache.url(self.redis_auth_token.value_in_state()),
            value_version=version_of(group.primary_endpoint_address, group.port, rotation),
        )

        self.load_balancer = LoadBalancer(
            self,
            "load_balancer",
            LoadBalancerProps(
                **options_values(props.load_balancer, LoadBalancerOptions),
                name=name,
                vpc_id=vpc_id,
                subnet_ids=public,
                domain_name=props.domain_name,
                enable_test_listener=props.deployment == "blue_green",
            ),
        )
        app_secrets = {
            "MC_DATABASE_URL": self.database_url.arn,
            "MC_REDIS_URL": self.redis_url.arn,
            "MC_SECRET_KEY": self.secret_key.arn,
        }
        # Tasks read their secrets when they start: a rotated secret rolls out new ones.
        redeploy_triggers = {
            "secret_key": as_text(self.secret_key.version.secret_string_wo_version),
            "database_url": as_text(self.database_url.version.secret_string_wo_version),
            "redis_url": as_text(self.redis_url.version.secret_string_wo_version),
        }
        self.service = FargateService(
            self,
            "service",
            FargateServiceProps(
                **options_values(props.service, FargateServiceOptions),
                name=name,
                vpc_id=vpc_id,
                subnet_ids=task_subnets,
                assign_public_ip=no_nat,
                image=props.image,
                target_group_arn=self.load_balancer.target_group.arn,
                region=props.region,
                kms_key_arn=key_arn,
                secrets=app_secrets,
                redeploy_triggers=redeploy_triggers,
                deployment=props.deployment,
            ),
        )
        self.waf = None
        if present(props.waf.enabled):
            self.waf = Waf(
                self,
                "waf",
                WafProps(
                    **options_values(props.waf, WafOptions),
                    name=name,
                    resource_arn=self.load_balancer.load_balancer.arn,
                    kms_key_arn=key_arn,
                ),
            )
        # ECS refuses a target group that no listener uses yet.
        listeners = [
            self.load_balancer.http_listener,
            self.load_balancer.https_listener,
            self.load_balancer.test_listener,
        ]
        self.service.service.add_override(
            "depends_on",
            [f"{item.terraform_resource_type}.{item.friendly_unique_id}" for item in listeners if item is not None],
        )

        # Every flow inside the VPC: load balancer -> app -> database and Redis. Nothing else is open.
        to_app, _ = connect(self.load_balancer, self.service, self.service.container_port, "app port")
        to_app.move_from_id(LOAD_BALANCER_EGRESS_BEFORE)
        connect(self.service, self.database, self.database.port, "PostgreSQL")
        connect(self.service, self.cache, self.cache.port, "Redis")

        alt_target_group = self.load_balancer.alt_target_group
        self.alarms = Alarms(
            self,
            "alarms",
            AlarmsProps(
                **options_values(props.alarms, AlarmsOptions),
                name=name,
                cluster_name=self.service.cluster.name,
                service_name=self.service.service.name,
                database_instance_id=self.database.instance.identifier,
                load_balancer_arn_suffix=self.load_balancer.load_balancer.arn_suffix,
                target_group_arn_suffix=self.load_balancer.target_group.arn_suffix,
                alt_target_group_arn_suffix=alt_target_group.arn_suffix if alt_target_group else None,
                kms_key_arn=key_arn,
            ),
        )
        self.deployment = None
        if alt_target_group is not None and self.load_balancer.test_listener is not None:
            self.deployment = BlueGreenDeployment(
                self,
                "deployment",
                BlueGreenDeploymentProps(
                    name=name,
                    cluster_name=self.service.cluster.name,
                    service_name=self.service.service.name,
                    production_listener_arn=self.load_balancer.production_listener.arn,
                    test_listener_arn=self.load_balancer.test_listener.arn,
                    target_group_names=(self.load_balancer.target_group.name, alt_target_group.name),
                    alarm_names=[alarm.alarm_name for alarm in self.alarms.deployment_alarms],
                ),
            )
        self.worker = None
        if props.worker.enabled:
            service = self.service
            self.worker = Worker(
                self,
                "worker",
                WorkerProps(
                    **options_values(props.worker, WorkerOptions),
                    name=name,
                    cluster_arn=service.cluster.arn,
                    cluster_name=service.cluster.name,
                    vpc_id=vpc_id,
                    subnet_ids=task_subnets,
                    assign_public_ip=no_nat,
                    image=props.image,
                    execution_role_arn=service.execution_role.arn,
                    task_role_arn=service.task_role.arn,
                    log_group_name=service.log_group.name,
                    region=props.region,
                    secrets=app_secrets,
                    environment=props.service.environment,
                    redeploy_triggers=redeploy_triggers,
                    alarm_topic_arn=self.alarms.topic.arn,
                ),
            )
            connect(self.worker, self.database, self.database.port, "PostgreSQL")
            connect(self.worker, self.cache, self.cache.port, "Redis")

        if props.prevent_destroy:
            for resource in self.protected_resources():
                resource.add_override("lifecycle.prevent_destroy", True)

    def protected_resources(self) -> list[TerraformResource]:
        """What holds data or serves users: refused by `prevent_destroy`."""
        secrets = (self.secret_key, self.database_password, self.redis_auth_token, self.database_url, self.redis_url)
        return [
            self.key.key,
            *(secret.secret for secret in secrets),
            self.database.instance,
            self.cache.replication_group,
            self.load_balancer.load_balancer,
            self.service.cluster,
            self.service.service,
            self.network.vpc,
        ]
