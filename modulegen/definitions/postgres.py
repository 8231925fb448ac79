"""The `postgres` Terraform module (modules/postgres/terraform), generated from `Postgres`: `make modules`."""

from __future__ import annotations

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import NO_PRODUCT, Differs, variables_from
from modules.postgres.construct import Postgres
from modules.postgres.props import PostgresProps
from modules.rules import Rule

USAGE = """
module "database" {
  source     = "git::https://github.com/<org>/<repo>.git//modules/postgres/terraform?ref=<tag>"
  name       = "billing-prod"
  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnet_ids
  # No password: RDS generates the master password and keeps it in Secrets Manager
  # (module.database.master_user_secret_arn). Or pass an ephemeral one, written write-only:
  #   password                    = ephemeral.aws_secretsmanager_random_password.database.random_password
  #   manage_master_user_password = false
}

resource "aws_vpc_security_group_ingress_rule" "app_to_database" {
  security_group_id            = module.database.security_group_id
  referenced_security_group_id = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = module.database.port
  to_port                      = module.database.port
}
"""

NOTES = """
### Connecting

TLS is required (`rds.force_ssl`). With the default `manage_master_user_password = true`, the master password lives
in the Secrets Manager secret `master_user_secret_arn` (RDS rotates it); from a host inside the VPC:

```sh
SECRET_ARN=$(terraform output -raw master_user_secret_arn)   # outputs of your configuration
PGPASSWORD=$(aws secretsmanager get-secret-value --secret-id "$SECRET_ARN" \\
  --query SecretString --output text | jq -r .password) \\
psql "host=$(terraform output -raw database_address) port=5432 dbname=app user=app_admin sslmode=require"
```

With your own `password`, the module writes it through `password_wo`: it is never in the plan or the state; bump
`password_version` to write a new one.
"""

# The rules are declared beside the fields (`PostgresOptions.RULES`, `PostgresProps.RULES`): Python checks them, and
# they become this module's validation blocks.
RULES: list[Rule] = list(PostgresProps.RULES)

VARIABLES = variables_from(
    PostgresProps,
    [
        "name",
        "vpc_id",
        "subnet_ids",
        "manage_master_user_password",
        "password",
        "password_version",
        "instance_class",
        "engine_major_version",
        "allocated_storage_gib",
        "max_allocated_storage_gib",
        "multi_az",
        "deletion_protection",
        "backup_retention_days",
        "backup_window",
        "maintenance_window",
        "enable_performance_insights",
        "monitoring_interval_seconds",
        "kms_key_arn",
        "database_name",
        "username",
    ],
    descriptions={
        "password": "Master password, when you manage it: an ephemeral value such as "
        "`ephemeral.aws_secretsmanager_random_password.x.random_password`, written through `password_wo` (never "
        "in plan or state). Leave it out to let RDS manage the password.",
        "manage_master_user_password": "RDS generates the master password and keeps it in a Secrets Manager secret "
        "(encrypted with `kms_key_arn`, rotated by RDS): see the `master_user_secret_arn` output. Set false when "
        "you pass `password`.",
        "password_version": "Bump to write a new `password` (with manage_master_user_password = false).",
        "instance_class": "RDS instance class, such as db.t3.micro or db.r6g.large.",
        "backup_window": "Daily backup window, hh24:mi-hh24:mi UTC, at least 30 minutes.",
        "maintenance_window": "Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC.",
        "kms_key_arn": "KMS key for storage, Performance Insights and the managed master password secret. When "
        "left out, the AWS-managed keys.",
    },
    defaults={
        "manage_master_user_password": Differs(
            True,
            "the construct defaults to false because the stacks pass a password they generate, written write-only; "
            "a module caller has none unless they make one, so RDS generates it and keeps it in Secrets Manager "
            "(rotated)",
        ),
        "database_name": Differs("app", NO_PRODUCT),
        "username": Differs("app_admin", NO_PRODUCT),
    },
    ephemeral=["password"],
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    database = Postgres(stack, "this", PostgresProps(**inputs(stack, VARIABLES)))
    # The construct's description names the product it was written for.
    database.parameter_group.description = "TLS required (rds.force_ssl)"
    instance = database.instance
    stack.output("instance_id", instance.identifier, "RDS instance identifier.")
    stack.output("instance_arn", instance.arn, "RDS instance ARN.")
    stack.output("address", instance.address, "Host name of the instance (private DNS).")
    stack.output("port", instance.port, "PostgreSQL port.")
    stack.output("database_name", instance.db_name, "Name of the database created with the instance.")
    stack.output("username", instance.username, "Master user name.")
    stack.output(
        "master_user_secret_arn",
        database.master_user_secret_arn,
        "Secrets Manager secret holding the master user name and password (JSON: username, password), when RDS "
        "manages it (`manage_master_user_password`); null otherwise.",
    )
    stack.output(
        "security_group_id",
        database.security_group.id,
        "Security group of the instance: add ingress rules from your app's group (it has none).",
    )


MODULE = ModuleDefinition(
    title="RDS PostgreSQL in private subnets: encrypted, TLS forced (`rds.force_ssl`), automated backups, a final "
    "snapshot on delete, deletion protection, Performance Insights and Enhanced Monitoring; the master password is "
    "managed by RDS in Secrets Manager, or yours, written write-only (never in state); reachable only from the "
    "security groups you allow.",
    sample={"name": "example-db", "vpc_id": "vpc-0123456789abcdef0", "subnet_ids": ["subnet-a", "subnet-b"]},
    build=build,
    usage=USAGE,
    notes=NOTES,
    fixed={
        "Storage": "gp3, encrypted (with `kms_key_arn` or the AWS-managed key); autoscaling up to "
        "`max_allocated_storage_gib`.",
        "Network": "never publicly accessible; port 5432; the security group has no rules until you add them.",
        "TLS": "forced by the parameter group (`rds.force_ssl = 1`): a client without TLS is refused.",
        "Final snapshot": "always taken on delete (named `<name>-final-<time>`), and automated backups are kept "
        "after deletion: a destroy never loses data.",
        "Logs": "the `postgresql` and `upgrade` logs go to CloudWatch Logs.",
        "IAM authentication": "enabled (it costs nothing and lets you grant database access through IAM).",
    },
)
