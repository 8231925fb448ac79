"""`GithubOidc` alone in a test stack, applied with the real Terraform and provider against moto: IAM accepts the
provider, the roles under their path, their trust and their policies, and reads back what we synthesized.

moto stores the documents without evaluating them (it does not check who may assume a role), so who may assume
which role is checked on the documents themselves (tests/synth/test_github_oidc.py)."""

from __future__ import annotations

import json
import shutil
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import emulator_provider_arguments
from tests.support.construct_stacks import github_oidc_new_provider

pytestmark = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")


@pytest.fixture(scope="module")
def iam(
    synth_construct: Callable[[str, Callable[[Any], object]], Path],
    terraform: Terraform,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("github-oidc-apply") / "stack"
    shutil.copytree(synth_construct("github_oidc_new_provider", github_oidc_new_provider), folder)
    with running_emulator() as emulator:
        point_at(folder, emulator)
        terraform.run(folder, "init", "-input=false", "-no-color")
        terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color")
        yield emulator.client("iam")


def point_at(folder: Path, emulator: Emulator) -> None:
    """An override file beside `cdk.tf.json`: the provider talks to the emulator, nothing else changes."""
    (folder / "emulator_override.tf.json").write_text(
        json.dumps({"provider": {"aws": emulator_provider_arguments(emulator.url)}})
    )


def test_the_provider_is_created_for_sts(iam: Any) -> None:
    (provider,) = iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]
    details = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider["Arn"])
    assert provider["Arn"].endswith(":oidc-provider/token.actions.githubusercontent.com")
    assert details["ClientIDList"] == ["sts.amazonaws.com"]


def test_roles_live_under_their_path_with_their_managed_policy(iam: Any) -> None:
    roles = {role["RoleName"]: role for role in iam.list_roles(PathPrefix="/github-actions/")["Roles"]}
    assert sorted(roles) == [
        "mission-control-github-deploy",
        "mission-control-github-plan",
        "mission-control-github-plan-lightsail",
        "mission-control-github-plan-prod",
    ]
    attached = {
        name: [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]]
        for name in roles
    }
    assert attached == {
        "mission-control-github-deploy": ["PowerUserAccess"],
        "mission-control-github-plan": ["ReadOnlyAccess"],
        "mission-control-github-plan-lightsail": ["ReadOnlyAccess"],
        "mission-control-github-plan-prod": ["ReadOnlyAccess"],
    }
    assert roles["mission-control-github-deploy"]["MaxSessionDuration"] == 7200
    assert roles["mission-control-github-plan-prod"]["MaxSessionDuration"] == 3 * 3600


def test_trust_reads_back_as_synthesized(iam: Any) -> None:
    role = iam.get_role(RoleName="mission-control-github-plan")["Role"]
    document = role["AssumeRolePolicyDocument"]
    trust = json.loads(urllib.parse.unquote(document)) if isinstance(document, str) else document
    (statement,) = trust["Statement"]
    assert statement["Principal"]["Federated"].endswith(":oidc-provider/token.actions.githubusercontent.com")
    assert statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"] == [
        "repo:acme/mc-infra:pull_request",
        "repo:acme/mc-infra:ref:refs/heads/main",
    ]


def test_the_prod_plan_role_trusts_only_its_github_environment_and_main(iam: Any) -> None:
    role = iam.get_role(RoleName="mission-control-github-plan-prod")["Role"]
    document = role["AssumeRolePolicyDocument"]
    trust = json.loads(urllib.parse.unquote(document)) if isinstance(document, str) else document
    (statement,) = trust["Statement"]
    assert statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"] == [
        "repo:acme/mc-infra:environment:prod-plan",
        "repo:acme/mc-infra:ref:refs/heads/main",
    ]
