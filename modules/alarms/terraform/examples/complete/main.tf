# The generated `alarms` module called from a plain HCL project that already runs an ECS service, a database and a
# load balancer (here their names are given as they are; in a real project they are resource references). The tests
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

module "alarms" {
  source = "../.."

  name                     = "example-billing"
  cluster_name             = "example-billing"
  service_name             = "example-billing"
  database_instance_id     = "example-billing"
  load_balancer_arn_suffix = "app/example-billing/0123456789abcdef"
  target_group_arn_suffix  = "targetgroup/example-billing-app/0123456789abcdef"

  email       = "ops@example.com" # AWS emails a confirmation link
  cpu_percent = 75
}

output "alarm_topic_arn" {
  description = "Subscribe a pager or chat integration here."
  value       = module.alarms.alarm_topic_arn
}
