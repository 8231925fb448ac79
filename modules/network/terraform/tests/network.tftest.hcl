# `terraform test` in modules/network/terraform: offline, the AWS provider mocked.
mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }
}

variables {
  name = "billing-network"
}

run "defaults_two_zones_one_nat_and_flow_logs" {
  command = plan

  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2 && length(aws_nat_gateway.nat) == 1
    error_message = "Two zones, one NAT gateway by default."
  }
  assert {
    condition     = [for s in aws_subnet.private : s.availability_zone] == ["eu-west-1a", "eu-west-1b"]
    error_message = "The private subnets spread over the first zones."
  }
  assert {
    condition     = alltrue([for s in aws_subnet.public : !s.map_public_ip_on_launch])
    error_message = "No subnet hands out public addresses by itself."
  }
  assert {
    condition     = length(aws_flow_log.flow_log) == 1 && aws_cloudwatch_log_group.flow_log_group[0].retention_in_days == 30
    error_message = "Flow logs are on, kept 30 days."
  }
  assert {
    condition     = aws_vpc.this.tags["Name"] == "billing-network"
    error_message = "The VPC takes the name given."
  }
}

run "per_zone_nat_and_no_flow_logs" {
  command = plan
  variables {
    az_count         = 3
    nat_gateways     = "per_az"
    enable_flow_logs = false
  }
  assert {
    condition     = length(aws_nat_gateway.nat) == 3 && length(aws_flow_log.flow_log) == 0
    error_message = "One NAT gateway per zone, no flow logs."
  }
}

run "one_zone_is_refused" {
  command = plan
  variables {
    az_count = 1
  }
  expect_failures = [var.az_count]
}

run "an_unknown_nat_choice_is_refused" {
  command = plan
  variables {
    nat_gateways = "two"
  }
  expect_failures = [var.nat_gateways]
}
