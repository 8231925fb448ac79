variable "alarms" {
  description = <<-EOT
    Alarms and their SNS topic. When left out, default thresholds and no email subscription. Attributes, each optional:
    - `email` (default `null`): Subscribe this address to the topic (AWS emails a confirmation link). When left out, no subscription: subscribe a pager or chat integration to the `alarm_topic_arn` output yourself.
    - `cpu_percent` (default `85`): Service CPU (average over 3 periods of 5 minutes) above which the alarm fires.
    - `memory_percent` (default `85`): Service memory (average over 3 periods of 5 minutes) above which the alarm fires.
    - `database_connections` (default `70`): Alarm above this many connections (db.t3.micro allows about 80 by default).
    - `database_free_storage_gib` (default `2`): Alarm when the database has less free storage than this.
    - `alb_5xx_per_5_minutes` (default `10`): 5xx responses (from the ALB itself or the targets) in five minutes before the alarm fires.
    EOT
  type = object({
    email                     = optional(string)
    cpu_percent               = optional(number, 85)
    memory_percent            = optional(number, 85)
    database_connections      = optional(number, 70)
    database_free_storage_gib = optional(number, 2)
    alb_5xx_per_5_minutes     = optional(number, 10)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.alarms.email == null || try(can(regex("^(?:[^@\\s]+@[^@\\s]+\\.[a-z]{2,})$", var.alarms.email)), false)
    error_message = "alarms.email must be an email address."
  }
  validation {
    condition     = var.alarms.cpu_percent >= 1 && var.alarms.cpu_percent <= 100 && floor(var.alarms.cpu_percent) == var.alarms.cpu_percent
    error_message = "alarms.cpu_percent must be a whole number from 1 to 100."
  }
  validation {
    condition     = var.alarms.memory_percent >= 1 && var.alarms.memory_percent <= 100 && floor(var.alarms.memory_percent) == var.alarms.memory_percent
    error_message = "alarms.memory_percent must be a whole number from 1 to 100."
  }
  validation {
    condition     = var.alarms.database_connections >= 1 && var.alarms.database_connections <= 100000 && floor(var.alarms.database_connections) == var.alarms.database_connections
    error_message = "alarms.database_connections must be a whole number from 1 to 100000."
  }
  validation {
    condition     = var.alarms.database_free_storage_gib >= 1 && var.alarms.database_free_storage_gib <= 65536 && floor(var.alarms.database_free_storage_gib) == var.alarms.database_free_storage_gib
    error_message = "alarms.database_free_storage_gib must be a whole number from 1 to 65536."
  }
  validation {
    condition     = var.alarms.alb_5xx_per_5_minutes >= 1 && var.alarms.alb_5xx_per_5_minutes <= 1000000 && floor(var.alarms.alb_5xx_per_5_minutes) == var.alarms.alb_5xx_per_5_minutes
    error_message = "alarms.alb_5xx_per_5_minutes must be a whole number from 1 to 1000000."
  }
}

variable "cache" {
  description = <<-EOT
    ElastiCache Redis. When left out, one cache.t3.micro node, no snapshots. Attributes, each optional:
    - `node_type` (default `"cache.t3.micro"`): Cache node type (cache.t3.micro: 2 vCPU burstable, 0.5 GiB).
    - `node_count` (default `1`): Nodes in the group: 1 primary plus replicas (1-6). Automatic failover needs at least 2.
    - `enable_automatic_failover` (default `false`): Promote a replica in another zone when the primary fails (also turns on Multi-AZ).
    - `engine_version` (default `"7.1"`): Redis engine version (major.minor).
    - `snapshot_retention_days` (default `0`): Daily snapshots kept (0-35); 0 turns snapshots off. The queue is transient, so dev keeps none.
    - `maintenance_window` (default `"sun:05:00-sun:06:00"`): Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC.
    EOT
  type = object({
    node_type                 = optional(string, "cache.t3.micro")
    node_count                = optional(number, 1)
    enable_automatic_failover = optional(bool, false)
    engine_version            = optional(string, "7.1")
    snapshot_retention_days   = optional(number, 0)
    maintenance_window        = optional(string, "sun:05:00-sun:06:00")
  })
  default  = {}
  nullable = false

  validation {
    condition     = can(regex("^(?:cache\\.[a-z0-9]+\\.[a-z0-9]+)$", var.cache.node_type))
    error_message = "cache.node_type must be a cache node type such as cache.t3.micro."
  }
  validation {
    condition     = var.cache.node_count >= 1 && var.cache.node_count <= 6 && floor(var.cache.node_count) == var.cache.node_count
    error_message = "cache.node_count must be a whole number from 1 to 6."
  }
  validation {
    condition     = !var.cache.enable_automatic_failover || var.cache.node_count >= 2
    error_message = "enable_automatic_failover needs a replica to promote: set node_count to 2 or more."
  }
  validation {
    condition     = can(regex("^(?:[67]\\.\\d+)$", var.cache.engine_version))
    error_message = "cache.engine_version must be a Redis engine version (major.minor) such as 7.1."
  }
  validation {
    condition     = var.cache.snapshot_retention_days >= 0 && var.cache.snapshot_retention_days <= 35 && floor(var.cache.snapshot_retention_days) == var.cache.snapshot_retention_days
    error_message = "cache.snapshot_retention_days must be a whole number from 0 to 35."
  }
  validation {
    condition     = can(regex("^(?:(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d)$", var.cache.maintenance_window))
    error_message = "cache.maintenance_window must be a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30."
  }
}

variable "database" {
  description = <<-EOT
    RDS PostgreSQL. When left out, db.t3.micro single-AZ with deletion protection and 7 days of backups. Attributes, each optional:
    - `instance_class` (default `"db.t3.micro"`): RDS instance class (db.t3.micro: 2 vCPU burstable, 1 GiB).
    - `engine_major_version` (default `16`): PostgreSQL major version; RDS applies minor upgrades in the maintenance window.
    - `allocated_storage_gib` (default `20`): Initial gp3 storage in GiB (20 or more).
    - `max_allocated_storage_gib` (default `100`): Storage autoscaling ceiling; equal to `allocated_storage_gib` turns autoscaling off.
    - `multi_az` (default `false`): A synchronous standby in another zone with automatic failover (doubles the instance cost).
    - `deletion_protection` (default `true`): Refuse to delete the instance until this is turned off: a `terraform destroy` cannot take the data.
    - `backup_retention_days` (default `7`): Automated backup retention, 1-35 days (point-in-time restore within it).
    - `backup_window` (default `"03:00-03:30"`): Daily backup window, `hh24:mi-hh24:mi` UTC.
    - `maintenance_window` (default `"sun:04:00-sun:04:30"`): Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC.
    - `enable_performance_insights` (default `true`): Query-level load monitoring; 7 days of history are free.
    - `monitoring_interval_seconds` (default `60`): Enhanced Monitoring (OS metrics) interval: 0 (off), 1, 5, 10, 15, 30 or 60 seconds.
    - `database_name` (default `"mission_control"`): Name of the database created with the instance.
    - `username` (default `"mission_control"`): Master user name.
    EOT
  type = object({
    instance_class              = optional(string, "db.t3.micro")
    engine_major_version        = optional(number, 16)
    allocated_storage_gib       = optional(number, 20)
    max_allocated_storage_gib   = optional(number, 100)
    multi_az                    = optional(bool, false)
    deletion_protection         = optional(bool, true)
    backup_retention_days       = optional(number, 7)
    backup_window               = optional(string, "03:00-03:30")
    maintenance_window          = optional(string, "sun:04:00-sun:04:30")
    enable_performance_insights = optional(bool, true)
    monitoring_interval_seconds = optional(number, 60)
    database_name               = optional(string, "mission_control")
    username                    = optional(string, "mission_control")
  })
  default  = {}
  nullable = false

  validation {
    condition     = can(regex("^(?:db\\.[a-z0-9]+\\.[a-z0-9]+)$", var.database.instance_class))
    error_message = "database.instance_class must be an RDS instance class such as db.t3.micro."
  }
  validation {
    condition     = var.database.engine_major_version >= 13 && var.database.engine_major_version <= 17 && floor(var.database.engine_major_version) == var.database.engine_major_version
    error_message = "database.engine_major_version must be a whole number from 13 to 17."
  }
  validation {
    condition     = var.database.allocated_storage_gib >= 20 && var.database.allocated_storage_gib <= 65536 && floor(var.database.allocated_storage_gib) == var.database.allocated_storage_gib
    error_message = "database.allocated_storage_gib must be a whole number from 20 to 65536."
  }
  validation {
    condition     = var.database.max_allocated_storage_gib >= var.database.allocated_storage_gib
    error_message = "database.max_allocated_storage_gib must be at least allocated_storage_gib (equal turns storage autoscaling off)."
  }
  validation {
    condition     = var.database.backup_retention_days >= 1 && var.database.backup_retention_days <= 35 && floor(var.database.backup_retention_days) == var.database.backup_retention_days
    error_message = "database.backup_retention_days must be a whole number from 1 to 35."
  }
  validation {
    condition     = can(regex("^(?:([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d)$", var.database.backup_window))
    error_message = "database.backup_window must be a UTC window hh24:mi-hh24:mi such as 03:00-03:30."
  }
  validation {
    condition     = can(regex("^(?:(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(?i:mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d)$", var.database.maintenance_window))
    error_message = "database.maintenance_window must be a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:00-sun:04:30."
  }
  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.database.monitoring_interval_seconds)
    error_message = "database.monitoring_interval_seconds must be one of 0, 1, 5, 10, 15, 30, 60."
  }
  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", var.database.database_name))
    error_message = "database.database_name must be a lowercase PostgreSQL identifier (letters, digits, _; starting with a letter)."
  }
  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9_]{0,62})$", var.database.username))
    error_message = "database.username must be a lowercase PostgreSQL identifier (letters, digits, _; starting with a letter)."
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
    condition     = var.load_balancer.hosted_zone_name == null || try(var.domain_name == var.load_balancer.hosted_zone_name || endswith(var.domain_name, format(".%s", var.load_balancer.hosted_zone_name)), false)
    error_message = "load_balancer.hosted_zone_name must be the public zone that contains domain_name (and needs domain_name)."
  }
}

variable "image" {
  description = "The Mission Control image, a full reference (in a stack its tag is a Terraform variable)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:\\S+)$", var.image))
    error_message = "image must be a container image reference such as ghcr.io/acme/mission-control:1.4.2."
  }
}

variable "key" {
  description = <<-EOT
    The environment's KMS key (secrets, logs, database, cache, alarm topic). When left out, 30 days' deletion window. Attributes, each optional:
    - `deletion_window_days` (default `30`): Days between scheduling deletion and the key being gone (7-30): the last chance to undo a destroy.
    EOT
  type = object({
    deletion_window_days = optional(number, 30)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.key.deletion_window_days >= 7 && var.key.deletion_window_days <= 30 && floor(var.key.deletion_window_days) == var.key.deletion_window_days
    error_message = "key.deletion_window_days must be a whole number from 7 to 30."
  }
}

variable "load_balancer" {
  description = <<-EOT
    Application load balancer and its health check. When left out, `/health` every 15 s, no access logs. Attributes, each optional:
    - `health_check_path` (default `"/health"`): Path the target group polls on every task.
    - `health_check_matcher` (default `"200"`): HTTP codes that count as healthy: `200`, `200-299` or `200,204`.
    - `health_check_interval_seconds` (default `15`): Seconds between health checks of one task (5-300).
    - `health_check_timeout_seconds` (default `5`): Seconds a health check may take (2-120, shorter than the interval).
    - `healthy_threshold` (default `2`): Consecutive passed checks before a task receives traffic (2-10).
    - `unhealthy_threshold` (default `3`): Consecutive failed checks before a task stops receiving traffic (2-10).
    - `deregistration_delay_seconds` (default `30`): Time a stopping task keeps serving its open requests.
    - `idle_timeout_seconds` (default `120`): Idle connections (WebSockets included) are closed after this; the app's pings must be more frequent.
    - `hosted_zone_name` (default `null`): Public Route 53 zone holding `domain_name`. When left out, the domain's parent (`mc.example.com` -> `example.com`), or the domain itself when it has two labels.
    - `enable_access_logs` (default `false`): Write access logs to a dedicated, encrypted S3 bucket.
    - `access_log_retention_days` (default `90`): Days access logs are kept in their bucket (1-3650).
    - `enable_deletion_protection` (default `false`): Refuse to delete the load balancer until this is turned off.
    EOT
  type = object({
    health_check_path             = optional(string, "/health")
    health_check_matcher          = optional(string, "200")
    health_check_interval_seconds = optional(number, 15)
    health_check_timeout_seconds  = optional(number, 5)
    healthy_threshold             = optional(number, 2)
    unhealthy_threshold           = optional(number, 3)
    deregistration_delay_seconds  = optional(number, 30)
    idle_timeout_seconds          = optional(number, 120)
    hosted_zone_name              = optional(string)
    enable_access_logs            = optional(bool, false)
    access_log_retention_days     = optional(number, 90)
    enable_deletion_protection    = optional(bool, false)
  })
  default  = {}
  nullable = false

  validation {
    condition     = can(regex("^(?:/\\S*)$", var.load_balancer.health_check_path))
    error_message = "load_balancer.health_check_path must be a URL path such as /health."
  }
  validation {
    condition     = can(regex("^(?:[1-5]\\d\\d([-,][1-5]\\d\\d)*)$", var.load_balancer.health_check_matcher))
    error_message = "load_balancer.health_check_matcher must be HTTP codes such as 200, 200-299 or 200,204."
  }
  validation {
    condition     = var.load_balancer.health_check_interval_seconds >= 5 && var.load_balancer.health_check_interval_seconds <= 300 && floor(var.load_balancer.health_check_interval_seconds) == var.load_balancer.health_check_interval_seconds
    error_message = "load_balancer.health_check_interval_seconds must be a whole number from 5 to 300."
  }
  validation {
    condition     = var.load_balancer.health_check_timeout_seconds >= 2 && var.load_balancer.health_check_timeout_seconds <= 120 && floor(var.load_balancer.health_check_timeout_seconds) == var.load_balancer.health_check_timeout_seconds
    error_message = "load_balancer.health_check_timeout_seconds must be a whole number from 2 to 120."
  }
  validation {
    condition     = var.load_balancer.health_check_timeout_seconds < var.load_balancer.health_check_interval_seconds
    error_message = "load_balancer.health_check_timeout_seconds must be shorter than health_check_interval_seconds."
  }
  validation {
    condition     = var.load_balancer.healthy_threshold >= 2 && var.load_balancer.healthy_threshold <= 10 && floor(var.load_balancer.healthy_threshold) == var.load_balancer.healthy_threshold
    error_message = "load_balancer.healthy_threshold must be a whole number from 2 to 10."
  }
  validation {
    condition     = var.load_balancer.unhealthy_threshold >= 2 && var.load_balancer.unhealthy_threshold <= 10 && floor(var.load_balancer.unhealthy_threshold) == var.load_balancer.unhealthy_threshold
    error_message = "load_balancer.unhealthy_threshold must be a whole number from 2 to 10."
  }
  validation {
    condition     = var.load_balancer.deregistration_delay_seconds >= 0 && var.load_balancer.deregistration_delay_seconds <= 3600 && floor(var.load_balancer.deregistration_delay_seconds) == var.load_balancer.deregistration_delay_seconds
    error_message = "load_balancer.deregistration_delay_seconds must be a whole number from 0 to 3600."
  }
  validation {
    condition     = var.load_balancer.idle_timeout_seconds >= 1 && var.load_balancer.idle_timeout_seconds <= 4000 && floor(var.load_balancer.idle_timeout_seconds) == var.load_balancer.idle_timeout_seconds
    error_message = "load_balancer.idle_timeout_seconds must be a whole number from 1 to 4000."
  }
  validation {
    condition     = var.load_balancer.hosted_zone_name == null || try(length(var.load_balancer.hosted_zone_name) >= 4 && length(var.load_balancer.hosted_zone_name) <= 253 && can(regex("^(?:([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63})$", var.load_balancer.hosted_zone_name)), false)
    error_message = "load_balancer.hosted_zone_name must be a lowercase, fully qualified domain name without scheme or trailing dot, such as mc.example.com."
  }
  validation {
    condition     = var.load_balancer.access_log_retention_days >= 1 && var.load_balancer.access_log_retention_days <= 3650 && floor(var.load_balancer.access_log_retention_days) == var.load_balancer.access_log_retention_days
    error_message = "load_balancer.access_log_retention_days must be a whole number from 1 to 3650."
  }
}

variable "name" {
  description = "Base name of every resource (`mission-control-dev`); the load balancer takes it as is, so at most 28 characters."
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
    - `cidr_block` (default `"10.0.0.0/16"`): VPC range. Subnets are /20 slices of a /16: public ones first, private ones from the ninth slice.
    - `az_count` (default `2`): Availability zones to spread over (2-6), the first ones the region reports as available.
    - `nat_gateways` (default `"single"`): `single`: one NAT gateway for all private subnets (cheap; its zone is a single point of failure for egress). `per_az`: one in each zone, so a zone outage never cuts the others off. `none`: no NAT (saves about $36.50 a month): the private subnets have no way out, so whatever must reach the internet runs in the public subnets (the ECS pattern then gives its tasks public IPs, reachable only from the load balancer).
    - `enable_flow_logs` (default `true`): Log every accepted and rejected connection of the VPC to CloudWatch Logs.
    - `flow_log_retention_days` (default `30`): Days CloudWatch Logs keeps the flow logs (one of the retentions it offers).
    EOT
  type = object({
    cidr_block              = optional(string, "10.0.0.0/16")
    az_count                = optional(number, 2)
    nat_gateways            = optional(string, "single")
    enable_flow_logs        = optional(bool, true)
    flow_log_retention_days = optional(number, 30)
  })
  default  = {}
  nullable = false

  validation {
    condition     = try(cidrhost(var.network.cidr_block, 0) == split("/", var.network.cidr_block)[0] && endswith(var.network.cidr_block, "/16") && anytrue([split(".", var.network.cidr_block)[0] == "10", split(".", var.network.cidr_block)[0] == "172" && tonumber(split(".", var.network.cidr_block)[1]) >= 16 && tonumber(split(".", var.network.cidr_block)[1]) <= 31, split(".", var.network.cidr_block)[0] == "192" && split(".", var.network.cidr_block)[1] == "168"]), false)
    error_message = "network.cidr_block must be a private (RFC 1918) IPv4 /16 range such as 10.0.0.0/16."
  }
  validation {
    condition     = var.network.az_count >= 2 && var.network.az_count <= 6 && floor(var.network.az_count) == var.network.az_count
    error_message = "network.az_count must be a whole number from 2 to 6."
  }
  validation {
    condition     = contains(["single", "per_az", "none"], var.network.nat_gateways)
    error_message = "network.nat_gateways must be one of single, per_az, none."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], var.network.flow_log_retention_days)
    error_message = "network.flow_log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
}

variable "secrets" {
  description = <<-EOT
    Generated secrets: rotation and recovery window. When left out, rotation 1 and a 7-day recovery window. Attributes, each optional:
    - `rotation` (default `1`): Bump (2, 3, ...) to rotate every generated secret in one apply: new values are stored, the database and the cache take them, the URL secrets are rewritten, then the service rolls out new tasks (see README, Secrets).
    - `recovery_window_days` (default `7`): Days a deleted secret can still be restored (7-30), or 0 to delete at once: an environment that is torn down and rebuilt at will needs 0, or the next deploy finds the names still taken.
    EOT
  type = object({
    rotation             = optional(number, 1)
    recovery_window_days = optional(number, 7)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.secrets.rotation >= 1 && var.secrets.rotation <= 2147483647 && floor(var.secrets.rotation) == var.secrets.rotation
    error_message = "secrets.rotation must be a whole number from 1 to 2147483647."
  }
  validation {
    condition     = var.secrets.recovery_window_days == 0 || (var.secrets.recovery_window_days >= 7 && var.secrets.recovery_window_days <= 30)
    error_message = "secrets.recovery_window_days must be 0 (delete at once) or 7 to 30."
  }
}

variable "service" {
  description = <<-EOT
    Fargate service and its autoscaling. When left out, one 0.25 vCPU / 0.5 GB task, scaling 1-2. Attributes, each optional:
    - `cpu` (default `256`): Task CPU units (1024 = 1 vCPU); see `FARGATE_MEMORY_MIB` for the memory each allows.
    - `memory_mib` (default `512`): Task memory in MiB; Fargate allows only certain values for each `cpu`.
    - `container_port` (default `8000`): Port the app listens on inside the task.
    - `desired_count` (default `1`): Tasks at the first deployment; afterwards autoscaling owns the count (a later deploy never resets it).
    - `min_capacity` (default `1`): Fewest tasks autoscaling keeps running.
    - `max_capacity` (default `2`): Most tasks autoscaling may start.
    - `cpu_target_percent` (default `60`): Average service CPU that target tracking holds the service at.
    - `memory_target_percent` (default `70`): Average service memory that target tracking holds the service at.
    - `scale_in_cooldown_seconds` (default `300`): Seconds after a scale-in before another scale-in.
    - `scale_out_cooldown_seconds` (default `60`): Seconds after a scale-out before another scale-out.
    - `health_check_grace_period_seconds` (default `60`): Time a new task has to start before failing load balancer health checks count against it.
    - `enable_execute_command` (default `false`): ECS Exec (`aws ecs execute-command`): a shell in running tasks, audited in CloudTrail.
    - `enable_container_insights` (default `true`): Container Insights metrics for the cluster (CPU, memory, network per task).
    - `log_retention_days` (default `30`): Days CloudWatch Logs keeps the app's and the migrations' logs.
    - `environment` (default `{}`): Plain, non-secret environment variables. When left out, none beyond the secrets.
    - `migration_command` (default `["alembic", "upgrade", "head"]`): Command of the one-off migration task definition (same image, secrets and network as the service).
    EOT
  type = object({
    cpu                               = optional(number, 256)
    memory_mib                        = optional(number, 512)
    container_port                    = optional(number, 8000)
    desired_count                     = optional(number, 1)
    min_capacity                      = optional(number, 1)
    max_capacity                      = optional(number, 2)
    cpu_target_percent                = optional(number, 60)
    memory_target_percent             = optional(number, 70)
    scale_in_cooldown_seconds         = optional(number, 300)
    scale_out_cooldown_seconds        = optional(number, 60)
    health_check_grace_period_seconds = optional(number, 60)
    enable_execute_command            = optional(bool, false)
    enable_container_insights         = optional(bool, true)
    log_retention_days                = optional(number, 30)
    environment                       = optional(map(string), {})
    migration_command                 = optional(list(string), ["alembic", "upgrade", "head"])
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.service.cpu)
    error_message = "service.cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
  validation {
    condition     = contains(lookup({ "256" = [512, 1024, 2048], "512" = [1024, 2048, 3072, 4096], "1024" = [2048, 3072, 4096, 5120, 6144, 7168, 8192], "2048" = [4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384], "4096" = [8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720], "8192" = [16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440], "16384" = [32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880] }, tostring(var.service.cpu), []), var.service.memory_mib)
    error_message = "service.memory_mib must be a memory size Fargate pairs with cpu (256: 512-2048; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720, in steps of 1024 MiB; larger sizes: see the AWS docs)."
  }
  validation {
    condition     = var.service.container_port >= 1 && var.service.container_port <= 65535 && floor(var.service.container_port) == var.service.container_port
    error_message = "service.container_port must be a whole number from 1 to 65535."
  }
  validation {
    condition     = var.service.desired_count >= 1 && var.service.desired_count <= 100 && floor(var.service.desired_count) == var.service.desired_count
    error_message = "service.desired_count must be a whole number from 1 to 100."
  }
  validation {
    condition     = var.service.min_capacity >= 1 && var.service.min_capacity <= 100 && floor(var.service.min_capacity) == var.service.min_capacity
    error_message = "service.min_capacity must be a whole number from 1 to 100."
  }
  validation {
    condition     = var.service.max_capacity >= 1 && var.service.max_capacity <= 100 && floor(var.service.max_capacity) == var.service.max_capacity
    error_message = "service.max_capacity must be a whole number from 1 to 100."
  }
  validation {
    condition     = var.service.max_capacity >= var.service.min_capacity
    error_message = "service.max_capacity must be at least min_capacity."
  }
  validation {
    condition     = var.service.desired_count >= var.service.min_capacity && var.service.desired_count <= var.service.max_capacity
    error_message = "service.desired_count must be within min_capacity-max_capacity."
  }
  validation {
    condition     = var.service.cpu_target_percent >= 10 && var.service.cpu_target_percent <= 95 && floor(var.service.cpu_target_percent) == var.service.cpu_target_percent
    error_message = "service.cpu_target_percent must be a whole number from 10 to 95."
  }
  validation {
    condition     = var.service.memory_target_percent >= 10 && var.service.memory_target_percent <= 95 && floor(var.service.memory_target_percent) == var.service.memory_target_percent
    error_message = "service.memory_target_percent must be a whole number from 10 to 95."
  }
  validation {
    condition     = var.service.health_check_grace_period_seconds >= 0 && var.service.health_check_grace_period_seconds <= 2147483647 && floor(var.service.health_check_grace_period_seconds) == var.service.health_check_grace_period_seconds
    error_message = "service.health_check_grace_period_seconds must be a whole number from 0 to 2147483647."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], var.service.log_retention_days)
    error_message = "service.log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
  validation {
    condition     = length(var.service.migration_command) >= 1
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
    - `enabled` (default `false`): Put AWS WAF in front of the load balancer (about $8/month plus $0.60 per million requests). When left out, no firewall (dev); prod turns it on.
    - `rate_limit_per_5_minutes` (default `2000`): Requests one client IP may make in 5 minutes before it is blocked for a while (100-2,000,000,000).
    - `log_retention_days` (default `365`): Days CloudWatch Logs keeps the firewall's log of blocked and counted requests.
    EOT
  type = object({
    enabled                  = optional(bool, false)
    rate_limit_per_5_minutes = optional(number, 2000)
    log_retention_days       = optional(number, 365)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.waf.rate_limit_per_5_minutes >= 100 && var.waf.rate_limit_per_5_minutes <= 2000000000 && floor(var.waf.rate_limit_per_5_minutes) == var.waf.rate_limit_per_5_minutes
    error_message = "waf.rate_limit_per_5_minutes must be a whole number from 100 to 2000000000."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], var.waf.log_retention_days)
    error_message = "waf.log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
}
