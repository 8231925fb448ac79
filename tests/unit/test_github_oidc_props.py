"""GitHub OIDC props and policy documents, without a synth: who may assume which role, and what each may do."""

from __future__ import annotations

import json
from typing import Any

import pytest

from modules.github_oidc import policies
from modules.github_oidc.props import GithubOidcOptions, GithubOidcProps
from modules.validation import InvalidSetting

TOKEN = "${TfToken[TOKEN.7]}"
STATE = {
    "state_bucket_arn": "arn:aws:s3:::acme-mc-tfstate",
    "lock_table_arn": "arn:aws:dynamodb:us-east-1:123456789012:table/acme-mc-locks",
    "state_kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
}


def props(**fields: Any) -> GithubOidcProps:
    values: dict[str, Any] = {"repository": "acme/mc-infra", "name_prefix": "mission-control", **STATE}
    return GithubOidcProps(**{**values, **fields})


def error(**fields: Any) -> InvalidSetting:
    with pytest.raises(InvalidSetting) as caught:
        props(**fields)
    return caught.value


def statement(document: dict[str, Any], sid: str) -> dict[str, Any]:
    matches = [s for s in document["Statement"] if s.get("Sid") == sid]
    assert len(matches) == 1, f"expected one statement {sid!r} in:\n{json.dumps(document, indent=2)}"
    found: dict[str, Any] = matches[0]
    return found


@pytest.mark.parametrize(
    "repository", ["acme/mc-infra", "Acme-Corp/mission.control_infra", "a/b", "x1/.github", f"{'o' * 39}/{'r' * 100}"]
)
def test_github_repositories_are_accepted(repository: str) -> None:
    assert props(repository=repository).repository == repository


def test_options_work_with_their_defaults_alone() -> None:
    options = GithubOidcOptions()
    assert (options.main_branch, options.deploy_environments, options.existing_provider_arn) == (
        "main",
        ("dev", "prod"),
        None,
    )
    assert (options.plan_secret_environments, options.protected_plan_environments) == (("dev",), ("prod", "lightsail"))


@pytest.mark.parametrize(
    "repository",
    [
        "acme",  # no name
        "acme/mc/infra",
        "acme/*",  # a wildcard would trust every repository of the owner
        "*/mc-infra",
        "acme/mc*",
        "-acme/mc",  # owners neither start nor end with a hyphen, nor double it
        "acme-/mc",
        "ac--me/mc",
        f"{'o' * 40}/mc",
        "acme/..",
        "acme/.",
        f"acme/{'r' * 101}",
        "acme/mc infra",
        "",
    ],
)
def test_other_repository_values_are_refused(repository: str) -> None:
    caught = error(repository=repository)
    assert (caught.setting, caught.value) == ("repository", repository)
    assert "owner/name" in caught.fix


@pytest.mark.parametrize("repository", ["${var.repository}", TOKEN, "acme/${var.name}"])
def test_interpolations_in_the_repository_are_refused(repository: str) -> None:
    caught = error(repository=repository)
    assert caught.setting == "repository"
    assert "literally" in caught.problem


@pytest.mark.parametrize("branch", ["feature/*", "*", "a..b", "/main", "main/", "x.lock", "${var.branch}", ""])
def test_branch_patterns_are_refused(branch: str) -> None:
    assert error(main_branch=branch).setting == "main_branch"


def test_a_branch_with_slashes_is_a_literal_subject() -> None:
    assert props(main_branch="release/2.x").plan_subjects[1] == "repo:acme/mc-infra:ref:refs/heads/release/2.x"


@pytest.mark.parametrize(
    ("environments", "problem"),
    [((), "no GitHub environment"), (("prod", "prod"), "twice"), (("pr*d",), "not a GitHub environment name")],
)
def test_deploy_environments_are_checked(environments: tuple[str, ...], problem: str) -> None:
    caught = error(deploy_environments=environments)
    assert caught.setting == "deploy_environments"
    assert problem in caught.problem


def test_existing_provider_must_be_the_github_provider() -> None:
    caught = error(existing_provider_arn="arn:aws:iam::123456789012:oidc-provider/accounts.google.com")
    assert caught.setting == "existing_provider_arn"
    assert "token.actions.githubusercontent.com" in caught.fix


def test_existing_provider_may_be_a_reference() -> None:
    assert props(existing_provider_arn=TOKEN).existing_provider_arn == TOKEN


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("state_bucket_arn", "acme-mc-tfstate"),
        ("lock_table_arn", "arn:aws:s3:::acme-mc-locks"),
        ("state_kms_key_arn", "alias/acme-mc-tfstate-state"),
        ("name_prefix", "Mission_Control"),
        ("deploy_max_session_hours", 13),
    ],
)
def test_wiring_values_are_checked(field: str, value: object) -> None:
    caught = error(**{field: value})
    assert (caught.setting, caught.value) == (field, value)


def test_state_arns_may_be_references() -> None:
    assert props(state_bucket_arn=TOKEN, lock_table_arn=TOKEN, state_kms_key_arn=TOKEN).state_bucket_arn == TOKEN


def test_plan_role_trusts_pull_requests_and_the_main_branch() -> None:
    assert props().plan_subjects == ("repo:acme/mc-infra:pull_request", "repo:acme/mc-infra:ref:refs/heads/main")


def test_deploy_role_trusts_only_the_deploy_environments() -> None:
    assert props().deploy_subjects == ("repo:acme/mc-infra:environment:dev", "repo:acme/mc-infra:environment:prod")


def test_trust_policy_compares_audience_and_subject_exactly() -> None:
    document = policies.trust_policy("arn:aws:iam::123456789012:oidc-provider/x", ("repo:a/b:pull_request",))
    trust = statement(document, "GithubActions")
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Principal"] == {"Federated": "arn:aws:iam::123456789012:oidc-provider/x"}
    assert trust["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:a/b:pull_request"],
        }
    }


def test_plan_may_write_only_lock_files() -> None:
    document = policies.state_access_policy(props())
    writes = [s for s in document["Statement"] if set(s["Action"]) & {"s3:PutObject", "s3:DeleteObject"}]
    assert [w["Resource"] for w in writes] == ["arn:aws:s3:::acme-mc-tfstate/*.tflock"]
    assert statement(document, "DynamodbLock")["Resource"] == STATE["lock_table_arn"]
    assert set(statement(document, "StateKey")["Action"]) >= {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}


def test_the_shared_plan_role_reads_dev_and_is_denied_the_protected_environments() -> None:
    document = policies.plan_secrets_policy(props(), ("dev",), partition="aws", account_id="1")
    assert statement(document, "ReadTheseEnvironmentsSecrets")["Resource"] == [
        "arn:aws:secretsmanager:*:1:secret:mission-control-dev/*"
    ]
    assert statement(document, "NotOtherEnvironmentsSecrets")["Resource"] == [
        "arn:aws:secretsmanager:*:1:secret:mission-control-prod/*",
        "arn:aws:secretsmanager:*:1:secret:mission-control-lightsail/*",
    ]
    assert statement(document, "NotLightsailSecrets")["Effect"] == "Deny"


def test_a_lightsail_plan_role_may_use_lightsails_reads() -> None:
    document = policies.plan_secrets_policy(props(), ("lightsail",), partition="aws", account_id="1")
    assert "NotLightsailSecrets" not in json.dumps(document)


def test_a_plan_of_no_environment_reads_no_secret_value() -> None:
    document = policies.plan_secrets_policy(
        props(plan_secret_environments=()), (), partition="aws", account_id="123456789012"
    )
    assert [s["Action"] for s in document["Statement"] if s["Effect"] == "Allow"] == [
        "secretsmanager:GetRandomPassword"
    ]


def test_protected_plan_roles_trust_their_github_environment_and_main() -> None:
    assert props().protected_plan_subjects("prod") == (
        "repo:acme/mc-infra:environment:prod-plan",
        "repo:acme/mc-infra:ref:refs/heads/main",
    )
    assert props().protected_plan_role_name("prod") == "mission-control-github-plan-prod"


def test_an_environment_both_shared_and_protected_is_refused() -> None:
    caught = error(plan_secret_environments=("dev", "prod"))
    assert (caught.setting, caught.value) == ("plan_secret_environments", ("dev", "prod"))
    assert "protected_plan_environments" in str(caught)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("protected_plan_environments", ("Prod",)),
        ("protected_plan_environments", ("prod", "prod")),
        ("plan_secret_environments", ("${var.env}",)),
        ("lightsail_environments", ("a" * 21,)),
    ],
)
def test_bad_plan_environments_are_refused(field: str, value: tuple[str, ...]) -> None:
    assert error(**{field: value}).setting == field


@pytest.mark.parametrize(
    ("name_prefix", "pattern"),
    [("mission-control", "mission-control-*"), ("mc", "mc-*"), ("acme-mission-control-x", "acme-mission-control*")],
)
def test_deploy_manages_only_the_roles_the_stacks_name(name_prefix: str, pattern: str) -> None:
    document = policies.deploy_iam_policy(props(name_prefix=name_prefix), partition="aws", account_id="1")
    for sid in ("ManageAppRoles", "AttachOnlyTheAppsManagedPolicies", "PassAppRolesToTheirServices"):
        assert statement(document, sid)["Resource"] == f"arn:aws:iam::1:role/{pattern}"


def test_deploy_attaches_only_the_apps_managed_policies() -> None:
    attach = statement(
        policies.deploy_iam_policy(props(), partition="aws", account_id="1"), "AttachOnlyTheAppsManagedPolicies"
    )
    assert attach["Condition"]["ArnEquals"]["iam:PolicyARN"] == [
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",  # blue/green's CodeDeploy service role
    ]


def test_deploy_cannot_touch_the_ci_roles_or_delete_the_state() -> None:
    guard = policies.deploy_guard_policy(props(), partition="aws", account_id="1")
    assert all(s["Effect"] == "Deny" for s in guard["Statement"])
    assert statement(guard, "KeepCiIdentities")["Resource"] == [
        "arn:aws:iam::1:role/github-actions/*",
        "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com",
    ]
    assert "s3:DeleteBucket" in statement(guard, "KeepStateBucket")["Action"]
    assert statement(guard, "KeepLockTable")["Action"] == "dynamodb:DeleteTable"


def test_without_reviewed_plans_the_protected_roles_trust_main_alone() -> None:
    assert props(enable_reviewed_plans=False).protected_plan_subjects("prod") == (
        "repo:acme/mc-infra:ref:refs/heads/main",
    )
