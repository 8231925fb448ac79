output "alias_arn" {
  description = "Alias ARN."
  value       = aws_kms_alias.alias.arn
}

output "alias_name" {
  description = "Alias, `alias/<alias>`."
  value       = aws_kms_alias.alias.name
}

output "key_arn" {
  description = "Key ARN: for `kms_key_id` arguments and IAM policies."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "Key ID."
  value       = aws_kms_key.this.key_id
}
