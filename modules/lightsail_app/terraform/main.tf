data "aws_secretsmanager_secret_version" "database_password_read_back" {
  secret_id = aws_secretsmanager_secret.database_password.id

  depends_on = [aws_secretsmanager_secret_version.database_password_version]
}

data "aws_secretsmanager_secret_version" "secret_key_read_back" {
  secret_id = aws_secretsmanager_secret.secret_key.id

  depends_on = [aws_secretsmanager_secret_version.secret_key_version]
}

ephemeral "aws_secretsmanager_random_password" "database_password" {
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

ephemeral "aws_secretsmanager_secret_version" "secret_key" {
  secret_id = aws_secretsmanager_secret.secret_key.id

  depends_on = [aws_secretsmanager_secret_version.secret_key_version]
}

resource "aws_lightsail_certificate" "certificate" {
  count = (var.domain_name != null) ? 1 : 0

  domain_name = var.domain_name
  name        = "${var.name}-certificate"
  tags        = var.tags
}

resource "aws_lightsail_container_service" "service" {
  name  = var.name
  power = var.power
  scale = 1
  tags  = var.tags

  dynamic "public_domain_names" {
    for_each = (var.domain_name != null) ? [1] : []
    content {
      certificate {
        certificate_name = one(aws_lightsail_certificate.certificate[*].name)
        domain_names     = [var.domain_name]
      }
    }
  }

  private_registry_access {
    ecr_image_puller_role {
      is_active = var.enable_private_registry_access
    }
  }
}

resource "aws_lightsail_container_service_deployment_version" "deployment" {
  service_name = aws_lightsail_container_service.service.name

  container {
    container_name = "app"
    environment = {
      MC_DATABASE_URL = "postgresql://${var.database_username}:${data.aws_secretsmanager_secret_version.database_password_read_back.secret_string}@${aws_lightsail_database.database.master_endpoint_address}:${aws_lightsail_database.database.master_endpoint_port}/${var.database_name}?sslmode=require"
      MC_REDIS_URL    = "redis://localhost:6379/0"
      MC_SECRET_KEY   = data.aws_secretsmanager_secret_version.secret_key_read_back.secret_string
    }
    image = var.image
    ports = {
      (var.app_port) = "HTTP"
    }
  }
  container {
    command = [
      "redis-server",
      "--bind",
      "127.0.0.1",
      "--port",
      "6379",
      "--save",
      "",
      "--appendonly",
      "no",
    ]
    container_name = "redis"
    image          = var.redis_image
  }

  public_endpoint {
    container_name = "app"
    container_port = var.app_port

    health_check {
      healthy_threshold   = 2
      interval_seconds    = var.health_check_interval_seconds
      path                = var.health_check_path
      success_codes       = var.health_check_success_codes
      timeout_seconds     = var.health_check_timeout_seconds
      unhealthy_threshold = 2
    }
  }
}

resource "aws_lightsail_database" "database" {
  backup_retention_enabled     = true
  blueprint_id                 = "postgres_${var.postgres_major_version}"
  bundle_id                    = var.database_bundle_id
  final_snapshot_name          = "${var.name}-db-final"
  master_database_name         = var.database_name
  master_password              = data.aws_secretsmanager_secret_version.database_password_read_back.secret_string
  master_username              = var.database_username
  preferred_backup_window      = var.preferred_backup_window
  preferred_maintenance_window = var.preferred_maintenance_window
  publicly_accessible          = false
  relational_database_name     = "${var.name}-db"
  skip_final_snapshot          = false
  tags                         = var.tags
}

resource "aws_secretsmanager_secret" "database_password" {
  description             = "Generated inside AWS by Secrets Manager GetRandomPassword"
  name                    = "${var.name}/database-password"
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret" "secret_key" {
  description             = "Generated inside AWS by Secrets Manager GetRandomPassword"
  name                    = "${var.name}/secret-key"
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "database_password_version" {
  secret_id                = aws_secretsmanager_secret.database_password.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.database_password.random_password
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret_version" "secret_key_version" {
  secret_id                = aws_secretsmanager_secret.secret_key.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.secret_key.random_password
  secret_string_wo_version = 1
}
