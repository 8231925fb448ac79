# `terraform test` in modules/alarms/terraform: offline, the AWS provider mocked.
mock_provider "aws" {}

variables {
  name                     = "billing"
  cluster_name             = "billing"
  service_name             = "billing-app"
  database_instance_id     = "billing-db"
  load_balancer_arn_suffix = "app/billing/0123456789abcdef"
  target_group_arn_suffix  = "targetgroup/billing-app/0123456789abcdef"
}

run "every_alarm_notifies_the_topic" {
  command = plan

  assert {
    condition = alltrue([
      for alarm in [
        aws_cloudwatch_metric_alarm.alb_5xx, aws_cloudwatch_metric_alarm.target_5xx,
        aws_cloudwatch_metric_alarm.unhealthy_hosts, aws_cloudwatch_metric_alarm.service_cpu,
        aws_cloudwatch_metric_alarm.service_memory, aws_cloudwatch_metric_alarm.database_connections,
        aws_cloudwatch_metric_alarm.database_free_storage,
      ] : startswith(alarm.alarm_name, "billing-")
    ])
    error_message = "Every alarm is named after the name given."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.service_cpu.threshold == 85 && aws_cloudwatch_metric_alarm.database_free_storage.threshold == 2 * 1073741824
    error_message = "Default thresholds: 85 % CPU, 2 GiB free storage (in bytes)."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.service_cpu.dimensions["ClusterName"] == "billing" && aws_cloudwatch_metric_alarm.service_cpu.dimensions["ServiceName"] == "billing-app"
    error_message = "The service alarms watch the service given."
  }
  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0
    error_message = "No email subscription without an address."
  }
}

run "an_email_subscribes_to_the_topic" {
  command = plan
  variables {
    email = "ops@example.com"
  }
  assert {
    condition     = aws_sns_topic_subscription.email[0].protocol == "email" && aws_sns_topic_subscription.email[0].endpoint == "ops@example.com"
    error_message = "The address is subscribed by email."
  }
}

run "a_percentage_above_100_is_refused" {
  command = plan
  variables {
    cpu_percent = 120
  }
  expect_failures = [var.cpu_percent]
}
