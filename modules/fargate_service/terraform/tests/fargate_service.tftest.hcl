# `terraform test` in modules/fargate_service/terraform: offline, the AWS provider mocked.
mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }
}

variables {
  name             = "billing-api"
  vpc_id           = "vpc-0123456789abcdef0"
  subnet_ids       = ["subnet-a", "subnet-b"]
  image            = "public.ecr.aws/nginx/nginx:1.27"
  target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/billing/0123456789abcdef"
  secrets          = { API_KEY = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key" }
}

run "tasks_are_private_and_roll_back" {
  command = plan

  assert {
    condition     = !one(aws_ecs_service.this.network_configuration).assign_public_ip && aws_ecs_service.this.name == "billing-api"
    error_message = "Tasks run in the private subnets without public addresses."
  }
  assert {
    condition     = one(aws_ecs_service.this.deployment_circuit_breaker).rollback
    error_message = "A failed deployment rolls back."
  }
  assert {
    condition     = !aws_ecs_service.this.enable_execute_command
    error_message = "ECS Exec is off by default."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.task_definition.container_definitions)[0].secrets == [{ name = "API_KEY", valueFrom = var.secrets.API_KEY }]
    error_message = "Secrets reach the container as references, never as values."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.migration_task_definition.container_definitions)[0].command == ["alembic", "upgrade", "head"]
    error_message = "The migration task runs the migration command."
  }
}

run "memory_fargate_does_not_offer_is_refused" {
  command = plan
  variables {
    memory_mib = 100
  }
  expect_failures = [var.memory_mib]
}
