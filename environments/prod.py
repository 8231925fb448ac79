"""`prod`: ECS Fargate, highly available (about $287/month always on, by the plan review's estimate, plus about $16
of usage at small-app assumptions): two 1 vCPU / 2 GB tasks across zones, a NAT gateway per zone, Multi-AZ
db.t3.small with deletion protection, a Redis replica with automatic failover, AWS WAF, ALB access logs, and
blue/green deployments through CodeDeploy.
A destroy is refused at plan time (`prevent_destroy`): turn it off here first to really tear prod down."""

from environments.budget import estimated_budget_usd
from environments.settings import Settings
from modules.ecs_app.props import EcsAppOptions
from modules.fargate_service.props import FargateServiceOptions
from modules.load_balancer.props import LoadBalancerOptions
from modules.network.props import NetworkOptions
from modules.postgres.props import PostgresOptions
from modules.redis.props import RedisOptions
from modules.waf.props import WafOptions

SETTINGS = Settings(
    name="prod",
    region="us-east-1",
    image="ghcr.io/mission-control/mission-control:latest",
    # The plan review's estimate plus a margin (environments/cost_estimates.json): or write your own amount.
    monthly_budget_usd=estimated_budget_usd("prod"),
    require_https=True,
    # CodeDeploy: new tasks beside the old, traffic moved when healthy, rolled back on failure or a 5xx alarm.
    deployment="blue_green",
    ecs=EcsAppOptions(
        network=NetworkOptions(nat_gateways="per_az", flow_log_retention_days=365),
        service=FargateServiceOptions(
            cpu=1024,
            memory_mib=2048,
            desired_count=2,
            min_capacity=2,
            max_capacity=6,
            enable_execute_command=False,
            log_retention_days=365,
        ),
        database=PostgresOptions(
            instance_class="db.t3.small", multi_az=True, deletion_protection=True, max_allocated_storage_gib=200
        ),
        cache=RedisOptions(
            node_type="cache.t3.small", node_count=2, enable_automatic_failover=True, snapshot_retention_days=7
        ),
        load_balancer=LoadBalancerOptions(enable_access_logs=True, enable_deletion_protection=True),
        waf=WafOptions(enabled=True),
        prevent_destroy=True,
    ),
)
