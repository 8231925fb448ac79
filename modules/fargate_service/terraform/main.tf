data "aws_region" "region" {
}

resource "aws_appautoscaling_policy" "scale_on_cpu" {
  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.scaling_target.resource_id
  scalable_dimension = aws_appautoscaling_target.scaling_target.scalable_dimension
  service_namespace  = aws_appautoscaling_target.scaling_target.service_namespace

  target_tracking_scaling_policy_configuration {
    scale_in_cooldown  = var.scale_in_cooldown_seconds
    scale_out_cooldown = var.scale_out_cooldown_seconds
    target_value       = var.cpu_target_percent

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "scale_on_memory" {
  name               = "${var.name}-memory"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.scaling_target.resource_id
  scalable_dimension = aws_appautoscaling_target.scaling_target.scalable_dimension
  service_namespace  = aws_appautoscaling_target.scaling_target.service_namespace

  target_tracking_scaling_policy_configuration {
    scale_in_cooldown  = var.scale_in_cooldown_seconds
    scale_out_cooldown = var.scale_out_cooldown_seconds
    target_value       = var.memory_target_percent

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

resource "aws_appautoscaling_target" "scaling_target" {
  max_capacity       = var.max_capacity
  min_capacity       = var.min_capacity
  resource_id        = "service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
  tags               = var.tags
}

resource "aws_cloudwatch_log_group" "log_group" {
  kms_key_id        = var.kms_key_arn
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_ecs_cluster" "cluster" {
  name = var.name
  tags = var.tags

  setting {
    name  = "containerInsights"
    value = var.enable_container_insights ? "enabled" : "disabled"
  }
}

resource "aws_ecs_service" "this" {
  cluster                            = aws_ecs_cluster.cluster.arn
  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 100
  desired_count                      = var.desired_count
  enable_ecs_managed_tags            = true
  enable_execute_command             = var.enable_execute_command
  force_new_deployment               = true
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  launch_type                        = "FARGATE"
  name                               = var.name
  platform_version                   = "LATEST"
  propagate_tags                     = "SERVICE"
  tags                               = var.tags
  task_definition                    = aws_ecs_task_definition.task_definition.arn
  triggers                           = var.redeploy_triggers
  wait_for_steady_state              = false

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  load_balancer {
    container_name   = "app"
    container_port   = var.container_port
    target_group_arn = var.target_group_arn
  }

  network_configuration {
    assign_public_ip = false
    security_groups  = [aws_security_group.security_group.id]
    subnets          = var.subnet_ids
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_ecs_task_definition" "migration_task_definition" {
  container_definitions    = jsonencode([{ "name" = "app", "image" = var.image, "essential" = true, "secrets" = [for key, val in var.secrets : { name = key, valueFrom = val }], "environment" = [for key, val in var.environment : { name = key, value = val }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.log_group.name, "awslogs-region" = data.aws_region.region.name, "awslogs-stream-prefix" = "migrate" } }, "linuxParameters" = { "initProcessEnabled" = true }, "stopTimeout" = 30, "command" = var.migration_command }])
  cpu                      = var.cpu
  execution_role_arn       = aws_iam_role.execution_role.arn
  family                   = "${var.name}-migrate"
  memory                   = var.memory_mib
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  tags                     = var.tags
  task_role_arn            = aws_iam_role.task_role.arn

  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
}

resource "aws_ecs_task_definition" "task_definition" {
  container_definitions    = jsonencode([{ "name" = "app", "image" = var.image, "essential" = true, "secrets" = [for key, val in var.secrets : { name = key, valueFrom = val }], "environment" = [for key, val in var.environment : { name = key, value = val }], "logConfiguration" = { "logDriver" = "awslogs", "options" = { "awslogs-group" = aws_cloudwatch_log_group.log_group.name, "awslogs-region" = data.aws_region.region.name, "awslogs-stream-prefix" = "app" } }, "linuxParameters" = { "initProcessEnabled" = true }, "stopTimeout" = 30, "portMappings" = [{ "containerPort" = var.container_port, "protocol" = "tcp" }] }])
  cpu                      = var.cpu
  execution_role_arn       = aws_iam_role.execution_role.arn
  family                   = var.name
  memory                   = var.memory_mib
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  tags                     = var.tags
  task_role_arn            = aws_iam_role.task_role.arn

  runtime_platform {
    cpu_architecture        = "X86_64"
    operating_system_family = "LINUX"
  }
}

resource "aws_iam_role" "execution_role" {
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

resource "aws_iam_role" "task_role" {
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

resource "aws_iam_role_policy" "execution_role_secrets" {
  count = (length(var.secrets) >= 1) ? 1 : 0

  policy = jsonencode({ "Version" = "2012-10-17", "Statement" = concat([{ "Effect" = "Allow", "Action" = "secretsmanager:GetSecretValue", "Resource" = values(var.secrets) }], (var.kms_key_arn != null) ? [{ "Effect" = "Allow", "Action" = "kms:Decrypt", "Resource" = var.kms_key_arn }] : []) })
  role   = aws_iam_role.execution_role.id
}

resource "aws_iam_role_policy" "task_role_execute_command" {
  count = var.enable_execute_command ? 1 : 0

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
  role = aws_iam_role.task_role.id
}

resource "aws_iam_role_policy_attachment" "execution_role_managed_policy" {
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
  role       = aws_iam_role.execution_role.name
}

resource "aws_security_group" "security_group" {
  description = "Tasks of ${var.name}: reachable only from the load balancer"
  name        = "${var.name}-app"
  tags        = merge(var.tags, { "Name" = "${var.name}-app" })
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "egress_https" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS to AWS APIs and the internet"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.security_group.id
  tags              = var.tags
  to_port           = 443
}
