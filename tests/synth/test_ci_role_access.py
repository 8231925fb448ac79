"""Who can read which environment's secrets, from the synthesized `state` stack: for every CI role, the `sub`
claims that may assume it, paired with the environments whose secret values it can read.

The pairs are evaluated from the documents themselves (trust policies, managed policies, inline policies with their
allows and denies), so the test fails when any of them widens. The rule being held: no role that a pull request or
a branch other than main can assume reads prod's (or Lightsail's) secret values."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pytest

from tests.support import tfjson

REPOSITORY = "acme/mc-infra"
ACCOUNT = "123456789012"
ENVIRONMENTS = ("dev", "prod", "lightsail")
SUB = "token.actions.githubusercontent.com:sub"

# What the AWS managed policies attached here grant, for the two kinds of read that return a secret value:
# Secrets Manager's GetSecretValue, and Lightsail's calls that return its database password and the plain-text
# container environment. ReadOnlyAccess has `lightsail:Get*` but no `secretsmanager:GetSecretValue`;
# PowerUserAccess allows every action outside IAM and Organizations.
MANAGED_GRANTS: dict[str, set[str]] = {
    "ReadOnlyAccess": {"lightsail:GetRelationalDatabaseMasterUserPassword", "lightsail:GetContainerServiceDeployments"},
    "PowerUserAccess": {
        "secretsmanager:GetSecretValue",
        "lightsail:GetRelationalDatabaseMasterUserPassword",
        "lightsail:GetContainerServiceDeployments",
    },
}
LIGHTSAIL_READS = ("lightsail:GetRelationalDatabaseMasterUserPassword", "lightsail:GetContainerServiceDeployments")


@pytest.fixture(scope="module")
def state(synth_app: Callable[[dict[str, str]], Path]) -> tfjson.TfJson:
    return tfjson.load(synth_app({"MC_GITHUB_REPOSITORY": REPOSITORY}) / "state" / "cdk.tf.json")


def concrete(value: Any) -> Any:
    """The documents' Terraform references to the partition and account, as a real account would resolve them."""
    text = json.dumps(value)
    text = re.sub(r"\$\{data\.aws_partition\.[^}]+\}", "aws", text)
    text = re.sub(r"\$\{data\.aws_caller_identity\.[^}]+\}", ACCOUNT, text)
    return json.loads(text)


def listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def matches(statement: dict[str, Any], action: str, resource: str) -> bool:
    return any(fnmatchcase(action, a) for a in listed(statement["Action"])) and any(
        fnmatchcase(resource, r) for r in listed(statement["Resource"])
    )


def secret_arn(environment: str) -> str:
    """A secret of the environment as AWS names it: `<name>-<6 random characters>`."""
    return f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:mission-control-{environment}/database-password-Ab1C2d"


def readable_environments(stack: tfjson.TfJson, role: dict[str, Any], logical_id: str) -> set[str]:
    """Environments whose secret values the role can read: allowed by a managed or inline policy, not denied."""
    name_ref, id_ref = f"${{aws_iam_role.{logical_id}.name}}", f"${{aws_iam_role.{logical_id}.id}}"
    managed = [
        a["policy_arn"].rsplit("/", 1)[-1]
        for a in tfjson.resources(stack, "aws_iam_role_policy_attachment")
        if a["role"] == name_ref
    ]
    assert set(managed) <= set(MANAGED_GRANTS), f"{role['name']}: unknown managed policy in {managed}"
    statements = [
        s
        for p in tfjson.resources(stack, "aws_iam_role_policy")
        if p["role"] == id_ref
        for s in concrete(json.loads(p["policy"]))["Statement"]
    ]

    def can(action: str, resource: str) -> bool:
        allowed = any(action in MANAGED_GRANTS[m] for m in managed) or any(
            s["Effect"] == "Allow" and matches(s, action, resource) for s in statements
        )
        denied = any(s["Effect"] == "Deny" and matches(s, action, resource) for s in statements)
        return allowed and not denied

    readable = {e for e in ENVIRONMENTS if can("secretsmanager:GetSecretValue", secret_arn(e))}
    # Lightsail keeps its database password and the container environment in its own API.
    if any(can(action, f"arn:aws:lightsail:us-east-1:{ACCOUNT}:RelationalDatabase/x") for action in LIGHTSAIL_READS):
        readable.add("lightsail")
    return readable


def access_pairs(stack: tfjson.TfJson) -> dict[str, tuple[set[str], set[str]]]:
    """role name -> (the `sub` contexts that may assume it, the environments whose secrets it reads)."""
    pairs = {}
    for logical_id, role in stack["resource"]["aws_iam_role"].items():
        (statement,) = json.loads(role["assume_role_policy"])["Statement"]
        subjects = {s.removeprefix(f"repo:{REPOSITORY}:") for s in listed(statement["Condition"]["StringEquals"][SUB])}
        pairs[role["name"]] = (subjects, readable_environments(stack, role, logical_id))
    return pairs


def test_every_role_pairs_who_may_assume_it_with_what_it_reads(state: tfjson.TfJson) -> None:
    assert access_pairs(state) == {
        "mission-control-github-plan": ({"pull_request", "ref:refs/heads/main"}, {"dev"}),
        "mission-control-github-plan-prod": ({"environment:prod-plan", "ref:refs/heads/main"}, {"prod"}),
        "mission-control-github-plan-lightsail": ({"environment:lightsail-plan", "ref:refs/heads/main"}, {"lightsail"}),
        "mission-control-github-deploy": ({"environment:dev", "environment:prod"}, {"dev", "prod", "lightsail"}),
    }


def test_no_role_a_pull_request_or_a_branch_can_assume_reads_prod(state: tfjson.TfJson) -> None:
    for name, (subjects, readable) in access_pairs(state).items():
        unprotected = {
            s for s in subjects if s == "pull_request" or (s.startswith("ref:") and s != "ref:refs/heads/main")
        }
        if unprotected:
            assert not readable & {"prod", "lightsail"}, f"{name}: assumable by {unprotected}, reads {readable}"


def test_the_evaluator_sees_an_allow_that_is_not_denied() -> None:
    """The evaluation above would pass vacuously if it never found a read: a role with an open secrets policy and no
    deny must read every environment."""
    stack: tfjson.TfJson = {
        "resource": {
            "aws_iam_role": {"r": {"name": "open", "assume_role_policy": "{}"}},
            "aws_iam_role_policy_attachment": {},
            "aws_iam_role_policy": {
                "p": {
                    "role": "${aws_iam_role.r.id}",
                    "policy": json.dumps(
                        {
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": ["secretsmanager:*", "lightsail:Get*"],
                                    "Resource": "*",
                                }
                            ]
                        }
                    ),
                }
            },
        }
    }
    role = stack["resource"]["aws_iam_role"]["r"]
    assert readable_environments(stack, role, "r") == set(ENVIRONMENTS)


def test_without_reviewed_plans_only_main_plans_prod(synth_app: Callable[[dict[str, str]], Path]) -> None:
    """Where GitHub environments cannot require reviewers (private repositories below Enterprise), a `prod-plan`
    environment protects nothing: the protected plan roles then trust the main branch alone."""
    stack = tfjson.load(
        synth_app({"MC_GITHUB_REPOSITORY": REPOSITORY, "MC_GITHUB_REVIEWED_PLANS": "false"}) / "state" / "cdk.tf.json"
    )
    pairs = access_pairs(stack)
    assert pairs["mission-control-github-plan-prod"] == ({"ref:refs/heads/main"}, {"prod"})
    assert pairs["mission-control-github-plan-lightsail"] == ({"ref:refs/heads/main"}, {"lightsail"})
    assert pairs["mission-control-github-plan"] == ({"pull_request", "ref:refs/heads/main"}, {"dev"})
