# `terraform test` in modules/ecs_app/terraform. The module opens ephemeral resources (generated secrets), which
# Terraform 1.11's mock providers refuse: these runs plan against an AWS API. The repository's tests start the
# emulator and point the provider at it through the environment (AWS_ENDPOINT_URL, test credentials); with real
# credentials they plan against your account (nothing is applied).
provider "aws" {
  region = "us-east-1"
}

variables {
  name  = "app-test"
  image = "ghcr.io/acme/app:1.0.0"
}

run "defaults_are_private_encrypted_and_protected" {
  command = plan

  assert {
    condition     = aws_db_instance.database.storage_encrypted && !aws_db_instance.database.publicly_accessible && aws_db_instance.database.deletion_protection
    error_message = "The database must be encrypted, private and protected from deletion."
  }
  assert {
    condition     = aws_elasticache_replication_group.cache.transit_encryption_enabled && aws_elasticache_replication_group.cache.at_rest_encryption_enabled == "true"
    error_message = "Redis must be encrypted in transit and at rest."
  }
  assert {
    condition     = !one(aws_ecs_service.service.network_configuration).assign_public_ip
    error_message = "With a NAT gateway (the default), tasks have no public address."
  }
  assert {
    condition     = aws_ecs_service.service.name == "app-test" && aws_lb.load_balancer.name == "app-test"
    error_message = "Resources take the name given."
  }
  assert {
    condition     = length(aws_lb_listener.load_balancer_https) == 0 && length(aws_wafv2_web_acl.waf) == 0
    error_message = "Without a domain, HTTP only; no WAF unless asked."
  }
}

run "no_worker_unless_a_command_is_given" {
  command = plan

  assert {
    condition     = length(aws_ecs_service.worker) == 0 && output.worker_service_name == null
    error_message = "The worker is off by default."
  }
}

run "a_worker_command_runs_a_private_worker_service" {
  command = plan
  variables {
    worker = { command = ["arq", "app.worker.WorkerSettings"] }
  }
  assert {
    condition     = aws_ecs_service.worker[0].name == "app-test-worker" && !one(aws_ecs_service.worker[0].network_configuration).assign_public_ip
    error_message = "The worker runs as its own service, without public addresses."
  }
  assert {
    condition     = aws_ecs_task_definition.worker_task_definition[0].family == "app-test-worker" && aws_appautoscaling_target.worker_scaling_target[0].max_capacity == 2
    error_message = "The worker has its own task definition and scaling (1-2 tasks by default)."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.database_from_worker) == 1 && length(aws_vpc_security_group_ingress_rule.cache_from_worker) == 1
    error_message = "The worker reaches the database and the cache."
  }
}

run "a_domain_serves_tls_and_redirects_http" {
  command = plan
  variables {
    domain_name = "app.example.com"
  }
  # The hosted zone of example.com is looked up, not created: answered here.
  override_data {
    target = data.aws_route53_zone.load_balancer_zone[0]
    values = {
      zone_id = "Z0123456789EXAMPLE"
      name    = "example.com"
    }
  }
  assert {
    condition     = aws_lb_listener.load_balancer_https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "HTTPS with TLS 1.3/1.2 only."
  }
  assert {
    condition     = one(aws_lb_listener.load_balancer_http.default_action).type == "redirect"
    error_message = "HTTP redirects to HTTPS."
  }
}

run "a_bad_database_option_is_refused" {
  command = plan
  variables {
    database = { backup_retention_days = 0 }
  }
  expect_failures = [var.database]
}

run "a_misspelled_attribute_is_refused_not_dropped" {
  command = plan
  variables {
    database = { multiaz = true }
  }
  expect_failures = [var.database]
}
