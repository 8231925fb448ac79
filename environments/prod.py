"""`prod`: ECS Fargate, highly available (~$140-160/month): two 1 vCPU / 2 GB tasks across zones, a NAT gateway per
zone, Multi-AZ db.t3.small with deletion protection, a Redis replica with automatic failover, ALB access logs."""

from environments.settings import EcsOptions, Settings

SETTINGS = Settings(
    name="prod",
    region="us-east-1",
    image="ghcr.io/mission-control/mission-control:latest",
    ecs=EcsOptions(
        nat_gateways="per_az",
        task_cpu=1024,
        task_memory_mib=2048,
        desired_count=2,
        min_capacity=2,
        max_capacity=6,
        enable_execute_command=False,
        db_instance_class="db.t3.small",
        db_multi_az=True,
        db_deletion_protection=True,
        db_max_allocated_storage_gib=200,
        cache_node_type="cache.t3.small",
        cache_node_count=2,
        cache_automatic_failover=True,
        cache_snapshot_retention_days=7,
        enable_alb_access_logs=True,
        enable_alb_deletion_protection=True,
        log_retention_days=90,
    ),
)
