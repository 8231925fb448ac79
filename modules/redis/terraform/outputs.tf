output "port" {
  description = "Redis port (TLS only)."
  value       = aws_elasticache_replication_group.this.port
}

output "primary_endpoint" {
  description = "Host name of the primary (writes)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint" {
  description = "Host name that spreads reads over replicas."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "replication_group_id" {
  description = "ElastiCache replication group ID."
  value       = aws_elasticache_replication_group.this.id
}

output "security_group_id" {
  description = "Security group of the cache: add ingress rules from your app's group (it has none)."
  value       = aws_security_group.security_group.id
}
