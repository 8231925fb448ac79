"""Privilege: rights a change grants (an identity policy that allows everything, iam:PassRole on every role, actions
widened to every resource, a trust policy open to any AWS account, an administrator policy attached).

Judged on creates too: a new policy grants what it grants. Only what the change adds is reported: a policy that was
already that wide is not news.
"""

from __future__ import annotations

from review import policy
from review.plan import Change
from review.rules.core import HIGH, PRIVILEGE, Context
from review.rules.registry import REGISTRY
from review.rules.values import judged, read_policy, statements_of, widest

rule = REGISTRY.concern(PRIVILEGE)

IDENTITY_POLICIES = {
    "aws_iam_policy": "policy",
    "aws_iam_role_policy": "policy",
    "aws_iam_user_policy": "policy",
    "aws_iam_group_policy": "policy",
}
ADMIN_POLICIES = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")
PRIVILEGE_FIX = (
    "Grant the specific actions on the specific resources the code uses (see the service's 'actions, resources and "
    "condition keys' page); a policy that needs '*' for one action (such as ssmmessages:*) keeps '*' for that "
    "action only."
)

ATTACHMENTS = (
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
)


@rule(*IDENTITY_POLICIES, "aws_iam_role")
def identity_policy(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    attribute = IDENTITY_POLICIES.get(change.type, "inline_policy")  # aws_iam_role: its inline_policy blocks
    after = statements_of(change, context, "after", attribute)
    if after is None:
        if judged(change):
            context.unknown(change, attribute)
        return
    before = statements_of(change, context, "before", attribute) or []
    judge_identity_statements(change, context, attribute, before, after)


def judge_identity_statements(
    change: Change, context: Context, attribute: str, before: list[policy.Statement], after: list[policy.Statement]
) -> None:
    everything = policy.all_actions(after)
    if everything and not policy.all_actions(before):
        context.add(
            change,
            HIGH,
            attribute,
            widest(before),
            everything[0].summary(),
            "The policy now allows every action"
            + (" on every resource: full administrator rights." if everything[0].every_resource else ".")
            + " Whoever holds it can change or delete anything, grant themselves more, and read every secret.",
            PRIVILEGE_FIX,
        )
        return
    passing = policy.pass_role_anywhere(after)
    if passing and not policy.pass_role_anywhere(before):
        context.add(
            change,
            HIGH,
            attribute,
            widest(before),
            passing[0].summary(),
            "iam:PassRole on every role: the holder can hand any role (an administrator's included) to a service "
            "it starts, and so act with that role's rights.",
            "Limit iam:PassRole to the ARNs of the roles it must pass, with an iam:PassedToService condition.",
        )
    if change.action != "create" and before:
        reported = {"iam:passrole"} if passing else set()
        widened = [a for a in policy.newly_on_every_resource(before, after) if a.lower() not in reported]
        if widened:
            context.add(
                change,
                HIGH,
                attribute,
                widest(before),
                f"{', '.join(widened)} on *",
                f"The policy is widened to every resource for {', '.join(widened)}: it reaches every such resource in "
                "the account, not just this environment's.",
                PRIVILEGE_FIX,
            )


@rule("aws_iam_role")
def trust_policy(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    after = read_policy(change, context, "after", "assume_role_policy")
    if after is None:
        if judged(change):
            context.unknown(change, "assume_role_policy")
        return
    before = read_policy(change, context, "before", "assume_role_policy") if change.action != "create" else []
    opened = policy.public(after)
    if opened and not policy.public(before or []):
        context.add(
            change,
            HIGH,
            "assume_role_policy",
            widest(before or []),
            opened[0].summary(),
            "The role's trust policy admits any AWS principal ('*'): anyone with an AWS account can assume the role "
            "and use its permissions.",
            "Trust the specific service (Principal.Service) or account ARNs; for cross-account use add an "
            "sts:ExternalId or aws:PrincipalOrgID condition.",
        )


@rule(*ATTACHMENTS, "aws_iam_role")
def admin_attachment(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    if change.type == "aws_iam_role":
        before = set(change.old("managed_policy_arns") or []) if change.action != "create" else set()
        value = change.new("managed_policy_arns")
        after = set(value) if isinstance(value, list) else set()
        attribute = "managed_policy_arns"
    else:
        before = {change.old("policy_arn")} if change.action != "create" else set()
        after = {change.new("policy_arn")}
        attribute = "policy_arn"
    for arn in sorted(a for a in after - before if isinstance(a, str)):
        if arn.rsplit("/", 1)[-1] in ADMIN_POLICIES:
            context.add(
                change,
                HIGH,
                attribute,
                None,
                arn,
                f"The AWS managed policy {arn.rsplit('/', 1)[-1]} is attached: broad rights over the whole account.",
                PRIVILEGE_FIX,
            )
