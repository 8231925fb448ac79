variable "container_port" {
  description = "Port the app listens on inside the task."
  type        = number
  default     = 8000
  nullable    = false

  validation {
    condition     = var.container_port >= 1 && var.container_port <= 65535 && floor(var.container_port) == var.container_port
    error_message = "container_port must be a whole number from 1 to 65535."
  }
}

variable "cpu" {
  description = "Task CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
}

variable "cpu_target_percent" {
  description = "Average service CPU that target tracking holds the service at."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.cpu_target_percent >= 10 && var.cpu_target_percent <= 95 && floor(var.cpu_target_percent) == var.cpu_target_percent
    error_message = "cpu_target_percent must be a whole number from 10 to 95."
  }
}

variable "desired_count" {
  description = "Tasks at the first deployment; afterwards autoscaling owns the count (a later deploy never resets it)."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.desired_count >= 1 && var.desired_count <= 100 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number from 1 to 100."
  }
  validation {
    condition     = var.desired_count >= var.min_capacity && var.desired_count <= var.max_capacity
    error_message = "desired_count must be within min_capacity-max_capacity."
  }
}

variable "enable_container_insights" {
  description = "Container Insights metrics for the cluster (CPU, memory, network per task)."
  type        = bool
  default     = true
  nullable    = false
}

variable "enable_execute_command" {
  description = "ECS Exec (`aws ecs execute-command`): a shell in running tasks, audited in CloudTrail."
  type        = bool
  default     = false
  nullable    = false
}

variable "environment" {
  description = "Plain, non-secret environment variables. When left out, none beyond the secrets."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = length(setintersection(keys(var.environment), keys(var.secrets))) == 0
    error_message = "environment must not repeat a name of secrets: pass each variable either as a secret or as plain environment."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Time a new task has to start before failing load balancer health checks count against it."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647 && floor(var.health_check_grace_period_seconds) == var.health_check_grace_period_seconds
    error_message = "health_check_grace_period_seconds must be a whole number from 0 to 2147483647."
  }
}

variable "image" {
  description = "Full image reference, such as ghcr.io/acme/billing:1.4.2 or an ECR URI."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:\\S+)$", var.image))
    error_message = "image must be a container image reference such as acme/app:1.4.2."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the log group and for decrypting the secrets. When left out, AWS-managed keys."
  type        = string
  default     = null
  nullable    = true
}

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the app's and the migrations' logs."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
}

variable "max_capacity" {
  description = "Most tasks autoscaling may start."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 100 && floor(var.max_capacity) == var.max_capacity
    error_message = "max_capacity must be a whole number from 1 to 100."
  }
  validation {
    condition     = var.max_capacity >= var.min_capacity
    error_message = "max_capacity must be at least min_capacity."
  }
}

variable "memory_mib" {
  description = "Task memory in MiB; Fargate allows only certain values for each `cpu`."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition     = contains(lookup({ "256" = [512, 1024, 2048], "512" = [1024, 2048, 3072, 4096], "1024" = [2048, 3072, 4096, 5120, 6144, 7168, 8192], "2048" = [4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384], "4096" = [8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720], "8192" = [16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440], "16384" = [32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880] }, tostring(var.cpu), []), var.memory_mib)
    error_message = "memory_mib must be a memory size Fargate pairs with cpu (256: 512-2048; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720, in steps of 1024 MiB; larger sizes: see the AWS docs)."
  }
}

variable "memory_target_percent" {
  description = "Average service memory that target tracking holds the service at."
  type        = number
  default     = 70
  nullable    = false

  validation {
    condition     = var.memory_target_percent >= 10 && var.memory_target_percent <= 95 && floor(var.memory_target_percent) == var.memory_target_percent
    error_message = "memory_target_percent must be a whole number from 10 to 95."
  }
}

variable "migration_command" {
  description = "Command of the one-off task definition `<name>-migrate` (same image, secrets and network as the service)."
  type        = list(string)
  default     = ["alembic", "upgrade", "head"]
  nullable    = false

  validation {
    condition     = length(var.migration_command) >= 1
    error_message = "migration_command needs at least 1 word (the migration task's command)."
  }
}

variable "min_capacity" {
  description = "Fewest tasks autoscaling keeps running."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.min_capacity >= 1 && var.min_capacity <= 100 && floor(var.min_capacity) == var.min_capacity
    error_message = "min_capacity must be a whole number from 1 to 100."
  }
}

variable "name" {
  description = "Names the cluster, service, task families (`<name>`, `<name>-migrate`) and the log group `/ecs/<name>`."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(?:[a-z][a-z0-9-]{0,245}[a-z0-9])$", var.name))
    error_message = "name must be a lowercase name of at most 247 letters, digits and hyphens such as billing-prod."
  }
}

variable "redeploy_triggers" {
  description = "Values that roll out new tasks when they change (tasks read their secrets only when they start), such as the versions of the secrets. When left out, only a new task definition rolls out tasks."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "scale_in_cooldown_seconds" {
  description = "Seconds after a scale-in before another scale-in."
  type        = number
  default     = 300
  nullable    = false
}

variable "scale_out_cooldown_seconds" {
  description = "Seconds after a scale-out before another scale-out."
  type        = number
  default     = 60
  nullable    = false
}

variable "secrets" {
  description = "Container environment variable -> Secrets Manager secret ARN. The only way secrets reach the container. When left out, none."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "subnet_ids" {
  description = "Subnets of the tasks: private ones (egress through NAT), or public ones with `assign_public_ip`."
  type        = list(string)
  nullable    = false
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "target_group_arn" {
  description = "Target group (type `ip`) the app container registers with."
  type        = string
  nullable    = false
}

variable "vpc_id" {
  description = "VPC of the tasks' security group."
  type        = string
  nullable    = false
}
