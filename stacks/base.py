"""What every environment stack shares: the AWS provider with default tags, and the state backend."""

from __future__ import annotations

from cdktf import S3Backend, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags
from constructs import Construct

from environments.settings import Settings


class EnvironmentStack(TerraformStack):
    """A stack for one environment. Its ID is the environment name, so `cdktf deploy <name>` works."""

    def __init__(self, scope: Construct, settings: Settings) -> None:
        super().__init__(scope, settings.name)
        self.settings = settings
        self.provider = AwsProvider(
            self,
            "aws",
            region=settings.region,
            default_tags=[
                AwsProviderDefaultTags(
                    tags={
                        "Application": "mission-control",
                        "Environment": settings.name,
                        "ManagedBy": "cdktf",
                    }
                )
            ],
        )
        configure_backend(self, settings)


def configure_backend(stack: TerraformStack, settings: Settings) -> None:
    """S3 state with both locks: DynamoDB (works with every Terraform >= 1.0) and S3-native `use_lockfile`
    (Terraform >= 1.10), so the DynamoDB table can be retired later without a migration."""
    state = settings.state
    backend = S3Backend(
        stack,
        bucket=state.bucket,
        key=state.key(settings.name),
        region=settings.state_region,
        encrypt=True,
        dynamodb_table=state.lock_table,
    )
    # cdktf 0.21's S3Backend has no field for it.
    backend.add_override("use_lockfile", True)
