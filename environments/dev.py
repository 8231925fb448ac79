"""`dev`: ECS Fargate at its smallest (~$60/month): one 0.25 vCPU task, db.t3.micro and cache.t3.micro without
replicas, one NAT gateway, no deletion protection so the environment can be torn down and rebuilt."""

from environments.settings import EcsOptions, Settings

SETTINGS = Settings(
    name="dev",
    region="us-east-1",
    image="ghcr.io/mission-control/mission-control:latest",
    ecs=EcsOptions(
        nat_gateways="single",
        task_cpu=256,
        task_memory_mib=512,
        desired_count=1,
        min_capacity=1,
        max_capacity=2,
        enable_execute_command=True,
        db_instance_class="db.t3.micro",
        db_multi_az=False,
        db_deletion_protection=False,
        cache_node_type="cache.t3.micro",
        cache_node_count=1,
        log_retention_days=14,
    ),
)
