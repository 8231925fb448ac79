"""The `WriteOnlySecret` and `GeneratedSecret` constructs; see the package docstring."""

from __future__ import annotations

from cdktf import Fn, TerraformStack, Token
from cdktf_cdktf_provider_aws.data_aws_secretsmanager_secret_version import DataAwsSecretsmanagerSecretVersion
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from cdktf_cdktf_provider_aws.secretsmanager_secret_version import SecretsmanagerSecretVersion
from constructs import Construct

from modules.addresses import path_below_stack, readable_address
from modules.generated_secret.props import GeneratedSecretProps, SecretProps

RANDOM_PASSWORD = "aws_secretsmanager_random_password"
STORED_VALUE = "aws_secretsmanager_secret_version"


def version_of(*parts: str | int | float) -> float:
    """A write-only version number that changes whenever any of `parts` (host, port, rotation, ...) changes: the
    first 48 bits of their SHA-256, as a Terraform expression. Known only at apply time when a part is."""
    joined = Fn.join(":", [Token.as_string(part) if not isinstance(part, str) else part for part in parts])
    return Token.as_number(Fn.parseint(Fn.substr(Fn.sha256(joined), 0, 12), 16))


class WriteOnlySecret(Construct):
    """A secret whose value is written through `secret_string_wo`: sent to AWS, kept out of state.

    The value is written again when `value_version` changes (by default the props' `value_version`): pass a
    `version_of(host, port, rotation)` so a secret built from other values follows them."""

    secret: SecretsmanagerSecret
    version: SecretsmanagerSecretVersion

    def __init__(
        self, scope: Construct, id: str, props: SecretProps, *, value: str, value_version: float | None = None
    ) -> None:
        super().__init__(scope, id)
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
            secret_string_wo_version=props.value_version if value_version is None else value_version,
        )
        self._in_state: DataAwsSecretsmanagerSecretVersion | None = None

    @property
    def arn(self) -> str:
        return self.secret.arn

    def value_in_state(self) -> str:
        """Sensitive reference to the stored value, read back by a data source (added on the first call). This
        copy IS kept in state: use it only for arguments that have no write-only form (ElastiCache's AUTH token,
        Lightsail's database password and container environment)."""
        if self._in_state is None:
            self._in_state = DataAwsSecretsmanagerSecretVersion(
                self, "read_back", secret_id=self.secret.id, depends_on=[self.version]
            )
        return self._in_state.secret_string


class GeneratedSecret(WriteOnlySecret):
    """A `WriteOnlySecret` whose value Secrets Manager generates (GetRandomPassword, as an ephemeral resource)
    once per `value_version`, and which every consumer reads from the stored secret: the generated value itself is
    used for nothing but that write."""

    stored_value: str
    """Ephemeral reference to the value stored in Secrets Manager (read after it is written): for write-only
    arguments (`*_wo`) only. A database created, replaced or rotated gets exactly what the secret holds."""

    def __init__(self, scope: Construct, id: str, props: GeneratedSecretProps) -> None:
        # cdktf 0.21 has no construct for `ephemeral` blocks: write them at stack level, named by the address rule
        # so two GeneratedSecrets never collide.
        stack = TerraformStack.of(scope)
        label = readable_address(path_below_stack(scope, id))
        stack.add_override(
            f"ephemeral.{RANDOM_PASSWORD}.{label}",
            {"password_length": props.length, "exclude_punctuation": True, "include_space": False},
        )
        super().__init__(scope, id, props, value=f"${{ephemeral.{RANDOM_PASSWORD}.{label}.random_password}}")
        stack.add_override(
            f"ephemeral.{STORED_VALUE}.{label}",
            {"secret_id": self.secret.id, "depends_on": [f"{STORED_VALUE}.{self.version.friendly_unique_id}"]},
        )
        self.stored_value = f"${{ephemeral.{STORED_VALUE}.{label}.secret_string}}"
