"""The Lightsail stack: `LightsailApp` plus the variables and outputs a user of `cdktf deploy` sees."""

from __future__ import annotations

from cdktf import TerraformOutput, TerraformVariable, TerraformVariableValidationConfig
from constructs import Construct

from environments.settings import Settings
from modules.deployed_image.construct import DeployedImage
from modules.deployed_image.props import DeployedImageProps
from modules.ecs_app import contract
from modules.lightsail_app.construct import LightsailApp
from stacks.base import EnvironmentStack


class LightsailStack(EnvironmentStack):
    image: DeployedImage
    app: LightsailApp
    redis_url: TerraformVariable | None

    def __init__(self, scope: Construct, settings: Settings) -> None:
        super().__init__(scope, settings)
        assert settings.lightsail is not None

        # An external Redis URL usually carries a password: it comes in as a sensitive variable
        # (TF_VAR_redis_url), so it is never written into cdk.tf.json.
        self.redis_url = None
        if not settings.lightsail.enable_redis_sidecar:
            self.redis_url = TerraformVariable(
                self,
                "redis_url",
                type="string",
                sensitive=True,
                nullable=False,
                description="External Redis URL for MC_REDIS_URL, e.g. rediss://:password@host:6379/0. "
                "Set it with TF_VAR_redis_url.",
                validation=[
                    TerraformVariableValidationConfig(
                        condition='${can(regex("^rediss?://", var.redis_url))}',
                        error_message="redis_url must start with redis:// or rediss://.",
                    )
                ],
            )

        # The image version lives in an SSM parameter that CI writes on a release: the next deploy keeps it, and a
        # new value makes a new deployment version.
        self.image = DeployedImage(
            self,
            "image_tag",
            DeployedImageProps(
                name=settings.resource_name,
                repository=settings.image_repository,
                initial_version=settings.image_version,
            ),
        )
        self.app = LightsailApp(
            self,
            "app",
            settings.lightsail_props(
                image=self.image.reference, redis_url=self.redis_url.string_value if self.redis_url else None
            ),
        )

        TerraformOutput(self, "url", value=self.app.public_url, description="Public HTTPS URL of Mission Control.")
        TerraformOutput(
            self,
            contract.IMAGE_TAG_PARAMETER,  # the same value as the ECS stacks', by the same name
            value=self.image.parameter.name,
            description="SSM parameter holding the deployed image tag: write it, then deploy, to roll out a release.",
        )
        TerraformOutput(
            self,
            contract.DATABASE_ENDPOINT,  # the same value as the ECS stacks', by the same name
            value=f"{self.app.database.master_endpoint_address}:{self.app.database.master_endpoint_port}",
            description="host:port of the Lightsail PostgreSQL database (private to Lightsail).",
        )
        TerraformOutput(
            self,
            "container_service_name",
            value=self.app.service.name,
            description="Lightsail container service name, for `aws lightsail` commands and the console.",
        )
