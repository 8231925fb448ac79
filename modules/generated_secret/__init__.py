"""A secret whose value is generated inside AWS and never passes through Terraform configuration or plan output.

    from modules.generated_secret import GeneratedSecret, GeneratedSecretProps

    db_password = GeneratedSecret(self, "db_password", GeneratedSecretProps(name="mc-dev/db-password"))
    database.master_password = db_password.value

Secrets Manager's GetRandomPassword runs as an `ephemeral` resource (Terraform 1.10+): its result is written
through the write-only `secret_string_wo` argument, so it is kept neither in `cdk.tf.json` nor in state by that
write. `value` reads the stored secret back through a data source, for the few arguments that have no write-only
form (a Lightsail database password, a Lightsail container's environment): that copy does live in the (encrypted)
state, and Terraform marks it sensitive, so plans print `(sensitive value)`.
"""

from modules.generated_secret.construct import GeneratedSecret, WriteOnlySecret
from modules.generated_secret.props import GeneratedSecretProps, SecretProps

__all__ = ["GeneratedSecret", "GeneratedSecretProps", "SecretProps", "WriteOnlySecret"]
