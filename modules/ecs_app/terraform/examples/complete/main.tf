# The whole Mission Control ECS platform from one `module` block: the generated `ecs_app` module called from a plain
# HCL project, with a few options changed from their defaults. The tests run `terraform validate` on this folder
# against the real provider, and plan and apply it against the emulator.

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
  region = "us-east-1"
  default_tags {
    tags = { Project = "mission-control-example" }
  }
}

module "mission_control" {
  source = "../.."

  name  = "mc-example"
  image = "ghcr.io/acme/mission-control:1.4.2"

  network  = { az_count = 2, nat_gateways = "single", flow_log_retention_days = 14 }
  database = { deletion_protection = false, backup_retention_days = 1, monitoring_interval_seconds = 0 }
  service  = { enable_execute_command = true, log_retention_days = 14 }
  alarms   = { email = "ops@example.com" }
  waf      = { enabled = true, rate_limit_per_5_minutes = 1000 }
  worker   = { command = ["arq", "mission_control.worker.WorkerSettings"], max_capacity = 3 }
  secrets  = { recovery_window_days = 0 } # an example: let `terraform destroy` free the names at once
  tags     = { Environment = "example" }
}

output "app_url" {
  description = "Mission Control."
  value       = module.mission_control.app_url
}

output "migration_command" {
  description = "Run once after the first apply."
  value       = module.mission_control.migration_command
}
