output "bucket_arn" {
  description = "State bucket ARN, for IAM policies of the people and CI that apply."
  value       = aws_s3_bucket.bucket.arn
}

output "bucket_name" {
  description = "State bucket: the `bucket` of every S3 backend."
  value       = aws_s3_bucket.bucket.bucket
}

output "kms_key_arn" {
  description = "KMS key of the bucket and table: who applies needs kms:Decrypt."
  value       = aws_kms_key.key.arn
}

output "lock_table_arn" {
  description = "Lock table ARN, for IAM policies."
  value       = aws_dynamodb_table.lock_table.arn
}

output "lock_table_name" {
  description = "Lock table: the `dynamodb_table` of every S3 backend."
  value       = aws_dynamodb_table.lock_table.name
}
