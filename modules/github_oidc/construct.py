"""The `GithubOidc` construct; see the package docstring."""

from __future__ import annotations

import json

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
from cdktf_cdktf_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from modules.github_oidc import policies
from modules.github_oidc.props import AUDIENCE, PROVIDER_URL, ROLE_PATH, GithubOidcProps


class GithubOidc(Construct):
    provider: IamOpenidConnectProvider | None
    """The provider this construct created; None with `existing_provider_arn`."""
    provider_arn: str
    plan_role: IamRole
    deploy_role: IamRole

    def __init__(self, scope: Construct, id: str, props: GithubOidcProps) -> None:
        super().__init__(scope, id)
        partition = DataAwsPartition(self, "partition").partition
        account_id = DataAwsCallerIdentity(self, "account").account_id

        if props.existing_provider_arn is None:
            # No thumbprint: AWS trusts GitHub's certificate through its own CA library (thumbprints are ignored).
            self.provider = IamOpenidConnectProvider(self, "provider", url=PROVIDER_URL, client_id_list=[AUDIENCE])
            self.provider_arn = self.provider.arn
        else:
            self.provider = None
            self.provider_arn = props.existing_provider_arn

        self.plan_role = IamRole(
            self,
            "plan_role",
            name=props.plan_role_name,
            path=ROLE_PATH,
            description=f"GitHub Actions of {props.repository}: terraform plan (read-only, state lock)",
            assume_role_policy=json.dumps(policies.trust_policy(self.provider_arn, props.plan_subjects)),
        )
        IamRolePolicyAttachment(
            self,
            "plan_role_read_only",
            role=self.plan_role.name,
            policy_arn=f"arn:{partition}:iam::aws:policy/ReadOnlyAccess",
        )
        IamRolePolicy(
            self,
            "plan_role_state",
            name="terraform-state",
            role=self.plan_role.id,
            policy=json.dumps(policies.state_access_policy(props)),
        )
        IamRolePolicy(
            self,
            "plan_role_secrets",
            name="plan-secrets",
            role=self.plan_role.id,
            policy=json.dumps(policies.plan_secrets_policy(props, partition=partition, account_id=account_id)),
        )

        # PowerUserAccess: a deploy creates networks, databases, caches, load balancers, ECS, Lightsail, KMS keys,
        # secrets, alarms, certificates and DNS records; IAM only for the app's own roles (see policies.py).
        self.deploy_role = IamRole(
            self,
            "deploy_role",
            name=props.deploy_role_name,
            path=ROLE_PATH,
            description=f"GitHub Actions of {props.repository}: deploys from the environments "
            + ", ".join(props.deploy_environments),
            max_session_duration=props.deploy_max_session_hours * 3600,
            assume_role_policy=json.dumps(policies.trust_policy(self.provider_arn, props.deploy_subjects)),
        )
        IamRolePolicyAttachment(
            self,
            "deploy_role_power_user",
            role=self.deploy_role.name,
            policy_arn=f"arn:{partition}:iam::aws:policy/PowerUserAccess",
        )
        IamRolePolicy(
            self,
            "deploy_role_iam",
            name="app-roles",
            role=self.deploy_role.id,
            policy=json.dumps(policies.deploy_iam_policy(props, partition=partition, account_id=account_id)),
        )
        IamRolePolicy(
            self,
            "deploy_role_guard",
            name="guard-rails",
            role=self.deploy_role.id,
            policy=json.dumps(policies.deploy_guard_policy(props, partition=partition, account_id=account_id)),
        )
