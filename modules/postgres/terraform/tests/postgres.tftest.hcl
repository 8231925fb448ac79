# `terraform test` in modules/postgres/terraform: offline, the AWS provider mocked.
mock_provider "aws" {}

variables {
  name       = "billing-db"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-a", "subnet-b"]
}

run "defaults_are_private_encrypted_and_protected" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && !aws_db_instance.this.publicly_accessible
    error_message = "The instance must be encrypted and private."
  }
  assert {
    condition     = aws_db_instance.this.deletion_protection && !aws_db_instance.this.skip_final_snapshot
    error_message = "A destroy must be refused, and take a final snapshot when allowed."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.parameter_group.parameter : p.value if p.name == "rds.force_ssl"] == ["1"]
    error_message = "TLS must be forced (rds.force_ssl = 1)."
  }
  assert {
    condition     = aws_db_instance.this.identifier == "billing-db" && output.database_name == "app" && output.username == "app_admin"
    error_message = "The instance takes the name given, and the generic database and user names."
  }
  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true && aws_db_instance.this.password_wo == null
    error_message = "Without a password, RDS manages the master password in Secrets Manager."
  }
}

run "a_name_too_long_for_rds_is_refused" {
  command = plan
  variables {
    name = "a-name-that-is-far-too-long-for-an-rds-identifier-and-its-suffixes"
  }
  expect_failures = [var.name]
}

run "a_password_with_rds_management_is_refused" {
  command = plan
  variables {
    password = "0123456789abcdefghij"
  }
  expect_failures = [var.manage_master_user_password]
}

run "one_subnet_is_refused" {
  command = plan
  variables {
    subnet_ids = ["subnet-a"]
  }
  expect_failures = [var.subnet_ids]
}
