# The smallest call of the `ecs_app` module: a name and an image. Everything else takes the module's defaults
# (two zones, one NAT gateway, db.t3.micro with deletion protection, one cache.t3.micro node, HTTP only until you
# give a domain). The tests run `terraform validate` on this folder against the real provider and plan it against
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
  region = "us-east-1"
}

module "app" {
  source = "../.."

  name  = "app-minimal"
  image = "ghcr.io/acme/app:1.0.0"
}

output "app_url" {
  description = "URL of the app."
  value       = module.app.app_url
}
