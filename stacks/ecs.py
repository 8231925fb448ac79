"""The ECS Fargate stack (`dev`, `prod`): network, database, cache, load balancer, service, secrets, alarms; and
beside the app, what watches it: a dashboard, saved log queries and a monthly budget."""

from __future__ import annotations

import dataclasses

from cdktf import Fn, TerraformOutput, TerraformVariable
from cdktf_cdktf_provider_aws.db_instance_automated_backups_replication import DbInstanceAutomatedBackupsReplication
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from environments import scoped_variable
from environments.settings import Settings
from modules.budget.construct import Budget
from modules.budget.props import BudgetProps
from modules.dashboard.construct import Dashboard
from modules.dashboard.props import DashboardProps
from modules.deployed_image.construct import DeployedImage
from modules.deployed_image.props import DeployedImageProps
from modules.ecs_app import contract
from modules.ecs_app.construct import EcsApp
from modules.log_queries.construct import LogQueries
from modules.log_queries.props import LogQueriesProps
from stacks.backend import point_provider_at_emulator
from stacks.base import ENVIRONMENT_TAG, EnvironmentStack


class EcsStack(EnvironmentStack):
    image: DeployedImage
    app: EcsApp
    dashboard: Dashboard
    log_queries: LogQueries
    budget: Budget | None

    def __init__(self, scope: Construct, settings: Settings) -> None:
        super().__init__(scope, settings)
        # The image version lives in an SSM parameter that CI writes on a release: the next deploy keeps it.
        self.image = DeployedImage(
            self,
            "image_tag",
            DeployedImageProps(
                name=settings.resource_name,
                repository=settings.image_repository,
                initial_version=settings.image_version,
            ),
        )
        # The app's construct is the stack's main one (`this`): its parts keep short addresses (`database`).
        # The settings built (and checked) the props; the stack knows one field better: the image the parameter holds.
        # `replace` checks them again: the same values, and the image is a token the rules skip.
        assert settings.ecs_app_props is not None, f"environment {settings.name!r} is not an ECS environment"
        self.app = EcsApp(self, "this", dataclasses.replace(settings.ecs_app_props, image=self.image.reference))
        if settings.adopt_database_identifier is not None:  # the switch to a restored instance (ops/restore.py)
            self.app.database.adopt(settings.adopt_database_identifier)
        if settings.backup_replica_region is not None and settings.backup_replica_kms_key_arn is not None:
            self._replicate_backups(settings, settings.backup_replica_region, settings.backup_replica_kms_key_arn)
        if settings.require_https and settings.domain_name is None:
            self._refuse_plain_http(settings)
        self._observe(settings)
        self._outputs(settings)

    def _replicate_backups(self, settings: Settings, region: str, kms_key_arn: str) -> None:
        """Copy the database's automated backups to another region. RDS starts the copy from the destination
        region, so the resource lives in a provider of that region."""
        replica = AwsProvider(self, "backup_replica", alias="backup_replica", region=region)
        if settings.emulator_endpoint is not None:
            point_provider_at_emulator(replica, settings.emulator_endpoint)
        assert settings.ecs is not None
        DbInstanceAutomatedBackupsReplication(
            self,
            "database_backup_replication",
            provider=replica,
            source_db_instance_arn=self.app.database.instance.arn,
            kms_key_id=kms_key_arn,
            retention_period=settings.ecs.database.backup_retention_days,
        )

    def _observe(self, settings: Settings) -> None:
        """The dashboard, the saved queries and the budget: beside the app, built from what it exposes."""
        app = self.app
        cache = app.cache.replication_group
        node_count = settings.ecs.cache.node_count if settings.ecs is not None else 1
        self.dashboard = Dashboard(
            self,
            "dashboard",
            DashboardProps(
                name=settings.resource_name,
                region=settings.region,
                cluster_name=app.service.cluster.name,
                service_name=app.service.service.name,
                load_balancer_arn_suffix=app.load_balancer.load_balancer.arn_suffix,
                target_group_arn_suffix=app.load_balancer.target_group.arn_suffix,
                alt_target_group_arn_suffix=alt.arn_suffix if (alt := app.load_balancer.alt_target_group) else None,
                database_instance_id=app.database.instance.identifier,
                # ElastiCache publishes per member cluster; `member_clusters` is a set: sorted, it is 001, 002, ...
                cache_cluster_ids=tuple(Fn.element(cache.member_clusters, index) for index in range(node_count)),
                worker_service_name=app.worker.service.name if app.worker is not None else None,
            ),
        )
        self.log_queries = LogQueries(
            self, "log_queries", LogQueriesProps(name=settings.resource_name, log_group_name=app.service.log_group.name)
        )
        self.budget = None
        if settings.monthly_budget_usd is not None:
            self.budget = Budget(
                self,
                "budget",
                BudgetProps(
                    name=settings.resource_name,
                    amount_usd=settings.monthly_budget_usd,
                    tag_key=ENVIRONMENT_TAG,
                    tag_value=settings.name,
                    topic_arn=app.alarms.topic.arn,
                ),
            )
            # The alarm topic is encrypted with the environment's key: Budgets encrypts its messages with it.
            account = self.budget.account_id
            app.key.grant_topic_publishing(
                "BudgetsPublish", "budgets.amazonaws.com", account, f"arn:{self.budget.partition}:budgets::{account}:*"
            )

    def _refuse_plain_http(self, settings: Settings) -> None:
        """Without a domain the load balancer serves plain HTTP: stop the plan before anything is created, unless a
        private test says otherwise at plan time."""
        allow = TerraformVariable(
            self,
            "allow_plain_http",
            type="bool",
            default=False,
            nullable=False,
            description=f"Let {settings.name} serve plain HTTP on the load balancer's own name (a private test only): "
            "TF_VAR_allow_plain_http=true.",
        )
        domain_variable = scoped_variable("MC_DOMAIN_NAME", settings.name)  # the plain form is refused
        self.app.load_balancer.http_listener.add_override(
            "lifecycle.precondition",
            [
                {
                    "condition": f"${{{allow.fqn}}}",
                    "error_message": f"Environment {settings.name!r} serves users only over HTTPS, and without a "
                    f"domain the load balancer serves plain HTTP. Set {domain_variable} (a domain in a public Route "
                    "53 zone) and synthesize again; for a private test only, plan with TF_VAR_allow_plain_http=true.",
                }
            ],
        )

    def _outputs(self, settings: Settings) -> None:
        app = self.app
        outputs = {
            contract.APP_URL: (app.load_balancer.url, "URL of Mission Control."),
            contract.ALB_DNS_NAME: (app.load_balancer.load_balancer.dns_name, "DNS name of the load balancer."),
            contract.CLUSTER_NAME: (app.service.cluster.name, "ECS cluster name."),
            contract.SERVICE_NAME: (app.service.service.name, "ECS service name."),
            contract.LOG_GROUP_NAME: (app.service.log_group.name, "CloudWatch log group of the app and migrations."),
            contract.DATABASE_ENDPOINT: (
                app.database.instance.endpoint,
                "PostgreSQL host:port (private subnets only).",
            ),
            contract.REDIS_ENDPOINT: (
                app.cache.replication_group.primary_endpoint_address,
                "Redis primary endpoint (TLS, AUTH; private subnets only).",
            ),
            contract.MIGRATION_COMMAND: (
                app.service.run_migration_command(settings.region),
                "Runs `alembic upgrade head` once as a Fargate task with the app's image, secrets and network.",
            ),
            contract.ALARM_TOPIC_ARN: (
                app.alarms.topic.arn,
                "SNS topic every alarm notifies: subscribe your pager here.",
            ),
            contract.IMAGE_TAG_PARAMETER: (
                self.image.parameter.name,
                "SSM parameter holding the deployed image tag: write it, then deploy, to roll out a release.",
            ),
            contract.IMAGE: (self.image.reference, "The image the service runs (from the image tag parameter)."),
            contract.TASK_DEFINITION_ARN: (
                app.service.task_definition.arn,
                "Task definition the service runs after this apply; `make wait-stable` expects it.",
            ),
            contract.MIGRATION_TASK_DEFINITION: (
                app.service.migration_task_definition.arn,
                "Migration task definition (ARN with revision) that `make migrate` runs.",
            ),
            contract.TASK_SUBNET_IDS: (
                app.service.subnet_ids,
                "Private subnets of the service's tasks and one-off tasks.",
            ),
            contract.TASK_ASSIGN_PUBLIC_IP: (
                app.service.assign_public_ip,
                "Whether tasks get public IPs (no NAT: they run in the public subnets); one-off tasks must match.",
            ),
            contract.TASK_SECURITY_GROUP_ID: (
                app.service.security_group.id,
                "Security group of the service's tasks and one-off tasks.",
            ),
            contract.REGION: (settings.region, "AWS region of the environment."),
            contract.DASHBOARD_URL: (
                self.dashboard.url,
                "CloudWatch dashboard of the service, load balancer, database and Redis (and the worker).",
            ),
        }
        if app.deployment is not None:  # blue/green: what `ops.rollout` needs to start a CodeDeploy deployment
            outputs |= {
                contract.CODEDEPLOY_APPLICATION: (
                    app.deployment.application.name,
                    "CodeDeploy application of the service (blue/green): `make rollout` deploys through it.",
                ),
                contract.CODEDEPLOY_DEPLOYMENT_GROUP: (
                    app.deployment.deployment_group.deployment_group_name,
                    "CodeDeploy deployment group: rolls back on failure and on the 5xx and unhealthy-task alarms.",
                ),
                contract.APP_CONTAINER_PORT: (
                    app.service.container_port,
                    "Port of the `app` container behind the load balancer (the AppSpec's ContainerPort).",
                ),
            }
        for id, (value, description) in outputs.items():
            TerraformOutput(self, id, value=value, description=description)
