resource "aws_db_instance" "this" {
  allocated_storage                     = var.allocated_storage_gib
  auto_minor_version_upgrade            = true
  backup_retention_period               = var.backup_retention_days
  backup_window                         = var.backup_window
  copy_tags_to_snapshot                 = true
  db_name                               = var.database_name
  db_subnet_group_name                  = aws_db_subnet_group.subnet_group.name
  delete_automated_backups              = false
  deletion_protection                   = var.deletion_protection
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  engine                                = "postgres"
  engine_version                        = var.engine_major_version
  final_snapshot_identifier             = "${var.name}-final-${formatdate("YYYYMMDDhhmmss", timestamp())}"
  iam_database_authentication_enabled   = true
  identifier                            = var.name
  instance_class                        = var.instance_class
  kms_key_id                            = var.kms_key_arn
  maintenance_window                    = var.maintenance_window
  manage_master_user_password           = var.manage_master_user_password ? true : null
  master_user_secret_kms_key_id         = var.manage_master_user_password ? var.kms_key_arn : null
  max_allocated_storage                 = var.max_allocated_storage_gib
  monitoring_interval                   = var.monitoring_interval_seconds
  monitoring_role_arn                   = one(aws_iam_role.monitoring_role[*].arn)
  multi_az                              = var.multi_az
  parameter_group_name                  = aws_db_parameter_group.parameter_group.name
  password_wo                           = var.manage_master_user_password ? null : var.password
  password_wo_version                   = var.manage_master_user_password ? null : var.password_version
  performance_insights_enabled          = var.enable_performance_insights
  performance_insights_kms_key_id       = var.enable_performance_insights ? var.kms_key_arn : null
  performance_insights_retention_period = var.enable_performance_insights ? 7 : null
  port                                  = 5432
  publicly_accessible                   = false
  skip_final_snapshot                   = false
  storage_encrypted                     = true
  storage_type                          = "gp3"
  tags                                  = var.tags
  username                              = var.username
  vpc_security_group_ids                = [aws_security_group.security_group.id]

  lifecycle {
    ignore_changes = [final_snapshot_identifier]
  }
}

resource "aws_db_parameter_group" "parameter_group" {
  description = "TLS required (rds.force_ssl)"
  family      = "postgres${var.engine_major_version}"
  name        = "${var.name}-postgres${var.engine_major_version}"
  tags        = var.tags

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_subnet_group" "subnet_group" {
  name       = "${var.name}-database"
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_iam_role" "monitoring_role" {
  count = (var.monitoring_interval_seconds >= 1) ? 1 : 0

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

resource "aws_iam_role_policy_attachment" "monitoring_policy" {
  count = (var.monitoring_interval_seconds >= 1) ? 1 : 0

  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
  role       = one(aws_iam_role.monitoring_role[*].name)
}

resource "aws_security_group" "security_group" {
  description = "PostgreSQL of ${var.name}: reachable only from allowed security groups"
  name        = "${var.name}-database"
  tags        = merge(var.tags, { "Name" = "${var.name}-database" })
  vpc_id      = var.vpc_id
}
