# `terraform test` in modules/lightsail_app/terraform. The module opens ephemeral resources (generated secrets),
# which Terraform 1.11's mock providers refuse: these runs plan against an AWS API. The repository's tests start the
# emulator and point the provider at it through the environment (AWS_ENDPOINT_URL, test credentials); with real
# credentials they plan against your account (nothing is applied).
provider "aws" {
  region = "eu-west-1"
}

variables {
  name  = "app-test"
  image = "ghcr.io/acme/app:1.0.0"
}

run "defaults_keep_the_database_private_and_its_final_snapshot" {
  command = plan

  assert {
    condition     = !aws_lightsail_database.database.publicly_accessible && !aws_lightsail_database.database.skip_final_snapshot
    error_message = "The database must be private and keep a final snapshot."
  }
  assert {
    condition     = aws_lightsail_container_service.service.name == "app-test" && aws_lightsail_container_service.service.power == "nano"
    error_message = "The service takes the name given, nano by default."
  }
  assert {
    condition     = length(aws_lightsail_certificate.certificate) == 0
    error_message = "Without a domain, the service's own HTTPS address only."
  }
}

run "a_domain_gets_a_certificate" {
  command = plan
  variables {
    domain_name = "app.example.com"
  }
  assert {
    condition     = aws_lightsail_certificate.certificate[0].domain_name == "app.example.com"
    error_message = "The domain gets a certificate."
  }
}

run "an_unknown_power_is_refused" {
  command = plan
  variables {
    power = "huge"
  }
  expect_failures = [var.power]
}
