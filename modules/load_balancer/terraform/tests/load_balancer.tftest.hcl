# `terraform test` in modules/load_balancer/terraform: offline, the AWS provider mocked.
mock_provider "aws" {
  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::156460612806:root"
    }
  }
}

variables {
  name       = "billing-web"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-a", "subnet-b"]
}

run "without_a_domain_http_forwards" {
  command = plan

  assert {
    condition     = aws_lb.this.name == "billing-web" && !aws_lb.this.internal && aws_lb.this.drop_invalid_header_fields
    error_message = "A public load balancer named as given, dropping invalid headers."
  }
  assert {
    condition     = length(aws_lb_listener.https) == 0 && one(aws_lb_listener.http.default_action).type == "forward"
    error_message = "Without a domain, HTTP only."
  }
  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0
    error_message = "Access logs are off by default."
  }
}

run "with_a_domain_http_redirects_to_tls" {
  command = plan
  variables {
    domain_name = "app.example.com"
  }
  assert {
    condition     = one(aws_lb_listener.http.default_action).type == "redirect"
    error_message = "With a domain, HTTP redirects to HTTPS."
  }
  assert {
    condition     = aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06" && aws_lb_listener.https[0].protocol == "HTTPS"
    error_message = "HTTPS with TLS 1.3/1.2 only."
  }
  assert {
    condition     = aws_acm_certificate.certificate[0].domain_name == "app.example.com" && aws_acm_certificate.certificate[0].validation_method == "DNS"
    error_message = "A DNS-validated certificate for the domain."
  }
}

run "access_logs_are_private_and_encrypted" {
  command = plan
  variables {
    enable_access_logs = true
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.access_logs_public_access[0].block_public_policy && aws_s3_bucket_public_access_block.access_logs_public_access[0].restrict_public_buckets
    error_message = "The log bucket blocks public access."
  }
  assert {
    condition     = length(aws_s3_bucket_server_side_encryption_configuration.access_logs_encryption) == 1
    error_message = "The log bucket is encrypted."
  }
}

run "a_domain_with_a_scheme_is_refused" {
  command = plan
  variables {
    domain_name = "https://app.example.com"
  }
  expect_failures = [var.domain_name]
}
