variable "allocated_storage_gib" {
  description = "Initial gp3 storage in GiB (20 or more)."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.allocated_storage_gib >= 20 && var.allocated_storage_gib <= 65536 && floor(var.allocated_storage_gib) == var.allocated_storage_gib
    error_message = "allocated_storage_gib must be a whole number from 20 to 65536."
  }
}

variable "backup_retention_days" {
  description = "Automated backup retention, 1-35 days (point-in-time restore within it)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number from 1 to 35."
  }
}

variable "backup_window" {
  description = "Daily backup window, hh24:mi-hh24:mi UTC, at least 30 minutes."
  type        = string
  default     = "03:00-03:30"
  nullable    = false

  validation {
    condition     = can(regex("^(?:([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d)$", var.backup_window))
    error_message = "backup_window must be a UTC window hh24:mi-hh24:mi such as 03:00-03:30."
  }
}

variable "database_name" {
  description = "Name of the database created with the instance."
  type        = string
  default     = "app"
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", var.database_name))
    error_message = "database_name must be a lowercase PostgreSQL identifier such as app."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance until this is turned off: a `terraform destroy` cannot take the data."
  type        = bool
  default     = true
  nullable    = false
}

variable "enable_performance_insights" {
  description = "Query-level load monitoring; 7 days of history are free."
  type        = bool
  default     = true
  nullable    = false
}

variable "engine_major_version" {
  description = "PostgreSQL major version; RDS applies minor upgrades in the maintenance window."
  type        = number
  default     = 16
  nullable    = false

  validation {
    condition     = var.engine_major_version >= 13 && var.engine_major_version <= 17 && floor(var.engine_major_version) == var.engine_major_version
    error_message = "engine_major_version must be a whole number from 13 to 17."
  }
}

variable "instance_class" {
  description = "RDS instance class, such as db.t3.micro or db.r6g.large."
  type        = string
  default     = "db.t3.micro"
  nullable    = false

  validation {
    condition     = can(regex("^(?:db\\.[a-z0-9]+\\.[a-z0-9]+)$", var.instance_class))
    error_message = "instance_class must be an RDS instance class such as db.t3.micro."
  }
}

variable "kms_key_arn" {
  description = "KMS key for storage, Performance Insights and the managed master password secret. When left out, the AWS-managed keys."
  type        = string
  default     = null
  nullable    = true
}

variable "maintenance_window" {
  description = "Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC."
  type        = string
  default     = "sun:04:00-sun:04:30"
  nullable    = false

  validation {
    condition     = can(regex("^(?:(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d)$", var.maintenance_window))
    error_message = "maintenance_window must be a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30."
  }
}

variable "manage_master_user_password" {
  description = "RDS generates the master password and keeps it in a Secrets Manager secret (encrypted with `kms_key_arn`, rotated by RDS): see the `master_user_secret_arn` output. Set false when you pass `password`."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = var.manage_master_user_password == (var.password == null)
    error_message = "Give either a password (and set manage_master_user_password = false) or neither (RDS then manages the master password in Secrets Manager)."
  }
}

variable "max_allocated_storage_gib" {
  description = "Storage autoscaling ceiling; equal to `allocated_storage_gib` turns autoscaling off."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.max_allocated_storage_gib >= var.allocated_storage_gib
    error_message = "max_allocated_storage_gib must be at least allocated_storage_gib (equal turns storage autoscaling off)."
  }
}

variable "monitoring_interval_seconds" {
  description = "Enhanced Monitoring (OS metrics) interval: 0 (off), 1, 5, 10, 15, 30 or 60 seconds."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval_seconds)
    error_message = "monitoring_interval_seconds must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

variable "multi_az" {
  description = "A synchronous standby in another zone with automatic failover (doubles the instance cost)."
  type        = bool
  default     = false
  nullable    = false
}

variable "name" {
  description = "DB instance identifier; also names its subnet group, parameter group and security group."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9-]{0,61}[a-z0-9])$", var.name))
    error_message = "name must be an RDS identifier (lowercase letters, digits, hyphens, at most 63 characters) such as billing-prod."
  }
}

variable "password" {
  description = "Master password, when you manage it: an ephemeral value such as `ephemeral.aws_secretsmanager_random_password.x.random_password`, written through `password_wo` (never in plan or state). Leave it out to let RDS manage the password."
  type        = string
  default     = null
  nullable    = true
  sensitive   = true
  ephemeral   = true
}

variable "password_version" {
  description = "Bump to write a new `password` (with manage_master_user_password = false)."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.password_version >= 1 && var.password_version <= 2147483647 && floor(var.password_version) == var.password_version
    error_message = "password_version must be a whole number from 1 to 2147483647."
  }
}

variable "subnet_ids" {
  description = "Private subnets in at least two availability zones (RDS requires two even for a single-AZ instance)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least 2 private subnets in different zones (RDS requires two zones)."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "username" {
  description = "Master user name."
  type        = string
  default     = "app_admin"
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", var.username))
    error_message = "username must be a lowercase PostgreSQL identifier such as app."
  }
}

variable "vpc_id" {
  description = "VPC of the database's security group."
  type        = string
  nullable    = false
}
