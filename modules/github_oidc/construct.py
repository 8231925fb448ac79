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
    """The role pull requests assume: plans of the environments in `plan_secret_environments`."""
    protected_plan_roles: dict[str, IamRole]
    """Per protected environment, the role that plans it (see `protected_plan_environments`)."""
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

        self.plan_role = self._plan_role(
            "plan_role",
            props,
            name=props.plan_role_name,
            description=f"GitHub Actions of {props.repository}: terraform plan (read-only, state lock)",
            subjects=props.plan_subjects,
            environments=props.plan_secret_environments,
            partition=partition,
            account_id=account_id,
        )
        self.protected_plan_roles = {
            environment: self._plan_role(
                f"plan_role_{environment.replace('-', '_')}",
                props,
                name=props.protected_plan_role_name(environment),
                description=f"GitHub Actions of {props.repository}: terraform plan of {environment} (read-only, "
                f"state lock, its secrets), from the GitHub environment {environment}-plan or the main branch",
                subjects=props.protected_plan_subjects(environment),
                environments=(environment,),
                partition=partition,
                account_id=account_id,
            )
            for environment in props.protected_plan_environments
        }

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

    def _plan_role(
        self,
        id: str,
        props: GithubOidcProps,
        *,
        name: str,
        description: str,
        subjects: tuple[str, ...],
        environments: tuple[str, ...],
        partition: str,
        account_id: str,
    ) -> IamRole:
        """A role for `terraform plan`: read-only, reading and locking the state, reading `environments`' secrets."""
        role = IamRole(
            self,
            id,
            name=name,
            path=ROLE_PATH,
            description=description,
            max_session_duration=props.plan_max_session_hours * 3600,
            assume_role_policy=json.dumps(policies.trust_policy(self.provider_arn, subjects)),
        )
        IamRolePolicyAttachment(
            self, f"{id}_read_only", role=role.name, policy_arn=f"arn:{partition}:iam::aws:policy/ReadOnlyAccess"
        )
        IamRolePolicy(
            self,
            f"{id}_state",
            name="terraform-state",
            role=role.id,
            policy=json.dumps(policies.state_access_policy(props)),
        )
        IamRolePolicy(
            self,
            f"{id}_secrets",
            name="plan-secrets",
            role=role.id,
            policy=json.dumps(
                policies.plan_secrets_policy(props, environments, partition=partition, account_id=account_id)
            ),
        )
        return role
