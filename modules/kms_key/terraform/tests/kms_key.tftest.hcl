# `terraform test` in modules/kms_key/terraform: offline, the AWS provider mocked.
mock_provider "aws" {}

variables {
  alias = "billing-prod"
}

run "defaults_rotate_and_wait_before_deletion" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.deletion_window_in_days == 30
    error_message = "The key must rotate yearly and wait 30 days before deletion."
  }
  assert {
    condition     = aws_kms_alias.alias.name == "alias/billing-prod" && output.alias_name == "alias/billing-prod"
    error_message = "The alias takes the name given, with the alias/ prefix."
  }
  assert {
    condition     = length(jsondecode(aws_kms_key.this.policy).Statement) == 3
    error_message = "The account administers the key; CloudWatch Logs and alarms may use it."
  }
}

run "services_are_left_out_when_not_allowed" {
  command = plan
  variables {
    allow_cloudwatch_logs   = false
    allow_cloudwatch_alarms = false
  }
  assert {
    condition     = [for s in jsondecode(aws_kms_key.this.policy).Statement : s.Sid] == ["AccountAdministers"]
    error_message = "Only the account's statement remains."
  }
}

run "a_short_deletion_window_is_refused" {
  command = plan
  variables {
    deletion_window_days = 3
  }
  expect_failures = [var.deletion_window_days]
}

run "an_alias_with_its_prefix_is_refused" {
  command = plan
  variables {
    alias = "alias/billing prod"
  }
  expect_failures = [var.alias]
}
