# The generated `postgres` module called from a plain HCL project: a VPC with two private subnets, the master
# password managed by RDS in Secrets Manager (nobody types it, nothing in state), and an app security group allowed
# in. The tests run `terraform validate` on this folder against the real provider and plan it against the emulator.
#
# To pass your own password instead (written write-only, never in state):
#   ephemeral "aws_secretsmanager_random_password" "database" { password_length = 32, exclude_punctuation = true }
#   password                    = ephemeral.aws_secretsmanager_random_password.database.random_password
#   manage_master_user_password = false

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
  cidr_block           = "10.42.0.0/16"
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

module "database" {
  source = "../.."

  name       = "example-db"
  vpc_id     = aws_vpc.example.id
  subnet_ids = aws_subnet.private[*].id

  instance_class      = "db.t4g.micro"
  deletion_protection = false # an example: let `terraform destroy` remove it
}

resource "aws_vpc_security_group_ingress_rule" "app_to_database" {
  security_group_id            = module.database.security_group_id
  referenced_security_group_id = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = module.database.port
  to_port                      = module.database.port
}

output "database_address" {
  description = "Where the app connects."
  value       = module.database.address
}

output "master_user_secret_arn" {
  description = "The secret RDS keeps the master user's name and password in."
  value       = module.database.master_user_secret_arn
}

output "connect" {
  description = "How to connect from a host inside the VPC (TLS is required)."
  value       = <<-EOT
    PGPASSWORD="$(aws secretsmanager get-secret-value --secret-id '${module.database.master_user_secret_arn}' --query SecretString --output text | jq -r .password)" \
      psql "host=${module.database.address} port=${module.database.port} dbname=${module.database.database_name} user=${module.database.username} sslmode=require"
  EOT
}
