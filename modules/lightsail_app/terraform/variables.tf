variable "app_port" {
  description = "Port the app listens on; the public endpoint forwards HTTPS to it."
  type        = number
  default     = 8000
  nullable    = false

  validation {
    condition     = var.app_port >= 1 && var.app_port <= 65535 && floor(var.app_port) == var.app_port
    error_message = "app_port must be a whole number from 1 to 65535."
  }
}

variable "database_bundle_id" {
  description = "Database size: micro_2_0 is 1 GB RAM, 40 GB SSD, $15/month."
  type        = string
  default     = "micro_2_0"
  nullable    = false

  validation {
    condition     = contains(["micro_2_0", "small_2_0", "medium_2_0", "large_2_0"], var.database_bundle_id)
    error_message = "database_bundle_id must be one of micro_2_0, small_2_0, medium_2_0, large_2_0."
  }
}

variable "database_name" {
  description = "Name of the database created with the Lightsail database."
  type        = string
  default     = "app"
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", var.database_name))
    error_message = "database_name must be a lowercase PostgreSQL identifier such as app."
  }
}

variable "database_username" {
  description = "Master user name of the database."
  type        = string
  default     = "app_admin"
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", var.database_username))
    error_message = "database_username must be a lowercase PostgreSQL identifier such as app."
  }
}

variable "domain_name" {
  description = "Custom domain. When set, a Lightsail certificate is requested for it and attached to the service. When left out, the service's own `*.cs.amazonlightsail.com` HTTPS URL is the only endpoint."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.domain_name == null || try(length(var.domain_name) >= 4 && length(var.domain_name) <= 253 && can(regex("^(?:([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63})$", var.domain_name)), false)
    error_message = "domain_name must be a lowercase, fully qualified domain name without scheme or trailing dot, such as mc.example.com."
  }
}

variable "enable_private_registry_access" {
  description = "Give the service an ECR image-puller role, for images in a private ECR repository of this account."
  type        = bool
  default     = false
  nullable    = false
}

variable "health_check_interval_seconds" {
  description = "Seconds between health checks of the public endpoint (5-300)."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.health_check_interval_seconds >= 5 && var.health_check_interval_seconds <= 300 && floor(var.health_check_interval_seconds) == var.health_check_interval_seconds
    error_message = "health_check_interval_seconds must be a whole number from 5 to 300."
  }
}

variable "health_check_path" {
  description = "Path the public endpoint polls; a node is replaced when it fails."
  type        = string
  default     = "/health"
  nullable    = false

  validation {
    condition     = can(regex("^(?:/\\S*)$", var.health_check_path))
    error_message = "health_check_path must be a URL path such as /health."
  }
}

variable "health_check_success_codes" {
  description = "HTTP codes that count as healthy: one code or a range such as 200-299."
  type        = string
  default     = "200-299"
  nullable    = false

  validation {
    condition     = can(regex("^(?:[1-5]\\d\\d(-[1-5]\\d\\d)?)$", var.health_check_success_codes))
    error_message = "health_check_success_codes must be an HTTP code or range such as 200-299."
  }
}

variable "health_check_timeout_seconds" {
  description = "Seconds a health check may take (2-60)."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.health_check_timeout_seconds >= 2 && var.health_check_timeout_seconds <= 60 && floor(var.health_check_timeout_seconds) == var.health_check_timeout_seconds
    error_message = "health_check_timeout_seconds must be a whole number from 2 to 60."
  }
}

variable "image" {
  description = "The app's image: a public registry reference, or an ECR URI with enable_private_registry_access."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:\\S+)$", var.image))
    error_message = "image must be a container image reference such as ghcr.io/acme/app:1.4.2."
  }
}

variable "name" {
  description = "Name of the container service; the database is `<name>-db`, the secrets `<name>/...`."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z]([a-z0-9-]{0,61}[a-z0-9])?)$", var.name))
    error_message = "name must be a Lightsail name: lowercase letters, digits and inner hyphens, at most 63 characters such as billing."
  }
}

variable "postgres_major_version" {
  description = "PostgreSQL major version of the Lightsail database (blueprint `postgres_<major>`)."
  type        = number
  default     = 16
  nullable    = false

  validation {
    condition     = contains([12, 13, 14, 15, 16], var.postgres_major_version)
    error_message = "postgres_major_version must be one of 12, 13, 14, 15, 16."
  }
}

variable "power" {
  description = "Container service power: nano, micro, small, medium, large, xlarge (nano: 0.25 vCPU, 512 MB)."
  type        = string
  default     = "nano"
  nullable    = false

  validation {
    condition     = contains(["nano", "micro", "small", "medium", "large", "xlarge"], var.power)
    error_message = "power must be one of nano, micro, small, medium, large, xlarge."
  }
}

variable "preferred_backup_window" {
  description = "Daily automated backup window, UTC, `hh24:mi-hh24:mi`, at least 30 minutes; may cross midnight."
  type        = string
  default     = "03:00-03:30"
  nullable    = false

  validation {
    condition     = can(regex("^(?:([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d)$", var.preferred_backup_window))
    error_message = "preferred_backup_window must be a UTC window hh24:mi-hh24:mi such as 03:00-03:30."
  }
  validation {
    condition     = try(((((tonumber(substr(var.preferred_backup_window, 6, 2)) * 60 + tonumber(substr(var.preferred_backup_window, 9, 2))) - (tonumber(substr(var.preferred_backup_window, 0, 2)) * 60 + tonumber(substr(var.preferred_backup_window, 3, 2)))) % 1440 + 1440) % 1440) >= 30, false)
    error_message = "preferred_backup_window must last at least 30 minutes (a window may cross midnight)."
  }
}

variable "preferred_maintenance_window" {
  description = "Weekly maintenance window, UTC, `ddd:hh24:mi-ddd:hh24:mi`, at least 30 minutes; must not overlap the backup window on any day (touching is fine)."
  type        = string
  default     = "Sun:04:00-Sun:04:30"
  nullable    = false

  validation {
    condition     = can(regex("^(?:(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d)$", var.preferred_maintenance_window))
    error_message = "preferred_maintenance_window must be a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30."
  }
  validation {
    condition     = try(((((index(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], lower(substr(var.preferred_maintenance_window, 10, 3))) * 1440 + (tonumber(substr(var.preferred_maintenance_window, 14, 2)) * 60 + tonumber(substr(var.preferred_maintenance_window, 17, 2)))) - (index(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], lower(substr(var.preferred_maintenance_window, 0, 3))) * 1440 + (tonumber(substr(var.preferred_maintenance_window, 4, 2)) * 60 + tonumber(substr(var.preferred_maintenance_window, 7, 2))))) % 10080 + 10080) % 10080) >= 30, false)
    error_message = "preferred_maintenance_window must last at least 30 minutes (a window may cross midnight)."
  }
  validation {
    condition     = try(alltrue([for day in range(7) : !((((day * 1440 + (tonumber(substr(var.preferred_backup_window, 0, 2)) * 60 + tonumber(substr(var.preferred_backup_window, 3, 2))) - (index(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], lower(substr(var.preferred_maintenance_window, 0, 3))) * 1440 + (tonumber(substr(var.preferred_maintenance_window, 4, 2)) * 60 + tonumber(substr(var.preferred_maintenance_window, 7, 2))))) % 10080 + 10080) % 10080) < ((((index(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], lower(substr(var.preferred_maintenance_window, 10, 3))) * 1440 + (tonumber(substr(var.preferred_maintenance_window, 14, 2)) * 60 + tonumber(substr(var.preferred_maintenance_window, 17, 2)))) - (index(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], lower(substr(var.preferred_maintenance_window, 0, 3))) * 1440 + (tonumber(substr(var.preferred_maintenance_window, 4, 2)) * 60 + tonumber(substr(var.preferred_maintenance_window, 7, 2))))) % 10080 + 10080) % 10080) || ((((index(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], lower(substr(var.preferred_maintenance_window, 0, 3))) * 1440 + (tonumber(substr(var.preferred_maintenance_window, 4, 2)) * 60 + tonumber(substr(var.preferred_maintenance_window, 7, 2)))) - day * 1440 - (tonumber(substr(var.preferred_backup_window, 0, 2)) * 60 + tonumber(substr(var.preferred_backup_window, 3, 2)))) % 10080 + 10080) % 10080) < ((((tonumber(substr(var.preferred_backup_window, 6, 2)) * 60 + tonumber(substr(var.preferred_backup_window, 9, 2))) - (tonumber(substr(var.preferred_backup_window, 0, 2)) * 60 + tonumber(substr(var.preferred_backup_window, 3, 2)))) % 1440 + 1440) % 1440))]), false)
    error_message = "preferred_maintenance_window must not overlap preferred_backup_window on any day (windows may touch)."
  }
}

variable "redis_image" {
  description = "The sidecar's image, pinned so a redeploy never changes Redis underneath the app."
  type        = string
  default     = "redis:7.4.2-alpine"
  nullable    = false

  validation {
    condition     = can(regex("^(?:\\S+:[0-9][A-Za-z0-9_.-]*)$", var.redis_image))
    error_message = "redis_image must be an image with a pinned version tag such as redis:7.4.2-alpine."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}
