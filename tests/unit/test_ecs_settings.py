"""ECS settings, checked against every construct's props at load time, without a synth."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from environments import SettingsError, load
from environments.settings import Settings
from modules.ecs_app.props import EcsAppOptions
from modules.fargate_service.props import FARGATE_MEMORY_MIB, FargateServiceProps, check_fargate_size
from modules.load_balancer.props import LoadBalancerProps
from modules.network.props import NetworkProps
from modules.postgres.props import PostgresProps
from modules.redis.props import RedisProps
from modules.validation import InvalidSetting


def ecs_settings(**sections: dict[str, Any]) -> Settings:
    """dev's settings with some values of some sections changed: `ecs_settings(database={"multi_az": True})`."""
    dev = load("dev", env={})
    assert dev.ecs is not None
    changed = {name: dataclasses.replace(getattr(dev.ecs, name), **values) for name, values in sections.items()}
    return dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, **changed))


@pytest.mark.parametrize(
    ("sections", "setting"),
    [
        ({"service": {"cpu": 300}}, "ecs.service.cpu"),
        ({"service": {"cpu": 256, "memory_mib": 4096}}, "ecs.service.memory_mib"),
        ({"service": {"min_capacity": 3, "max_capacity": 2, "desired_count": 2}}, "ecs.service.max_capacity"),
        ({"service": {"desired_count": 5, "max_capacity": 4}}, "ecs.service.desired_count"),
        ({"network": {"nat_gateways": "zonal"}}, "ecs.network.nat_gateways"),
        ({"network": {"az_count": 1}}, "ecs.network.az_count"),
        ({"database": {"instance_class": "t3.micro"}}, "ecs.database.instance_class"),
        ({"database": {"backup_retention_days": 0}}, "ecs.database.backup_retention_days"),
        ({"database": {"max_allocated_storage_gib": 10}}, "ecs.database.max_allocated_storage_gib"),
        ({"cache": {"enable_automatic_failover": True, "node_count": 1}}, "ecs.cache.node_count"),
        ({"cache": {"node_type": "t3.micro"}}, "ecs.cache.node_type"),
        ({"service": {"log_retention_days": 10}}, "ecs.service.log_retention_days"),
        (
            {"load_balancer": {"health_check_timeout_seconds": 20, "health_check_interval_seconds": 15}},
            "ecs.load_balancer.health_check_timeout_seconds",
        ),
        ({"alarms": {"email": "ops-at-example"}}, "ecs.alarms.email"),
        ({"key": {"deletion_window_days": 3}}, "ecs.key.deletion_window_days"),
    ],
)
def test_bad_ecs_setting_is_reported_under_its_setting_path(sections: dict[str, Any], setting: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        ecs_settings(**sections)
    assert caught.value.setting == setting
    assert "Fix:" in str(caught.value)


def test_a_bad_value_in_an_environment_file_names_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import environments.dev
    from modules.postgres.props import PostgresOptions

    dev = environments.dev.SETTINGS
    assert dev.ecs is not None
    with pytest.raises(InvalidSetting) as caught:
        dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, database=PostgresOptions(instance_class="huge")))
    assert str(caught.value).startswith("ecs.database.instance_class='huge': not an RDS instance class")


def test_hosted_zone_must_contain_the_domain() -> None:
    dev = load("dev", env={})
    assert dev.ecs is not None
    load_balancer = dataclasses.replace(dev.ecs.load_balancer, hosted_zone_name="example.org")
    with pytest.raises(InvalidSetting) as caught:
        dataclasses.replace(
            dev, domain_name="mc.example.com", ecs=dataclasses.replace(dev.ecs, load_balancer=load_balancer)
        )
    assert caught.value.setting == "ecs.load_balancer.hosted_zone_name"
    assert "mc.example.com" in caught.value.problem


def test_hosted_zone_without_a_domain_is_refused_naming_both_settings() -> None:
    with pytest.raises(InvalidSetting, match="nothing to serve") as caught:
        ecs_settings(load_balancer={"hosted_zone_name": "example.com"})
    assert caught.value.setting == "ecs.load_balancer.hosted_zone_name"
    assert "MC_<ENV>_DOMAIN_NAME" in caught.value.fix


def test_bad_override_of_an_ecs_environment_names_the_variable() -> None:
    with pytest.raises(SettingsError, match=r"^MC_NAME_PREFIX='a-prefix-much-too-long-for-aws-names' \(overrides"):
        load("prod", env={"MC_NAME_PREFIX": "a-prefix-much-too-long-for-aws-names"})


@pytest.mark.parametrize(
    ("prefix", "derived"),
    [("mission-control-staging1", "'mission-control-staging1-prod' (29 characters)"), ("mc-", "'mc--prod'")],
)
def test_a_bad_name_prefix_is_reported_with_the_name_it_gives(prefix: str, derived: str) -> None:
    """Not as a load balancer name the user never typed: the prefix, the resource name and why it breaks."""
    with pytest.raises(SettingsError) as caught:
        load("prod", env={"MC_NAME_PREFIX": prefix})
    message = str(caught.value)
    assert message.startswith(f"MC_NAME_PREFIX={prefix!r} (overrides name_prefix")
    assert derived in message and "Fix:" in message


def test_the_longest_name_prefix_that_fits_is_accepted() -> None:
    """prod's access-log bucket prefix `<name>-alb-logs-` is its tightest derived name: 37 characters."""
    longest = "mission-control-stagin"
    assert len(f"{longest}-prod-alb-logs-") == 37
    assert load("prod", env={"MC_NAME_PREFIX": longest}).resource_name == f"{longest}-prod"
    with pytest.raises(SettingsError, match="S3 bucket name prefix"):
        load("prod", env={"MC_NAME_PREFIX": f"{longest}x"})


def test_every_derived_name_follows_its_rules_in_the_shipped_environments() -> None:
    from modules.aws_names import name_problems

    for name in ("dev", "prod"):
        props = load(name, env={}).ecs_app_props
        assert props is not None
        for kind, derived in props.derived_names():
            assert not name_problems(kind, derived), (kind, derived)


def test_dev_and_prod_differ_where_the_guide_says() -> None:
    dev, prod = load("dev", env={}).ecs, load("prod", env={}).ecs
    assert dev is not None and prod is not None
    assert (dev.network.nat_gateways, prod.network.nat_gateways) == ("none", "per_az")
    assert (dev.database.deletion_protection, prod.database.deletion_protection) == (False, True)
    assert prod.service.desired_count >= 2 and prod.cache.enable_automatic_failover


def test_image_splits_into_repository_and_version() -> None:
    settings = dataclasses.replace(load("dev", env={}), image="registry.example.com:5000/acme/mc:1.4.2")
    assert (settings.image_repository, settings.image_version) == ("registry.example.com:5000/acme/mc", "1.4.2")
    untagged = dataclasses.replace(settings, image="registry.example.com:5000/acme/mc")
    assert (untagged.image_repository, untagged.image_version) == ("registry.example.com:5000/acme/mc", "latest")
    digest = "sha256:" + "a" * 64
    pinned = dataclasses.replace(settings, image=f"registry.example.com:5000/acme/mc@{digest}")
    assert (pinned.image_repository, pinned.image_version) == ("registry.example.com:5000/acme/mc", digest)


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
    """Token values skip the rules a literal would meet (a name pattern, a class table): building succeeds, and the
    built props hold the tokens unchanged."""
    props = build()
    assert TOKEN in {
        getattr(props, name)
        for name in ("cidr_block", "instance_class", "node_type", "domain_name", "image")
        if hasattr(props, name)
    }


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
    options = EcsAppOptions()
    assert (options.service.cpu, options.service.memory_mib, options.database.instance_class) == (
        256,
        512,
        "db.t3.micro",
    )
