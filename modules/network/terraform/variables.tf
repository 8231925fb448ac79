variable "az_count" {
  description = "Availability zones to spread over (2-6), the first ones the region reports as available."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 2 to 6."
  }
}

variable "cidr_block" {
  description = "VPC range. Subnets are /20 slices of a /16: public ones first, private ones from the ninth slice."
  type        = string
  default     = "10.0.0.0/16"
  nullable    = false

  validation {
    condition     = try(cidrhost(var.cidr_block, 0) == split("/", var.cidr_block)[0] && endswith(var.cidr_block, "/16") && anytrue([split(".", var.cidr_block)[0] == "10", split(".", var.cidr_block)[0] == "172" && tonumber(split(".", var.cidr_block)[1]) >= 16 && tonumber(split(".", var.cidr_block)[1]) <= 31, split(".", var.cidr_block)[0] == "192" && split(".", var.cidr_block)[1] == "168"]), false)
    error_message = "cidr_block must be a private (RFC 1918) IPv4 /16 range such as 10.0.0.0/16."
  }
}

variable "enable_flow_logs" {
  description = "Log every accepted and rejected connection of the VPC to CloudWatch Logs."
  type        = bool
  default     = true
  nullable    = false
}

variable "flow_log_retention_days" {
  description = "Days CloudWatch Logs keeps the flow logs (one of the retentions it offers)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the flow log group. When left out, CloudWatch Logs' default encryption is used."
  type        = string
  default     = null
  nullable    = true
}

variable "name" {
  description = "Name tag prefix of every network resource."
  type        = string
  nullable    = false
}

variable "nat_gateways" {
  description = "`single`: one NAT gateway for all private subnets (cheap; its zone is a single point of failure for egress). `per_az`: one in each zone, so a zone outage never cuts the others off. `none`: no NAT (saves about $36.50 a month): the private subnets have no way out, so whatever must reach the internet runs in the public subnets (the ECS pattern then gives its tasks public IPs, reachable only from the load balancer)."
  type        = string
  default     = "single"
  nullable    = false

  validation {
    condition     = contains(["single", "per_az", "none"], var.nat_gateways)
    error_message = "nat_gateways must be one of single, per_az, none."
  }
}

variable "tags" {
  description = "Tags for every taggable resource of the module, merged under each resource's own `Name` tag. Tags from the provider's `default_tags` apply too (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}
