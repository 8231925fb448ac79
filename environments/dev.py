"""`dev`: ECS Fargate at its smallest (~$60/month): one 0.25 vCPU task, db.t3.micro and cache.t3.micro without
replicas, one NAT gateway. Torn down and rebuilt at will: no deletion protection, secrets deleted at once (their
names are free for the next deploy), the shortest key deletion window, a final snapshot named per instance."""

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
    ecs=EcsAppOptions(
        network=NetworkOptions(nat_gateways="single"),
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
