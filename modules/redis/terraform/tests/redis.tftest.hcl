# `terraform test` in modules/redis/terraform: offline, the AWS provider mocked.
mock_provider "aws" {}

variables {
  name       = "billing-cache"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-a"]
  auth_token = "0123456789abcdef0123"
}

run "defaults_are_encrypted_with_an_auth_token" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.this.transit_encryption_enabled && aws_elasticache_replication_group.this.at_rest_encryption_enabled == "true"
    error_message = "Redis must be encrypted in transit (TLS) and at rest."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.auth_token == var.auth_token
    error_message = "Clients must authenticate with the token."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.replication_group_id == "billing-cache" && !aws_elasticache_replication_group.this.automatic_failover_enabled
    error_message = "One node without failover by default, named as given."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.final_snapshot_identifier == null
    error_message = "Without snapshot retention there is no final snapshot to name."
  }
}

run "snapshots_name_a_final_snapshot" {
  command = plan
  variables {
    snapshot_retention_days = 7
  }
  assert {
    condition     = aws_elasticache_replication_group.this.final_snapshot_identifier == "billing-cache-final"
    error_message = "With snapshots kept, a destroy takes a final one."
  }
}

run "a_short_auth_token_is_refused" {
  command = plan
  variables {
    auth_token = "short"
  }
  expect_failures = [var.auth_token]
}

run "failover_with_one_node_is_refused" {
  command = plan
  variables {
    enable_automatic_failover = true
  }
  expect_failures = [var.enable_automatic_failover]
}
