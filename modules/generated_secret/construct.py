"""The `GeneratedSecret` construct; see the package docstring."""

from __future__ import annotations

import re

from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.data_aws_secretsmanager_secret_version import DataAwsSecretsmanagerSecretVersion
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from cdktf_cdktf_provider_aws.secretsmanager_secret_version import SecretsmanagerSecretVersion
from constructs import Construct

from modules.generated_secret.props import GeneratedSecretProps

EPHEMERAL_TYPE = "aws_secretsmanager_random_password"


class GeneratedSecret(Construct):
    secret: SecretsmanagerSecret
    version: SecretsmanagerSecretVersion
    ephemeral_value: str
    """Reference to the freshly generated value: only for write-only arguments (`*_wo`)."""

    def __init__(self, scope: Construct, id: str, props: GeneratedSecretProps) -> None:
        super().__init__(scope, id)
        self.props = props
        # cdktf 0.21 has no construct for `ephemeral` blocks: write one at stack level, named after this
        # construct's path so two GeneratedSecrets never collide.
        stack = TerraformStack.of(self)
        label = re.sub(r"\W", "_", self.node.path.removeprefix(f"{stack.node.path}/"))
        stack.add_override(
            f"ephemeral.{EPHEMERAL_TYPE}.{label}",
            {"password_length": props.length, "exclude_punctuation": True, "include_space": False},
        )
        self.ephemeral_value = f"${{ephemeral.{EPHEMERAL_TYPE}.{label}.random_password}}"

        self.secret = SecretsmanagerSecret(
            self,
            "this",
            name=props.name,
            description=props.description,
            kms_key_id=props.kms_key_id,
            recovery_window_in_days=props.recovery_window_days,
        )
        # Write-only: the value is sent to AWS once (version 1) and kept out of state. Bump the version to rotate.
        self.version = SecretsmanagerSecretVersion(
            self,
            "version",
            secret_id=self.secret.id,
            secret_string_wo=self.ephemeral_value,
            secret_string_wo_version=1,
        )
        self._read_back: DataAwsSecretsmanagerSecretVersion | None = None

    @property
    def value(self) -> str:
        """Sensitive reference to the stored value, read back from Secrets Manager (kept in state)."""
        if self._read_back is None:
            self._read_back = DataAwsSecretsmanagerSecretVersion(
                self, "read_back", secret_id=self.secret.id, depends_on=[self.version]
            )
        return self._read_back.secret_string

    @property
    def arn(self) -> str:
        return self.secret.arn
