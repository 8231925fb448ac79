# Mission Control on Lightsail from one `module` block: the generated `lightsail_app` module called from a plain HCL
# project, with a custom domain. The tests run `terraform validate` on this folder against the real provider and
# plan it against the emulator (moto has no Lightsail: nothing is applied).

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

module "mission_control" {
  source = "../.."

  name        = "mc-lightsail-example"
  image       = "ghcr.io/acme/mission-control:1.4.2"
  power       = "micro"
  domain_name = "mc.example.com"
  tags        = { Environment = "example" }
}

output "url" {
  description = "Mission Control (after the certificate is validated and the domain points at the service)."
  value       = module.mission_control.service_url
}

output "certificate_validation_records" {
  description = "Create these DNS records to validate the certificate."
  value       = module.mission_control.certificate_validation_records
}
