"""ECS settings, checked against every construct's props at load time, without a synth."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from environments import SettingsError, load
from environments.settings import EcsOptions, Settings
from modules.fargate_service.props import FARGATE_MEMORY_MIB, FargateServiceProps, check_fargate_size
from modules.load_balancer.props import LoadBalancerProps
from modules.network.props import NetworkProps
from modules.postgres.props import PostgresProps
from modules.redis.props import RedisProps
from modules.validation import InvalidSetting


def ecs_settings(**options: Any) -> Settings:
    dev = load("dev", env={})
    assert dev.ecs is not None
    return dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, **options))


@pytest.mark.parametrize(
    ("options", "setting"),
    [
        ({"task_cpu": 300}, "ecs.task_cpu"),
        ({"task_cpu": 256, "task_memory_mib": 4096}, "ecs.task_memory_mib"),
        ({"min_capacity": 3, "max_capacity": 2, "desired_count": 2}, "ecs.max_capacity"),
        ({"desired_count": 5, "max_capacity": 4}, "ecs.desired_count"),
        ({"nat_gateways": "none"}, "ecs.nat_gateways"),
        ({"az_count": 1}, "ecs.az_count"),
        ({"db_instance_class": "t3.micro"}, "ecs.db_instance_class"),
        ({"db_backup_retention_days": 0}, "ecs.db_backup_retention_days"),
        ({"db_max_allocated_storage_gib": 10}, "ecs.db_max_allocated_storage_gib"),
        ({"cache_automatic_failover": True, "cache_node_count": 1}, "ecs.cache_node_count"),
        ({"cache_node_type": "t3.micro"}, "ecs.cache_node_type"),
        ({"log_retention_days": 10}, "ecs.log_retention_days"),
        ({"health_check_timeout_seconds": 20, "health_check_interval_seconds": 15}, "ecs.health_check_timeout_seconds"),
        ({"alarm_email": "ops-at-example"}, "ecs.alarm_email"),
        ({"kms_deletion_window_days": 3}, "ecs.kms_deletion_window_days"),
    ],
)
def test_bad_ecs_setting_is_reported_under_its_setting_name(options: dict[str, Any], setting: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        ecs_settings(**options)
    assert caught.value.setting == setting
    assert "Fix:" in str(caught.value)


def test_hosted_zone_must_contain_the_domain() -> None:
    dev = load("dev", env={})
    assert dev.ecs is not None
    with pytest.raises(InvalidSetting) as caught:
        dataclasses.replace(
            dev, domain_name="mc.example.com", ecs=dataclasses.replace(dev.ecs, hosted_zone_name="example.org")
        )
    assert caught.value.setting == "ecs.hosted_zone_name"
    assert "mc.example.com" in caught.value.problem


def test_hosted_zone_without_a_domain_is_refused() -> None:
    with pytest.raises(InvalidSetting, match="nothing to serve"):
        ecs_settings(hosted_zone_name="example.com")


def test_bad_override_of_an_ecs_environment_names_the_variable() -> None:
    with pytest.raises(SettingsError, match=r"^MC_NAME_PREFIX='a-prefix-much-too-long-for-aws-names' \(overrides"):
        load("prod", env={"MC_NAME_PREFIX": "a-prefix-much-too-long-for-aws-names"})


def test_dev_and_prod_differ_where_the_guide_says() -> None:
    dev, prod = load("dev", env={}).ecs, load("prod", env={}).ecs
    assert dev is not None and prod is not None
    assert (dev.nat_gateways, prod.nat_gateways) == ("single", "per_az")
    assert (dev.db_deletion_protection, prod.db_deletion_protection) == (False, True)
    assert prod.desired_count >= 2 and prod.cache_automatic_failover


def test_image_splits_into_repository_and_tag() -> None:
    settings = dataclasses.replace(load("dev", env={}), image="registry.example.com:5000/acme/mc:1.4.2")
    assert (settings.image_repository, settings.image_tag) == ("registry.example.com:5000/acme/mc", "1.4.2")
    untagged = dataclasses.replace(settings, image="registry.example.com:5000/acme/mc")
    assert (untagged.image_repository, untagged.image_tag) == ("registry.example.com:5000/acme/mc", "latest")


@pytest.mark.parametrize(
    ("cpu", "memory"),
    [(cpu, memory) for cpu, memories in FARGATE_MEMORY_MIB.items() for memory in (memories[0], memories[-1])],
)
def test_every_documented_fargate_size_is_accepted(cpu: int, memory: int) -> None:
    check_fargate_size(cpu, memory)


def test_a_fargate_size_error_says_what_memory_fits() -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_fargate_size(1024, 1024)
    assert "2048-8192 MiB in steps of 1024" in caught.value.fix


TOKEN = "${TfToken[TOKEN.9]}"
LIST_TOKEN = ["#{TfToken[TOKEN.10]}"]  # a whole list from a variable: its length is unknown


@pytest.mark.parametrize(
    "build",
    [
        lambda: NetworkProps(name=TOKEN, cidr_block=TOKEN),
        lambda: PostgresProps(name="mc", vpc_id=TOKEN, subnet_ids=LIST_TOKEN, password=TOKEN, instance_class=TOKEN),
        lambda: RedisProps(name="mc", vpc_id=TOKEN, subnet_ids=LIST_TOKEN, auth_token=TOKEN, node_type=TOKEN),
        lambda: LoadBalancerProps(name="mc", vpc_id=TOKEN, subnet_ids=LIST_TOKEN, domain_name=TOKEN),
        lambda: FargateServiceProps(
            name="mc", vpc_id=TOKEN, subnet_ids=LIST_TOKEN, image=TOKEN, target_group_arn=TOKEN, region=TOKEN
        ),
    ],
)
def test_props_accept_terraform_tokens(build: Any) -> None:
    assert build() is not None


def test_subnet_tokens_still_count() -> None:
    with pytest.raises(InvalidSetting, match="two availability zones"):
        PostgresProps(name="mc", vpc_id=TOKEN, subnet_ids=[TOKEN], password=TOKEN)


def test_postgres_refuses_a_single_subnet() -> None:
    with pytest.raises(InvalidSetting, match="two availability zones"):
        PostgresProps(name="mc", vpc_id="vpc-1", subnet_ids=["subnet-1"], password=TOKEN)


def test_secrets_and_plain_environment_cannot_share_a_name() -> None:
    with pytest.raises(InvalidSetting) as caught:
        FargateServiceProps(
            name="mc",
            vpc_id="v",
            subnet_ids=["s"],
            image="i:1",
            target_group_arn="t",
            region="us-east-1",
            secrets={"MC_SECRET_KEY": "arn"},
            environment={"MC_SECRET_KEY": "x"},
        )
    assert caught.value.setting == "environment"


def test_ecs_options_defaults_are_the_dev_shape() -> None:
    options = EcsOptions()
    assert (options.task_cpu, options.task_memory_mib, options.db_instance_class) == (256, 512, "db.t3.micro")
