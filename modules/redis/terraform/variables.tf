variable "auth_token" {
  description = "AUTH token reference (16-128 characters). ElastiCache has no write-only form: the value is kept in state."
  type        = string
  nullable    = false
  sensitive   = true

  validation {
    condition     = length(var.auth_token) >= 16 && length(var.auth_token) <= 128
    error_message = "auth_token must be 16 to 128 characters."
  }
}

variable "enable_automatic_failover" {
  description = "Promote a replica in another zone when the primary fails (also turns on Multi-AZ)."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.enable_automatic_failover || var.node_count >= 2
    error_message = "enable_automatic_failover needs a replica to promote: set node_count to 2 or more."
  }
}

variable "engine_version" {
  description = "Redis engine version, such as 7.1."
  type        = string
  default     = "7.1"
  nullable    = false

  validation {
    condition     = can(regex("^(?:[67]\\.\\d+)$", var.engine_version))
    error_message = "engine_version must be a Redis engine version (major.minor) such as 7.1."
  }
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest. When left out, the AWS-managed ElastiCache key."
  type        = string
  default     = null
  nullable    = true
}

variable "maintenance_window" {
  description = "Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC."
  type        = string
  default     = "sun:05:00-sun:06:00"
  nullable    = false

  validation {
    condition     = can(regex("^(?:(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d)$", var.maintenance_window))
    error_message = "maintenance_window must be a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30."
  }
}

variable "name" {
  description = "Replication group ID (at most 40 characters); also names the subnet group and security group."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9-]{0,38}[a-z0-9])$", var.name))
    error_message = "name must be an ElastiCache replication group ID (lowercase letters, digits, hyphens, at most 40 characters) such as billing-prod."
  }
}

variable "node_count" {
  description = "Nodes in the group: 1 primary plus replicas (1-6). Automatic failover needs at least 2."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.node_count >= 1 && var.node_count <= 6 && floor(var.node_count) == var.node_count
    error_message = "node_count must be a whole number from 1 to 6."
  }
}

variable "node_type" {
  description = "Cache node type, such as cache.t3.micro or cache.r7g.large."
  type        = string
  default     = "cache.t3.micro"
  nullable    = false

  validation {
    condition     = can(regex("^(?:cache\\.[a-z0-9]+\\.[a-z0-9]+)$", var.node_type))
    error_message = "node_type must be a cache node type such as cache.t3.micro."
  }
}

variable "snapshot_retention_days" {
  description = "Daily snapshots kept (0-35); 0 turns snapshots off (and the final snapshot on delete)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35 && floor(var.snapshot_retention_days) == var.snapshot_retention_days
    error_message = "snapshot_retention_days must be a whole number from 0 to 35."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the cache nodes (one per zone the nodes may use)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids needs at least 1 private subnet."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "vpc_id" {
  description = "VPC of the cache's security group."
  type        = string
  nullable    = false
}
