"""The policy documents of `GithubOidc`, as plain dicts. No cdktf import: the unit tests read them without a synth.

ARNs that only Terraform knows (the provider, the account, the partition) come in as arguments, which in the
construct are references such as `${data.aws_caller_identity.x.account_id}`.
"""

from __future__ import annotations

from typing import Any

from modules.github_oidc.props import AUDIENCE, PROVIDER_HOST, ROLE_PATH, GithubOidcProps

Document = dict[str, Any]

# The AWS managed policies the stacks attach to their own roles; the deploy role may attach these and no other.
APP_MANAGED_POLICIES = (
    "service-role/AmazonECSTaskExecutionRolePolicy",
    "service-role/AmazonRDSEnhancedMonitoringRole",
    "AWSCodeDeployRoleForECS",  # blue/green: CodeDeploy's service role (modules/blue_green)
)
# The services the stacks pass their roles to: ECS tasks, VPC flow logs, RDS Enhanced Monitoring, and CodeDeploy
# (a blue/green deployment group takes its service role). CodeDeploy's deployments (`codedeploy:*`, started by the
# rollout) are in PowerUserAccess, which the deploy role has: no statement of ours is needed for them.
APP_ROLE_SERVICES = (
    "ecs-tasks.amazonaws.com",
    "vpc-flow-logs.amazonaws.com",
    "monitoring.rds.amazonaws.com",
    "rds.amazonaws.com",
    "codedeploy.amazonaws.com",
)


def document(*statements: dict[str, Any]) -> Document:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def trust_policy(provider_arn: str, subjects: tuple[str, ...]) -> Document:
    """Tokens from GitHub's provider, for AWS STS, whose subject is exactly one of `subjects`.

    StringEquals on both claims: a subject is one repository in one context, never a pattern."""
    return document(
        {
            "Sid": "GithubActions",
            "Effect": "Allow",
            "Principal": {"Federated": provider_arn},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {
                    f"{PROVIDER_HOST}:aud": AUDIENCE,
                    f"{PROVIDER_HOST}:sub": list(subjects),
                }
            },
        }
    )


def state_access_policy(props: GithubOidcProps) -> Document:
    """Read the state and take the lock, as `terraform plan` does; nothing else is written."""
    return document(
        {
            "Sid": "ListStateBucket",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": props.state_bucket_arn,
        },
        {
            "Sid": "ReadState",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": f"{props.state_bucket_arn}/*",
        },
        {
            # S3-native locking (`use_lockfile`): `<key>.tflock` is written and deleted beside the state.
            "Sid": "S3Lock",
            "Effect": "Allow",
            "Action": ["s3:PutObject", "s3:DeleteObject"],
            "Resource": f"{props.state_bucket_arn}/*.tflock",
        },
        {
            "Sid": "DynamodbLock",
            "Effect": "Allow",
            "Action": ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
            "Resource": props.lock_table_arn,
        },
        {
            # Decrypt to read the state; Encrypt and GenerateDataKey to write the lock file and the lock item.
            "Sid": "StateKey",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            "Resource": props.state_kms_key_arn,
        },
    )


LIGHTSAIL_SECRET_READS = (
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "lightsail:GetContainerServiceDeployments",
)
"""Lightsail calls inside `ReadOnlyAccess`'s `lightsail:Get*` that return a secret: the database's master password,
and each deployment's container environment (where Lightsail keeps MC_DATABASE_URL and MC_SECRET_KEY in plain
text)."""


def secrets_of(props: GithubOidcProps, environment: str, *, partition: str, account_id: str) -> str:
    """The secrets of one environment, `<name_prefix>-<environment>/...`, as an IAM resource pattern."""
    return f"arn:{partition}:secretsmanager:*:{account_id}:secret:{props.name_prefix}-{environment}/*"


def plan_secrets_policy(
    props: GithubOidcProps, environments: tuple[str, ...], *, partition: str, account_id: str
) -> Document:
    """What a plan of `environments` needs from Secrets Manager: GetRandomPassword for the ephemeral generated
    passwords (random bytes, no data) and the values the stacks read back, of those environments only. Every other
    environment a plan role exists for is denied explicitly, and so are Lightsail's secret reads unless one of
    `environments` runs on Lightsail: no allow elsewhere (a managed policy added later) can lift a deny."""
    statements: list[dict[str, Any]] = [
        {"Sid": "GeneratePasswords", "Effect": "Allow", "Action": "secretsmanager:GetRandomPassword", "Resource": "*"}
    ]
    if environments:
        statements += [
            {
                "Sid": "ReadTheseEnvironmentsSecrets",
                "Effect": "Allow",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": [secrets_of(props, e, partition=partition, account_id=account_id) for e in environments],
            },
            {
                "Sid": "DecryptThroughSecretsManager",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {"StringLike": {"kms:ViaService": "secretsmanager.*.amazonaws.com"}},
            },
        ]
    others = [e for e in props.plan_environments if e not in environments]
    if others:
        statements.append(
            {
                "Sid": "NotOtherEnvironmentsSecrets",
                "Effect": "Deny",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": [secrets_of(props, e, partition=partition, account_id=account_id) for e in others],
            }
        )
    if not set(environments) & set(props.lightsail_environments):
        statements.append(
            {"Sid": "NotLightsailSecrets", "Effect": "Deny", "Action": list(LIGHTSAIL_SECRET_READS), "Resource": "*"}
        )
    return document(*statements)


def deploy_iam_policy(props: GithubOidcProps, *, partition: str, account_id: str) -> Document:
    """IAM for the deploy role, which `PowerUserAccess` leaves out: read everything, change only the app's roles.

    The app's roles are those whose names start with the stacks' prefix, at the root path; the CI roles live
    under `/github-actions/`, so `role/<prefix>-*` never matches them."""
    app_roles = f"arn:{partition}:iam::{account_id}:role/{props.app_role_name_pattern}"
    return document(
        {"Sid": "ReadIam", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
        {
            "Sid": "ManageAppRoles",
            "Effect": "Allow",
            "Action": [
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:UpdateRole",
                "iam:UpdateRoleDescription",
                "iam:UpdateAssumeRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:PutRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
            ],
            "Resource": app_roles,
        },
        {
            "Sid": "AttachOnlyTheAppsManagedPolicies",
            "Effect": "Allow",
            "Action": "iam:AttachRolePolicy",
            "Resource": app_roles,
            "Condition": {
                "ArnEquals": {
                    "iam:PolicyARN": [f"arn:{partition}:iam::aws:policy/{name}" for name in APP_MANAGED_POLICIES]
                }
            },
        },
        {
            "Sid": "PassAppRolesToTheirServices",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": app_roles,
            "Condition": {"StringEquals": {"iam:PassedToService": list(APP_ROLE_SERVICES)}},
        },
    )


def deploy_guard_policy(props: GithubOidcProps, *, partition: str, account_id: str) -> Document:
    """Explicit denies that no allow can lift: the CI roles and the provider stay as the `state` stack made them
    (a deploy cannot widen its own trust), and the state backend cannot be deleted or its history erased."""
    return document(
        {
            "Sid": "KeepCiIdentities",
            "Effect": "Deny",
            "Action": "iam:*",
            "Resource": [
                f"arn:{partition}:iam::{account_id}:role{ROLE_PATH}*",
                f"arn:{partition}:iam::{account_id}:oidc-provider/{PROVIDER_HOST}",
            ],
        },
        {
            "Sid": "KeepStateBucket",
            "Effect": "Deny",
            "Action": ["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning"],
            "Resource": props.state_bucket_arn,
        },
        {
            "Sid": "KeepStateHistory",
            "Effect": "Deny",
            "Action": "s3:DeleteObjectVersion",
            "Resource": f"{props.state_bucket_arn}/*",
        },
        {"Sid": "KeepLockTable", "Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": props.lock_table_arn},
        {
            "Sid": "KeepStateKey",
            "Effect": "Deny",
            "Action": ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"],
            "Resource": props.state_kms_key_arn,
        },
    )
