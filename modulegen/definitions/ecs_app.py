"""The `ecs_app` Terraform module (modules/ecs_app/terraform), generated from `EcsApp`: `make modules`.

The whole ECS platform in one `module` block: each section of `EcsAppOptions` is one object variable whose
attributes are that part's options, with the same defaults and rules as in Python (`database = { multi_az = true }`).
"""

from __future__ import annotations

import typing
from collections.abc import Sequence

from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import NO_PRODUCT, Differs, Variable, field_docs, object_variable, variables_from
from modules.alarms.props import AlarmsOptions
from modules.ecs_app import contract
from modules.ecs_app.construct import EcsApp
from modules.ecs_app.props import NAME_LIMIT, EcsAppOptions, EcsAppProps
from modules.fargate_service.props import FargateServiceOptions
from modules.generated_secret.props import SecretsOptions
from modules.kms_key.props import KmsKeyOptions
from modules.load_balancer.props import LoadBalancerOptions
from modules.network.props import NetworkOptions
from modules.postgres.props import PostgresOptions
from modules.redis.props import RedisOptions
from modules.rules import Rule
from modules.tokens import attribute
from modules.waf.props import WafOptions
from modules.worker.props import WorkerOptions

USAGE = """
module "app" {
  source = "git::https://github.com/<org>/<repo>.git//modules/ecs_app/terraform?ref=<tag>"
  name   = "billing-prod"
  image  = "ghcr.io/acme/billing:1.4.2"

  # Everything below is optional; each section takes the attributes it changes.
  domain_name   = "billing.example.com"
  network       = { az_count = 3, nat_gateways = "per_az" }
  database      = { instance_class = "db.t3.small", multi_az = true, backup_retention_days = 14 }
  cache         = { node_count = 2, enable_automatic_failover = true, snapshot_retention_days = 7 }
  load_balancer = { enable_access_logs = true, enable_deletion_protection = true }
  service       = { cpu = 512, memory_mib = 1024, desired_count = 2, min_capacity = 2, max_capacity = 6 }
  alarms        = { email = "ops@example.com" }
  waf           = { enabled = true }
  worker        = { command = ["arq", "billing.worker.WorkerSettings"] }
}
"""

NOTES = """
After `terraform apply`, `app_url` is the app; `migration_command` runs the database migrations once (run it
before the first use and after each image upgrade). The secrets (`MC_SECRET_KEY`, `MC_DATABASE_URL`,
`MC_REDIS_URL`) are generated inside AWS and reach the container only through the task definition; bump
`secrets = { rotation = 2 }` to rotate them all in one apply.
"""

# Each section's rules, declared beside its fields (`PostgresOptions.RULES`, ...).
RULES_BY_SECTION: dict[str, Sequence[Rule]] = {
    "key": KmsKeyOptions.RULES,
    "network": NetworkOptions.RULES,
    "database": PostgresOptions.RULES,
    "cache": RedisOptions.RULES,
    "load_balancer": LoadBalancerOptions.RULES,
    "service": FargateServiceOptions.RULES,
    "alarms": AlarmsOptions.RULES,
    "secrets": SecretsOptions.RULES,
    "waf": WafOptions.RULES,
    "worker": WorkerOptions.RULES,
}
# Options of EcsAppOptions that are not module inputs, and why (the README's "Fixed choices" lists them too).
FIXED_SECTIONS = {
    "prevent_destroy": "off. Terraform's `lifecycle` arguments must be literal values, so a module cannot take them "
    "as inputs; the database (`database.deletion_protection`, on by default) and the load balancer "
    "(`load_balancer.enable_deletion_protection`) keep AWS's own deletion protection as inputs.",
}
SECTION_DOCS = field_docs(EcsAppOptions)
# Module defaults that differ from the Python ones, each with its reason (the README lists them).
SECTION_DEFAULTS: dict[str, dict[str, Differs]] = {
    "database": {"database_name": Differs("app", NO_PRODUCT), "username": Differs("app_admin", NO_PRODUCT)}
}
SECTIONS: list[Variable] = [
    object_variable(
        section,
        options_type,
        SECTION_DOCS[section],
        rules=RULES_BY_SECTION[section],
        defaults=SECTION_DEFAULTS.get(section),
        descriptions={
            "command": 'The worker\'s command, such as `["arq", "app.worker.WorkerSettings"]`. When '
            "left out (empty), no worker runs: the app runs its jobs in-process."
        }
        if section == "worker"
        else None,
    )
    for section, options_type in typing.get_type_hints(EcsAppOptions).items()
    if section in RULES_BY_SECTION
]

TOP_LEVEL = variables_from(
    EcsAppProps,
    ["name", "image", "domain_name"],
    rules=EcsAppProps.RULES,
    # The props' docstrings name the product the stacks deploy.
    descriptions={
        "image": "The app's container image, a full reference such as `ghcr.io/acme/billing:1.4.2`.",
        "name": f"Base name of every resource (`billing-prod`); the load balancer takes it as is, so at most "
        f"{NAME_LIMIT} characters.",
    },
)


def build(stack: ModuleStack) -> None:
    sections = {variable.name: stack.input_options(variable) for variable in SECTIONS}
    region = DataAwsRegion(stack, "region")
    top = inputs(stack, TOP_LEVEL)
    app = EcsApp(stack, "this", EcsAppProps(**sections, **top, region=region.name, prevent_destroy=False))
    # The constructs' descriptions name the product the stacks deploy; the module says what the standalone
    # modules say. Not the RDS parameter group's: a new description replaces the group, and with its fixed name and
    # create_before_destroy an upgrade's apply would fail (tests/synth/test_terraform_modules.py, PRODUCT_LEFT).
    app.cache.replication_group.description = f"Redis {top['name']}"
    app.key.key.description = f"{top['name']}: customer-managed key (yearly rotation)"
    outputs = {
        contract.APP_URL: (
            app.load_balancer.url,
            "URL of the app: https://<domain_name>, or the load balancer's HTTP URL.",
        ),
        contract.ALB_DNS_NAME: (app.load_balancer.load_balancer.dns_name, "DNS name of the load balancer."),
        "load_balancer_arn": (
            app.load_balancer.load_balancer.arn,
            "Load balancer ARN (guarded by the module's web ACL when `waf.enabled`).",
        ),
        contract.CLUSTER_NAME: (app.service.cluster.name, "ECS cluster name."),
        contract.SERVICE_NAME: (app.service.service.name, "ECS service name."),
        contract.LOG_GROUP_NAME: (app.service.log_group.name, "CloudWatch log group of the app and migrations."),
        contract.MIGRATION_COMMAND: (
            app.service.run_migration_command(region.name),
            "Runs the migration command once as a Fargate task with the app's image, secrets and network.",
        ),
        contract.DATABASE_ENDPOINT: (app.database.instance.endpoint, "PostgreSQL host:port (private subnets only)."),
        "database_password_secret_arn": (
            app.database_password.arn,
            "Secret holding the database master password (the user is database.username).",
        ),
        contract.REDIS_ENDPOINT: (
            app.cache.replication_group.primary_endpoint_address,
            "Redis primary endpoint (TLS, AUTH; private subnets only).",
        ),
        contract.ALARM_TOPIC_ARN: (app.alarms.topic.arn, "SNS topic every alarm notifies: subscribe your pager here."),
        "kms_key_arn": (app.key.key.arn, "The environment's KMS key (secrets, logs, database, cache, topic)."),
        "vpc_id": (app.network.vpc.id, "VPC ID."),
        "private_subnet_ids": (app.network.private_subnet_ids, "Private subnets (tasks, database, cache)."),
        "public_subnet_ids": (app.network.public_subnet_ids, "Public subnets (load balancer)."),
        "service_security_group_id": (
            app.service.security_group.id,
            "Security group of the tasks: allow it into other services the app must reach.",
        ),
        "task_role_name": (app.service.task_role.name, "The app's IAM role: attach what the app needs."),
        "worker_service_name": (
            app.worker.service.name if app.worker else None,
            "ECS service of the ARQ worker, or null without `worker.command`.",
        ),
        "web_acl_arn": (
            attribute(app.waf.web_acl, "arn") if app.waf else None,
            "The web ACL guarding the load balancer (AWS managed common and known-bad-inputs rules, a rate limit "
            "per IP), or null without `waf.enabled`.",
        ),
    }
    for name, (value, description) in outputs.items():
        stack.output(name, value, description)


MODULE = ModuleDefinition(
    # The worker's resources exist only with a command (`Worker` is built as one part; the module counts it).
    counted={"this/worker": "length(local.worker.command) > 0"},
    title="A containerized web app (with PostgreSQL and Redis) on ECS Fargate, whole, from one `module` block: "
    "a KMS key, a VPC with public and private subnets and NAT, RDS PostgreSQL, ElastiCache Redis, secrets "
    "generated inside AWS, an application load balancer (HTTPS with a domain, optionally behind AWS WAF), the "
    "Fargate service with autoscaling and a migration task, an optional ARQ worker service, and CloudWatch alarms.",
    sample={"name": "app-example", "image": "ghcr.io/acme/app:1.0.0"},
    build=build,
    usage=USAGE,
    notes=NOTES,
    fixed={
        **FIXED_SECTIONS,
        "Flows": "internet to the load balancer (80, and 443 with a domain), load balancer to the tasks, tasks to "
        "the database and Redis, tasks out on HTTPS; nothing else is open.",
        "Secrets": "the database password, Redis AUTH token and app secret key are generated by Secrets Manager and "
        "written write-only; the app reads them (and the URLs built from them) only through the task definition.",
        "Encryption": "one customer-managed key for secrets, logs, the database, the cache and the alarm topic.",
        "Region": "the provider's region.",
        "Deployments": "rolling, with a circuit breaker that rolls a crash loop back. The stacks' blue/green "
        "deployments (CodeDeploy) need `lifecycle.ignore_changes` on the service and listeners, which must be "
        "literal in Terraform: a module cannot switch them by an input.",
    },
)
