# The generated `kms_key` module called from a plain HCL project: a key for an application's log group. The tests
# run `terraform validate` on this folder against the real provider and plan it against the emulator.

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

module "key" {
  source = "../.."

  alias                   = "example-billing"
  deletion_window_days    = 7
  allow_cloudwatch_alarms = false # no alarm topic uses this key
  tags                    = { Team = "billing" }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/example/billing"
  retention_in_days = 30
  kms_key_id        = module.key.key_arn
}

output "key_arn" {
  description = "The key, for other resources' kms_key_id."
  value       = module.key.key_arn
}
