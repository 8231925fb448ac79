# The generated `load_balancer` module called from a plain HCL project: HTTPS for app.example.com (the public
# Route 53 zone example.com must exist in the account), access logs, deletion protection off for the example. The
# tests run `terraform validate` on this folder against the real provider and plan it against the emulator.

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
  cidr_block = "10.45.0.0/16"
}

resource "aws_internet_gateway" "example" {
  vpc_id = aws_vpc.example.id
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.example.id
  cidr_block        = cidrsubnet(aws_vpc.example.cidr_block, 4, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

module "load_balancer" {
  source = "../.."

  name               = "example-web"
  vpc_id             = aws_vpc.example.id
  subnet_ids         = aws_subnet.public[*].id
  target_port        = 8080
  domain_name        = "app.example.com"
  health_check_path  = "/healthz"
  enable_access_logs = true

  depends_on = [aws_internet_gateway.example]
}

output "url" {
  description = "Where users go."
  value       = module.load_balancer.url
}
