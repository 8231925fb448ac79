"""The names other code relies on: the ECS stacks' outputs and the app's key Terraform addresses, in one place.

    from modules.ecs_app import contract
    outputs.string(contract.CLUSTER_NAME)              # ops: read what the stack wrote
    values[contract.DATABASE]                          # rehearsal: aws_db_instance.database in the state

The stack (stacks/ecs.py) writes these outputs, the HCL module (modulegen/definitions/ecs_app.py) writes those it
shares, and ops, the rehearsal and the tests read them: renaming one here renames it for all of them (and for the
users who read `terraform output`: a rename is a breaking change). tests/synth/test_contract.py checks that every
output and address named here exists in the synthesized stacks, and that no other package spells an output name.

An address follows the construct tree (modules/addresses.py): the stack's main construct is the app (`this`, left
out), so the database `Postgres(app, "database")` with its main resource `this` is `aws_db_instance.database`.
Renaming a construct ID moves the resource: it needs a `moved` block, and a change here.
"""

from __future__ import annotations

# Outputs of every ECS stack (dev, prod) --------------------------------------------------------------------------

APP_URL = "app_url"
"""The app's URL: https://<domain>, or the load balancer's own HTTP URL. Also a module output."""
ALB_DNS_NAME = "alb_dns_name"
"""The load balancer's DNS name. Also a module output."""
CLUSTER_NAME = "cluster_name"
"""The ECS cluster's name: ops run one-off tasks and wait for the service in it. Also a module output."""
SERVICE_NAME = "service_name"
"""The app's ECS service name. Also a module output."""
LOG_GROUP_NAME = "log_group_name"
"""The CloudWatch log group of the app and its migrations. Also a module output."""
DATABASE_ENDPOINT = "database_endpoint"
"""The PostgreSQL `host:port`: `ops.snapshot` and `ops.restore` find the RDS instance by it. Also a module output,
and the Lightsail stack's name for its database's `host:port`."""
REDIS_ENDPOINT = "redis_endpoint"
"""The Redis primary endpoint. Also a module output."""
MIGRATION_COMMAND = "migration_command"
"""An `aws ecs run-task` command that runs the migration once. Also a module output."""
ALARM_TOPIC_ARN = "alarm_topic_arn"
"""The SNS topic every alarm notifies. Also a module output."""
IMAGE_TAG_PARAMETER = "image_tag_parameter"
"""The SSM parameter holding the deployed image tag: a rollout writes it, then deploys. Also the Lightsail stack's
name for its own tag parameter."""
IMAGE = "image"
"""The image reference the service runs (built from the tag parameter)."""
TASK_DEFINITION_ARN = "task_definition_arn"
"""The task definition (ARN with revision) the service runs after the apply: what a rollout waits for."""
MIGRATION_TASK_DEFINITION = "migration_task_definition"
"""The migration's task definition (ARN with revision): what `ops.migrate` runs."""
TASK_SUBNET_IDS = "task_subnet_ids"
"""The subnets of the service's tasks: one-off tasks run there too."""
TASK_ASSIGN_PUBLIC_IP = "task_assign_public_ip"
"""Whether the service's tasks get public IPs (no NAT); one-off tasks must match."""
TASK_SECURITY_GROUP_ID = "task_security_group_id"
"""The security group of the service's tasks and of one-off tasks."""
REGION = "region"
"""The environment's AWS region: ops use it for their clients."""
DASHBOARD_URL = "dashboard_url"
"""The CloudWatch dashboard of the environment."""

# Outputs of a blue/green stack only (prod) -----------------------------------------------------------------------

CODEDEPLOY_APPLICATION = "codedeploy_application"
"""The CodeDeploy application `ops.rollout` deploys through."""
CODEDEPLOY_DEPLOYMENT_GROUP = "codedeploy_deployment_group"
"""The CodeDeploy deployment group; its presence tells a rollout the service is blue/green."""
APP_CONTAINER_PORT = "app_container_port"
"""The port of the app's container behind the load balancer (the AppSpec's ContainerPort)."""

STACK_OUTPUTS = (
    APP_URL,
    ALB_DNS_NAME,
    CLUSTER_NAME,
    SERVICE_NAME,
    LOG_GROUP_NAME,
    DATABASE_ENDPOINT,
    REDIS_ENDPOINT,
    MIGRATION_COMMAND,
    ALARM_TOPIC_ARN,
    IMAGE_TAG_PARAMETER,
    IMAGE,
    TASK_DEFINITION_ARN,
    MIGRATION_TASK_DEFINITION,
    TASK_SUBNET_IDS,
    TASK_ASSIGN_PUBLIC_IP,
    TASK_SECURITY_GROUP_ID,
    REGION,
    DASHBOARD_URL,
)
"""What every ECS stack outputs, in the order it writes them."""
BLUE_GREEN_OUTPUTS = (CODEDEPLOY_APPLICATION, CODEDEPLOY_DEPLOYMENT_GROUP, APP_CONTAINER_PORT)
"""What a blue/green stack outputs besides (`EcsAppProps.deployment == "blue_green"`)."""
MODULE_OUTPUTS = (
    APP_URL,
    ALB_DNS_NAME,
    CLUSTER_NAME,
    SERVICE_NAME,
    LOG_GROUP_NAME,
    MIGRATION_COMMAND,
    DATABASE_ENDPOINT,
    REDIS_ENDPOINT,
    ALARM_TOPIC_ARN,
)
"""The stack outputs the HCL module (modules/ecs_app/terraform) shares, under the same names. Its other outputs
(`vpc_id`, `kms_key_arn`, ...) are the module's own: no code here reads them."""

# Key resource addresses ------------------------------------------------------------------------------------------

DATABASE = "aws_db_instance.database"
"""The RDS instance: what a restore adopts and a rotation's password reaches."""
REDIS = "aws_elasticache_replication_group.cache"
"""The Redis replication group."""
SERVICE = "aws_ecs_service.service"
"""The app's ECS service."""
TASK_DEFINITION = "aws_ecs_task_definition.service_task_definition"
"""The app's task definition (its revision carries the secrets' versions)."""
MIGRATION_TASK_DEFINITION_ADDRESS = "aws_ecs_task_definition.service_migration_task_definition"
"""The migration's task definition."""

SECRETS = ("secret-key", "database-password", "redis-auth-token", "database-url", "redis-url")
"""The environment's secrets, named `<name>/<secret>` in Secrets Manager (`EcsAppProps.derived_names` checks them)."""
SECRET_IDS = tuple(secret.replace("-", "_") for secret in SECRETS)
"""The environment's secrets by the construct ID of their `GeneratedSecret` (`secret_key`): the secret is
`aws_secretsmanager_secret.<id>`, its value `aws_secretsmanager_secret_version.<id>_version`."""


def secret_address(secret_id: str) -> str:
    """The address of one of `SECRET_IDS`' secrets: `aws_secretsmanager_secret.secret_key`."""
    return f"aws_secretsmanager_secret.{secret_id}"


def secret_version_address(secret_id: str) -> str:
    """The address of one of `SECRET_IDS`' current versions: `aws_secretsmanager_secret_version.secret_key_version`."""
    return f"aws_secretsmanager_secret_version.{secret_id}_version"


ADDRESSES = (
    DATABASE,
    REDIS,
    SERVICE,
    TASK_DEFINITION,
    MIGRATION_TASK_DEFINITION_ADDRESS,
    *(secret_address(s) for s in SECRET_IDS),
    *(secret_version_address(s) for s in SECRET_IDS),
)
"""Every address named here: each is a resource of every ECS stack."""
