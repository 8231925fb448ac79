"""`GithubOidc` alone in a test stack: the provider, and each role's trust and permissions as synthesized."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support import tfjson
from tests.support.construct_stacks import (
    EXISTING_PROVIDER,
    github_oidc_existing_provider,
    github_oidc_new_provider,
)

Synth = Callable[[str, Callable[[Any], object]], Path]


@pytest.fixture(scope="module")
def construct(synth_construct: Synth) -> Callable[[Callable[[Any], object]], tfjson.TfJson]:
    def load(builder: Callable[[Any], object]) -> tfjson.TfJson:
        return tfjson.load(synth_construct(builder.__name__, builder) / "cdk.tf.json")

    return load


Load = Callable[[Callable[[Any], object]], tfjson.TfJson]


def role(stack: tfjson.TfJson, name: str) -> dict[str, Any]:
    return tfjson.one(stack, "aws_iam_role", name=name)


def trust(stack: tfjson.TfJson, name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(role(stack, name)["assume_role_policy"])
    return document


def inline_policies(stack: tfjson.TfJson, name: str) -> dict[str, dict[str, Any]]:
    """The inline policies of the role named `name`, by policy name, parsed."""
    role_ref = role_reference(stack, name, "id")
    return {
        p["name"]: json.loads(p["policy"])
        for p in tfjson.resources(stack, "aws_iam_role_policy")
        if p["role"] == role_ref
    }


def role_reference(stack: tfjson.TfJson, name: str, attribute: str) -> str:
    (logical_id,) = [k for k, v in stack["resource"]["aws_iam_role"].items() if v.get("name") == name]
    return f"${{aws_iam_role.{logical_id}.{attribute}}}"


def managed_policies(stack: tfjson.TfJson, name: str) -> list[str]:
    role_ref = role_reference(stack, name, "name")
    return [a["policy_arn"] for a in tfjson.resources(stack, "aws_iam_role_policy_attachment") if a["role"] == role_ref]


def test_provider_is_githubs_for_sts(construct: Load) -> None:
    provider = tfjson.one(construct(github_oidc_new_provider), "aws_iam_openid_connect_provider")
    assert provider["url"] == "https://token.actions.githubusercontent.com"
    assert provider["client_id_list"] == ["sts.amazonaws.com"]


def test_roles_trust_the_created_provider(construct: Load) -> None:
    stack = construct(github_oidc_new_provider)
    (provider_id,) = stack["resource"]["aws_iam_openid_connect_provider"]
    for name in ("mission-control-github-plan", "mission-control-github-deploy"):
        (statement,) = trust(stack, name)["Statement"]
        assert statement["Principal"] == {"Federated": f"${{aws_iam_openid_connect_provider.{provider_id}.arn}}"}


def test_an_existing_provider_is_reused_not_created(construct: Load) -> None:
    stack = construct(github_oidc_existing_provider)
    assert tfjson.resources(stack, "aws_iam_openid_connect_provider") == []
    (statement,) = trust(stack, "mission-control-github-plan")["Statement"]
    assert statement["Principal"] == {"Federated": EXISTING_PROVIDER}


def test_plan_role_trusts_this_repositorys_pull_requests_and_main(construct: Load) -> None:
    (statement,) = trust(construct(github_oidc_new_provider), "mission-control-github-plan")["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": [
                "repo:acme/mc-infra:pull_request",
                "repo:acme/mc-infra:ref:refs/heads/main",
            ],
        }
    }


def test_deploy_role_trusts_only_this_repositorys_environments(construct: Load) -> None:
    (statement,) = trust(construct(github_oidc_new_provider), "mission-control-github-deploy")["Statement"]
    assert statement["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": [
                "repo:acme/mc-infra:environment:dev",
                "repo:acme/mc-infra:environment:prod",
            ],
        }
    }


def test_no_trust_policy_uses_patterns(construct: Load) -> None:
    for builder in (github_oidc_new_provider, github_oidc_existing_provider):
        stack = construct(builder)
        for iam_role in tfjson.resources(stack, "aws_iam_role"):
            conditions = json.loads(iam_role["assume_role_policy"])["Statement"][0]["Condition"]
            assert set(conditions) == {"StringEquals"}, iam_role["assume_role_policy"]
            assert "*" not in json.dumps(conditions)


def test_ci_roles_live_under_their_own_path(construct: Load) -> None:
    for iam_role in tfjson.resources(construct(github_oidc_new_provider), "aws_iam_role"):
        assert iam_role["path"] == "/github-actions/"


def test_plan_role_is_read_only_plus_state(construct: Load) -> None:
    stack = construct(github_oidc_new_provider)
    assert [arn.rsplit(":", 1)[-1] for arn in managed_policies(stack, "mission-control-github-plan")] == [
        "policy/ReadOnlyAccess"
    ]
    state = inline_policies(stack, "mission-control-github-plan")["terraform-state"]
    writes = [s for s in state["Statement"] if {"s3:PutObject", "s3:DeleteObject"} & set(s["Action"])]
    assert [w["Resource"] for w in writes] == ["arn:aws:s3:::acme-mc-tfstate/*.tflock"]


def test_each_protected_environment_gets_its_own_plan_role(construct: Load) -> None:
    names = {r["name"] for r in tfjson.resources(construct(github_oidc_existing_provider), "aws_iam_role")}
    assert names == {"mission-control-github-plan", "mission-control-github-plan-prod", "mission-control-github-deploy"}
    stack = construct(github_oidc_existing_provider)
    assert managed_policies(stack, "mission-control-github-plan-prod")[0].endswith(":policy/ReadOnlyAccess")
    assert sorted(inline_policies(stack, "mission-control-github-plan-prod")) == ["plan-secrets", "terraform-state"]


def test_plan_sessions_outlive_a_wait_for_a_deploys_lock(construct: Load) -> None:
    from review.plan_stack import LOCK_TIMEOUT_MINUTES

    for iam_role in tfjson.resources(construct(github_oidc_new_provider), "aws_iam_role"):
        if "-github-plan" in iam_role["name"]:
            assert iam_role["max_session_duration"] > LOCK_TIMEOUT_MINUTES * 60, iam_role


def test_deploy_role_is_power_user_with_the_apps_iam_and_guard_rails(construct: Load) -> None:
    stack = construct(github_oidc_new_provider)
    name = "mission-control-github-deploy"
    assert [arn.rsplit(":", 1)[-1] for arn in managed_policies(stack, name)] == ["policy/PowerUserAccess"]
    policies = inline_policies(stack, name)
    assert sorted(policies) == ["app-roles", "guard-rails"]
    allowed_iam = [s for s in policies["app-roles"]["Statement"] if s["Sid"] != "ReadIam"]
    assert all(s["Resource"].endswith(":role/mission-control-*") for s in allowed_iam), allowed_iam
    assert {s["Effect"] for s in policies["guard-rails"]["Statement"]} == {"Deny"}
    assert role(stack, name)["max_session_duration"] == 7200


def test_the_state_stack_creates_the_ci_roles_only_for_a_repository(
    synth_app: Callable[[dict[str, str]], Path],
) -> None:
    without = tfjson.load(synth_app({}) / "state" / "cdk.tf.json")
    assert "aws_iam_role" not in without.get("resource", {})
    state = tfjson.load(synth_app({"MC_GITHUB_REPOSITORY": "acme/mc-infra"}) / "state" / "cdk.tf.json")
    roles = {role["name"] for role in tfjson.resources(state, "aws_iam_role")}
    assert roles == {
        "mission-control-github-plan",
        "mission-control-github-plan-prod",
        "mission-control-github-plan-lightsail",
        "mission-control-github-deploy",
    }
    for output in ("github_plan_role_arn", "github_protected_plan_role_arns", "github_deploy_role_arn"):
        assert state["output"][output]["description"]
    for role in tfjson.resources(state, "aws_iam_role"):
        (statement,) = json.loads(role["assume_role_policy"])["Statement"]
        subjects = statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
        assert all(subject.startswith("repo:acme/mc-infra:") for subject in subjects), subjects


def test_a_bad_repository_is_refused_naming_the_variable() -> None:
    from environments import SettingsError, load

    with pytest.raises(SettingsError, match=r"^MC_GITHUB_REPOSITORY='acme/\*'.*Fix:"):
        load("dev", env={"MC_GITHUB_REPOSITORY": "acme/*"})


def test_the_state_stack_reuses_an_existing_provider_from_its_setting(
    synth_app: Callable[[dict[str, str]], Path],
) -> None:
    state = tfjson.load(
        synth_app({"MC_GITHUB_REPOSITORY": "acme/mc-infra", "MC_GITHUB_OIDC_PROVIDER_ARN": EXISTING_PROVIDER})
        / "state"
        / "cdk.tf.json"
    )
    assert tfjson.resources(state, "aws_iam_openid_connect_provider") == []
    for iam_role in tfjson.resources(state, "aws_iam_role"):
        (statement,) = json.loads(iam_role["assume_role_policy"])["Statement"]
        assert statement["Principal"] == {"Federated": EXISTING_PROVIDER}, iam_role["name"]
