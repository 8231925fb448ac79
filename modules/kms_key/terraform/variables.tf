variable "alias" {
  description = "Alias without the `alias/` prefix, such as `billing-prod`."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[A-Za-z0-9/_-]{1,250})$", var.alias))
    error_message = "alias must be a KMS alias name without the `alias/` prefix (letters, digits, /, _ and -) such as billing-prod."
  }
}

variable "allow_cloudwatch_alarms" {
  description = "Let CloudWatch alarms publish to SNS topics encrypted with the key (AWS-managed SNS keys refuse them)."
  type        = bool
  default     = true
  nullable    = false
}

variable "allow_cloudwatch_logs" {
  description = "Let CloudWatch Logs of this account and region encrypt log groups with the key."
  type        = bool
  default     = true
  nullable    = false
}

variable "deletion_window_days" {
  description = "Days between scheduling deletion and the key being gone (7-30): the last chance to undo a destroy."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.deletion_window_days >= 7 && var.deletion_window_days <= 30 && floor(var.deletion_window_days) == var.deletion_window_days
    error_message = "deletion_window_days must be a whole number from 7 to 30."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}
