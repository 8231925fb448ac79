"""The `state_backend` Terraform module (modules/state_backend/terraform), generated from `StateBackend`:
`make modules`."""

from __future__ import annotations

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import variables_from
from modules.rules import Rule
from modules.state_backend.construct import StateBackend
from modules.state_backend.props import StateBackendProps

USAGE = """
module "terraform_state" {
  source          = "git::https://github.com/<org>/<repo>.git//modules/state_backend/terraform?ref=<tag>"
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

RULES: list[Rule] = list(StateBackendProps.RULES)  # declared beside the fields

VARIABLES = variables_from(
    StateBackendProps,
    ["bucket_name", "lock_table_name", "noncurrent_version_expiration_days"],
    descriptions={"lock_table_name": "DynamoDB table for state locks (partition key `LockID`)."},
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    props = StateBackendProps(**inputs(stack, VARIABLES))
    state = StateBackend(stack, "this", props)
    # The construct's description names the product it was written for.
    state.key.key.description = f"Terraform state in {props.bucket_name}"
    stack.output("bucket_name", state.bucket.bucket, "State bucket: the `bucket` of every S3 backend.")
    stack.output("bucket_arn", state.bucket.arn, "State bucket ARN, for IAM policies of the people and CI that apply.")
    stack.output("lock_table_name", state.lock_table.name, "Lock table: the `dynamodb_table` of every S3 backend.")
    stack.output("lock_table_arn", state.lock_table.arn, "Lock table ARN, for IAM policies.")
    stack.output("kms_key_arn", state.key.key.arn, "KMS key of the bucket and table: who applies needs kms:Decrypt.")


MODULE = ModuleDefinition(
    title="The S3 bucket and DynamoDB table for Terraform state: versioned, KMS-encrypted, private, TLS-only bucket "
    "whose old versions expire; an on-demand lock table with point-in-time recovery and deletion protection. Both "
    "carry `prevent_destroy`.",
    sample={"bucket_name": "example-tfstate", "lock_table_name": "example-terraform-locks"},
    build=build,
    usage=USAGE,
    fixed={
        "Protection": "`prevent_destroy` on the bucket and the table (Terraform refuses a plan that deletes them), "
        "deletion protection on the table, and no `force_destroy` on the bucket.",
        "Encryption": "a customer-managed KMS key made by the module (alias `<bucket_name>-state`), for the bucket "
        "and the table.",
        "Bucket policy": "requests without TLS are denied; all public access is blocked; ACLs are disabled.",
    },
)
