"""What the deploy role may do for a blue/green deploy and rollout, evaluated from the synthesized `state` stack's
documents (its managed policy, its inline allows with their conditions, its explicit denies), as IAM would answer
one request: the blue/green parts of prod must be creatable and deployable, and nothing beyond them opens up.

PowerUserAccess (attached) allows every action outside IAM, Organizations and Account; the role's own policies
add the IAM it needs. Conditions are matched as IAM does for the operators the documents use.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pytest

from tests.support import tfjson
from tests.synth.test_ci_role_access import ACCOUNT, REPOSITORY, concrete, listed

DEPLOY_ROLE = "mission-control-github-deploy"
POWER_USER_EXCLUDES = ("iam:*", "organizations:*", "account:*")
"""PowerUserAccess: `NotAction` of these (its few IAM exceptions, such as service-linked roles, play no part here)."""

CODEDEPLOY_ROLE = f"arn:aws:iam::{ACCOUNT}:role/mission-control-prod-codedeploy-20261206120000000000000001"
TASK_ROLE = f"arn:aws:iam::{ACCOUNT}:role/mission-control-prod-task-20261206120000000000000002"
CI_ROLE = f"arn:aws:iam::{ACCOUNT}:role/github-actions/mission-control-github-deploy"
GROUP = f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentgroup:mission-control-prod/mission-control-prod"
CODEDEPLOY_POLICY = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"
Request = tuple[str, str, dict[str, str]]
"""(action, resource, request context: condition key -> value)"""

NEEDED: list[Request] = [
    # The stack: CodeDeploy's service role, its managed policy, and the group that takes it.
    ("iam:CreateRole", CODEDEPLOY_ROLE, {}),
    ("iam:AttachRolePolicy", CODEDEPLOY_ROLE, {"iam:PolicyARN": CODEDEPLOY_POLICY}),
    ("iam:PassRole", CODEDEPLOY_ROLE, {"iam:PassedToService": "codedeploy.amazonaws.com"}),
    ("codedeploy:CreateApplication", f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:application:mission-control-prod", {}),
    ("codedeploy:CreateDeploymentGroup", GROUP, {}),
    ("codedeploy:UpdateDeploymentGroup", GROUP, {}),
    # The rollout: the migration's one-off revision, then the deployment it starts, watches and may stop.
    ("ecs:RegisterTaskDefinition", "*", {}),
    ("iam:PassRole", TASK_ROLE, {"iam:PassedToService": "ecs-tasks.amazonaws.com"}),
    ("codedeploy:CreateDeployment", GROUP, {}),
    ("codedeploy:GetDeployment", GROUP, {}),
    ("codedeploy:StopDeployment", GROUP, {}),
    ("codedeploy:GetDeploymentConfig", f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentconfig:*", {}),
]
REFUSED: list[Request] = [
    ("iam:AttachRolePolicy", CODEDEPLOY_ROLE, {"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}),
    ("iam:PassRole", CODEDEPLOY_ROLE, {"iam:PassedToService": "lambda.amazonaws.com"}),
    ("iam:PassRole", CI_ROLE, {"iam:PassedToService": "codedeploy.amazonaws.com"}),
    ("iam:AttachRolePolicy", CI_ROLE, {"iam:PolicyARN": CODEDEPLOY_POLICY}),
]


@pytest.fixture(scope="module")
def state(synth_app: Callable[[dict[str, str]], Path]) -> tfjson.TfJson:
    return tfjson.load(synth_app({"MC_GITHUB_REPOSITORY": REPOSITORY}) / "state" / "cdk.tf.json")


def condition_holds(condition: dict[str, dict[str, Any]], context: dict[str, str]) -> bool:
    for operator, tests in condition.items():
        for key, expected in tests.items():
            value = context.get(key)
            if value is None:
                return False
            if operator in ("StringEquals", "ArnEquals") and value not in listed(expected):
                return False
            if operator in ("StringLike", "ArnLike") and not any(fnmatchcase(value, e) for e in listed(expected)):
                return False
            if operator not in ("StringEquals", "ArnEquals", "StringLike", "ArnLike"):
                raise AssertionError(f"the evaluator does not know {operator}: teach it before trusting it")
    return True


def applies(statement: dict[str, Any], request: Request) -> bool:
    action, resource, context = request
    return (
        any(fnmatchcase(action, a) for a in listed(statement["Action"]))
        and any(fnmatchcase(resource, r) for r in listed(statement["Resource"]))
        and condition_holds(statement.get("Condition", {}), context)
    )


def decide(stack: tfjson.TfJson, request: Request) -> bool:
    (logical_id,) = [k for k, v in stack["resource"]["aws_iam_role"].items() if v["name"] == DEPLOY_ROLE]
    refs = {f"${{aws_iam_role.{logical_id}.{attribute}}}" for attribute in ("name", "id")}
    managed = [
        a["policy_arn"].rsplit("/", 1)[-1]
        for a in tfjson.resources(stack, "aws_iam_role_policy_attachment")
        if a["role"] in refs
    ]
    assert managed == ["PowerUserAccess"], managed
    statements = [
        s
        for p in tfjson.resources(stack, "aws_iam_role_policy")
        if p["role"] in refs
        for s in concrete(json.loads(p["policy"]))["Statement"]
    ]
    action = request[0]
    allowed = not any(fnmatchcase(action, excluded) for excluded in POWER_USER_EXCLUDES) or any(
        s["Effect"] == "Allow" and applies(s, request) for s in statements
    )
    return allowed and not any(s["Effect"] == "Deny" and applies(s, request) for s in statements)


@pytest.mark.parametrize("request_", NEEDED, ids=lambda r: f"{r[0]}:{r[1].rsplit(':', 1)[-1][-30:]}")
def test_the_deploy_role_may_create_and_deploy_blue_green(state: tfjson.TfJson, request_: Request) -> None:
    assert decide(state, request_), request_


@pytest.mark.parametrize("request_", REFUSED, ids=lambda r: f"{r[0]}:{r[1].rsplit('/', 1)[-1][-30:]}")
def test_the_deploy_role_gains_nothing_beyond_it(state: tfjson.TfJson, request_: Request) -> None:
    assert not decide(state, request_), request_


def test_the_evaluator_reads_conditions() -> None:
    """The checks above would pass vacuously if conditions were ignored: an allow conditioned on one service does
    not cover another."""
    statement = {
        "Effect": "Allow",
        "Action": "iam:PassRole",
        "Resource": "*",
        "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
    }
    assert applies(statement, ("iam:PassRole", TASK_ROLE, {"iam:PassedToService": "ecs-tasks.amazonaws.com"}))
    assert not applies(statement, ("iam:PassRole", TASK_ROLE, {"iam:PassedToService": "codedeploy.amazonaws.com"}))
    assert not applies(statement, ("iam:PassRole", TASK_ROLE, {}))
