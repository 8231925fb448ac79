# The generated `network` module called from a plain HCL project: three zones, a NAT gateway in each, flow logs
# kept for 90 days. The tests run `terraform validate` on this folder against the real provider and plan it against
# the emulator.

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
  default_tags {
    tags = { Project = "billing" }
  }
}

module "network" {
  source = "../.."

  name                    = "example-network"
  cidr_block              = "10.44.0.0/16"
  az_count                = 3
  nat_gateways            = "per_az"
  flow_log_retention_days = 90
  tags                    = { CostCenter = "1234" }
}

output "vpc_id" {
  description = "The VPC."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Where the workloads go."
  value       = module.network.private_subnet_ids
}
