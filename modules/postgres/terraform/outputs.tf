output "address" {
  description = "Host name of the instance (private DNS)."
  value       = aws_db_instance.this.address
}

output "database_name" {
  description = "Name of the database created with the instance."
  value       = aws_db_instance.this.db_name
}

output "instance_arn" {
  description = "RDS instance ARN."
  value       = aws_db_instance.this.arn
}

output "instance_id" {
  description = "RDS instance identifier."
  value       = aws_db_instance.this.identifier
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret holding the master user name and password (JSON: username, password), when RDS manages it (`manage_master_user_password`); null otherwise."
  value       = one(aws_db_instance.this.master_user_secret[*].secret_arn)
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "security_group_id" {
  description = "Security group of the instance: add ingress rules from your app's group (it has none)."
  value       = aws_security_group.security_group.id
}

output "username" {
  description = "Master user name."
  value       = aws_db_instance.this.username
}
