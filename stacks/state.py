"""The `state` bootstrap stack: the S3 bucket and DynamoDB table every other stack's backend uses.

Chicken and egg: it keeps its own state in a local file (`terraform.state.tfstate` in its stack folder). Deploy it
once, before any environment; README "State first" says how to move its state into the bucket afterwards.
"""

from __future__ import annotations

from cdktf import LocalBackend, TerraformOutput
from constructs import Construct

from environments.settings import StateTarget
from modules.addresses import ReadableStack
from modules.github_oidc.construct import GithubOidc
from modules.github_oidc.props import GithubOidcProps
from modules.state_backend.construct import StateBackend
from modules.state_backend.props import StateBackendProps
from stacks.backend import REQUIRED_TERRAFORM
from stacks.base import aws_provider

STACK_ID = "state"


class StateStack(ReadableStack):
    backend: StateBackend
    github: GithubOidc | None

    def __init__(self, scope: Construct, target: StateTarget) -> None:
        super().__init__(scope, STACK_ID)
        self.add_override("terraform.required_version", REQUIRED_TERRAFORM)
        aws_provider(
            self,
            region=target.region,
            tags={"Application": "mission-control", "Environment": "shared", "ManagedBy": "cdktf"},
            emulator_endpoint=target.emulator_endpoint,
        )
        LocalBackend(self, path="terraform.state.tfstate")
        self.backend = StateBackend(
            self, "state", StateBackendProps(bucket_name=target.bucket, lock_table_name=target.lock_table)
        )
        TerraformOutput(
            self, "state_bucket", value=self.backend.bucket.bucket, description="S3 bucket of every stack's state."
        )
        TerraformOutput(
            self,
            "lock_table",
            value=self.backend.lock_table.name,
            description="DynamoDB table that locks every stack's state.",
        )
        TerraformOutput(self, "state_region", value=target.region, description="Region of the bucket and table.")

        # CI: GitHub Actions assume roles through OIDC, with no long-lived keys anywhere.
        self.github = None
        if target.github_repository:
            self.github = GithubOidc(
                self,
                "github",
                GithubOidcProps(
                    repository=target.github_repository,
                    name_prefix=target.name_prefix,
                    state_bucket_arn=self.backend.bucket.arn,
                    lock_table_arn=self.backend.lock_table.arn,
                    state_kms_key_arn=self.backend.key.key.arn,
                    # IAM allows one provider per URL: an account that has GitHub's already names it here.
                    existing_provider_arn=target.github_oidc_provider_arn,
                    enable_reviewed_plans=target.github_reviewed_plans,
                ),
            )
            TerraformOutput(
                self,
                "github_plan_role_arn",
                value=self.github.plan_role.arn,
                description="Role the pull-request workflow assumes to plan dev (repository variable "
                "AWS_PLAN_ROLE_ARN); it may read no other environment's secrets.",
            )
            TerraformOutput(
                self,
                "github_protected_plan_role_arns",
                value={name: role.arn for name, role in self.github.protected_plan_roles.items()},
                description="Per protected environment, the role that plans it: the variable AWS_PLAN_ROLE_ARN of the "
                "GitHub environment <environment>-plan.",
            )
            TerraformOutput(
                self,
                "github_deploy_role_arn",
                value=self.github.deploy_role.arn,
                description="Role the deploy workflows assume (repository variable AWS_DEPLOY_ROLE_ARN).",
            )
