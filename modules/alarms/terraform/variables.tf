variable "alb_5xx_per_5_minutes" {
  description = "5xx responses (from the ALB itself or the targets) in five minutes before the alarm fires."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.alb_5xx_per_5_minutes >= 1 && var.alb_5xx_per_5_minutes <= 1000000 && floor(var.alb_5xx_per_5_minutes) == var.alb_5xx_per_5_minutes
    error_message = "alb_5xx_per_5_minutes must be a whole number from 1 to 1000000."
  }
}

variable "cluster_name" {
  description = "ECS cluster of the watched service."
  type        = string
  nullable    = false
}

variable "cpu_percent" {
  description = "Service CPU (average over 3 periods of 5 minutes) above which the alarm fires."
  type        = number
  default     = 85
  nullable    = false

  validation {
    condition     = var.cpu_percent >= 1 && var.cpu_percent <= 100 && floor(var.cpu_percent) == var.cpu_percent
    error_message = "cpu_percent must be a whole number from 1 to 100."
  }
}

variable "database_connections" {
  description = "Alarm above this many connections (db.t3.micro allows about 80 by default)."
  type        = number
  default     = 70
  nullable    = false

  validation {
    condition     = var.database_connections >= 1 && var.database_connections <= 100000 && floor(var.database_connections) == var.database_connections
    error_message = "database_connections must be a whole number from 1 to 100000."
  }
}

variable "database_free_storage_gib" {
  description = "Alarm when the database has less free storage than this."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.database_free_storage_gib >= 1 && var.database_free_storage_gib <= 65536 && floor(var.database_free_storage_gib) == var.database_free_storage_gib
    error_message = "database_free_storage_gib must be a whole number from 1 to 65536."
  }
}

variable "database_instance_id" {
  description = "RDS instance watched for CPU, connections and free storage."
  type        = string
  nullable    = false
}

variable "email" {
  description = "Subscribe this address to the topic (AWS emails a confirmation link). When left out, no subscription: subscribe a pager or chat integration to the `alarm_topic_arn` output yourself."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.email == null || try(can(regex("^(?:[^@\\s]+@[^@\\s]+\\.[a-z]{2,})$", var.email)), false)
    error_message = "email must be an email address such as ops@acme.io."
  }
}

variable "kms_key_arn" {
  description = "KMS key of the topic; its policy must let CloudWatch use it (AWS-managed SNS keys do not). When left out, the topic is not encrypted."
  type        = string
  default     = null
  nullable    = true
}

variable "load_balancer_arn_suffix" {
  description = "ARN suffix of the load balancer watched for 5xx responses."
  type        = string
  nullable    = false
}

variable "memory_percent" {
  description = "Service memory (average over 3 periods of 5 minutes) above which the alarm fires."
  type        = number
  default     = 85
  nullable    = false

  validation {
    condition     = var.memory_percent >= 1 && var.memory_percent <= 100 && floor(var.memory_percent) == var.memory_percent
    error_message = "memory_percent must be a whole number from 1 to 100."
  }
}

variable "name" {
  description = "Prefix of every alarm name and the SNS topic name."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[A-Za-z0-9_-]{1,200})$", var.name))
    error_message = "name must be an alarm name prefix (letters, digits, _ and -) such as billing-prod."
  }
}

variable "service_name" {
  description = "ECS service watched for CPU, memory and running tasks."
  type        = string
  nullable    = false
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the target group watched for unhealthy hosts."
  type        = string
  nullable    = false
}
