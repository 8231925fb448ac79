output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies: subscribe your pager here."
  value       = aws_sns_topic.alarms_topic.arn
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.load_balancer.dns_name
}

output "app_url" {
  description = "URL of the app: https://<domain_name>, or the load balancer's HTTP URL."
  value       = (var.domain_name != null) ? "https://${var.domain_name}" : "http://${aws_lb.load_balancer.dns_name}"
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.service_cluster.name
}

output "database_endpoint" {
  description = "PostgreSQL host:port (private subnets only)."
  value       = aws_db_instance.database.endpoint
}

output "database_password_secret_arn" {
  description = "Secret holding the database master password (the user is database.username)."
  value       = aws_secretsmanager_secret.database_password.arn
}

output "kms_key_arn" {
  description = "The environment's KMS key (secrets, logs, database, cache, topic)."
  value       = aws_kms_key.key.arn
}

output "load_balancer_arn" {
  description = "Load balancer ARN (guarded by the module's web ACL when `waf.enabled`)."
  value       = aws_lb.load_balancer.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the app and migrations."
  value       = aws_cloudwatch_log_group.service_log_group.name
}

output "migration_command" {
  description = "Runs the migration command once as a Fargate task with the app's image, secrets and network."
  value       = "aws ecs run-task --region ${data.aws_region.region.name} --cluster ${aws_ecs_cluster.service_cluster.name} --task-definition ${aws_ecs_task_definition.service_migration_task_definition.family} --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=[${join(",", (local.network.nat_gateways == "none") ? aws_subnet.network_public[*].id : aws_subnet.network_private[*].id)}],securityGroups=[${aws_security_group.service_security_group.id}],assignPublicIp=${(local.network.nat_gateways == "none") ? "ENABLED" : "DISABLED"}}'"
}

output "private_subnet_ids" {
  description = "Private subnets (tasks, database, cache)."
  value       = aws_subnet.network_private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets (load balancer)."
  value       = aws_subnet.network_public[*].id
}

output "redis_endpoint" {
  description = "Redis primary endpoint (TLS, AUTH; private subnets only)."
  value       = aws_elasticache_replication_group.cache.primary_endpoint_address
}

output "service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.service.name
}

output "service_security_group_id" {
  description = "Security group of the tasks: allow it into other services the app must reach."
  value       = aws_security_group.service_security_group.id
}

output "task_role_name" {
  description = "The app's IAM role: attach what the app needs."
  value       = aws_iam_role.service_task_role.name
}

output "vpc_id" {
  description = "VPC ID."
  value       = aws_vpc.network.id
}

output "web_acl_arn" {
  description = "The web ACL guarding the load balancer (AWS managed common and known-bad-inputs rules, a rate limit per IP), or null without `waf.enabled`."
  value       = one(aws_wafv2_web_acl.waf[*].arn)
}

output "worker_service_name" {
  description = "ECS service of the ARQ worker, or null without `worker.command`."
  value       = one(aws_ecs_service.worker[*].name)
}
