"""The `Postgres` construct; see the package docstring."""

from __future__ import annotations

from cdktf import Fn, TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.db_instance import DbInstance
from cdktf_cdktf_provider_aws.db_parameter_group import DbParameterGroup, DbParameterGroupParameter
from cdktf_cdktf_provider_aws.db_subnet_group import DbSubnetGroup
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from constructs import Construct

from modules.iam import service_trust_policy
from modules.postgres.props import PostgresProps
from modules.security import security_group
from modules.tokens import as_text, attribute, choose, count_for, is_positive, present, truncated

PORT = 5432


class Postgres(Construct):
    instance: DbInstance
    security_group: SecurityGroup
    parameter_group: DbParameterGroup
    subnet_group: DbSubnetGroup
    monitoring_role: IamRole | None
    master_user_secret_arn: str | None
    """The secret RDS keeps the master password in, with `manage_master_user_password`; else None."""
    peer_id = "database"
    peer_label = "database"
    port = PORT

    def __init__(self, scope: Construct, id: str, props: PostgresProps) -> None:
        super().__init__(scope, id)
        self.username, self.database_name = props.username, props.database_name
        self.security_group = security_group(
            self,
            name=f"{props.name}-database",
            description=f"PostgreSQL of {props.name}: reachable only from allowed security groups",
            vpc_id=props.vpc_id,
        )
        self.subnet_group = DbSubnetGroup(
            self, "subnet_group", name=f"{props.name}-database", subnet_ids=props.subnet_ids
        )
        self.parameter_group = DbParameterGroup(
            self,
            "parameter_group",
            name=f"{props.name}-postgres{as_text(props.engine_major_version)}",
            family=f"postgres{as_text(props.engine_major_version)}",
            description="Mission Control: TLS required",
            parameter=[DbParameterGroupParameter(name="rds.force_ssl", value="1")],
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )

        # Enhanced Monitoring and the password's management are plain choices in the stacks; in the HCL module
        # they are variables, and the monitoring role then has a `count`.
        monitoring, managed = is_positive(props.monitoring_interval_seconds), props.manage_master_user_password
        self.monitoring_role = None
        if present(monitoring):
            self.monitoring_role = IamRole(
                self,
                "monitoring_role",
                count=count_for(monitoring),
                name_prefix=f"{truncated(props.name, 20)}-rds-monitoring-",
                assume_role_policy=service_trust_policy("monitoring.rds.amazonaws.com"),
            )
            IamRolePolicyAttachment(
                self,
                "monitoring_policy",
                count=count_for(monitoring),
                role=attribute(self.monitoring_role, "name"),
                policy_arn="arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
            )

        self.instance = DbInstance(
            self,
            "this",
            identifier=props.name,
            engine="postgres",
            engine_version=as_text(props.engine_major_version),
            auto_minor_version_upgrade=True,
            instance_class=props.instance_class,
            allocated_storage=props.allocated_storage_gib,
            max_allocated_storage=props.max_allocated_storage_gib,
            storage_type="gp3",
            storage_encrypted=True,
            kms_key_id=props.kms_key_arn,
            db_name=props.database_name,
            username=props.username,
            password_wo=choose(managed, None, props.password),
            password_wo_version=choose(managed, None, props.password_version),
            manage_master_user_password=choose(managed, True, None),
            master_user_secret_kms_key_id=choose(managed, props.kms_key_arn, None),
            port=PORT,
            db_subnet_group_name=self.subnet_group.name,
            vpc_security_group_ids=[self.security_group.id],
            parameter_group_name=self.parameter_group.name,
            publicly_accessible=False,
            multi_az=props.multi_az,
            backup_retention_period=props.backup_retention_days,
            backup_window=props.backup_window,
            maintenance_window=props.maintenance_window,
            copy_tags_to_snapshot=True,
            delete_automated_backups=False,
            deletion_protection=props.deletion_protection,
            skip_final_snapshot=False,
            # Unique per instance: a rebuilt environment's next destroy must not meet the last one's snapshot.
            # The time is taken when the instance is created and kept (ignore_changes), so plans stay quiet.
            final_snapshot_identifier=f"{props.name}-final-{Fn.formatdate('YYYYMMDDhhmmss', Fn.timestamp())}",
            lifecycle=TerraformResourceLifecycle(ignore_changes=["final_snapshot_identifier"]),
            performance_insights_enabled=props.enable_performance_insights,
            performance_insights_kms_key_id=choose(props.enable_performance_insights, props.kms_key_arn, None),
            performance_insights_retention_period=choose(props.enable_performance_insights, 7, None),
            monitoring_interval=props.monitoring_interval_seconds,
            monitoring_role_arn=attribute(self.monitoring_role, "arn") if self.monitoring_role else None,
            enabled_cloudwatch_logs_exports=["postgresql", "upgrade"],
            iam_database_authentication_enabled=True,
        )
        secret_arns = Token.as_list(Fn.lookup_nested(self.instance.fqn, ["master_user_secret", "*", "secret_arn"]))
        self.master_user_secret_arn = Token.as_string(Fn.one(secret_arns)) if present(managed) else None

    def adopt(self, identifier: str) -> None:
        """Make the instance `identifier` (restored beside the running one by `make restore`) this database: the
        stack imports it at the same address (a Terraform `import` block), so every reference (the URL secret,
        the alarms, the outputs) follows it. The running instance must have left the state first (`terraform state
        rm`): while it is there, Terraform skips the import and plans to rename it instead.

        A method, not a prop: `import` blocks belong in a root module, so the HCL module cannot offer it."""
        self.instance.identifier = identifier
        # An imported instance has no final snapshot name in state, and ignoring changes would keep it empty (a
        # destroy would then fail): a fixed name instead, unique as the identifier carries the restore's time.
        self.instance.final_snapshot_identifier = f"{identifier}-final"
        self.instance.lifecycle = TerraformResourceLifecycle()
        self.instance.import_from(identifier)

    def url(self, password: str) -> str:
        """The app's MC_DATABASE_URL, with TLS required. `password` should be a write-only reference."""
        return (
            f"postgresql://{self.username}:{password}@{self.instance.address}:{self.instance.port}/{self.database_name}"
            "?sslmode=require"
        )
