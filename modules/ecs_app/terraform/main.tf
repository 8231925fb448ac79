locals {
  alarms        = merge({ "email" = null, "cpu_percent" = 85, "memory_percent" = 85, "database_connections" = 70, "database_free_storage_gib" = 2, "alb_5xx_per_5_minutes" = 10 }, var.alarms)
  cache         = merge({ "node_type" = "cache.t3.micro", "node_count" = 1, "enable_automatic_failover" = false, "engine_version" = "7.1", "snapshot_retention_days" = 0, "maintenance_window" = "sun:05:00-sun:06:00" }, var.cache)
  database      = merge({ "instance_class" = "db.t3.micro", "engine_major_version" = 16, "allocated_storage_gib" = 20, "max_allocated_storage_gib" = 100, "multi_az" = false, "deletion_protection" = true, "backup_retention_days" = 7, "backup_window" = "03:00-03:30", "maintenance_window" = "sun:04:00-sun:04:30", "enable_performance_insights" = true, "monitoring_interval_seconds" = 60, "database_name" = "app", "username" = "app_admin" }, var.database)
  key           = merge({ "deletion_window_days" = 30 }, var.key)
  load_balancer = merge({ "health_check_path" = "/health", "health_check_matcher" = "200", "health_check_interval_seconds" = 15, "health_check_timeout_seconds" = 5, "healthy_threshold" = 2, "unhealthy_threshold" = 3, "deregistration_delay_seconds" = 30, "idle_timeout_seconds" = 120, "hosted_zone_name" = null, "enable_access_logs" = false, "access_log_retention_days" = 90, "enable_deletion_protection" = false }, var.load_balancer)
  network       = merge({ "cidr_block" = "10.0.0.0/16", "az_count" = 2, "nat_gateways" = "single", "enable_flow_logs" = true, "flow_log_retention_days" = 30 }, var.network)
  secrets       = merge({ "rotation" = 1, "recovery_window_days" = 7 }, var.secrets)
  service       = merge({ "cpu" = 256, "memory_mib" = 512, "container_port" = 8000, "desired_count" = 1, "min_capacity" = 1, "max_capacity" = 2, "cpu_target_percent" = 60, "memory_target_percent" = 70, "scale_in_cooldown_seconds" = 300, "scale_out_cooldown_seconds" = 60, "health_check_grace_period_seconds" = 60, "enable_execute_command" = false, "enable_container_insights" = true, "log_retention_days" = 30, "environment" = {}, "migration_command" = ["alembic", "upgrade", "head"] }, var.service)
  waf           = merge({ "enabled" = false, "rate_limit_per_5_minutes" = 2000, "log_retention_days" = 365 }, var.waf)
  worker        = merge({ "command" = [], "cpu" = 256, "memory_mib" = 512, "desired_count" = 1, "min_capacity" = 1, "max_capacity" = 2, "cpu_target_percent" = 70, "alarm_cpu_percent" = 85, "alarm_memory_percent" = 85 }, var.worker)
}

data "aws_availability_zones" "network_zones" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_caller_identity" "key_account" {
}

data "aws_elb_service_account" "load_balancer_elb_account" {
}

data "aws_partition" "key_partition" {
}

data "aws_region" "key_region" {
}

data "aws_region" "region" {
}

data "aws_route53_zone" "load_balancer_zone" {
  count = (var.domain_name != null) ? 1 : 0

  name         = coalesce(local.load_balancer.hosted_zone_name, (length(split(".", var.domain_name)) <= 2) ? var.domain_name : join(".", slice(split(".", var.domain_name), 1, length(split(".", var.domain_name)))))
  private_zone = false
}

data "aws_secretsmanager_secret_version" "redis_auth_token_read_back" {
  secret_id = aws_secretsmanager_secret.redis_auth_token.id

  depends_on = [aws_secretsmanager_secret_version.redis_auth_token_version]
}

ephemeral "aws_secretsmanager_random_password" "database_password" {
  exclude_punctuation = true
  include_space       = false
  password_length     = 40
}

ephemeral "aws_secretsmanager_random_password" "redis_auth_token" {
  exclude_punctuation = true
  include_space       = false
  password_length     = 40
}

ephemeral "aws_secretsmanager_random_password" "secret_key" {
  exclude_punctuation = true
  include_space       = false
  password_length     = 40
}

ephemeral "aws_secretsmanager_secret_version" "database_password" {
  secret_id = aws_secretsmanager_secret.database_password.id

  depends_on = [aws_secretsmanager_secret_version.database_password_version]
}

ephemeral "aws_secretsmanager_secret_version" "redis_auth_token" {
  secret_id = aws_secretsmanager_secret.redis_auth_token.id

  depends_on = [aws_secretsmanager_secret_version.redis_auth_token_version]
}

ephemeral "aws_secretsmanager_secret_version" "secret_key" {
  secret_id = aws_secretsmanager_secret.secret_key.id

  depends_on = [aws_secretsmanager_secret_version.secret_key_version]
}

resource "aws_acm_certificate" "load_balancer_certificate" {
  count = (var.domain_name != null) ? 1 : 0

  domain_name       = var.domain_name
  tags              = var.tags
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate_validation" "load_balancer_certificate_validation" {
  count = (var.domain_name != null) ? 1 : 0

  certificate_arn         = one(aws_acm_certificate.load_balancer_certificate[*].arn)
  validation_record_fqdns = [one(aws_route53_record.load_balancer_certificate_validation_record[*].fqdn)]
}

resource "aws_appautoscaling_policy" "service_scale_on_cpu" {
  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.service_scaling_target.resource_id
  scalable_dimension = aws_appautoscaling_target.service_scaling_target.scalable_dimension
  service_namespace  = aws_appautoscaling_target.service_scaling_target.service_namespace

  target_tracking_scaling_policy_configuration {
    scale_in_cooldown  = local.service.scale_in_cooldown_seconds
    scale_out_cooldown = local.service.scale_out_cooldown_seconds
    target_value       = local.service.cpu_target_percent

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "service_scale_on_memory" {
  name               = "${var.name}-memory"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.service_scaling_target.resource_id
  scalable_dimension = aws_appautoscaling_target.service_scaling_target.scalable_dimension
  service_namespace  = aws_appautoscaling_target.service_scaling_target.service_namespace

  target_tracking_scaling_policy_configuration {
    scale_in_cooldown  = local.service.scale_in_cooldown_seconds
    scale_out_cooldown = local.service.scale_out_cooldown_seconds
    target_value       = local.service.memory_target_percent

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "worker_scale_on_cpu" {
  count = length(local.worker.command) > 0 ? 1 : 0

  name               = "${var.name}-worker-cpu"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.worker_scaling_target[0].resource_id
  scalable_dimension = aws_appautoscaling_target.worker_scaling_target[0].scalable_dimension
  service_namespace  = aws_appautoscaling_target.worker_scaling_target[0].service_namespace

  target_tracking_scaling_policy_configuration {
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    target_value       = local.worker.cpu_target_percent

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_target" "service_scaling_target" {
  max_capacity       = local.service.max_capacity
  min_capacity       = local.service.min_capacity
  resource_id        = "service/${aws_ecs_cluster.service_cluster.name}/${aws_ecs_service.service.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
  tags               = var.tags
}

resource "aws_appautoscaling_target" "worker_scaling_target" {
  count = length(local.worker.command) > 0 ? 1 : 0

  max_capacity       = local.worker.max_capacity
  min_capacity       = local.worker.min_capacity
  resource_id        = "service/${aws_ecs_cluster.service_cluster.name}/${aws_ecs_service.worker[0].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
  tags               = var.tags
}

resource "aws_cloudwatch_log_group" "network_flow_log_group" {
  count = local.network.enable_flow_logs ? 1 : 0

  kms_key_id        = aws_kms_key.key.arn
  name              = "/vpc/${var.name}/flow-logs"
  retention_in_days = local.network.flow_log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "service_log_group" {
  kms_key_id        = aws_kms_key.key.arn
  name              = "/ecs/${var.name}"
  retention_in_days = local.service.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "waf_log_group" {
  count = local.waf.enabled ? 1 : 0

  kms_key_id        = aws_kms_key.key.arn
  name              = "aws-waf-logs-${var.name}"
  retention_in_days = local.waf.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_metric_alarm" "alarms_alb_5xx" {
  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "Load balancer 5xx responses (no healthy target, timeouts)"
  alarm_name          = "${var.name}-alb-5xx"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    LoadBalancer = aws_lb.load_balancer.arn_suffix
  }
  evaluation_periods = 1
  metric_name        = "HTTPCode_ELB_5XX_Count"
  namespace          = "AWS/ApplicationELB"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Sum"
  tags               = var.tags
  threshold          = local.alarms.alb_5xx_per_5_minutes
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "alarms_database_connections" {
  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "More than ${local.alarms.database_connections} database connections"
  alarm_name          = "${var.name}-database-connections"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.database.identifier
  }
  evaluation_periods = 3
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Maximum"
  tags               = var.tags
  threshold          = local.alarms.database_connections
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "alarms_database_free_storage" {
  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "Database free storage below ${local.alarms.database_free_storage_gib} GiB"
  alarm_name          = "${var.name}-database-free-storage"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.database.identifier
  }
  evaluation_periods = 1
  metric_name        = "FreeStorageSpace"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Minimum"
  tags               = var.tags
  threshold          = (local.alarms.database_free_storage_gib * 1073741824)
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "alarms_service_cpu" {
  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "Service CPU above ${local.alarms.cpu_percent}% for 15 minutes"
  alarm_name          = "${var.name}-service-cpu"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    ClusterName = aws_ecs_cluster.service_cluster.name
    ServiceName = aws_ecs_service.service.name
  }
  evaluation_periods = 3
  metric_name        = "CPUUtilization"
  namespace          = "AWS/ECS"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Average"
  tags               = var.tags
  threshold          = local.alarms.cpu_percent
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "alarms_service_memory" {
  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "Service memory above ${local.alarms.memory_percent}% for 15 minutes"
  alarm_name          = "${var.name}-service-memory"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    ClusterName = aws_ecs_cluster.service_cluster.name
    ServiceName = aws_ecs_service.service.name
  }
  evaluation_periods = 3
  metric_name        = "MemoryUtilization"
  namespace          = "AWS/ECS"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Average"
  tags               = var.tags
  threshold          = local.alarms.memory_percent
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "alarms_target_5xx" {
  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "App 5xx responses"
  alarm_name          = "${var.name}-target-5xx"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    LoadBalancer = aws_lb.load_balancer.arn_suffix
    TargetGroup  = aws_lb_target_group.load_balancer_target_group.arn_suffix
  }
  evaluation_periods = 1
  metric_name        = "HTTPCode_Target_5XX_Count"
  namespace          = "AWS/ApplicationELB"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Sum"
  tags               = var.tags
  threshold          = local.alarms.alb_5xx_per_5_minutes
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "alarms_unhealthy_hosts" {
  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "A task fails the load balancer health check"
  alarm_name          = "${var.name}-unhealthy-hosts"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    LoadBalancer = aws_lb.load_balancer.arn_suffix
    TargetGroup  = aws_lb_target_group.load_balancer_target_group.arn_suffix
  }
  evaluation_periods = 3
  metric_name        = "UnHealthyHostCount"
  namespace          = "AWS/ApplicationELB"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Maximum"
  tags               = var.tags
  threshold          = 0
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "worker_cpu_alarm" {
  count = length(local.worker.command) > 0 ? 1 : 0

  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "Worker cpu above ${local.worker.alarm_cpu_percent}% for 15 minutes"
  alarm_name          = "${var.name}-worker-cpu"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    ClusterName = aws_ecs_cluster.service_cluster.name
    ServiceName = aws_ecs_service.worker[0].name
  }
  evaluation_periods = 3
  metric_name        = "CPUUtilization"
  namespace          = "AWS/ECS"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Average"
  tags               = var.tags
  threshold          = local.worker.alarm_cpu_percent
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "worker_memory_alarm" {
  count = length(local.worker.command) > 0 ? 1 : 0

  alarm_actions       = [aws_sns_topic.alarms_topic.arn]
  alarm_description   = "Worker memory above ${local.worker.alarm_memory_percent}% for 15 minutes"
  alarm_name          = "${var.name}-worker-memory"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    ClusterName = aws_ecs_cluster.service_cluster.name
    ServiceName = aws_ecs_service.worker[0].name
  }
  evaluation_periods = 3
  metric_name        = "MemoryUtilization"
  namespace          = "AWS/ECS"
  ok_actions         = [aws_sns_topic.alarms_topic.arn]
  period             = 300
  statistic          = "Average"
  tags               = var.tags
  threshold          = local.worker.alarm_memory_percent
  treat_missing_data = "notBreaching"
}

resource "aws_db_instance" "database" {
  allocated_storage                     = local.database.allocated_storage_gib
  auto_minor_version_upgrade            = true
  backup_retention_period               = local.database.backup_retention_days
  backup_window                         = local.database.backup_window
  copy_tags_to_snapshot                 = true
  db_name                               = local.database.database_name
  db_subnet_group_name                  = aws_db_subnet_group.database_subnet_group.name
  delete_automated_backups              = false
  deletion_protection                   = local.database.deletion_protection
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  engine                                = "postgres"
  engine_version                        = local.database.engine_major_version
  final_snapshot_identifier             = "${var.name}-final-${formatdate("YYYYMMDDhhmmss", timestamp())}"
  iam_database_authentication_enabled   = true
  identifier                            = var.name
  instance_class                        = local.database.instance_class
  kms_key_id                            = aws_kms_key.key.arn
  maintenance_window                    = local.database.maintenance_window
  max_allocated_storage                 = local.database.max_allocated_storage_gib
  monitoring_interval                   = local.database.monitoring_interval_seconds
  monitoring_role_arn                   = one(aws_iam_role.database_monitoring_role[*].arn)
  multi_az                              = local.database.multi_az
  parameter_group_name                  = aws_db_parameter_group.database_parameter_group.name
  password_wo                           = ephemeral.aws_secretsmanager_secret_version.database_password.secret_string
  password_wo_version                   = local.secrets.rotation
  performance_insights_enabled          = local.database.enable_performance_insights
  performance_insights_kms_key_id       = local.database.enable_performance_insights ? aws_kms_key.key.arn : null
  performance_insights_retention_period = local.database.enable_performance_insights ? 7 : null
  port                                  = 5432
  publicly_accessible                   = false
  skip_final_snapshot                   = false
  storage_encrypted                     = true
  storage_type                          = "gp3"
  tags                                  = var.tags
  username                              = local.database.username
  vpc_security_group_ids                = [aws_security_group.database_security_group.id]

  lifecycle {
    ignore_changes = [final_snapshot_identifier]
  }
}

resource "aws_db_parameter_group" "database_parameter_group" {
  description = "Mission Control: TLS required"
  family      = "postgres${local.database.engine_major_version}"
  name        = "${var.name}-postgres${local.database.engine_major_version}"
  tags        = var.tags

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_subnet_group" "database_subnet_group" {
  name       = "${var.name}-database"
  subnet_ids = aws_subnet.network_private[*].id
  tags       = var.tags
}

resource "aws_default_security_group" "network_default_security_group" {
  tags   = merge(var.tags, { "Name" = "${var.name}-default" })
  vpc_id = aws_vpc.network.id
}

resource "aws_ecs_cluster" "service_cluster" {
  name = var.name
  tags = var.tags

  setting {
    name  = "containerInsights"
    value = local.service.enable_container_insights ? "enabled" : "disabled"
  }
}

resource "aws_ecs_service" "service" {
  cluster                            = aws_ecs_cluster.service_cluster.arn
  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 100
  desired_count                      = local.service.desired_count
  enable_ecs_managed_tags            = true
  enable_execute_command             = local.service.enable_execute_command
  force_new_deployment               = true
  health_check_grace_period_seconds  = local.service.health_check_grace_period_seconds
  launch_type                        = "FARGATE"
  name                               = var.name
  platform_version                   = "LATEST"
  propagate_tags                     = "SERVICE"
  tags                               = var.tags
  task_definition                    = aws_ecs_task_definition.service_task_definition.arn
  triggers = {
    database_url = aws_secretsmanager_secret_version.database_url_version.secret_string_wo_version
    redis_url    = aws_secretsmanager_secret_version.redis_url_version.secret_string_wo_version
    secret_key   = aws_secretsmanager_secret_version.secret_key_version.secret_string_wo_version
  }
  wait_for_steady_state = false

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  load_balancer {
    container_name   = "app"
    container_port   = local.service.container_port
    target_group_arn = aws_lb_target_group.load_balancer_target_group.arn
  }

  network_configuration {
    assign_public_ip = (local.network.nat_gateways == "none")
    security_groups  = [aws_security_group.service_security_group.id]
    subnets          = (local.network.nat_gateways == "none") ? aws_subnet.network_public[*].id : aws_subnet.network_private[*].id
  }

  depends_on = [aws_lb_listener.load_balancer_http, aws_lb_listener.load_balancer_https]

  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_ecs_service" "worker" {
  count = length(local.worker.command) > 0 ? 1 : 0

  cluster                            = aws_ecs_cluster.service_cluster.arn
  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 100
  desired_count                      = local.worker.desired_count
  enable_ecs_managed_tags            = true
  force_new_deployment               = true
  launch_type                        = "FARGATE"
  name                               = "${var.name}-worker"
  platform_version                   = "LATEST"
  propagate_tags                     = "SERVICE"
  tags                               = var.tags
  task_definition                    = aws_ecs_task_definition.worker_task_definition[0].arn
  triggers = {
    database_url = aws_secretsmanager_secret_version.database_url_version.secret_string_wo_version
    redis_url    = aws_secretsmanager_secret_version.redis_url_version.secret_string_wo_version
    secret_key   = aws_secretsmanager_secret_version.secret_key_version.secret_string_wo_version
  }
  wait_for_steady_state = false

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    assign_public_ip = (local.network.nat_gateways == "none")
    security_groups  = [aws_security_group.worker_security_group[0].id]
    subnets          = (local.network.nat_gateways == "none") ? aws_subnet.network_public[*].id : aws_subnet.network_private[*].id
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_ecs_task_definition" "service_migration_task_definition" {
  container_definitions    = jsonencode([{ "name" = "app", "image" = var.image, "essential" = true, "secrets" = [{ "name" = "MC_DATABASE_URL", "valueFrom" = aws_secretsmanager_secret.database_url.arn }, { "name" = "MC_REDIS_URL", "valueFrom" = aws_secretsmanager_secret.redis_url.arn }, { "name" = "MC_SECRET_KEY", "valueFrom" = aws_secretsmanager_secret.secret_key.arn }], "environment" = [for key, val in local.service.environment : { name = key, value = val }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.service_log_group.name, "awslogs-region" = data.aws_region.region.name, "awslogs-stream-prefix" = "migrate" } }, "linuxParameters" = { "initProcessEnabled" = true }, "stopTimeout" = 30, "command" = local.service.migration_command }])
  cpu                      = local.service.cpu
  execution_role_arn       = aws_iam_role.service_execution_role.arn
  family                   = "${var.name}-migrate"
  memory                   = local.service.memory_mib
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  tags                     = var.tags
  task_role_arn            = aws_iam_role.service_task_role.arn

  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
}

resource "aws_ecs_task_definition" "service_task_definition" {
  container_definitions    = jsonencode([{ "name" = "app", "image" = var.image, "essential" = true, "secrets" = [{ "name" = "MC_DATABASE_URL", "valueFrom" = aws_secretsmanager_secret.database_url.arn }, { "name" = "MC_REDIS_URL", "valueFrom" = aws_secretsmanager_secret.redis_url.arn }, { "name" = "MC_SECRET_KEY", "valueFrom" = aws_secretsmanager_secret.secret_key.arn }], "environment" = [for key, val in local.service.environment : { name = key, value = val }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.service_log_group.name, "awslogs-region" = data.aws_region.region.name, "awslogs-stream-prefix" = "app" } }, "linuxParameters" = { "initProcessEnabled" = true }, "stopTimeout" = 30, "portMappings" = [{ "containerPort" = local.service.container_port, "protocol" = "tcp" }] }])
  cpu                      = local.service.cpu
  execution_role_arn       = aws_iam_role.service_execution_role.arn
  family                   = var.name
  memory                   = local.service.memory_mib
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  tags                     = var.tags
  task_role_arn            = aws_iam_role.service_task_role.arn

  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
}

resource "aws_ecs_task_definition" "worker_task_definition" {
  count = length(local.worker.command) > 0 ? 1 : 0

  container_definitions    = jsonencode([{ "name" = "worker", "image" = var.image, "essential" = true, "command" = local.worker.command, "secrets" = [{ "name" = "MC_DATABASE_URL", "valueFrom" = aws_secretsmanager_secret.database_url.arn }, { "name" = "MC_REDIS_URL", "valueFrom" = aws_secretsmanager_secret.redis_url.arn }, { "name" = "MC_SECRET_KEY", "valueFrom" = aws_secretsmanager_secret.secret_key.arn }], "environment" = [for key, val in local.service.environment : { name = key, value = val }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.service_log_group.name, "awslogs-region" = data.aws_region.region.name, "awslogs-stream-prefix" = "worker" } }, "linuxParameters" = { "initProcessEnabled" = true }, "stopTimeout" = 120 }])
  cpu                      = local.worker.cpu
  execution_role_arn       = aws_iam_role.service_execution_role.arn
  family                   = "${var.name}-worker"
  memory                   = local.worker.memory_mib
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  tags                     = var.tags
  task_role_arn            = aws_iam_role.service_task_role.arn

  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
}

resource "aws_eip" "network_nat_address" {
  count = (local.network.nat_gateways == "per_az") ? local.network.az_count : (local.network.nat_gateways == "none") ? 0 : 1

  domain = "vpc"
  tags   = merge(var.tags, { "Name" = "${var.name}-nat-${count.index}" })
}

resource "aws_elasticache_replication_group" "cache" {
  apply_immediately          = false
  at_rest_encryption_enabled = "true"
  auth_token                 = data.aws_secretsmanager_secret_version.redis_auth_token_read_back.secret_string
  auto_minor_version_upgrade = "true"
  automatic_failover_enabled = local.cache.enable_automatic_failover
  description                = "Redis ${var.name}"
  engine                     = "redis"
  engine_version             = local.cache.engine_version
  final_snapshot_identifier  = (local.cache.snapshot_retention_days >= 1) ? "${var.name}-final" : null
  kms_key_id                 = aws_kms_key.key.arn
  maintenance_window         = local.cache.maintenance_window
  multi_az_enabled           = local.cache.enable_automatic_failover
  node_type                  = local.cache.node_type
  num_cache_clusters         = local.cache.node_count
  port                       = 6379
  replication_group_id       = var.name
  security_group_ids         = [aws_security_group.cache_security_group.id]
  snapshot_retention_limit   = local.cache.snapshot_retention_days
  subnet_group_name          = aws_elasticache_subnet_group.cache_subnet_group.name
  tags                       = var.tags
  transit_encryption_enabled = true
}

resource "aws_elasticache_subnet_group" "cache_subnet_group" {
  name       = "${var.name}-redis"
  subnet_ids = aws_subnet.network_private[*].id
  tags       = var.tags
}

resource "aws_flow_log" "network_flow_log" {
  count = local.network.enable_flow_logs ? 1 : 0

  iam_role_arn             = one(aws_iam_role.network_flow_log_role[*].arn)
  log_destination          = one(aws_cloudwatch_log_group.network_flow_log_group[*].arn)
  log_destination_type     = "cloud-watch-logs"
  max_aggregation_interval = 60
  tags                     = var.tags
  traffic_type             = "ALL"
  vpc_id                   = aws_vpc.network.id
}

resource "aws_iam_role" "database_monitoring_role" {
  count = (local.database.monitoring_interval_seconds >= 1) ? 1 : 0

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "monitoring.rds.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  name_prefix = "${substr(var.name, 0, 20)}-rds-monitoring-"
  tags        = var.tags
}

resource "aws_iam_role" "network_flow_log_role" {
  count = local.network.enable_flow_logs ? 1 : 0

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "vpc-flow-logs.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  name_prefix = "${substr(var.name, 0, 20)}-flow-logs-"
  tags        = var.tags
}

resource "aws_iam_role" "service_execution_role" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "ecs-tasks.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  name_prefix = "${substr(var.name, 0, 24)}-exec-"
  tags        = var.tags
}

resource "aws_iam_role" "service_task_role" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "ecs-tasks.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  name_prefix = "${substr(var.name, 0, 24)}-task-"
  tags        = var.tags
}

resource "aws_iam_role_policy" "network_flow_log_policy" {
  count = local.network.enable_flow_logs ? 1 : 0

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = "${one(aws_cloudwatch_log_group.network_flow_log_group[*].arn)}:*"
      },
    ]
  })
  role = one(aws_iam_role.network_flow_log_role[*].id)
}

resource "aws_iam_role_policy" "service_execution_role_secrets" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "secretsmanager:GetSecretValue"
        Resource = [
          aws_secretsmanager_secret.database_url.arn,
          aws_secretsmanager_secret.redis_url.arn,
          aws_secretsmanager_secret.secret_key.arn,
        ]
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = aws_kms_key.key.arn
      },
    ]
  })
  role = aws_iam_role.service_execution_role.id
}

resource "aws_iam_role_policy" "service_task_role_execute_command" {
  count = local.service.enable_execute_command ? 1 : 0

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ]
        Resource = "*"
      },
    ]
  })
  role = aws_iam_role.service_task_role.id
}

resource "aws_iam_role_policy_attachment" "database_monitoring_policy" {
  count = (local.database.monitoring_interval_seconds >= 1) ? 1 : 0

  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
  role       = one(aws_iam_role.database_monitoring_role[*].name)
}

resource "aws_iam_role_policy_attachment" "service_execution_role_managed_policy" {
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
  role       = aws_iam_role.service_execution_role.name
}

resource "aws_internet_gateway" "network_internet_gateway" {
  tags   = merge(var.tags, { "Name" = var.name })
  vpc_id = aws_vpc.network.id
}

resource "aws_kms_alias" "key_alias" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.key.key_id
}

resource "aws_kms_key" "key" {
  deletion_window_in_days = local.key.deletion_window_days
  description             = "${var.name}: customer-managed key (yearly rotation)"
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AccountAdministers"
        Effect = "Allow"
        Principal = {
          AWS = "arn:${data.aws_partition.key_partition.partition}:iam::${data.aws_caller_identity.key_account.account_id}:root"
        }
        Action   = "kms:*"
        Resource = "*"
      },
      {
        Sid    = "CloudWatchLogsEncrypt"
        Effect = "Allow"
        Principal = {
          Service = "logs.${data.aws_region.key_region.name}.amazonaws.com"
        }
        Action = [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ]
        Resource = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.key_partition.partition}:logs:${data.aws_region.key_region.name}:${data.aws_caller_identity.key_account.account_id}:*"
          }
        }
      },
      {
        Sid    = "CloudWatchAlarmsPublish"
        Effect = "Allow"
        Principal = {
          Service = "cloudwatch.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource = "*"
      },
    ]
  })
  tags = var.tags
}

resource "aws_lb" "load_balancer" {
  drop_invalid_header_fields = true
  enable_deletion_protection = local.load_balancer.enable_deletion_protection
  idle_timeout               = local.load_balancer.idle_timeout_seconds
  internal                   = false
  load_balancer_type         = "application"
  name                       = var.name
  security_groups            = [aws_security_group.load_balancer_security_group.id]
  subnets                    = aws_subnet.network_public[*].id
  tags                       = var.tags

  dynamic "access_logs" {
    for_each = local.load_balancer.enable_access_logs ? [1] : []
    content {
      bucket  = one(aws_s3_bucket.load_balancer_access_logs[*].id)
      enabled = true
      prefix  = "alb"
    }
  }
}

resource "aws_lb_listener" "load_balancer_http" {
  load_balancer_arn = aws_lb.load_balancer.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    target_group_arn = (var.domain_name != null) ? null : aws_lb_target_group.load_balancer_target_group.arn
    type             = (var.domain_name != null) ? "redirect" : "forward"

    dynamic "redirect" {
      for_each = (var.domain_name != null) ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener" "load_balancer_https" {
  count = (var.domain_name != null) ? 1 : 0

  certificate_arn   = one(aws_acm_certificate_validation.load_balancer_certificate_validation[*].certificate_arn)
  load_balancer_arn = aws_lb.load_balancer.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  tags              = var.tags

  default_action {
    target_group_arn = aws_lb_target_group.load_balancer_target_group.arn
    type             = "forward"
  }
}

resource "aws_lb_target_group" "load_balancer_target_group" {
  deregistration_delay = local.load_balancer.deregistration_delay_seconds
  name                 = "${var.name}-app"
  port                 = 8000
  protocol             = "HTTP"
  tags                 = var.tags
  target_type          = "ip"
  vpc_id               = aws_vpc.network.id

  health_check {
    enabled             = true
    healthy_threshold   = local.load_balancer.healthy_threshold
    interval            = local.load_balancer.health_check_interval_seconds
    matcher             = local.load_balancer.health_check_matcher
    path                = local.load_balancer.health_check_path
    timeout             = local.load_balancer.health_check_timeout_seconds
    unhealthy_threshold = local.load_balancer.unhealthy_threshold
  }
}

resource "aws_nat_gateway" "network_nat" {
  count = (local.network.nat_gateways == "per_az") ? local.network.az_count : (local.network.nat_gateways == "none") ? 0 : 1

  allocation_id = aws_eip.network_nat_address[count.index].id
  subnet_id     = aws_subnet.network_public[count.index].id
  tags          = merge(var.tags, { "Name" = "${var.name}-nat-${count.index}" })

  depends_on = [aws_internet_gateway.network_internet_gateway]
}

resource "aws_route" "network_private_default_route" {
  count = (local.network.nat_gateways == "none") ? 0 : local.network.az_count

  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = element(aws_nat_gateway.network_nat[*].id, count.index)
  route_table_id         = aws_route_table.network_private_routes[count.index].id
}

resource "aws_route53_record" "load_balancer_alias" {
  count = (var.domain_name != null) ? 1 : 0

  name    = var.domain_name
  type    = "A"
  zone_id = one(data.aws_route53_zone.load_balancer_zone[*].zone_id)

  alias {
    evaluate_target_health = true
    name                   = aws_lb.load_balancer.dns_name
    zone_id                = aws_lb.load_balancer.zone_id
  }
}

resource "aws_route53_record" "load_balancer_certificate_validation_record" {
  count = (var.domain_name != null) ? 1 : 0

  allow_overwrite = true
  name            = element(tolist(one(aws_acm_certificate.load_balancer_certificate[*].domain_validation_options)), 0).resource_record_name
  records = [
    element(tolist(one(aws_acm_certificate.load_balancer_certificate[*].domain_validation_options)), 0).resource_record_value,
  ]
  ttl     = 60
  type    = element(tolist(one(aws_acm_certificate.load_balancer_certificate[*].domain_validation_options)), 0).resource_record_type
  zone_id = one(data.aws_route53_zone.load_balancer_zone[*].zone_id)
}

resource "aws_route_table" "network_private_routes" {
  count = local.network.az_count

  tags   = merge(var.tags, { "Name" = "${var.name}-private-${count.index}" })
  vpc_id = aws_vpc.network.id
}

resource "aws_route_table" "network_public_routes" {
  route = [
    {
      carrier_gateway_id         = null
      cidr_block                 = "0.0.0.0/0"
      core_network_arn           = null
      destination_prefix_list_id = null
      egress_only_gateway_id     = null
      gateway_id                 = aws_internet_gateway.network_internet_gateway.id
      ipv6_cidr_block            = null
      local_gateway_id           = null
      nat_gateway_id             = null
      network_interface_id       = null
      transit_gateway_id         = null
      vpc_endpoint_id            = null
      vpc_peering_connection_id  = null
    },
  ]
  tags   = merge(var.tags, { "Name" = "${var.name}-public" })
  vpc_id = aws_vpc.network.id
}

resource "aws_route_table_association" "network_private_association" {
  count = local.network.az_count

  route_table_id = aws_route_table.network_private_routes[count.index].id
  subnet_id      = aws_subnet.network_private[count.index].id
}

resource "aws_route_table_association" "network_public_association" {
  count = local.network.az_count

  route_table_id = aws_route_table.network_public_routes.id
  subnet_id      = aws_subnet.network_public[count.index].id
}

resource "aws_s3_bucket" "load_balancer_access_logs" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  bucket_prefix = "${var.name}-alb-logs-"
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_lifecycle_configuration" "load_balancer_access_logs_lifecycle" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.load_balancer_access_logs[count.index].id

  rule {
    id     = "expire"
    status = "Enabled"

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    expiration {
      days = local.load_balancer.access_log_retention_days
    }

    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }
}

resource "aws_s3_bucket_notification" "load_balancer_access_logs_notifications" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  bucket      = aws_s3_bucket.load_balancer_access_logs[count.index].id
  eventbridge = true
}

resource "aws_s3_bucket_ownership_controls" "load_balancer_access_logs_ownership" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.load_balancer_access_logs[count.index].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_policy" "load_balancer_access_logs_policy" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.load_balancer_access_logs[count.index].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource = [
          aws_s3_bucket.load_balancer_access_logs[count.index].arn,
          "${aws_s3_bucket.load_balancer_access_logs[count.index].arn}/*",
        ]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
      {
        Sid    = "AllowPutObject"
        Effect = "Allow"
        Principal = {
          AWS     = data.aws_elb_service_account.load_balancer_elb_account.arn
          Service = "logdelivery.elasticloadbalancing.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "${aws_s3_bucket.load_balancer_access_logs[count.index].arn}/alb/*"
      },
    ]
  })
}

resource "aws_s3_bucket_public_access_block" "load_balancer_access_logs_public_access" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  block_public_acls       = true
  block_public_policy     = true
  bucket                  = aws_s3_bucket.load_balancer_access_logs[count.index].id
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "load_balancer_access_logs_encryption" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.load_balancer_access_logs[count.index].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "load_balancer_access_logs_versioning" {
  count = local.load_balancer.enable_access_logs ? 1 : 0

  bucket = aws_s3_bucket.load_balancer_access_logs[count.index].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_secretsmanager_secret" "database_password" {
  description             = "Generated inside AWS by Secrets Manager GetRandomPassword"
  kms_key_id              = aws_kms_key.key.arn
  name                    = "${var.name}/database-password"
  recovery_window_in_days = local.secrets.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret" "database_url" {
  description             = "Managed by Terraform; the value is written through a write-only argument"
  kms_key_id              = aws_kms_key.key.arn
  name                    = "${var.name}/database-url"
  recovery_window_in_days = local.secrets.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret" "redis_auth_token" {
  description             = "Generated inside AWS by Secrets Manager GetRandomPassword"
  kms_key_id              = aws_kms_key.key.arn
  name                    = "${var.name}/redis-auth-token"
  recovery_window_in_days = local.secrets.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret" "redis_url" {
  description             = "Managed by Terraform; the value is written through a write-only argument"
  kms_key_id              = aws_kms_key.key.arn
  name                    = "${var.name}/redis-url"
  recovery_window_in_days = local.secrets.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret" "secret_key" {
  description             = "Generated inside AWS by Secrets Manager GetRandomPassword"
  kms_key_id              = aws_kms_key.key.arn
  name                    = "${var.name}/secret-key"
  recovery_window_in_days = local.secrets.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "database_password_version" {
  secret_id                = aws_secretsmanager_secret.database_password.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.database_password.random_password
  secret_string_wo_version = local.secrets.rotation
}

resource "aws_secretsmanager_secret_version" "database_url_version" {
  secret_id                = aws_secretsmanager_secret.database_url.id
  secret_string_wo         = "postgresql://${local.database.username}:${ephemeral.aws_secretsmanager_secret_version.database_password.secret_string}@${aws_db_instance.database.address}:${aws_db_instance.database.port}/${local.database.database_name}?sslmode=require"
  secret_string_wo_version = parseint(substr(sha256(join(":", [aws_db_instance.database.address, aws_db_instance.database.port, local.secrets.rotation])), 0, 12), 16)
}

resource "aws_secretsmanager_secret_version" "redis_auth_token_version" {
  secret_id                = aws_secretsmanager_secret.redis_auth_token.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.redis_auth_token.random_password
  secret_string_wo_version = local.secrets.rotation
}

resource "aws_secretsmanager_secret_version" "redis_url_version" {
  secret_id                = aws_secretsmanager_secret.redis_url.id
  secret_string_wo         = "rediss://:${data.aws_secretsmanager_secret_version.redis_auth_token_read_back.secret_string}@${aws_elasticache_replication_group.cache.primary_endpoint_address}:6379/0"
  secret_string_wo_version = parseint(substr(sha256(join(":", [aws_elasticache_replication_group.cache.primary_endpoint_address, aws_elasticache_replication_group.cache.port, local.secrets.rotation])), 0, 12), 16)
}

resource "aws_secretsmanager_secret_version" "secret_key_version" {
  secret_id                = aws_secretsmanager_secret.secret_key.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.secret_key.random_password
  secret_string_wo_version = local.secrets.rotation
}

resource "aws_security_group" "cache_security_group" {
  description = "Redis of ${var.name}: reachable only from allowed security groups"
  name        = "${var.name}-redis"
  tags        = merge(var.tags, { "Name" = "${var.name}-redis" })
  vpc_id      = aws_vpc.network.id
}

resource "aws_security_group" "database_security_group" {
  description = "PostgreSQL of ${var.name}: reachable only from allowed security groups"
  name        = "${var.name}-database"
  tags        = merge(var.tags, { "Name" = "${var.name}-database" })
  vpc_id      = aws_vpc.network.id
}

resource "aws_security_group" "load_balancer_security_group" {
  description = "Load balancer of ${var.name}: HTTP, and HTTPS with a domain, from the internet"
  name        = "${var.name}-alb"
  tags        = merge(var.tags, { "Name" = "${var.name}-alb" })
  vpc_id      = aws_vpc.network.id
}

resource "aws_security_group" "service_security_group" {
  description = "Tasks of ${var.name}: reachable only from the load balancer"
  name        = "${var.name}-app"
  tags        = merge(var.tags, { "Name" = "${var.name}-app" })
  vpc_id      = aws_vpc.network.id
}

resource "aws_security_group" "worker_security_group" {
  count = length(local.worker.command) > 0 ? 1 : 0

  description = "ARQ worker of ${var.name}: connects out only"
  name        = "${var.name}-worker"
  tags        = merge(var.tags, { "Name" = "${var.name}-worker" })
  vpc_id      = aws_vpc.network.id
}

resource "aws_sns_topic" "alarms_topic" {
  kms_master_key_id = aws_kms_key.key.arn
  name              = "${var.name}-alarms"
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "alarms_email" {
  count = (local.alarms.email != null) ? 1 : 0

  endpoint  = local.alarms.email
  protocol  = "email"
  topic_arn = aws_sns_topic.alarms_topic.arn
}

resource "aws_subnet" "network_private" {
  count = local.network.az_count

  availability_zone = element(data.aws_availability_zones.network_zones.names, count.index)
  cidr_block        = cidrsubnet(local.network.cidr_block, 4, (count.index + 8))
  tags              = merge(var.tags, { "Name" = "${var.name}-private-${count.index}", "Tier" = "private" })
  vpc_id            = aws_vpc.network.id

  lifecycle {
    ignore_changes = [availability_zone]
  }
}

resource "aws_subnet" "network_public" {
  count = local.network.az_count

  availability_zone       = element(data.aws_availability_zones.network_zones.names, count.index)
  cidr_block              = cidrsubnet(local.network.cidr_block, 4, count.index)
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { "Name" = "${var.name}-public-${count.index}", "Tier" = "public" })
  vpc_id                  = aws_vpc.network.id

  lifecycle {
    ignore_changes = [availability_zone]
  }
}

resource "aws_vpc" "network" {
  cidr_block           = local.network.cidr_block
  enable_dns_hostnames = true
  enable_dns_support   = true
  tags                 = merge(var.tags, { "Name" = var.name })
}

resource "aws_vpc_security_group_egress_rule" "load_balancer_to_app" {
  description                  = "app port to the app"
  from_port                    = local.service.container_port
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.service_security_group.id
  security_group_id            = aws_security_group.load_balancer_security_group.id
  tags                         = var.tags
  to_port                      = local.service.container_port
}

resource "aws_vpc_security_group_egress_rule" "service_egress_https" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS to AWS APIs and the internet"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.service_security_group.id
  tags              = var.tags
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "service_to_database" {
  description                  = "PostgreSQL to the database"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.database_security_group.id
  security_group_id            = aws_security_group.service_security_group.id
  tags                         = var.tags
  to_port                      = 5432
}

resource "aws_vpc_security_group_egress_rule" "service_to_redis" {
  description                  = "Redis to the cache"
  from_port                    = 6379
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.cache_security_group.id
  security_group_id            = aws_security_group.service_security_group.id
  tags                         = var.tags
  to_port                      = 6379
}

resource "aws_vpc_security_group_egress_rule" "worker_egress_https" {
  count = length(local.worker.command) > 0 ? 1 : 0

  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS to AWS APIs and the internet"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.worker_security_group[0].id
  tags              = var.tags
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "worker_to_database" {
  count = length(local.worker.command) > 0 ? 1 : 0

  description                  = "PostgreSQL to the database"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.database_security_group.id
  security_group_id            = aws_security_group.worker_security_group[0].id
  tags                         = var.tags
  to_port                      = 5432
}

resource "aws_vpc_security_group_egress_rule" "worker_to_redis" {
  count = length(local.worker.command) > 0 ? 1 : 0

  description                  = "Redis to the cache"
  from_port                    = 6379
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.cache_security_group.id
  security_group_id            = aws_security_group.worker_security_group[0].id
  tags                         = var.tags
  to_port                      = 6379
}

resource "aws_vpc_security_group_ingress_rule" "cache_from_app" {
  description                  = "Redis from the app"
  from_port                    = 6379
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.service_security_group.id
  security_group_id            = aws_security_group.cache_security_group.id
  tags                         = var.tags
  to_port                      = 6379
}

resource "aws_vpc_security_group_ingress_rule" "cache_from_worker" {
  count = length(local.worker.command) > 0 ? 1 : 0

  description                  = "Redis from the worker"
  from_port                    = 6379
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.worker_security_group[0].id
  security_group_id            = aws_security_group.cache_security_group.id
  tags                         = var.tags
  to_port                      = 6379
}

resource "aws_vpc_security_group_ingress_rule" "database_from_app" {
  description                  = "PostgreSQL from the app"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.service_security_group.id
  security_group_id            = aws_security_group.database_security_group.id
  tags                         = var.tags
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "database_from_worker" {
  count = length(local.worker.command) > 0 ? 1 : 0

  description                  = "PostgreSQL from the worker"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.worker_security_group[0].id
  security_group_id            = aws_security_group.database_security_group.id
  tags                         = var.tags
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "load_balancer_ingress_443" {
  count = (var.domain_name != null) ? 1 : 0

  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS from the internet"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.load_balancer_security_group.id
  tags              = var.tags
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "load_balancer_ingress_80" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTP from the internet"
  from_port         = 80
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.load_balancer_security_group.id
  tags              = var.tags
  to_port           = 80
}

resource "aws_vpc_security_group_ingress_rule" "service_from_load_balancer" {
  description                  = "app port from the load balancer"
  from_port                    = local.service.container_port
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.load_balancer_security_group.id
  security_group_id            = aws_security_group.service_security_group.id
  tags                         = var.tags
  to_port                      = local.service.container_port
}

resource "aws_wafv2_web_acl" "waf" {
  count = local.waf.enabled ? 1 : 0

  description = "Guards the load balancer of ${var.name}"
  name        = var.name
  scope       = "REGIONAL"
  tags        = var.tags

  default_action {
    allow {
    }
  }

  rule {
    name     = "AWSManagedRulesCommonRuleSet"
    priority = 1

    override_action {
      none {
      }
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesCommonRuleSet"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 2

    override_action {
      none {
      }
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesKnownBadInputsRuleSet"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "rate-limit-per-ip"
    priority = 3

    action {
      block {
      }
    }

    statement {
      rate_based_statement {
        aggregate_key_type    = "IP"
        evaluation_window_sec = 300
        limit                 = local.waf.rate_limit_per_5_minutes
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "waf_association" {
  count = local.waf.enabled ? 1 : 0

  resource_arn = aws_lb.load_balancer.arn
  web_acl_arn  = one(aws_wafv2_web_acl.waf[*].arn)
}

resource "aws_wafv2_web_acl_logging_configuration" "waf_logging" {
  count = local.waf.enabled ? 1 : 0

  log_destination_configs = [one(aws_cloudwatch_log_group.waf_log_group[*].arn)]
  resource_arn            = one(aws_wafv2_web_acl.waf[*].arn)
}
