# The smallest call of the `lightsail_app` module: a name and an image, served on the container service's own
# HTTPS address. The tests run `terraform validate` on this folder against the real provider and plan it against
# the emulator (moto has no Lightsail: nothing is applied).

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

module "app" {
  source = "../.."

  name  = "app-minimal"
  image = "ghcr.io/acme/app:1.0.0"
}

output "url" {
  description = "URL of the app."
  value       = module.app.service_url
}
