"""Options and props of `Postgres`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.aws_names import longest_base
from modules.instance_classes import RDS, check_instance_class
from modules.options import Options, Props
from modules.rules import (
    Rule,
    and_python,
    at_least,
    check,
    daily_window,
    in_range,
    matches,
    one_of,
    weekly_window,
)
from modules.validation import is_token, require

# `name` is the RDS instance identifier; the other names made from it (`<name>-database`, `<name>-postgres16`,
# `<name>-final-<time>`) allow 255 characters.
NAME_LENGTH = longest_base("rds_instance")


@dataclass(frozen=True, kw_only=True)
class PostgresOptions(Options):
    """What a user chooses about the database: size, engine, safety and monitoring."""

    RULES: ClassVar[Sequence[Rule]] = (
        # Python also knows the RDS families and sizes (modules/instance_classes.py): a class no family has is
        # refused, one the table does not list yet warns. Terraform checks the shape only.
        and_python(
            matches(
                "instance_class",
                r"db\.[a-z0-9]+\.[a-z0-9]+",
                "an RDS instance class",
                example="db.t3.micro",
                refused=("t3.micro", "db.t3"),
            ),
            lambda setting, value, _: check_instance_class(setting, value, RDS),
        ),
        in_range("engine_major_version", 13, 17),
        in_range("allocated_storage_gib", 20, 65536),
        check(
            "max_allocated_storage_gib",
            "{{value}} >= {{allocated_storage_gib}}",
            "{{setting}} must be at least allocated_storage_gib (equal turns storage autoscaling off).",
            refused=(19,),
            python=lambda setting, value, options: (
                None
                if is_token(options.allocated_storage_gib)
                else require(
                    value >= options.allocated_storage_gib,
                    setting=setting,
                    value=value,
                    problem=f"below allocated_storage_gib ({options.allocated_storage_gib})",
                    fix="set it at or above allocated_storage_gib",
                )
            ),
        ),
        in_range("backup_retention_days", 1, 35),
        daily_window("backup_window"),
        weekly_window("maintenance_window"),
        one_of(
            "monitoring_interval_seconds",
            (0, 1, 5, 10, 15, 30, 60),
            refused=(2, 120),
            problem="RDS Enhanced Monitoring does not offer this interval",
            fix="use 0 (off), 1, 5, 10, 15, 30 or 60",
        ),
        *(
            matches(
                field,
                r"[a-z][a-z0-9_]{0,62}",
                "a lowercase PostgreSQL identifier",
                example="app",
                refused=("App", "1app", "app-name"),
            )
            for field in ("database_name", "username")
        ),
    )

    instance_class: str = "db.t3.micro"
    """RDS instance class (db.t3.micro: 2 vCPU burstable, 1 GiB)."""
    engine_major_version: int = 16
    """PostgreSQL major version; RDS applies minor upgrades in the maintenance window."""
    allocated_storage_gib: int = 20
    """Initial gp3 storage in GiB (20 or more)."""
    max_allocated_storage_gib: int = 100
    """Storage autoscaling ceiling; equal to `allocated_storage_gib` turns autoscaling off."""
    multi_az: bool = False
    """A synchronous standby in another zone with automatic failover (doubles the instance cost)."""
    deletion_protection: bool = True
    """Refuse to delete the instance until this is turned off: a `terraform destroy` cannot take the data."""
    backup_retention_days: int = 7
    """Automated backup retention, 1-35 days (point-in-time restore within it)."""
    backup_window: str = "03:00-03:30"
    """Daily backup window, `hh24:mi-hh24:mi` UTC."""
    maintenance_window: str = "sun:04:00-sun:04:30"
    """Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC."""
    enable_performance_insights: bool = True
    """Query-level load monitoring; 7 days of history are free."""
    monitoring_interval_seconds: int = 60
    """Enhanced Monitoring (OS metrics) interval: 0 (off), 1, 5, 10, 15, 30 or 60 seconds."""
    database_name: str = "mission_control"
    """Name of the database created with the instance."""
    username: str = "mission_control"
    """Master user name."""


@dataclass(frozen=True, kw_only=True)
class PostgresProps(PostgresOptions, Props):
    """Everything `Postgres` needs: the options plus its name, network, password and key."""

    name: str
    """DB instance identifier; also names its subnet group, parameter group and security group."""
    vpc_id: str
    """VPC of the database's security group."""
    subnet_ids: Sequence[str]
    """Private subnets in at least two availability zones (RDS requires two even for a single-AZ instance)."""
    password: str | None = None
    """Master password: a reference to an ephemeral value (it is written through `password_wo`, never to state).
    When left out, `manage_master_user_password` must be on."""
    manage_master_user_password: bool = False
    """Let RDS generate the master password and keep it in a Secrets Manager secret it rotates (the construct's
    `master_user_secret_arn`), instead of writing `password`."""
    password_version: int = 1
    """Version of `password`: the password is written when the instance is created and whenever this changes."""
    kms_key_arn: str | None = None
    """KMS key for storage and Performance Insights. When left out, the AWS-managed `aws/rds` key."""

    RULES: ClassVar[Sequence[Rule]] = (
        *PostgresOptions.RULES,
        matches(
            "name",
            rf"[a-z][a-z0-9-]{{0,{NAME_LENGTH - 2}}}[a-z0-9]",
            f"an RDS identifier (lowercase letters, digits, hyphens, at most {NAME_LENGTH} characters)",
            example="billing-prod",
            refused=("Billing", "billing-", "a" * (NAME_LENGTH + 1)),
        ),
        at_least(
            "subnet_ids",
            2,
            "private subnets in different zones (RDS requires two zones)",
            problem="RDS needs subnets in at least two availability zones",
            fix="pass the private subnets of two or more zones",
        ),
        in_range("password_version", 1, 2**31 - 1),
        check(
            "manage_master_user_password",
            "{{value}} == ({{password}} == null)",
            "Give either a password (and set manage_master_user_password = false) or neither (RDS then manages "
            "the master password in Secrets Manager).",
            python=lambda _setting, value, props: (
                None
                if not isinstance(value, bool) or is_token(props.password)
                else require(
                    value == (props.password is None),
                    setting="password",
                    value="(set)" if props.password is not None else None,
                    problem="give exactly one of password and manage_master_user_password=True",
                    fix="pass a password (write-only), or leave it out and set manage_master_user_password=True",
                )
            ),
        ),
    )
