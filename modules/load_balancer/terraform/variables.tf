variable "access_log_retention_days" {
  description = "Days access logs are kept in their bucket (1-3650)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.access_log_retention_days >= 1 && var.access_log_retention_days <= 3650 && floor(var.access_log_retention_days) == var.access_log_retention_days
    error_message = "access_log_retention_days must be a whole number from 1 to 3650."
  }
}

variable "deregistration_delay_seconds" {
  description = "Time a stopping task keeps serving its open requests."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.deregistration_delay_seconds >= 0 && var.deregistration_delay_seconds <= 3600 && floor(var.deregistration_delay_seconds) == var.deregistration_delay_seconds
    error_message = "deregistration_delay_seconds must be a whole number from 0 to 3600."
  }
}

variable "domain_name" {
  description = "When set: certificate, HTTPS listener and a Route 53 alias record. When left out: HTTP only, on the ALB's own DNS name (fine for dev, never for real users)."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.domain_name == null || try(length(var.domain_name) >= 4 && length(var.domain_name) <= 253 && can(regex("^(?:([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63})$", var.domain_name)), false)
    error_message = "domain_name must be a lowercase, fully qualified domain name without scheme or trailing dot, such as mc.example.com."
  }
}

variable "enable_access_logs" {
  description = "Write access logs to a dedicated, encrypted S3 bucket."
  type        = bool
  default     = false
  nullable    = false
}

variable "enable_deletion_protection" {
  description = "Refuse to delete the load balancer until this is turned off."
  type        = bool
  default     = false
  nullable    = false
}

variable "health_check_interval_seconds" {
  description = "Seconds between health checks of one task (5-300)."
  type        = number
  default     = 15
  nullable    = false

  validation {
    condition     = var.health_check_interval_seconds >= 5 && var.health_check_interval_seconds <= 300 && floor(var.health_check_interval_seconds) == var.health_check_interval_seconds
    error_message = "health_check_interval_seconds must be a whole number from 5 to 300."
  }
}

variable "health_check_matcher" {
  description = "HTTP codes that count as healthy: `200`, `200-299` or `200,204`."
  type        = string
  default     = "200"
  nullable    = false

  validation {
    condition     = can(regex("^(?:[1-5]\\d\\d([-,][1-5]\\d\\d)*)$", var.health_check_matcher))
    error_message = "health_check_matcher must be HTTP codes (200, 200-299 or 200,204) such as 200-299."
  }
}

variable "health_check_path" {
  description = "Path the target group polls on every task."
  type        = string
  default     = "/health"
  nullable    = false

  validation {
    condition     = can(regex("^(?:/\\S*)$", var.health_check_path))
    error_message = "health_check_path must be a URL path such as /health."
  }
}

variable "health_check_timeout_seconds" {
  description = "Seconds a health check may take (2-120, shorter than the interval)."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.health_check_timeout_seconds >= 2 && var.health_check_timeout_seconds <= 120 && floor(var.health_check_timeout_seconds) == var.health_check_timeout_seconds
    error_message = "health_check_timeout_seconds must be a whole number from 2 to 120."
  }
  validation {
    condition     = var.health_check_timeout_seconds < var.health_check_interval_seconds
    error_message = "health_check_timeout_seconds must be shorter than health_check_interval_seconds."
  }
}

variable "healthy_threshold" {
  description = "Consecutive passed checks before a task receives traffic (2-10)."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.healthy_threshold >= 2 && var.healthy_threshold <= 10 && floor(var.healthy_threshold) == var.healthy_threshold
    error_message = "healthy_threshold must be a whole number from 2 to 10."
  }
}

variable "hosted_zone_name" {
  description = "Public Route 53 zone holding `domain_name`. When left out, the domain's parent (`mc.example.com` -> `example.com`), or the domain itself when it has two labels."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.hosted_zone_name == null || try(length(var.hosted_zone_name) >= 4 && length(var.hosted_zone_name) <= 253 && can(regex("^(?:([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63})$", var.hosted_zone_name)), false)
    error_message = "hosted_zone_name must be a lowercase, fully qualified domain name without scheme or trailing dot, such as mc.example.com."
  }
  validation {
    condition     = var.hosted_zone_name == null || try(var.domain_name == var.hosted_zone_name || endswith(var.domain_name, format(".%s", var.hosted_zone_name)), false)
    error_message = "hosted_zone_name must be the public zone that contains domain_name (and needs domain_name)."
  }
}

variable "idle_timeout_seconds" {
  description = "Idle connections (WebSockets included) are closed after this; the app's pings must be more frequent."
  type        = number
  default     = 120
  nullable    = false

  validation {
    condition     = var.idle_timeout_seconds >= 1 && var.idle_timeout_seconds <= 4000 && floor(var.idle_timeout_seconds) == var.idle_timeout_seconds
    error_message = "idle_timeout_seconds must be a whole number from 1 to 4000."
  }
}

variable "name" {
  description = "Load balancer name (at most 28 characters: the target group adds `-app`)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-zA-Z0-9][a-zA-Z0-9-]{0,26}[a-zA-Z0-9])$", var.name))
    error_message = "name must be a load balancer name of at most 28 letters, digits and hyphens (the target group adds `-app`) such as billing-prod."
  }
}

variable "subnet_ids" {
  description = "Public subnets, in at least two availability zones."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least 2 public subnets in different zones (an ALB requires two zones)."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "target_port" {
  description = "Port the targets (the app's tasks) listen on."
  type        = number
  default     = 8000
  nullable    = false

  validation {
    condition     = var.target_port >= 1 && var.target_port <= 65535 && floor(var.target_port) == var.target_port
    error_message = "target_port must be a whole number from 1 to 65535."
  }
}

variable "unhealthy_threshold" {
  description = "Consecutive failed checks before a task stops receiving traffic (2-10)."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = var.unhealthy_threshold >= 2 && var.unhealthy_threshold <= 10 && floor(var.unhealthy_threshold) == var.unhealthy_threshold
    error_message = "unhealthy_threshold must be a whole number from 2 to 10."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer and its target group."
  type        = string
  nullable    = false
}
