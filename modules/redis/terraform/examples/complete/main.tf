# The generated `redis` module called from a plain HCL project: a VPC with two private subnets, an AUTH token
# generated inside AWS and kept in Secrets Manager (written write-only, read back once for ElastiCache, which keeps
# it in state), replicas with automatic failover, and an app security group allowed in. The tests run
# `terraform validate` on this folder against the real provider and plan it against the emulator.

terraform {
  required_version = ">= 1.11.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "example" {
  cidr_block           = "10.43.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.example.id
  cidr_block        = cidrsubnet(aws_vpc.example.cidr_block, 4, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

resource "aws_security_group" "app" {
  name   = "example-app"
  vpc_id = aws_vpc.example.id
}

ephemeral "aws_secretsmanager_random_password" "redis_auth" {
  password_length     = 64
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "redis_auth" {
  name = "example-cache/redis-auth"
}

resource "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id                = aws_secretsmanager_secret.redis_auth.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.redis_auth.random_password
  secret_string_wo_version = 1
}

data "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id  = aws_secretsmanager_secret.redis_auth.id
  version_id = aws_secretsmanager_secret_version.redis_auth.version_id
}

module "redis" {
  source = "../.."

  name       = "example-cache"
  vpc_id     = aws_vpc.example.id
  subnet_ids = aws_subnet.private[*].id
  auth_token = data.aws_secretsmanager_secret_version.redis_auth.secret_string

  node_count                = 2
  enable_automatic_failover = true
  snapshot_retention_days   = 7
}

resource "aws_vpc_security_group_ingress_rule" "app_to_redis" {
  security_group_id            = module.redis.security_group_id
  referenced_security_group_id = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = module.redis.port
  to_port                      = module.redis.port
}

output "redis_endpoint" {
  description = "Where the app connects (TLS)."
  value       = module.redis.primary_endpoint
}
