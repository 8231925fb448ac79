resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  alarm_actions       = [aws_sns_topic.topic.arn]
  alarm_description   = "Load balancer 5xx responses (no healthy target, timeouts)"
  alarm_name          = "${var.name}-alb-5xx"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    LoadBalancer = var.load_balancer_arn_suffix
  }
  evaluation_periods = 1
  metric_name        = "HTTPCode_ELB_5XX_Count"
  namespace          = "AWS/ApplicationELB"
  ok_actions         = [aws_sns_topic.topic.arn]
  period             = 300
  statistic          = "Sum"
  tags               = var.tags
  threshold          = var.alb_5xx_per_5_minutes
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "database_connections" {
  alarm_actions       = [aws_sns_topic.topic.arn]
  alarm_description   = "More than ${var.database_connections} database connections"
  alarm_name          = "${var.name}-database-connections"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.database_instance_id
  }
  evaluation_periods = 3
  metric_name        = "DatabaseConnections"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.topic.arn]
  period             = 300
  statistic          = "Maximum"
  tags               = var.tags
  threshold          = var.database_connections
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "database_free_storage" {
  alarm_actions       = [aws_sns_topic.topic.arn]
  alarm_description   = "Database free storage below ${var.database_free_storage_gib} GiB"
  alarm_name          = "${var.name}-database-free-storage"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    DBInstanceIdentifier = var.database_instance_id
  }
  evaluation_periods = 1
  metric_name        = "FreeStorageSpace"
  namespace          = "AWS/RDS"
  ok_actions         = [aws_sns_topic.topic.arn]
  period             = 300
  statistic          = "Minimum"
  tags               = var.tags
  threshold          = (var.database_free_storage_gib * 1073741824)
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "service_cpu" {
  alarm_actions       = [aws_sns_topic.topic.arn]
  alarm_description   = "Service CPU above ${var.cpu_percent}% for 15 minutes"
  alarm_name          = "${var.name}-service-cpu"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    ClusterName = var.cluster_name
    ServiceName = var.service_name
  }
  evaluation_periods = 3
  metric_name        = "CPUUtilization"
  namespace          = "AWS/ECS"
  ok_actions         = [aws_sns_topic.topic.arn]
  period             = 300
  statistic          = "Average"
  tags               = var.tags
  threshold          = var.cpu_percent
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "service_memory" {
  alarm_actions       = [aws_sns_topic.topic.arn]
  alarm_description   = "Service memory above ${var.memory_percent}% for 15 minutes"
  alarm_name          = "${var.name}-service-memory"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    ClusterName = var.cluster_name
    ServiceName = var.service_name
  }
  evaluation_periods = 3
  metric_name        = "MemoryUtilization"
  namespace          = "AWS/ECS"
  ok_actions         = [aws_sns_topic.topic.arn]
  period             = 300
  statistic          = "Average"
  tags               = var.tags
  threshold          = var.memory_percent
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  alarm_actions       = [aws_sns_topic.topic.arn]
  alarm_description   = "App 5xx responses"
  alarm_name          = "${var.name}-target-5xx"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    LoadBalancer = var.load_balancer_arn_suffix
    TargetGroup  = var.target_group_arn_suffix
  }
  evaluation_periods = 1
  metric_name        = "HTTPCode_Target_5XX_Count"
  namespace          = "AWS/ApplicationELB"
  ok_actions         = [aws_sns_topic.topic.arn]
  period             = 300
  statistic          = "Sum"
  tags               = var.tags
  threshold          = var.alb_5xx_per_5_minutes
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_actions       = [aws_sns_topic.topic.arn]
  alarm_description   = "A task fails the load balancer health check"
  alarm_name          = "${var.name}-unhealthy-hosts"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    LoadBalancer = var.load_balancer_arn_suffix
    TargetGroup  = var.target_group_arn_suffix
  }
  evaluation_periods = 3
  metric_name        = "UnHealthyHostCount"
  namespace          = "AWS/ApplicationELB"
  ok_actions         = [aws_sns_topic.topic.arn]
  period             = 300
  statistic          = "Maximum"
  tags               = var.tags
  threshold          = 0
  treat_missing_data = "notBreaching"
}

resource "aws_sns_topic" "topic" {
  kms_master_key_id = var.kms_key_arn
  name              = "${var.name}-alarms"
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  count = (var.email != null) ? 1 : 0

  endpoint  = var.email
  protocol  = "email"
  topic_arn = aws_sns_topic.topic.arn
}
