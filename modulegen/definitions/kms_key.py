"""The `kms_key` Terraform module (modules/kms_key/terraform), generated from `KmsKey`: `make modules`."""

from __future__ import annotations

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import variables_from
from modules.kms_key.construct import KmsKey
from modules.kms_key.props import KmsKeyProps
from modules.rules import Rule

USAGE = """
module "key" {
  source = "git::https://github.com/<org>/<repo>.git//modules/kms_key/terraform?ref=<tag>"
  alias  = "billing-prod"
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/billing/app"
  kms_key_id = module.key.key_arn
}
"""

# Declared beside the fields (`KmsKeyOptions.RULES`, `KmsKeyProps.RULES`).
RULES: list[Rule] = list(KmsKeyProps.RULES)

VARIABLES = variables_from(
    KmsKeyProps,
    ["alias", "deletion_window_days", "allow_cloudwatch_logs", "allow_cloudwatch_alarms"],
    descriptions={"alias": "Alias without the `alias/` prefix, such as `billing-prod`."},
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    props = KmsKeyProps(**inputs(stack, VARIABLES))
    key = KmsKey(stack, "this", props)
    # The construct's description names the product it was written for; a module describes the key generically.
    key.key.description = f"{props.alias}: customer-managed key (yearly rotation)"
    stack.output("key_arn", key.key.arn, "Key ARN: for `kms_key_id` arguments and IAM policies.")
    stack.output("key_id", key.key.key_id, "Key ID.")
    stack.output("alias_name", key.alias.name, "Alias, `alias/<alias>`.")
    stack.output("alias_arn", key.alias.arn, "Alias ARN.")


MODULE = ModuleDefinition(
    title="A customer-managed KMS key with yearly rotation and an alias; its policy lets the account administer "
    "it and, when allowed, CloudWatch Logs of this account and region encrypt log groups and CloudWatch alarms "
    "publish to SNS topics encrypted with it.",
    sample={"alias": "example-key"},
    build=build,
    usage=USAGE,
    fixed={
        "Rotation": "on, yearly (AWS's automatic rotation): nothing to decide, and checkov requires it.",
        "Administration": "the account root principal gets `kms:*`, so IAM policies in the account decide who "
        "administers and uses the key (AWS's default key policy).",
        "Key spec": "symmetric `SYMMETRIC_DEFAULT`, `ENCRYPT_DECRYPT`: what every AWS service integration needs.",
    },
)
