"""One construct alone in a test stack, each variant a builder. The synth layer checks their JSON; the terraform
layer validates every one. Builders import cdktf lazily, so collecting tests stays fast."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TOKEN_SUBNETS = ["subnet-0a", "subnet-0b"]


def load_balancer_with_domain(stack: Any) -> object:
    from modules.load_balancer.construct import LoadBalancer
    from modules.load_balancer.props import LoadBalancerProps

    return LoadBalancer(
        stack,
        "load_balancer",
        LoadBalancerProps(
            name="mc-test",
            vpc_id="vpc-0123",
            subnet_ids=TOKEN_SUBNETS,
            domain_name="mc.example.com",
            enable_access_logs=True,
        ),
    )


def network_per_az(stack: Any) -> object:
    from modules.network.construct import Network
    from modules.network.props import NetworkProps

    return Network(stack, "network", NetworkProps(name="mc-test", az_count=3, nat_gateways="per_az"))


def network_single_nat(stack: Any) -> object:
    from modules.network.construct import Network
    from modules.network.props import NetworkProps

    return Network(stack, "network", NetworkProps(name="mc-test", az_count=3, nat_gateways="single"))


def redis_with_failover(stack: Any) -> object:
    from cdktf import TerraformVariable

    from modules.redis.construct import Redis
    from modules.redis.props import RedisProps

    token = TerraformVariable(stack, "redis_auth_token", type="string", sensitive=True)

    return Redis(
        stack,
        "cache",
        RedisProps(
            name="mc-test",
            vpc_id="vpc-0123",
            subnet_ids=TOKEN_SUBNETS,
            auth_token=token.string_value,
            node_count=2,
            enable_automatic_failover=True,
            snapshot_retention_days=7,
        ),
    )


def postgres_without_monitoring(stack: Any) -> object:
    from modules.generated_secret import GeneratedSecret, GeneratedSecretProps
    from modules.postgres.construct import Postgres
    from modules.postgres.props import PostgresProps

    password = GeneratedSecret(stack, "password", GeneratedSecretProps(name="mc-test/password"))

    return Postgres(
        stack,
        "database",
        PostgresProps(
            name="mc-test",
            vpc_id="vpc-0123",
            subnet_ids=TOKEN_SUBNETS,
            password=password.stored_value,
            monitoring_interval_seconds=0,
        ),
    )


REPOSITORY = "acme/mc-infra"
EXISTING_PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"


def github_oidc(stack: Any, **options: Any) -> object:
    """The construct wired to a state backend's ARNs, as the `state` stack wires it (there: references)."""
    from modules.github_oidc.construct import GithubOidc
    from modules.github_oidc.props import GithubOidcProps

    return GithubOidc(
        stack,
        "github",
        GithubOidcProps(
            repository=REPOSITORY,
            name_prefix="mission-control",
            state_bucket_arn="arn:aws:s3:::acme-mc-tfstate",
            lock_table_arn="arn:aws:dynamodb:us-east-1:123456789012:table/acme-mc-locks",
            state_kms_key_arn="arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            **options,
        ),
    )


def github_oidc_new_provider(stack: Any) -> object:
    return github_oidc(stack)


def github_oidc_existing_provider(stack: Any) -> object:
    return github_oidc(stack, existing_provider_arn=EXISTING_PROVIDER, protected_plan_environments=("prod",))


BUILDERS: dict[str, Callable[[Any], object]] = {
    "github_oidc_new_provider": github_oidc_new_provider,
    "github_oidc_existing_provider": github_oidc_existing_provider,
    "load_balancer_with_domain": load_balancer_with_domain,
    "network_per_az": network_per_az,
    "network_single_nat": network_single_nat,
    "redis_with_failover": redis_with_failover,
    "postgres_without_monitoring": postgres_without_monitoring,
}
