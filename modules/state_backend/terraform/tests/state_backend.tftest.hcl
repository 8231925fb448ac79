# `terraform test` in modules/state_backend/terraform: offline, the AWS provider mocked.
mock_provider "aws" {
  # Known at plan: the bucket policy is written from the bucket's ARN.
  mock_resource "aws_s3_bucket" {
    override_during = plan
    defaults = {
      arn = "arn:aws:s3:::billing-tfstate"
    }
  }
}

variables {
  bucket_name     = "billing-tfstate"
  lock_table_name = "billing-terraform-locks"
}

run "state_is_versioned_encrypted_private_and_protected" {
  command = plan

  assert {
    condition     = aws_s3_bucket.bucket.bucket == "billing-tfstate" && aws_dynamodb_table.lock_table.name == "billing-terraform-locks"
    error_message = "The bucket and the lock table take the names given."
  }
  assert {
    condition     = one(aws_s3_bucket_versioning.bucket_versioning.versioning_configuration).status == "Enabled"
    error_message = "State must be versioned (a bad write can be undone)."
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.bucket_encryption.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "State must be encrypted with the module's KMS key."
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.bucket_public_access.block_public_acls && aws_s3_bucket_public_access_block.bucket_public_access.block_public_policy && aws_s3_bucket_public_access_block.bucket_public_access.restrict_public_buckets
    error_message = "The bucket must block every public access."
  }
  assert {
    condition     = aws_dynamodb_table.lock_table.deletion_protection_enabled && one(aws_dynamodb_table.lock_table.point_in_time_recovery).enabled
    error_message = "The lock table must be protected and recoverable."
  }
  assert {
    condition     = contains([for s in jsondecode(aws_s3_bucket_policy.bucket_policy.policy).Statement : s.Effect if try(s.Condition.Bool["aws:SecureTransport"], "") == "false"], "Deny")
    error_message = "Requests without TLS must be denied."
  }
}

run "a_bucket_name_s3_refuses_is_refused" {
  command = plan
  variables {
    bucket_name = "Billing_TFState"
  }
  expect_failures = [var.bucket_name]
}
