resource "aws_elasticache_replication_group" "this" {
  apply_immediately          = false
  at_rest_encryption_enabled = "true"
  auth_token                 = var.auth_token
  auto_minor_version_upgrade = "true"
  automatic_failover_enabled = var.enable_automatic_failover
  description                = "Redis ${var.name}"
  engine                     = "redis"
  engine_version             = var.engine_version
  final_snapshot_identifier  = (var.snapshot_retention_days >= 1) ? "${var.name}-final" : null
  kms_key_id                 = var.kms_key_arn
  maintenance_window         = var.maintenance_window
  multi_az_enabled           = var.enable_automatic_failover
  node_type                  = var.node_type
  num_cache_clusters         = var.node_count
  port                       = 6379
  replication_group_id       = var.name
  security_group_ids         = [aws_security_group.security_group.id]
  snapshot_retention_limit   = var.snapshot_retention_days
  subnet_group_name          = aws_elasticache_subnet_group.subnet_group.name
  tags                       = var.tags
  transit_encryption_enabled = true
}

resource "aws_elasticache_subnet_group" "subnet_group" {
  name       = "${var.name}-redis"
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "security_group" {
  description = "Redis of ${var.name}: reachable only from allowed security groups"
  name        = "${var.name}-redis"
  tags        = merge(var.tags, { "Name" = "${var.name}-redis" })
  vpc_id      = var.vpc_id
}
