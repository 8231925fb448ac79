"""`dev`: ECS Fargate at its smallest (about $68/month always on, by the plan review's estimate): one 0.25 vCPU
task, db.t3.micro and cache.t3.micro without replicas, no NAT gateway (the tasks run in the public subnets with
public IPs, reachable only from the load balancer). Torn down and rebuilt at will: no deletion protection, secrets
deleted at once (their names are free for the next deploy), the shortest key deletion window, a final snapshot
named per instance."""

from environments.budget import estimated_budget_usd
from environments.settings import Settings
from modules.ecs_app.props import EcsAppOptions
from modules.fargate_service.props import FargateServiceOptions
from modules.generated_secret.props import SecretsOptions
from modules.kms_key.props import KmsKeyOptions
from modules.network.props import NetworkOptions
from modules.postgres.props import PostgresOptions
from modules.redis.props import RedisOptions

SETTINGS = Settings(
    name="dev",
    region="us-east-1",
    image="ghcr.io/mission-control/mission-control:latest",
    # The plan review's estimate plus a margin (environments/cost_estimates.json): or write your own amount.
    monthly_budget_usd=estimated_budget_usd("dev"),
    ecs=EcsAppOptions(
        # No NAT gateway (about $36.50 a month): tasks run in the public subnets with public IPs, reachable only
        # from the load balancer; the database and Redis stay in the private subnets. prod keeps NAT per zone.
        network=NetworkOptions(nat_gateways="none"),
        service=FargateServiceOptions(
            cpu=256,
            memory_mib=512,
            desired_count=1,
            min_capacity=1,
            max_capacity=2,
            enable_execute_command=True,
            log_retention_days=14,
        ),
        database=PostgresOptions(instance_class="db.t3.micro", multi_az=False, deletion_protection=False),
        cache=RedisOptions(node_type="cache.t3.micro", node_count=1),
        secrets=SecretsOptions(recovery_window_days=0),
        key=KmsKeyOptions(deletion_window_days=7),
        prevent_destroy=False,
    ),
)
