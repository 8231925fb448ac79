"""AWS naming rules, without a synth: a derived name that AWS would refuse fails under the setting the user typed."""

from __future__ import annotations

import typing

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from modules.aws_names import (
    RULES,
    NameKind,
    check_bucket_name,
    check_derived_name,
    check_name,
    name_limit,
    name_problems,
)
from modules.validation import InvalidSetting, is_token

TOKEN = "${TfToken[TOKEN.7]}"

# One valid and one refused name per kind, with a word of the problem AWS would report.
CASES: list[tuple[NameKind, str, str, str]] = [
    ("rds_instance", "mission-control-dev", "mission-control--dev", "two hyphens in a row"),
    ("rds_instance", "mc-dev", "1mc-dev", "starts with '1', not a letter"),
    ("rds_instance", "m" * 63, "m" * 64, "64 characters long, 1 over the limit"),
    ("rds_instance", "mc-dev", "mc-dev-", "ends with '-'"),
    ("rds_parameter_group", "mc-dev-postgres16", "mc-dev-postgres16.1", "not allowed ('.')"),
    ("rds_subnet_group", "mc-dev-database", "default", "a name AWS reserves"),
    ("rds_subnet_group", "mc dev_db.1", "1-db", "starts with '1'"),
    ("rds_snapshot", "mc-dev-final", "mc-dev--final", "two hyphens in a row"),
    ("elasticache_replication_group", "mc-dev", "mc--dev", "two hyphens in a row"),
    ("elasticache_replication_group", "m" * 40, "m" * 41, "41 characters long"),
    ("elasticache_parameter_group", "mc-dev-redis7", "mc-dev-redis7-", "ends with '-'"),
    ("elasticache_subnet_group", "mc-dev-redis", "mc_dev_redis", "not allowed ('_')"),
    ("alb", "mc-dev-alb", "internal-mc-dev", "'internal-', a prefix AWS reserves"),
    ("alb", "m" * 32, "m" * 33, "33 characters long"),
    ("alb", "mc-dev-alb", "-mc-dev-alb", "starts with '-'"),
    ("target_group", "mc-dev-app", "mc-dev-app-", "ends with '-'"),
    ("target_group", "mc-dev-app", "mc_dev_app", "not allowed ('_')"),
    ("ecs_cluster", "Mission_Control-dev", "mc/dev", "not allowed ('/')"),
    ("ecs_service", "mc-dev", "m" * 256, "256 characters long"),
    ("ecs_task_family", "mc-dev-app", "mc dev", "not allowed (' ')"),
    ("log_group", "/ecs/mc-dev", "aws/ecs/mc-dev", "'aws/', a prefix AWS reserves"),
    ("log_group", "/vpc/mc-dev/flow-logs#1", "/ecs/mc:dev", "not allowed (':')"),
    ("secret", "mc-dev/database-password", "mc-dev/app-secret", "a hyphen and six characters"),
    ("secret", "mc-dev/key=1+2@x.y", "mc dev", "not allowed (' ')"),
    ("iam_role", "mc-dev-exec+role=1,a.b@c_d", "mc-dev:exec", "not allowed (':')"),
    ("iam_role", "r" * 64, "r" * 65, "65 characters long"),
    ("iam_role_name_prefix", "mission-control-dev-rds-monitoring-", "mission-control-dev-enhanced-monitoring-", "over"),
    ("kms_alias", "alias/mc-dev", "alias/aws/mc-dev", "'alias/aws/', a prefix AWS reserves"),
    ("kms_alias", "alias/mc/dev_1", "mc-dev", "does not start with 'alias/'"),
    ("kms_alias", "alias/mc-dev", "alias/mc.dev", "not allowed ('.')"),
    ("sns_topic", "mc-dev-alarms", "mc.dev.alarms", "not allowed ('.')"),
    ("cloudwatch_alarm", "mc-dev: 5xx > 1% (ALB)", "mc-dev\talarm", "not allowed ('\\t')"),
    ("s3_bucket", "acme-mission-control-tfstate", "Acme_State", "not allowed"),
    ("s3_bucket", "acme-tfstate", "xn--acme", "'xn--', a prefix AWS reserves"),
    ("s3_bucket", "acme-tfstate", "acme-s3alias", "'-s3alias', a suffix AWS reserves"),
    ("s3_bucket", "acme-tfstate", "acme--table-s3", "'--table-s3', a suffix AWS reserves"),
    ("s3_bucket", "abc", "ab", "the minimum is 3"),
    ("s3_bucket", "acme-tfstate", "192.168.5.4", "formatted as an IP address"),
    ("s3_bucket", "acme-tfstate", "acme.tfstate", "dots, which break HTTPS"),
    ("s3_bucket_prefix", "mc-dev-alb-logs-", "mission-control-production-alb-logs-x-", "over the limit"),
    ("s3_bucket_prefix", "mc-dev-alb-logs-", "sthree-logs-", "'sthree-', a prefix AWS reserves"),
    ("dynamodb_table", "mission-control-terraform-locks", "ab", "the minimum is 3"),
    ("dynamodb_table", "Locks_v1.0", "locks/v1", "not allowed ('/')"),
    ("lightsail_container_service", "mission-control", "Mission-Control", "not allowed ('C', 'M')"),
    ("lightsail_container_service", "mc", "mc-", "ends with '-'"),
    ("lightsail_container_service", "m" * 63, "m" * 64, "64 characters long"),
    ("lightsail_database", "mission-control-db", "m", "the minimum is 2"),
    ("lightsail_database", "Mission-Control-DB", "-mc-db", "starts with '-'"),
    ("lightsail_database_snapshot", "mc-db-final", "mc_db_final", "not allowed ('_')"),
    ("security_group", "mc-dev-app (tasks) [1]", "sg-mc-dev", "'sg-', a prefix AWS reserves"),
    ("security_group", "mc-dev-app", "mc-dev-app~", "not allowed ('~')"),
]


def test_every_kind_has_a_rule_and_a_case() -> None:
    kinds = set(typing.get_args(NameKind))
    assert set(RULES) == kinds
    assert {kind for kind, *_ in CASES} == kinds


@pytest.mark.parametrize(("kind", "good", "bad", "problem"), CASES)
def test_each_rule_accepts_a_good_name_and_names_the_problem_of_a_bad_one(
    kind: NameKind, good: str, bad: str, problem: str
) -> None:
    assert name_problems(kind, good) == []
    problems = name_problems(kind, bad)
    assert any(problem in found for found in problems), problems


def test_derived_name_error_names_the_typed_setting_and_the_derived_name() -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_derived_name("elasticache_replication_group", "mc--dev", setting="name_prefix", typed_value="mc-")
    error = caught.value
    assert (error.setting, error.value) == ("name_prefix", "mc-")
    assert str(error).startswith("name_prefix='mc-': it makes the ElastiCache replication group id 'mc--dev'")
    assert "two hyphens in a row" in error.problem
    assert "1-40 letters, digits and hyphens" in error.problem
    assert "change name_prefix" in error.fix


def test_a_name_too_long_says_by_how_much_to_shorten_the_setting() -> None:
    prefix = "mission-control-staging-environment"
    with pytest.raises(InvalidSetting) as caught:
        check_derived_name(
            "elasticache_replication_group", f"{prefix}-redis", setting="name_prefix", typed_value=prefix
        )
    assert caught.value.fix == "shorten name_prefix by at least 1 character"


def test_a_valid_derived_name_passes() -> None:
    check_derived_name("rds_instance", "mission-control-dev", setting="name_prefix", typed_value="mission-control")


def test_derived_names_with_tokens_are_skipped() -> None:
    check_derived_name("alb", f"{TOKEN}-alb", setting="name_prefix", typed_value=TOKEN)


def test_a_name_used_unchanged_is_reported_as_the_setting() -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_name("dynamodb_table", "state.lock_table", "ab")
    assert str(caught.value).startswith("state.lock_table='ab': not a valid DynamoDB table name: it is 2 characters")
    assert caught.value.fix == "use 3-255 letters, digits, '_', '.' and '-'"


@pytest.mark.parametrize(
    ("bucket", "problem"),
    [
        ("Acme_State", "S3 bucket name"),
        ("acme..state", "adjacent dots"),
        ("acme.-state", "a dot beside a hyphen"),
        ("192.168.5.4", "IP address"),
        ("xn--acme", "prefix AWS reserves"),
        ("amzn-s3-demo-acme", "prefix AWS reserves"),
        ("acme--ol-s3", "suffix AWS reserves"),
        ("acme--x-s3", "suffix AWS reserves"),
        ("acme.state", "dots, which break HTTPS"),
        ("-acme", "starts with '-'"),
        ("a" * 64, "64 characters long"),
    ],
)
def test_bucket_names_follow_s3_rules(bucket: str, problem: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_bucket_name("state.bucket", bucket)
    assert (caught.value.setting, caught.value.value) == ("state.bucket", bucket)
    assert problem in str(caught.value)
    assert "acme-mission-control-tfstate" in caught.value.fix


def test_a_good_bucket_name_and_a_token_pass() -> None:
    check_bucket_name("state.bucket", "acme-mission-control-tfstate")
    check_bucket_name("state.bucket", TOKEN)


@settings(database=None, deadline=None, max_examples=100)
@given(st.sampled_from(sorted(RULES)), st.text(max_size=80))
def test_any_string_gives_a_list_of_problems_or_none(kind: NameKind, name: str) -> None:
    assume(not is_token(name))  # tokens are skipped, whatever their text
    problems = name_problems(kind, name)
    if problems:
        with pytest.raises(InvalidSetting):
            check_derived_name(kind, name, setting="name_prefix", typed_value="x")
    else:
        check_derived_name(kind, name, setting="name_prefix", typed_value="x")


def test_a_name_limit_is_the_tightest_of_the_names_made_from_it() -> None:
    derived: tuple[tuple[NameKind, str], ...] = (
        ("ecs_service", "{name}"),
        ("ecs_task_family", "{name}-migrate"),
        ("log_group", "/ecs/{name}"),
        ("lightsail_container_service", "{name}"),
    )
    limit = name_limit(*derived)

    def problems(base: str) -> list[str]:
        return [p for kind, template in derived for p in name_problems(kind, template.replace("{name}", base))]

    assert problems("a" * limit) == []
    assert problems("a" * (limit + 1)) != []
    with pytest.raises(ValueError, match="does not contain"):
        name_limit(("ecs_service", "app"))
