"""The `state_backend` Terraform module (modules/state_backend/terraform), generated from `StateBackend`:
`make modules`."""

from __future__ import annotations

from modules.module_inputs import Validation, variables_from
from modules.state_backend.construct import StateBackend
from modules.state_backend.props import StateBackendProps
from modules.terraform_module import ModuleDefinition, ModuleStack, inputs

USAGE = """
module "terraform_state" {
  source          = "./modules/state_backend/terraform"
  bucket_name     = "acme-billing-tfstate"
  lock_table_name = "acme-billing-terraform-locks"
}

# Then, in every other configuration:
# terraform {
#   backend "s3" {
#     bucket         = "acme-billing-tfstate"
#     key            = "billing/prod.tfstate"
#     region         = "eu-west-1"
#     dynamodb_table = "acme-billing-terraform-locks"
#     use_lockfile   = true
#     encrypt        = true
#   }
# }
"""

VARIABLES = variables_from(
    StateBackendProps,
    ["bucket_name", "lock_table_name", "noncurrent_version_expiration_days"],
    descriptions={"lock_table_name": "DynamoDB table for state locks (partition key `LockID`)."},
    validations={
        "bucket_name": Validation(
            'can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))',
            "bucket_name must be an S3 bucket name.",
        ),
        "noncurrent_version_expiration_days": Validation(
            "var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650",
            "noncurrent_version_expiration_days must be 1 to 3650.",
        ),
    },
)


def build(stack: ModuleStack) -> None:
    state = StateBackend(stack, "this", StateBackendProps(**inputs(stack, VARIABLES)))
    stack.output("bucket_name", state.bucket.bucket, "State bucket: the `bucket` of every S3 backend.")
    stack.output("bucket_arn", state.bucket.arn, "State bucket ARN, for IAM policies of the people and CI that apply.")
    stack.output("lock_table_name", state.lock_table.name, "Lock table: the `dynamodb_table` of every S3 backend.")
    stack.output("lock_table_arn", state.lock_table.arn, "Lock table ARN, for IAM policies.")
    stack.output("kms_key_arn", state.key.key.arn, "KMS key of the bucket and table: who applies needs kms:Decrypt.")


MODULE = ModuleDefinition(
    title="The S3 bucket and DynamoDB table for Terraform state: versioned, KMS-encrypted, private, TLS-only bucket "
    "whose old versions expire; an on-demand lock table with point-in-time recovery and deletion protection. Both "
    "carry `prevent_destroy`.",
    build=build,
    usage=USAGE,
)
