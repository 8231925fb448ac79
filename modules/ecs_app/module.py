"""The `ecs_app` Terraform module (modules/ecs_app/terraform), generated from `EcsApp`: `make modules`.

The whole ECS platform in one `module` block: each section of `EcsAppOptions` is one object variable whose
attributes are that part's options, with the same defaults and rules as in Python (`database = { multi_az = true }`).
"""

from __future__ import annotations

import typing

from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion

from modules.alarms.module import OPTION_RULES as ALARMS_RULES
from modules.aws_names import longest_base
from modules.ecs_app.construct import EcsApp
from modules.ecs_app.props import EcsAppOptions, EcsAppProps
from modules.fargate_service.module import OPTION_RULES as SERVICE_RULES
from modules.generated_secret.props import SecretsOptions
from modules.kms_key.module import OPTION_RULES as KEY_RULES
from modules.load_balancer.module import OPTION_RULES as LOAD_BALANCER_RULES
from modules.module_inputs import (
    Rule,
    Variable,
    check,
    domain_name,
    field_docs,
    matches,
    object_variable,
    variables_from,
)
from modules.network.module import OPTION_RULES as NETWORK_RULES
from modules.postgres.module import OPTION_RULES as DATABASE_RULES
from modules.redis.module import OPTION_RULES as CACHE_RULES
from modules.terraform_module import ModuleDefinition, ModuleStack, inputs
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

# Declared beside their fields (`SecretsOptions.RULES`, `WafOptions.RULES`, `WorkerOptions.RULES`).
SECRETS_RULES: list[Rule] = list(SecretsOptions.RULES)
WAF_RULES: list[Rule] = list(WafOptions.RULES)
WORKER_RULES: list[Rule] = list(WorkerOptions.RULES)

RULES_BY_SECTION: dict[str, list[Rule]] = {
    "key": KEY_RULES,
    "network": NETWORK_RULES,
    "database": DATABASE_RULES,
    "cache": CACHE_RULES,
    "load_balancer": LOAD_BALANCER_RULES,
    "service": SERVICE_RULES,
    "alarms": ALARMS_RULES,
    "secrets": SECRETS_RULES,
    "waf": WAF_RULES,
    "worker": WORKER_RULES,
}
# Options of EcsAppOptions that are not module inputs, and why (the README's "Fixed choices" lists them too).
FIXED_SECTIONS = {
    "prevent_destroy": "off. Terraform's `lifecycle` arguments must be literal values, so a module cannot take them "
    "as inputs; the database (`database.deletion_protection`, on by default) and the load balancer "
    "(`load_balancer.enable_deletion_protection`) keep AWS's own deletion protection as inputs.",
}
SECTION_DOCS = field_docs(EcsAppOptions)
# Module defaults that differ from the Python ones: generic names where the stacks name the product.
SECTION_DEFAULTS: dict[str, dict[str, object]] = {"database": {"database_name": "app", "username": "app_admin"}}
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

# The tightest of the AWS rules for the names derived from `name` (the table in modules/aws_names.py): the target
# group `<name>-app` (32 - 4 = 28), and RDS and ElastiCache refuse `--` and a trailing hyphen. Python checks every
# derived name against that table (`EcsAppProps.derived_names`).
NAME_LIMIT = longest_base("target_group", "-app")
RULES: list[Rule] = [
    matches(
        "name",
        rf"[a-z](?!.*--)[a-z0-9-]{{0,{NAME_LIMIT - 2}}}[a-z0-9]",
        f"a lowercase name of at most {NAME_LIMIT} letters, digits and single inner hyphens (it names the load "
        "balancer, its target group `<name>-app`, the database, the cache and the service)",
        hcl_pattern=rf"[a-z][a-z0-9-]{{0,{NAME_LIMIT - 2}}}[a-z0-9]",
        refused=("mc--prod", "Mc-prod", "mc-prod-", "m" * (NAME_LIMIT + 1)),
    ),
    check("name", '!strcontains({{value}}, "--")', "name must not contain '--'.", refused=("mc--prod",)),
    matches("image", r"\S+", "a container image reference such as ghcr.io/acme/billing:1.4.2", refused=("",)),
    domain_name("domain_name", nullable=True),
    check(
        "domain_name",
        "try(var.load_balancer.hosted_zone_name, null) == null || try({{value}} == var.load_balancer.hosted_zone_name "
        '|| endswith({{value}}, format(".%s", var.load_balancer.hosted_zone_name)), false)',
        "load_balancer.hosted_zone_name must be the public zone that contains domain_name (and needs domain_name).",
    ),
]
TOP_LEVEL = variables_from(
    EcsAppProps,
    ["name", "image", "domain_name"],
    rules=RULES,
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
        "app_url": (app.load_balancer.url, "URL of the app: https://<domain_name>, or the load balancer's HTTP URL."),
        "alb_dns_name": (app.load_balancer.load_balancer.dns_name, "DNS name of the load balancer."),
        "load_balancer_arn": (
            app.load_balancer.load_balancer.arn,
            "Load balancer ARN (guarded by the module's web ACL when `waf.enabled`).",
        ),
        "cluster_name": (app.service.cluster.name, "ECS cluster name."),
        "service_name": (app.service.service.name, "ECS service name."),
        "log_group_name": (app.service.log_group.name, "CloudWatch log group of the app and migrations."),
        "migration_command": (
            app.service.run_migration_command(region.name),
            "Runs the migration command once as a Fargate task with the app's image, secrets and network.",
        ),
        "database_endpoint": (app.database.instance.endpoint, "PostgreSQL host:port (private subnets only)."),
        "database_password_secret_arn": (
            app.database_password.arn,
            "Secret holding the database master password (the user is database.username).",
        ),
        "redis_endpoint": (
            app.cache.replication_group.primary_endpoint_address,
            "Redis primary endpoint (TLS, AUTH; private subnets only).",
        ),
        "alarm_topic_arn": (app.alarms.topic.arn, "SNS topic every alarm notifies: subscribe your pager here."),
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
