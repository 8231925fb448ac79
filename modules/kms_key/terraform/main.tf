data "aws_caller_identity" "account" {
}

data "aws_partition" "partition" {
}

data "aws_region" "region" {
}

resource "aws_kms_alias" "alias" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_kms_key" "this" {
  deletion_window_in_days = var.deletion_window_days
  description             = "${var.alias}: customer-managed key (yearly rotation)"
  enable_key_rotation     = true
  policy                  = jsonencode({ "Version" = "2012-10-17", "Statement" = concat([{ "Sid" = "AccountAdministers", "Effect" = "Allow", "Principal" = { "AWS" = "arn:${data.aws_partition.partition.partition}:iam::${data.aws_caller_identity.account.account_id}:root" }, "Action" = "kms:*", "Resource" = "*" }], var.allow_cloudwatch_logs ? [{ "Sid" = "CloudWatchLogsEncrypt", "Effect" = "Allow", "Principal" = { "Service" = "logs.${data.aws_region.region.name}.amazonaws.com" }, "Action" = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource" = "*", "Condition" = { "ArnLike" = { "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.partition.partition}:logs:${data.aws_region.region.name}:${data.aws_caller_identity.account.account_id}:*" } } }] : [], var.allow_cloudwatch_alarms ? [{ "Sid" = "CloudWatchAlarmsPublish", "Effect" = "Allow", "Principal" = { "Service" = "cloudwatch.amazonaws.com" }, "Action" = ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource" = "*" }] : []) })
  tags                    = var.tags
}
