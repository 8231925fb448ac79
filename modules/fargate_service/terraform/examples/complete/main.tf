# The generated `fargate_service` module called from a plain HCL project: a VPC, a target group, a secret, and the
# service with its autoscaling and migration task. The tests run `terraform validate` on this folder against the
# real provider and plan it against the emulator.

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
  cidr_block = "10.46.0.0/16"
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.example.id
  cidr_block        = cidrsubnet(aws_vpc.example.cidr_block, 4, 8 + count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

resource "aws_lb_target_group" "app" {
  name        = "example-api-app"
  target_type = "ip"
  port        = 8080
  protocol    = "HTTP"
  vpc_id      = aws_vpc.example.id
}

resource "aws_secretsmanager_secret" "api_key" {
  name = "example-api/api-key"
}

module "service" {
  source = "../.."

  name              = "example-api"
  vpc_id            = aws_vpc.example.id
  subnet_ids        = aws_subnet.private[*].id
  image             = "public.ecr.aws/nginx/nginx:1.27"
  target_group_arn  = aws_lb_target_group.app.arn
  container_port    = 8080
  secrets           = { API_KEY = aws_secretsmanager_secret.api_key.arn }
  environment       = { LOG_LEVEL = "info" }
  cpu               = 512
  memory_mib        = 1024
  max_capacity      = 4
  migration_command = ["./manage", "migrate"]
}

output "run_migration" {
  description = "Runs the migration task once."
  value       = module.service.run_migration_command
}
