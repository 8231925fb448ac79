output "cluster_arn" {
  description = "ECS cluster ARN."
  value       = aws_ecs_cluster.cluster.arn
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.cluster.name
}

output "execution_role_arn" {
  description = "ECS's role (image pulls, secrets, logs)."
  value       = aws_iam_role.execution_role.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the service and migrations."
  value       = aws_cloudwatch_log_group.log_group.name
}

output "migration_task_definition_family" {
  description = "Family of the one-off migration task definition."
  value       = aws_ecs_task_definition.migration_task_definition.family
}

output "run_migration_command" {
  description = "The `aws ecs run-task` command that runs the migration task once in the service's network."
  value       = "aws ecs run-task --region ${data.aws_region.region.name} --cluster ${aws_ecs_cluster.cluster.name} --task-definition ${aws_ecs_task_definition.migration_task_definition.family} --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=[${join(",", var.subnet_ids)}],securityGroups=[${aws_security_group.security_group.id}],assignPublicIp=DISABLED}'"
}

output "security_group_id" {
  description = "Security group of the tasks: HTTPS out only; allow your load balancer in and the tasks out to what they use."
  value       = aws_security_group.security_group.id
}

output "service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "The service's task definition."
  value       = aws_ecs_task_definition.task_definition.arn
}

output "task_role_arn" {
  description = "The app's role: attach the policies your app needs."
  value       = aws_iam_role.task_role.arn
}

output "task_role_name" {
  description = "The app's role name, for policy attachments."
  value       = aws_iam_role.task_role.name
}
