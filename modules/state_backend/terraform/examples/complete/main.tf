# The generated `state_backend` module called from a plain HCL project. The tests run `terraform validate` on this
# folder against the real provider.

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

module "terraform_state" {
  source = "../.."

  bucket_name     = "example-billing-tfstate"
  lock_table_name = "example-billing-terraform-locks"
}

output "backend_settings" {
  description = "What every S3 backend of this project uses."
  value = {
    bucket         = module.terraform_state.bucket_name
    dynamodb_table = module.terraform_state.lock_table_name
  }
}
