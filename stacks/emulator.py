"""What emulator mode (MC_EMULATOR_ENDPOINT) points at the local AWS emulator: the provider's arguments. No cdktf
import: plain HCL configurations use the same arguments in an override file (the module example tests).

    {"provider": {"aws": emulator_provider_arguments("https://127.0.0.1:4566")}}   # emulator_override.tf.json
"""

from __future__ import annotations

from typing import Any

EMULATED_SERVICES = (
    "acm", "appautoscaling", "cloudwatch", "cloudwatchlogs", "dynamodb", "ec2", "ecr", "ecs", "elasticache", "elb",
    "elbv2", "iam", "kms", "lightsail", "rds", "route53", "s3", "secretsmanager", "sns", "ssm", "sts", "wafv2",
    "budgets", "codedeploy",
)  # fmt: skip
EMULATOR_CREDENTIALS = {"access_key": "test", "secret_key": "test"}
PRIVATE_TEST_ENV = {"TF_VAR_allow_plain_http": "true"}
"""What an offline rehearsal or estimate sets when it plans: it is a private test, so `prod` without a domain may
be planned (a real plan of it stops: it serves users only over HTTPS). Terraform ignores it for stacks without
the variable."""


def emulator_provider_arguments(endpoint: str) -> dict[str, Any]:
    """AWS provider arguments for the emulator: every service we use answered by it, test credentials, no AWS
    account checks."""
    return {
        **EMULATOR_CREDENTIALS,
        "endpoints": [{service: endpoint for service in EMULATED_SERVICES}],
        "s3_use_path_style": True,
        "skip_credentials_validation": True,
        "skip_metadata_api_check": "true",
        # The provider asks the emulator's STS for the account: without it, security-group references read back as
        # `<account>/sg-...` and every re-plan wants to change them.
        "skip_requesting_account_id": False,
        "skip_region_validation": True,
        "insecure": True,  # the emulator's self-signed certificate
    }
