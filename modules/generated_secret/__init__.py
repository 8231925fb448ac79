"""A secret whose value is generated inside AWS and never passes through Terraform configuration or plan output.

    from modules.generated_secret import GeneratedSecret, GeneratedSecretProps

    db_password = GeneratedSecret(self, "db_password", GeneratedSecretProps(name="mc-dev/db-password"))
    database.password_wo = db_password.stored_value

Secrets Manager's GetRandomPassword runs as an `ephemeral` resource (Terraform 1.10+): its result is written
through the write-only `secret_string_wo` argument, once per `value_version`, so it is kept neither in
`cdk.tf.json` nor in state. Every consumer then reads the one stored value: `stored_value` is an ephemeral read of
the secret (for write-only arguments: a database created or replaced later gets the same password the URL secret
holds), and `value_in_state()` a data source, for the few arguments that have no write-only form (ElastiCache's
AUTH token, a Lightsail database password and container environment): that copy does live in the (encrypted)
state, and Terraform marks it sensitive, so plans print `(sensitive value)`.
"""

from modules.generated_secret.construct import GeneratedSecret, WriteOnlySecret, version_of
from modules.generated_secret.props import GeneratedSecretProps, SecretProps, SecretsOptions

__all__ = ["GeneratedSecret", "GeneratedSecretProps", "SecretProps", "SecretsOptions", "WriteOnlySecret", "version_of"]
