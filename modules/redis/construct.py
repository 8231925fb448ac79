"""The `Redis` construct; see the package docstring."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.elasticache_replication_group import ElasticacheReplicationGroup
from cdktf_cdktf_provider_aws.elasticache_subnet_group import ElasticacheSubnetGroup
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from constructs import Construct

from modules.redis.props import RedisProps
from modules.security import security_group
from modules.tokens import if_positive

PORT = 6379


class Redis(Construct):
    replication_group: ElasticacheReplicationGroup
    security_group: SecurityGroup
    subnet_group: ElasticacheSubnetGroup
    peer_id = "redis"
    peer_label = "cache"
    port = PORT

    def __init__(self, scope: Construct, id: str, props: RedisProps) -> None:
        super().__init__(scope, id)
        self.security_group = security_group(
            self,
            name=f"{props.name}-redis",
            description=f"Redis of {props.name}: reachable only from allowed security groups",
            vpc_id=props.vpc_id,
        )
        self.subnet_group = ElasticacheSubnetGroup(
            self, "subnet_group", name=f"{props.name}-redis", subnet_ids=props.subnet_ids
        )
        self.replication_group = ElasticacheReplicationGroup(
            self,
            "this",
            replication_group_id=props.name,
            description=f"Mission Control {props.name}: ARQ queue and WebSocket pub/sub",
            engine="redis",
            engine_version=props.engine_version,
            node_type=props.node_type,
            num_cache_clusters=props.node_count,
            port=PORT,
            subnet_group_name=self.subnet_group.name,
            security_group_ids=[self.security_group.id],
            at_rest_encryption_enabled="true",
            kms_key_id=props.kms_key_arn,
            transit_encryption_enabled=True,
            auth_token=props.auth_token,
            automatic_failover_enabled=props.enable_automatic_failover,
            multi_az_enabled=props.enable_automatic_failover,
            snapshot_retention_limit=props.snapshot_retention_days,
            final_snapshot_identifier=if_positive(props.snapshot_retention_days, f"{props.name}-final"),
            maintenance_window=props.maintenance_window,
            auto_minor_version_upgrade="true",
            apply_immediately=False,
        )

    def url(self, auth_token: str) -> str:
        """The app's MC_REDIS_URL: TLS (`rediss://`) with the AUTH token."""
        return f"rediss://:{auth_token}@{self.replication_group.primary_endpoint_address}:{PORT}/0"
