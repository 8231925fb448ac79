"""What every environment stack shares: the AWS provider with default tags, and the state backend."""

from __future__ import annotations

from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags
from constructs import Construct

from environments.settings import Settings
from modules.addresses import ReadableStack
from stacks.backend import configure_backend, point_provider_at_emulator


def aws_provider(
    stack: TerraformStack, *, region: str, tags: dict[str, str], emulator_endpoint: str | None
) -> AwsProvider:
    provider = AwsProvider(stack, "aws", region=region, default_tags=[AwsProviderDefaultTags(tags=tags)])
    if emulator_endpoint is not None:
        point_provider_at_emulator(provider, emulator_endpoint)
    return provider


ENVIRONMENT_TAG = "Environment"
"""The tag every resource of an environment carries (the provider's default tags), with the environment's name: a
budget filters its costs by it."""


class EnvironmentStack(ReadableStack):
    """A stack for one environment. Its ID is the environment name, so `cdktf deploy <name>` works."""

    def __init__(self, scope: Construct, settings: Settings) -> None:
        super().__init__(scope, settings.name)
        self.settings = settings
        self.provider = aws_provider(
            self,
            region=settings.region,
            tags={"Application": "mission-control", ENVIRONMENT_TAG: settings.name, "ManagedBy": "cdktf"},
            emulator_endpoint=settings.emulator_endpoint,
        )
        configure_backend(self, settings)
