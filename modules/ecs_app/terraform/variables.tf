variable "alarms" {
  description = <<-EOT
    Alarms and their SNS topic. When left out, default thresholds and no email subscription. Attributes, each optional:
    - `email` (string, default `null`): Subscribe this address to the topic (AWS emails a confirmation link). When left out, no subscription: subscribe a pager or chat integration to the `alarm_topic_arn` output yourself.
    - `cpu_percent` (number, default `85`): Service CPU (average over 3 periods of 5 minutes) above which the alarm fires.
    - `memory_percent` (number, default `85`): Service memory (average over 3 periods of 5 minutes) above which the alarm fires.
    - `database_connections` (number, default `70`): Alarm above this many connections (db.t3.micro allows about 80 by default).
    - `database_free_storage_gib` (number, default `2`): Alarm when the database has less free storage than this.
    - `alb_5xx_per_5_minutes` (number, default `10`): 5xx responses (from the ALB itself or the targets) in five minutes before the alarm fires.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.alarms), ["email", "cpu_percent", "memory_percent", "database_connections", "database_free_storage_gib", "alb_5xx_per_5_minutes"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.alarms), ["email", "cpu_percent", "memory_percent", "database_connections", "database_free_storage_gib", "alb_5xx_per_5_minutes"]), ["(not an object)"]) : "alarms.${k}${try(" (did you mean ${[for v in ["email", "cpu_percent", "memory_percent", "database_connections", "database_free_storage_gib", "alb_5xx_per_5_minutes"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: alarms takes email, cpu_percent, memory_percent, database_connections, database_free_storage_gib, alb_5xx_per_5_minutes."
  }
  validation {
    condition     = try(alltrue([can(tostring(try(var.alarms.email, null))), can(tonumber(try(var.alarms.cpu_percent, 85))), can(tonumber(try(var.alarms.memory_percent, 85))), can(tonumber(try(var.alarms.database_connections, 70))), can(tonumber(try(var.alarms.database_free_storage_gib, 2))), can(tonumber(try(var.alarms.alb_5xx_per_5_minutes, 10)))]), false)
    error_message = "An attribute of alarms has the wrong type: email is a string, cpu_percent is a number, memory_percent is a number, database_connections is a number, database_free_storage_gib is a number, alb_5xx_per_5_minutes is a number."
  }
  validation {
    condition     = try(var.alarms.email, null) == null || try(can(regex("^(?:[^@\\s]+@[^@\\s]+\\.[a-z]{2,})$", try(var.alarms.email, null))), false)
    error_message = "alarms.email must be an email address such as ops@acme.io."
  }
  validation {
    condition     = try(var.alarms.cpu_percent, 85) >= 1 && try(var.alarms.cpu_percent, 85) <= 100 && floor(try(var.alarms.cpu_percent, 85)) == try(var.alarms.cpu_percent, 85)
    error_message = "alarms.cpu_percent must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.alarms.memory_percent, 85) >= 1 && try(var.alarms.memory_percent, 85) <= 100 && floor(try(var.alarms.memory_percent, 85)) == try(var.alarms.memory_percent, 85)
    error_message = "alarms.memory_percent must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.alarms.database_connections, 70) >= 1 && try(var.alarms.database_connections, 70) <= 100000 && floor(try(var.alarms.database_connections, 70)) == try(var.alarms.database_connections, 70)
    error_message = "alarms.database_connections must be a whole number from 1 to 100000."
  }
  validation {
    condition     = try(var.alarms.database_free_storage_gib, 2) >= 1 && try(var.alarms.database_free_storage_gib, 2) <= 65536 && floor(try(var.alarms.database_free_storage_gib, 2)) == try(var.alarms.database_free_storage_gib, 2)
    error_message = "alarms.database_free_storage_gib must be a whole number from 1 to 65536."
  }
  validation {
    condition     = try(var.alarms.alb_5xx_per_5_minutes, 10) >= 1 && try(var.alarms.alb_5xx_per_5_minutes, 10) <= 1000000 && floor(try(var.alarms.alb_5xx_per_5_minutes, 10)) == try(var.alarms.alb_5xx_per_5_minutes, 10)
    error_message = "alarms.alb_5xx_per_5_minutes must be a whole number from 1 to 1000000."
  }
}

variable "cache" {
  description = <<-EOT
    ElastiCache Redis. When left out, one cache.t3.micro node, no snapshots. Attributes, each optional:
    - `node_type` (string, default `"cache.t3.micro"`): Cache node type (cache.t3.micro: 2 vCPU burstable, 0.5 GiB).
    - `node_count` (number, default `1`): Nodes in the group: 1 primary plus replicas (1-6). Automatic failover needs at least 2.
    - `enable_automatic_failover` (bool, default `false`): Promote a replica in another zone when the primary fails (also turns on Multi-AZ).
    - `engine_version` (string, default `"7.1"`): Redis engine version (major.minor).
    - `snapshot_retention_days` (number, default `0`): Daily snapshots kept (0-35); 0 turns snapshots off. The queue is transient, so dev keeps none.
    - `maintenance_window` (string, default `"sun:05:00-sun:06:00"`): Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.cache), ["node_type", "node_count", "enable_automatic_failover", "engine_version", "snapshot_retention_days", "maintenance_window"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.cache), ["node_type", "node_count", "enable_automatic_failover", "engine_version", "snapshot_retention_days", "maintenance_window"]), ["(not an object)"]) : "cache.${k}${try(" (did you mean ${[for v in ["node_type", "node_count", "enable_automatic_failover", "engine_version", "snapshot_retention_days", "maintenance_window"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: cache takes node_type, node_count, enable_automatic_failover, engine_version, snapshot_retention_days, maintenance_window."
  }
  validation {
    condition     = try(alltrue([can(tostring(try(var.cache.node_type, "cache.t3.micro"))), can(tonumber(try(var.cache.node_count, 1))), can(tobool(try(var.cache.enable_automatic_failover, false))), can(tostring(try(var.cache.engine_version, "7.1"))), can(tonumber(try(var.cache.snapshot_retention_days, 0))), can(tostring(try(var.cache.maintenance_window, "sun:05:00-sun:06:00")))]), false)
    error_message = "An attribute of cache has the wrong type: node_type is a string, node_count is a number, enable_automatic_failover is a bool, engine_version is a string, snapshot_retention_days is a number, maintenance_window is a string."
  }
  validation {
    condition     = can(regex("^(?:cache\\.[a-z0-9]+\\.[a-z0-9]+)$", try(var.cache.node_type, "cache.t3.micro")))
    error_message = "cache.node_type must be a cache node type such as cache.t3.micro."
  }
  validation {
    condition     = try(var.cache.node_count, 1) >= 1 && try(var.cache.node_count, 1) <= 6 && floor(try(var.cache.node_count, 1)) == try(var.cache.node_count, 1)
    error_message = "cache.node_count must be a whole number from 1 to 6."
  }
  validation {
    condition     = !try(var.cache.enable_automatic_failover, false) || try(var.cache.node_count, 1) >= 2
    error_message = "enable_automatic_failover needs a replica to promote: set node_count to 2 or more."
  }
  validation {
    condition     = can(regex("^(?:[67]\\.\\d+)$", try(var.cache.engine_version, "7.1")))
    error_message = "cache.engine_version must be a Redis engine version (major.minor) such as 7.1."
  }
  validation {
    condition     = try(var.cache.snapshot_retention_days, 0) >= 0 && try(var.cache.snapshot_retention_days, 0) <= 35 && floor(try(var.cache.snapshot_retention_days, 0)) == try(var.cache.snapshot_retention_days, 0)
    error_message = "cache.snapshot_retention_days must be a whole number from 0 to 35."
  }
  validation {
    condition     = can(regex("^(?:(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d)$", try(var.cache.maintenance_window, "sun:05:00-sun:06:00")))
    error_message = "cache.maintenance_window must be a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30."
  }
}

variable "database" {
  description = <<-EOT
    RDS PostgreSQL. When left out, db.t3.micro single-AZ with deletion protection and 7 days of backups. Attributes, each optional:
    - `instance_class` (string, default `"db.t3.micro"`): RDS instance class (db.t3.micro: 2 vCPU burstable, 1 GiB).
    - `engine_major_version` (number, default `16`): PostgreSQL major version; RDS applies minor upgrades in the maintenance window.
    - `allocated_storage_gib` (number, default `20`): Initial gp3 storage in GiB (20 or more).
    - `max_allocated_storage_gib` (number, default `100`): Storage autoscaling ceiling; equal to `allocated_storage_gib` turns autoscaling off.
    - `multi_az` (bool, default `false`): A synchronous standby in another zone with automatic failover (doubles the instance cost).
    - `deletion_protection` (bool, default `true`): Refuse to delete the instance until this is turned off: a `terraform destroy` cannot take the data.
    - `backup_retention_days` (number, default `7`): Automated backup retention, 1-35 days (point-in-time restore within it).
    - `backup_window` (string, default `"03:00-03:30"`): Daily backup window, `hh24:mi-hh24:mi` UTC.
    - `maintenance_window` (string, default `"sun:04:00-sun:04:30"`): Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC.
    - `enable_performance_insights` (bool, default `true`): Query-level load monitoring; 7 days of history are free.
    - `monitoring_interval_seconds` (number, default `60`): Enhanced Monitoring (OS metrics) interval: 0 (off), 1, 5, 10, 15, 30 or 60 seconds.
    - `database_name` (string, default `"app"`): Name of the database created with the instance.
    - `username` (string, default `"app_admin"`): Master user name.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.database), ["instance_class", "engine_major_version", "allocated_storage_gib", "max_allocated_storage_gib", "multi_az", "deletion_protection", "backup_retention_days", "backup_window", "maintenance_window", "enable_performance_insights", "monitoring_interval_seconds", "database_name", "username"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.database), ["instance_class", "engine_major_version", "allocated_storage_gib", "max_allocated_storage_gib", "multi_az", "deletion_protection", "backup_retention_days", "backup_window", "maintenance_window", "enable_performance_insights", "monitoring_interval_seconds", "database_name", "username"]), ["(not an object)"]) : "database.${k}${try(" (did you mean ${[for v in ["instance_class", "engine_major_version", "allocated_storage_gib", "max_allocated_storage_gib", "multi_az", "deletion_protection", "backup_retention_days", "backup_window", "maintenance_window", "enable_performance_insights", "monitoring_interval_seconds", "database_name", "username"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: database takes instance_class, engine_major_version, allocated_storage_gib, max_allocated_storage_gib, multi_az, deletion_protection, backup_retention_days, backup_window, maintenance_window, enable_performance_insights, monitoring_interval_seconds, database_name, username."
  }
  validation {
    condition     = try(alltrue([can(tostring(try(var.database.instance_class, "db.t3.micro"))), can(tonumber(try(var.database.engine_major_version, 16))), can(tonumber(try(var.database.allocated_storage_gib, 20))), can(tonumber(try(var.database.max_allocated_storage_gib, 100))), can(tobool(try(var.database.multi_az, false))), can(tobool(try(var.database.deletion_protection, true))), can(tonumber(try(var.database.backup_retention_days, 7))), can(tostring(try(var.database.backup_window, "03:00-03:30"))), can(tostring(try(var.database.maintenance_window, "sun:04:00-sun:04:30"))), can(tobool(try(var.database.enable_performance_insights, true))), can(tonumber(try(var.database.monitoring_interval_seconds, 60))), can(tostring(try(var.database.database_name, "app"))), can(tostring(try(var.database.username, "app_admin")))]), false)
    error_message = "An attribute of database has the wrong type: instance_class is a string, engine_major_version is a number, allocated_storage_gib is a number, max_allocated_storage_gib is a number, multi_az is a bool, deletion_protection is a bool, backup_retention_days is a number, backup_window is a string, maintenance_window is a string, enable_performance_insights is a bool, monitoring_interval_seconds is a number, database_name is a string, username is a string."
  }
  validation {
    condition     = can(regex("^(?:db\\.[a-z0-9]+\\.[a-z0-9]+)$", try(var.database.instance_class, "db.t3.micro")))
    error_message = "database.instance_class must be an RDS instance class such as db.t3.micro."
  }
  validation {
    condition     = try(var.database.engine_major_version, 16) >= 13 && try(var.database.engine_major_version, 16) <= 17 && floor(try(var.database.engine_major_version, 16)) == try(var.database.engine_major_version, 16)
    error_message = "database.engine_major_version must be a whole number from 13 to 17."
  }
  validation {
    condition     = try(var.database.allocated_storage_gib, 20) >= 20 && try(var.database.allocated_storage_gib, 20) <= 65536 && floor(try(var.database.allocated_storage_gib, 20)) == try(var.database.allocated_storage_gib, 20)
    error_message = "database.allocated_storage_gib must be a whole number from 20 to 65536."
  }
  validation {
    condition     = try(var.database.max_allocated_storage_gib, 100) >= try(var.database.allocated_storage_gib, 20)
    error_message = "database.max_allocated_storage_gib must be at least allocated_storage_gib (equal turns storage autoscaling off)."
  }
  validation {
    condition     = try(var.database.backup_retention_days, 7) >= 1 && try(var.database.backup_retention_days, 7) <= 35 && floor(try(var.database.backup_retention_days, 7)) == try(var.database.backup_retention_days, 7)
    error_message = "database.backup_retention_days must be a whole number from 1 to 35."
  }
  validation {
    condition     = can(regex("^(?:([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d)$", try(var.database.backup_window, "03:00-03:30")))
    error_message = "database.backup_window must be a UTC window hh24:mi-hh24:mi such as 03:00-03:30."
  }
  validation {
    condition     = can(regex("^(?:(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d)$", try(var.database.maintenance_window, "sun:04:00-sun:04:30")))
    error_message = "database.maintenance_window must be a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30."
  }
  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], try(var.database.monitoring_interval_seconds, 60))
    error_message = "database.monitoring_interval_seconds must be one of 0, 1, 5, 10, 15, 30, 60."
  }
  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", try(var.database.database_name, "app")))
    error_message = "database.database_name must be a lowercase PostgreSQL identifier such as app."
  }
  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", try(var.database.username, "app_admin")))
    error_message = "database.username must be a lowercase PostgreSQL identifier such as app."
  }
}

variable "domain_name" {
  description = "Custom domain: certificate, HTTPS listener and DNS alias. When left out, HTTP on the load balancer's own DNS name."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.domain_name == null || try(length(var.domain_name) >= 4 && length(var.domain_name) <= 253 && can(regex("^(?:([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63})$", var.domain_name)), false)
    error_message = "domain_name must be a lowercase, fully qualified domain name without scheme or trailing dot, such as mc.example.com."
  }
  validation {
    condition     = try(var.load_balancer.hosted_zone_name, null) == null || try(var.domain_name == var.load_balancer.hosted_zone_name || endswith(var.domain_name, format(".%s", var.load_balancer.hosted_zone_name)), false)
    error_message = "load_balancer.hosted_zone_name must be the public zone that contains domain_name (and needs domain_name)."
  }
}

variable "image" {
  description = "The app's container image, a full reference such as `ghcr.io/acme/billing:1.4.2`."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:\\S+)$", var.image))
    error_message = "image must be a container image reference such as ghcr.io/acme/billing:1.4.2."
  }
}

variable "key" {
  description = <<-EOT
    The environment's KMS key (secrets, logs, database, cache, alarm topic). When left out, 30 days' deletion window. Attributes, each optional:
    - `deletion_window_days` (number, default `30`): Days between scheduling deletion and the key being gone (7-30): the last chance to undo a destroy.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.key), ["deletion_window_days"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.key), ["deletion_window_days"]), ["(not an object)"]) : "key.${k}${try(" (did you mean ${[for v in ["deletion_window_days"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: key takes deletion_window_days."
  }
  validation {
    condition     = try(alltrue([can(tonumber(try(var.key.deletion_window_days, 30)))]), false)
    error_message = "An attribute of key has the wrong type: deletion_window_days is a number."
  }
  validation {
    condition     = try(var.key.deletion_window_days, 30) >= 7 && try(var.key.deletion_window_days, 30) <= 30 && floor(try(var.key.deletion_window_days, 30)) == try(var.key.deletion_window_days, 30)
    error_message = "key.deletion_window_days must be a whole number from 7 to 30."
  }
}

variable "load_balancer" {
  description = <<-EOT
    Application load balancer and its health check. When left out, `/health` every 15 s, no access logs. Attributes, each optional:
    - `health_check_path` (string, default `"/health"`): Path the target group polls on every task.
    - `health_check_matcher` (string, default `"200"`): HTTP codes that count as healthy: `200`, `200-299` or `200,204`.
    - `health_check_interval_seconds` (number, default `15`): Seconds between health checks of one task (5-300).
    - `health_check_timeout_seconds` (number, default `5`): Seconds a health check may take (2-120, shorter than the interval).
    - `healthy_threshold` (number, default `2`): Consecutive passed checks before a task receives traffic (2-10).
    - `unhealthy_threshold` (number, default `3`): Consecutive failed checks before a task stops receiving traffic (2-10).
    - `deregistration_delay_seconds` (number, default `30`): Time a stopping task keeps serving its open requests.
    - `idle_timeout_seconds` (number, default `120`): Idle connections (WebSockets included) are closed after this; the app's pings must be more frequent.
    - `hosted_zone_name` (string, default `null`): Public Route 53 zone holding `domain_name`. When left out, the domain's parent (`mc.example.com` -> `example.com`), or the domain itself when it has two labels.
    - `enable_access_logs` (bool, default `false`): Write access logs to a dedicated, encrypted S3 bucket.
    - `access_log_retention_days` (number, default `90`): Days access logs are kept in their bucket (1-3650).
    - `enable_deletion_protection` (bool, default `false`): Refuse to delete the load balancer until this is turned off.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.load_balancer), ["health_check_path", "health_check_matcher", "health_check_interval_seconds", "health_check_timeout_seconds", "healthy_threshold", "unhealthy_threshold", "deregistration_delay_seconds", "idle_timeout_seconds", "hosted_zone_name", "enable_access_logs", "access_log_retention_days", "enable_deletion_protection"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.load_balancer), ["health_check_path", "health_check_matcher", "health_check_interval_seconds", "health_check_timeout_seconds", "healthy_threshold", "unhealthy_threshold", "deregistration_delay_seconds", "idle_timeout_seconds", "hosted_zone_name", "enable_access_logs", "access_log_retention_days", "enable_deletion_protection"]), ["(not an object)"]) : "load_balancer.${k}${try(" (did you mean ${[for v in ["health_check_path", "health_check_matcher", "health_check_interval_seconds", "health_check_timeout_seconds", "healthy_threshold", "unhealthy_threshold", "deregistration_delay_seconds", "idle_timeout_seconds", "hosted_zone_name", "enable_access_logs", "access_log_retention_days", "enable_deletion_protection"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: load_balancer takes health_check_path, health_check_matcher, health_check_interval_seconds, health_check_timeout_seconds, healthy_threshold, unhealthy_threshold, deregistration_delay_seconds, idle_timeout_seconds, hosted_zone_name, enable_access_logs, access_log_retention_days, enable_deletion_protection."
  }
  validation {
    condition     = try(alltrue([can(tostring(try(var.load_balancer.health_check_path, "/health"))), can(tostring(try(var.load_balancer.health_check_matcher, "200"))), can(tonumber(try(var.load_balancer.health_check_interval_seconds, 15))), can(tonumber(try(var.load_balancer.health_check_timeout_seconds, 5))), can(tonumber(try(var.load_balancer.healthy_threshold, 2))), can(tonumber(try(var.load_balancer.unhealthy_threshold, 3))), can(tonumber(try(var.load_balancer.deregistration_delay_seconds, 30))), can(tonumber(try(var.load_balancer.idle_timeout_seconds, 120))), can(tostring(try(var.load_balancer.hosted_zone_name, null))), can(tobool(try(var.load_balancer.enable_access_logs, false))), can(tonumber(try(var.load_balancer.access_log_retention_days, 90))), can(tobool(try(var.load_balancer.enable_deletion_protection, false)))]), false)
    error_message = "An attribute of load_balancer has the wrong type: health_check_path is a string, health_check_matcher is a string, health_check_interval_seconds is a number, health_check_timeout_seconds is a number, healthy_threshold is a number, unhealthy_threshold is a number, deregistration_delay_seconds is a number, idle_timeout_seconds is a number, hosted_zone_name is a string, enable_access_logs is a bool, access_log_retention_days is a number, enable_deletion_protection is a bool."
  }
  validation {
    condition     = can(regex("^(?:/\\S*)$", try(var.load_balancer.health_check_path, "/health")))
    error_message = "load_balancer.health_check_path must be a URL path such as /health."
  }
  validation {
    condition     = can(regex("^(?:[1-5]\\d\\d([-,][1-5]\\d\\d)*)$", try(var.load_balancer.health_check_matcher, "200")))
    error_message = "load_balancer.health_check_matcher must be HTTP codes (200, 200-299 or 200,204) such as 200-299."
  }
  validation {
    condition     = try(var.load_balancer.health_check_interval_seconds, 15) >= 5 && try(var.load_balancer.health_check_interval_seconds, 15) <= 300 && floor(try(var.load_balancer.health_check_interval_seconds, 15)) == try(var.load_balancer.health_check_interval_seconds, 15)
    error_message = "load_balancer.health_check_interval_seconds must be a whole number from 5 to 300."
  }
  validation {
    condition     = try(var.load_balancer.health_check_timeout_seconds, 5) >= 2 && try(var.load_balancer.health_check_timeout_seconds, 5) <= 120 && floor(try(var.load_balancer.health_check_timeout_seconds, 5)) == try(var.load_balancer.health_check_timeout_seconds, 5)
    error_message = "load_balancer.health_check_timeout_seconds must be a whole number from 2 to 120."
  }
  validation {
    condition     = try(var.load_balancer.health_check_timeout_seconds, 5) < try(var.load_balancer.health_check_interval_seconds, 15)
    error_message = "load_balancer.health_check_timeout_seconds must be shorter than health_check_interval_seconds."
  }
  validation {
    condition     = try(var.load_balancer.healthy_threshold, 2) >= 2 && try(var.load_balancer.healthy_threshold, 2) <= 10 && floor(try(var.load_balancer.healthy_threshold, 2)) == try(var.load_balancer.healthy_threshold, 2)
    error_message = "load_balancer.healthy_threshold must be a whole number from 2 to 10."
  }
  validation {
    condition     = try(var.load_balancer.unhealthy_threshold, 3) >= 2 && try(var.load_balancer.unhealthy_threshold, 3) <= 10 && floor(try(var.load_balancer.unhealthy_threshold, 3)) == try(var.load_balancer.unhealthy_threshold, 3)
    error_message = "load_balancer.unhealthy_threshold must be a whole number from 2 to 10."
  }
  validation {
    condition     = try(var.load_balancer.deregistration_delay_seconds, 30) >= 0 && try(var.load_balancer.deregistration_delay_seconds, 30) <= 3600 && floor(try(var.load_balancer.deregistration_delay_seconds, 30)) == try(var.load_balancer.deregistration_delay_seconds, 30)
    error_message = "load_balancer.deregistration_delay_seconds must be a whole number from 0 to 3600."
  }
  validation {
    condition     = try(var.load_balancer.idle_timeout_seconds, 120) >= 1 && try(var.load_balancer.idle_timeout_seconds, 120) <= 4000 && floor(try(var.load_balancer.idle_timeout_seconds, 120)) == try(var.load_balancer.idle_timeout_seconds, 120)
    error_message = "load_balancer.idle_timeout_seconds must be a whole number from 1 to 4000."
  }
  validation {
    condition     = try(var.load_balancer.hosted_zone_name, null) == null || try(length(try(var.load_balancer.hosted_zone_name, null)) >= 4 && length(try(var.load_balancer.hosted_zone_name, null)) <= 253 && can(regex("^(?:([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63})$", try(var.load_balancer.hosted_zone_name, null))), false)
    error_message = "load_balancer.hosted_zone_name must be a lowercase, fully qualified domain name without scheme or trailing dot, such as mc.example.com."
  }
  validation {
    condition     = try(var.load_balancer.access_log_retention_days, 90) >= 1 && try(var.load_balancer.access_log_retention_days, 90) <= 3650 && floor(try(var.load_balancer.access_log_retention_days, 90)) == try(var.load_balancer.access_log_retention_days, 90)
    error_message = "load_balancer.access_log_retention_days must be a whole number from 1 to 3650."
  }
}

variable "name" {
  description = "Base name of every resource (`billing-prod`); the load balancer takes it as is, so at most 28 characters."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9-]{0,26}[a-z0-9])$", var.name))
    error_message = "name must be a lowercase name of at most 28 letters, digits and single inner hyphens (it names the load balancer, its target group `<name>-app`, the database, the cache and the service)."
  }
  validation {
    condition     = !strcontains(var.name, "--")
    error_message = "name must not contain '--'."
  }
}

variable "network" {
  description = <<-EOT
    VPC, zones, NAT and flow logs. When left out, 2 zones, one NAT gateway, flow logs for 30 days. Attributes, each optional:
    - `cidr_block` (string, default `"10.0.0.0/16"`): VPC range. Subnets are /20 slices of a /16: public ones first, private ones from the ninth slice.
    - `az_count` (number, default `2`): Availability zones to spread over (2-6), the first ones the region reports as available.
    - `nat_gateways` (string, default `"single"`): `single`: one NAT gateway for all private subnets (cheap; its zone is a single point of failure for egress). `per_az`: one in each zone, so a zone outage never cuts the others off. `none`: no NAT (saves about $36.50 a month): the private subnets have no way out, so whatever must reach the internet runs in the public subnets (the ECS pattern then gives its tasks public IPs, reachable only from the load balancer).
    - `enable_flow_logs` (bool, default `true`): Log every accepted and rejected connection of the VPC to CloudWatch Logs.
    - `flow_log_retention_days` (number, default `30`): Days CloudWatch Logs keeps the flow logs (one of the retentions it offers).
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.network), ["cidr_block", "az_count", "nat_gateways", "enable_flow_logs", "flow_log_retention_days"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.network), ["cidr_block", "az_count", "nat_gateways", "enable_flow_logs", "flow_log_retention_days"]), ["(not an object)"]) : "network.${k}${try(" (did you mean ${[for v in ["cidr_block", "az_count", "nat_gateways", "enable_flow_logs", "flow_log_retention_days"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: network takes cidr_block, az_count, nat_gateways, enable_flow_logs, flow_log_retention_days."
  }
  validation {
    condition     = try(alltrue([can(tostring(try(var.network.cidr_block, "10.0.0.0/16"))), can(tonumber(try(var.network.az_count, 2))), can(tostring(try(var.network.nat_gateways, "single"))), can(tobool(try(var.network.enable_flow_logs, true))), can(tonumber(try(var.network.flow_log_retention_days, 30)))]), false)
    error_message = "An attribute of network has the wrong type: cidr_block is a string, az_count is a number, nat_gateways is a string, enable_flow_logs is a bool, flow_log_retention_days is a number."
  }
  validation {
    condition     = try(cidrhost(try(var.network.cidr_block, "10.0.0.0/16"), 0) == split("/", try(var.network.cidr_block, "10.0.0.0/16"))[0] && endswith(try(var.network.cidr_block, "10.0.0.0/16"), "/16") && anytrue([split(".", try(var.network.cidr_block, "10.0.0.0/16"))[0] == "10", split(".", try(var.network.cidr_block, "10.0.0.0/16"))[0] == "172" && tonumber(split(".", try(var.network.cidr_block, "10.0.0.0/16"))[1]) >= 16 && tonumber(split(".", try(var.network.cidr_block, "10.0.0.0/16"))[1]) <= 31, split(".", try(var.network.cidr_block, "10.0.0.0/16"))[0] == "192" && split(".", try(var.network.cidr_block, "10.0.0.0/16"))[1] == "168"]), false)
    error_message = "network.cidr_block must be a private (RFC 1918) IPv4 /16 range such as 10.0.0.0/16."
  }
  validation {
    condition     = try(var.network.az_count, 2) >= 2 && try(var.network.az_count, 2) <= 6 && floor(try(var.network.az_count, 2)) == try(var.network.az_count, 2)
    error_message = "network.az_count must be a whole number from 2 to 6."
  }
  validation {
    condition     = contains(["single", "per_az", "none"], try(var.network.nat_gateways, "single"))
    error_message = "network.nat_gateways must be one of single, per_az, none."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], try(var.network.flow_log_retention_days, 30))
    error_message = "network.flow_log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
}

variable "secrets" {
  description = <<-EOT
    Generated secrets: rotation and recovery window. When left out, rotation 1 and a 7-day recovery window. Attributes, each optional:
    - `rotation` (number, default `1`): Bump (2, 3, ...) to rotate every generated secret in one apply: new values are stored, the database and the cache take them, the URL secrets are rewritten, then the service rolls out new tasks (see README, Secrets).
    - `recovery_window_days` (number, default `7`): Days a deleted secret can still be restored (7-30), or 0 to delete at once: an environment that is torn down and rebuilt at will needs 0, or the next deploy finds the names still taken.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.secrets), ["rotation", "recovery_window_days"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.secrets), ["rotation", "recovery_window_days"]), ["(not an object)"]) : "secrets.${k}${try(" (did you mean ${[for v in ["rotation", "recovery_window_days"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: secrets takes rotation, recovery_window_days."
  }
  validation {
    condition     = try(alltrue([can(tonumber(try(var.secrets.rotation, 1))), can(tonumber(try(var.secrets.recovery_window_days, 7)))]), false)
    error_message = "An attribute of secrets has the wrong type: rotation is a number, recovery_window_days is a number."
  }
  validation {
    condition     = try(var.secrets.rotation, 1) >= 1 && try(var.secrets.rotation, 1) <= 2147483647 && floor(try(var.secrets.rotation, 1)) == try(var.secrets.rotation, 1)
    error_message = "secrets.rotation must be a whole number from 1 to 2147483647."
  }
  validation {
    condition     = try(var.secrets.recovery_window_days, 7) == 0 || (try(var.secrets.recovery_window_days, 7) >= 7 && try(var.secrets.recovery_window_days, 7) <= 30)
    error_message = "secrets.recovery_window_days must be 0 (delete at once) or 7 to 30."
  }
}

variable "service" {
  description = <<-EOT
    Fargate service and its autoscaling. When left out, one 0.25 vCPU / 0.5 GB task, scaling 1-2. Attributes, each optional:
    - `cpu` (number, default `256`): Task CPU units (1024 = 1 vCPU); see `FARGATE_MEMORY_MIB` for the memory each allows.
    - `memory_mib` (number, default `512`): Task memory in MiB; Fargate allows only certain values for each `cpu`.
    - `container_port` (number, default `8000`): Port the app listens on inside the task.
    - `desired_count` (number, default `1`): Tasks at the first deployment; afterwards autoscaling owns the count (a later deploy never resets it).
    - `min_capacity` (number, default `1`): Fewest tasks autoscaling keeps running.
    - `max_capacity` (number, default `2`): Most tasks autoscaling may start.
    - `cpu_target_percent` (number, default `60`): Average service CPU that target tracking holds the service at.
    - `memory_target_percent` (number, default `70`): Average service memory that target tracking holds the service at.
    - `scale_in_cooldown_seconds` (number, default `300`): Seconds after a scale-in before another scale-in.
    - `scale_out_cooldown_seconds` (number, default `60`): Seconds after a scale-out before another scale-out.
    - `health_check_grace_period_seconds` (number, default `60`): Time a new task has to start before failing load balancer health checks count against it.
    - `enable_execute_command` (bool, default `false`): ECS Exec (`aws ecs execute-command`): a shell in running tasks, audited in CloudTrail.
    - `enable_container_insights` (bool, default `true`): Container Insights metrics for the cluster (CPU, memory, network per task).
    - `log_retention_days` (number, default `30`): Days CloudWatch Logs keeps the app's and the migrations' logs.
    - `environment` (map(string), default `{}`): Plain, non-secret environment variables. When left out, none beyond the secrets.
    - `migration_command` (list(string), default `["alembic", "upgrade", "head"]`): Command of the one-off migration task definition (same image, secrets and network as the service).
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.service), ["cpu", "memory_mib", "container_port", "desired_count", "min_capacity", "max_capacity", "cpu_target_percent", "memory_target_percent", "scale_in_cooldown_seconds", "scale_out_cooldown_seconds", "health_check_grace_period_seconds", "enable_execute_command", "enable_container_insights", "log_retention_days", "environment", "migration_command"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.service), ["cpu", "memory_mib", "container_port", "desired_count", "min_capacity", "max_capacity", "cpu_target_percent", "memory_target_percent", "scale_in_cooldown_seconds", "scale_out_cooldown_seconds", "health_check_grace_period_seconds", "enable_execute_command", "enable_container_insights", "log_retention_days", "environment", "migration_command"]), ["(not an object)"]) : "service.${k}${try(" (did you mean ${[for v in ["cpu", "memory_mib", "container_port", "desired_count", "min_capacity", "max_capacity", "cpu_target_percent", "memory_target_percent", "scale_in_cooldown_seconds", "scale_out_cooldown_seconds", "health_check_grace_period_seconds", "enable_execute_command", "enable_container_insights", "log_retention_days", "environment", "migration_command"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: service takes cpu, memory_mib, container_port, desired_count, min_capacity, max_capacity, cpu_target_percent, memory_target_percent, scale_in_cooldown_seconds, scale_out_cooldown_seconds, health_check_grace_period_seconds, enable_execute_command, enable_container_insights, log_retention_days, environment, migration_command."
  }
  validation {
    condition     = try(alltrue([can(tonumber(try(var.service.cpu, 256))), can(tonumber(try(var.service.memory_mib, 512))), can(tonumber(try(var.service.container_port, 8000))), can(tonumber(try(var.service.desired_count, 1))), can(tonumber(try(var.service.min_capacity, 1))), can(tonumber(try(var.service.max_capacity, 2))), can(tonumber(try(var.service.cpu_target_percent, 60))), can(tonumber(try(var.service.memory_target_percent, 70))), can(tonumber(try(var.service.scale_in_cooldown_seconds, 300))), can(tonumber(try(var.service.scale_out_cooldown_seconds, 60))), can(tonumber(try(var.service.health_check_grace_period_seconds, 60))), can(tobool(try(var.service.enable_execute_command, false))), can(tobool(try(var.service.enable_container_insights, true))), can(tonumber(try(var.service.log_retention_days, 30))), can(tomap(try(var.service.environment, {}))), can(tolist(try(var.service.migration_command, ["alembic", "upgrade", "head"])))]), false)
    error_message = "An attribute of service has the wrong type: cpu is a number, memory_mib is a number, container_port is a number, desired_count is a number, min_capacity is a number, max_capacity is a number, cpu_target_percent is a number, memory_target_percent is a number, scale_in_cooldown_seconds is a number, scale_out_cooldown_seconds is a number, health_check_grace_period_seconds is a number, enable_execute_command is a bool, enable_container_insights is a bool, log_retention_days is a number, environment is a map(string), migration_command is a list(string)."
  }
  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], try(var.service.cpu, 256))
    error_message = "service.cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
  validation {
    condition     = contains(lookup({ "256" = [512, 1024, 2048], "512" = [1024, 2048, 3072, 4096], "1024" = [2048, 3072, 4096, 5120, 6144, 7168, 8192], "2048" = [4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384], "4096" = [8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720], "8192" = [16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440], "16384" = [32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880] }, tostring(try(var.service.cpu, 256)), []), try(var.service.memory_mib, 512))
    error_message = "service.memory_mib must be a memory size Fargate pairs with cpu (256: 512-2048; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720, in steps of 1024 MiB; larger sizes: see the AWS docs)."
  }
  validation {
    condition     = try(var.service.container_port, 8000) >= 1 && try(var.service.container_port, 8000) <= 65535 && floor(try(var.service.container_port, 8000)) == try(var.service.container_port, 8000)
    error_message = "service.container_port must be a whole number from 1 to 65535."
  }
  validation {
    condition     = try(var.service.min_capacity, 1) >= 1 && try(var.service.min_capacity, 1) <= 100 && floor(try(var.service.min_capacity, 1)) == try(var.service.min_capacity, 1)
    error_message = "service.min_capacity must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.service.max_capacity, 2) >= 1 && try(var.service.max_capacity, 2) <= 100 && floor(try(var.service.max_capacity, 2)) == try(var.service.max_capacity, 2)
    error_message = "service.max_capacity must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.service.desired_count, 1) >= 1 && try(var.service.desired_count, 1) <= 100 && floor(try(var.service.desired_count, 1)) == try(var.service.desired_count, 1)
    error_message = "service.desired_count must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.service.max_capacity, 2) >= try(var.service.min_capacity, 1)
    error_message = "service.max_capacity must be at least min_capacity."
  }
  validation {
    condition     = try(var.service.desired_count, 1) >= try(var.service.min_capacity, 1) && try(var.service.desired_count, 1) <= try(var.service.max_capacity, 2)
    error_message = "service.desired_count must be within min_capacity-max_capacity."
  }
  validation {
    condition     = try(var.service.cpu_target_percent, 60) >= 10 && try(var.service.cpu_target_percent, 60) <= 95 && floor(try(var.service.cpu_target_percent, 60)) == try(var.service.cpu_target_percent, 60)
    error_message = "service.cpu_target_percent must be a whole number from 10 to 95."
  }
  validation {
    condition     = try(var.service.memory_target_percent, 70) >= 10 && try(var.service.memory_target_percent, 70) <= 95 && floor(try(var.service.memory_target_percent, 70)) == try(var.service.memory_target_percent, 70)
    error_message = "service.memory_target_percent must be a whole number from 10 to 95."
  }
  validation {
    condition     = try(var.service.health_check_grace_period_seconds, 60) >= 0 && try(var.service.health_check_grace_period_seconds, 60) <= 2147483647 && floor(try(var.service.health_check_grace_period_seconds, 60)) == try(var.service.health_check_grace_period_seconds, 60)
    error_message = "service.health_check_grace_period_seconds must be a whole number from 0 to 2147483647."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], try(var.service.log_retention_days, 30))
    error_message = "service.log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
  validation {
    condition     = length(try(var.service.migration_command, ["alembic", "upgrade", "head"])) >= 1
    error_message = "service.migration_command needs at least 1 word (the migration task's command)."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "waf" {
  description = <<-EOT
    Web application firewall in front of the load balancer. When left out, none (prod turns it on). Attributes, each optional:
    - `enabled` (bool, default `false`): Put AWS WAF in front of the load balancer (about $8/month plus $0.60 per million requests). When left out, no firewall (dev); prod turns it on.
    - `rate_limit_per_5_minutes` (number, default `2000`): Requests one client IP may make in 5 minutes before it is blocked for a while (100-2,000,000,000).
    - `log_retention_days` (number, default `365`): Days CloudWatch Logs keeps the firewall's log of blocked and counted requests.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.waf), ["enabled", "rate_limit_per_5_minutes", "log_retention_days"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.waf), ["enabled", "rate_limit_per_5_minutes", "log_retention_days"]), ["(not an object)"]) : "waf.${k}${try(" (did you mean ${[for v in ["enabled", "rate_limit_per_5_minutes", "log_retention_days"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: waf takes enabled, rate_limit_per_5_minutes, log_retention_days."
  }
  validation {
    condition     = try(alltrue([can(tobool(try(var.waf.enabled, false))), can(tonumber(try(var.waf.rate_limit_per_5_minutes, 2000))), can(tonumber(try(var.waf.log_retention_days, 365)))]), false)
    error_message = "An attribute of waf has the wrong type: enabled is a bool, rate_limit_per_5_minutes is a number, log_retention_days is a number."
  }
  validation {
    condition     = try(var.waf.rate_limit_per_5_minutes, 2000) >= 100 && try(var.waf.rate_limit_per_5_minutes, 2000) <= 2000000000 && floor(try(var.waf.rate_limit_per_5_minutes, 2000)) == try(var.waf.rate_limit_per_5_minutes, 2000)
    error_message = "waf.rate_limit_per_5_minutes must be a whole number from 100 to 2000000000."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], try(var.waf.log_retention_days, 365))
    error_message = "waf.log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
}

variable "worker" {
  description = <<-EOT
    A separate ARQ worker service (same image, secrets and network, its own size, scaling and alarms). When left out, none: the app runs its jobs in-process. Attributes, each optional:
    - `command` (list(string), default `[]`): The worker's command, such as `["arq", "app.worker.WorkerSettings"]`. When left out (empty), no worker runs: the app runs its jobs in-process.
    - `cpu` (number, default `256`): Task CPU units (1024 = 1 vCPU).
    - `memory_mib` (number, default `512`): Task memory in MiB; Fargate allows only certain values for each `cpu`.
    - `desired_count` (number, default `1`): Worker tasks at the first deployment; afterwards autoscaling owns the count.
    - `min_capacity` (number, default `1`): Fewest worker tasks autoscaling keeps running.
    - `max_capacity` (number, default `2`): Most worker tasks autoscaling may start.
    - `cpu_target_percent` (number, default `70`): Average worker CPU that target tracking holds the service at.
    - `alarm_cpu_percent` (number, default `85`): Worker CPU (average over 15 minutes) above which its alarm fires.
    - `alarm_memory_percent` (number, default `85`): Worker memory (average over 15 minutes) above which its alarm fires.
    EOT
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition     = try(length(setsubtract(keys(var.worker), ["command", "cpu", "memory_mib", "desired_count", "min_capacity", "max_capacity", "cpu_target_percent", "alarm_cpu_percent", "alarm_memory_percent"])) == 0, false)
    error_message = "Unknown attribute ${join(", ", [for k in try(setsubtract(keys(var.worker), ["command", "cpu", "memory_mib", "desired_count", "min_capacity", "max_capacity", "cpu_target_percent", "alarm_cpu_percent", "alarm_memory_percent"]), ["(not an object)"]) : "worker.${k}${try(" (did you mean ${[for v in ["command", "cpu", "memory_mib", "desired_count", "min_capacity", "max_capacity", "cpu_target_percent", "alarm_cpu_percent", "alarm_memory_percent"] : v if replace(v, "_", "") == replace(lower(k), "_", "") || startswith(v, substr(lower(k), 0, 4))][0]}?)", "")}"])}: worker takes command, cpu, memory_mib, desired_count, min_capacity, max_capacity, cpu_target_percent, alarm_cpu_percent, alarm_memory_percent."
  }
  validation {
    condition     = try(alltrue([can(tolist(try(var.worker.command, []))), can(tonumber(try(var.worker.cpu, 256))), can(tonumber(try(var.worker.memory_mib, 512))), can(tonumber(try(var.worker.desired_count, 1))), can(tonumber(try(var.worker.min_capacity, 1))), can(tonumber(try(var.worker.max_capacity, 2))), can(tonumber(try(var.worker.cpu_target_percent, 70))), can(tonumber(try(var.worker.alarm_cpu_percent, 85))), can(tonumber(try(var.worker.alarm_memory_percent, 85)))]), false)
    error_message = "An attribute of worker has the wrong type: command is a list(string), cpu is a number, memory_mib is a number, desired_count is a number, min_capacity is a number, max_capacity is a number, cpu_target_percent is a number, alarm_cpu_percent is a number, alarm_memory_percent is a number."
  }
  validation {
    condition     = alltrue([for part in try(var.worker.command, []) : !can(regex("\\$\\{", part))])
    error_message = "worker.command must not contain a dollar sign followed by a brace (Terraform would read an interpolation)."
  }
  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], try(var.worker.cpu, 256))
    error_message = "worker.cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
  validation {
    condition     = contains(lookup({ "256" = [512, 1024, 2048], "512" = [1024, 2048, 3072, 4096], "1024" = [2048, 3072, 4096, 5120, 6144, 7168, 8192], "2048" = [4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384], "4096" = [8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720], "8192" = [16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440], "16384" = [32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880] }, tostring(try(var.worker.cpu, 256)), []), try(var.worker.memory_mib, 512))
    error_message = "worker.memory_mib must be a memory size Fargate pairs with cpu (256: 512-2048; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720, in steps of 1024 MiB; larger sizes: see the AWS docs)."
  }
  validation {
    condition     = try(var.worker.min_capacity, 1) >= 1 && try(var.worker.min_capacity, 1) <= 100 && floor(try(var.worker.min_capacity, 1)) == try(var.worker.min_capacity, 1)
    error_message = "worker.min_capacity must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.worker.max_capacity, 2) >= 1 && try(var.worker.max_capacity, 2) <= 100 && floor(try(var.worker.max_capacity, 2)) == try(var.worker.max_capacity, 2)
    error_message = "worker.max_capacity must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.worker.desired_count, 1) >= 1 && try(var.worker.desired_count, 1) <= 100 && floor(try(var.worker.desired_count, 1)) == try(var.worker.desired_count, 1)
    error_message = "worker.desired_count must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.worker.max_capacity, 2) >= try(var.worker.min_capacity, 1)
    error_message = "worker.max_capacity must be at least min_capacity."
  }
  validation {
    condition     = try(var.worker.desired_count, 1) >= try(var.worker.min_capacity, 1) && try(var.worker.desired_count, 1) <= try(var.worker.max_capacity, 2)
    error_message = "worker.desired_count must be within min_capacity-max_capacity."
  }
  validation {
    condition     = try(var.worker.cpu_target_percent, 70) >= 10 && try(var.worker.cpu_target_percent, 70) <= 95 && floor(try(var.worker.cpu_target_percent, 70)) == try(var.worker.cpu_target_percent, 70)
    error_message = "worker.cpu_target_percent must be a whole number from 10 to 95."
  }
  validation {
    condition     = try(var.worker.alarm_cpu_percent, 85) >= 1 && try(var.worker.alarm_cpu_percent, 85) <= 100 && floor(try(var.worker.alarm_cpu_percent, 85)) == try(var.worker.alarm_cpu_percent, 85)
    error_message = "worker.alarm_cpu_percent must be a whole number from 1 to 100."
  }
  validation {
    condition     = try(var.worker.alarm_memory_percent, 85) >= 1 && try(var.worker.alarm_memory_percent, 85) <= 100 && floor(try(var.worker.alarm_memory_percent, 85)) == try(var.worker.alarm_memory_percent, 85)
    error_message = "worker.alarm_memory_percent must be a whole number from 1 to 100."
  }
}
