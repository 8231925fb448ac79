"""The `WriteOnlySecret` and `GeneratedSecret` constructs; see the package docstring."""

from __future__ import annotations

from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.data_aws_secretsmanager_secret_version import DataAwsSecretsmanagerSecretVersion
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from cdktf_cdktf_provider_aws.secretsmanager_secret_version import SecretsmanagerSecretVersion
from constructs import Construct

from modules.addresses import path_below_stack, readable_address
from modules.generated_secret.props import GeneratedSecretProps, SecretProps

EPHEMERAL_TYPE = "aws_secretsmanager_random_password"


class WriteOnlySecret(Construct):
    """A secret whose value is written through `secret_string_wo`: sent to AWS, kept out of state."""

    secret: SecretsmanagerSecret
    version: SecretsmanagerSecretVersion

    def __init__(self, scope: Construct, id: str, props: SecretProps, *, value: str) -> None:
        super().__init__(scope, id)
        self.props = props
        self.secret = SecretsmanagerSecret(
            self,
            "this",
            name=props.name,
            description=props.description,
            kms_key_id=props.kms_key_id,
            recovery_window_in_days=props.recovery_window_days,
        )
        # Written when the version number changes, never compared with what AWS holds.
        self.version = SecretsmanagerSecretVersion(
            self,
            "version",
            secret_id=self.secret.id,
            secret_string_wo=value,
            secret_string_wo_version=props.value_version,
        )
        self._read_back: DataAwsSecretsmanagerSecretVersion | None = None

    @property
    def arn(self) -> str:
        return self.secret.arn

    @property
    def value(self) -> str:
        """Sensitive reference to the stored value, read back from Secrets Manager. This copy is kept in state:
        use it only for arguments that have no write-only form."""
        if self._read_back is None:
            self._read_back = DataAwsSecretsmanagerSecretVersion(
                self, "read_back", secret_id=self.secret.id, depends_on=[self.version]
            )
        return self._read_back.secret_string


class GeneratedSecret(WriteOnlySecret):
    """A `WriteOnlySecret` whose value Secrets Manager generates (GetRandomPassword, as an ephemeral resource)."""

    ephemeral_value: str
    """Reference to the freshly generated value: only for write-only arguments (`*_wo`) in the same run."""

    def __init__(self, scope: Construct, id: str, props: GeneratedSecretProps) -> None:
        # cdktf 0.21 has no construct for `ephemeral` blocks: write one at stack level, named after this
        # construct's path so two GeneratedSecrets never collide.
        label = readable_address(path_below_stack(scope, id))
        TerraformStack.of(scope).add_override(
            f"ephemeral.{EPHEMERAL_TYPE}.{label}",
            {"password_length": props.length, "exclude_punctuation": True, "include_space": False},
        )
        self.ephemeral_value = f"${{ephemeral.{EPHEMERAL_TYPE}.{label}.random_password}}"
        super().__init__(scope, id, props, value=self.ephemeral_value)
