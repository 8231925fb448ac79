"""The `postgres` Terraform module (modules/postgres/terraform), generated from `Postgres`: `make modules`."""

from __future__ import annotations

from modules.module_inputs import Validation, variables_from
from modules.postgres.construct import Postgres
from modules.postgres.props import PostgresProps
from modules.terraform_module import ModuleDefinition, ModuleStack, inputs

USAGE = """
module "database" {
  source     = "./modules/postgres/terraform"
  name       = "billing-prod"
  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnet_ids
  # An ephemeral value never reaches state: the module writes it through `password_wo`.
  password   = ephemeral.aws_secretsmanager_random_password.database.random_password
}

resource "aws_vpc_security_group_ingress_rule" "app_to_database" {
  security_group_id            = module.database.security_group_id
  referenced_security_group_id = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = module.database.port
  to_port                      = module.database.port
}
"""

VARIABLES = variables_from(
    PostgresProps,
    [
        "name",
        "vpc_id",
        "subnet_ids",
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
        "kms_key_arn",
        "database_name",
        "username",
    ],
    descriptions={
        "vpc_id": "VPC of the database's security group.",
        "instance_class": "RDS instance class, such as db.t3.micro or db.r6g.large.",
        "allocated_storage_gib": "Initial gp3 storage in GiB (20 or more).",
        "backup_window": "Daily backup window, hh24:mi-hh24:mi UTC, at least 30 minutes.",
        "maintenance_window": "Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC.",
        "database_name": "Name of the database created with the instance.",
        "username": "Master user name.",
    },
    ephemeral=["password"],
    validations={
        "subnet_ids": Validation("length(var.subnet_ids) >= 2", "RDS needs subnets in at least two zones."),
        "engine_major_version": Validation(
            "var.engine_major_version >= 13 && var.engine_major_version <= 17",
            "engine_major_version must be 13 to 17.",
        ),
        "backup_retention_days": Validation(
            "var.backup_retention_days >= 1 && var.backup_retention_days <= 35",
            "backup_retention_days must be 1 to 35 (0 would turn automated backups off).",
        ),
        "max_allocated_storage_gib": Validation(
            "var.max_allocated_storage_gib >= var.allocated_storage_gib",
            "max_allocated_storage_gib must be at least allocated_storage_gib.",
        ),
    },
)


def build(stack: ModuleStack) -> None:
    # Enhanced Monitoring and Performance Insights stay on: they decide which resources exist, and a module
    # that always has them is simpler to review than one with switches.
    database = Postgres(stack, "this", PostgresProps(**inputs(stack, VARIABLES)))
    instance = database.instance
    stack.output("instance_id", instance.identifier, "RDS instance identifier.")
    stack.output("instance_arn", instance.arn, "RDS instance ARN.")
    stack.output("address", instance.address, "Host name of the instance (private DNS).")
    stack.output("port", instance.port, "PostgreSQL port.")
    stack.output("database_name", instance.db_name, "Name of the database created with the instance.")
    stack.output("username", instance.username, "Master user name.")
    stack.output(
        "security_group_id",
        database.security_group.id,
        "Security group of the instance: add ingress rules from your app's group (it has none).",
    )


MODULE = ModuleDefinition(
    title="RDS PostgreSQL in private subnets: encrypted, TLS forced (`rds.force_ssl`), automated backups, a final "
    "snapshot on delete, deletion protection, Performance Insights and Enhanced Monitoring; the master password "
    "is write-only (never in state); reachable only from the security groups you allow.",
    build=build,
    usage=USAGE,
)
