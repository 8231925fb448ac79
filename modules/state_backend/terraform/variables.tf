variable "bucket_name" {
  description = "Globally unique bucket name (checked by the environment settings before this is built)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$", var.bucket_name))
    error_message = "bucket_name must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }
}

variable "lock_table_name" {
  description = "DynamoDB table for state locks (partition key `LockID`)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[A-Za-z0-9_.-]{3,255})$", var.lock_table_name))
    error_message = "lock_table_name must be a DynamoDB table name (3-255 letters, digits, _ . -)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Old state versions are kept this long (1-3650 days): the window in which a bad apply can be rolled back."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number from 1 to 3650."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}
