"""The `load_balancer` Terraform module (modules/load_balancer/terraform), generated from `LoadBalancer`:
`make modules`."""

from __future__ import annotations

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import variables_from
from modules.load_balancer.construct import LoadBalancer
from modules.load_balancer.props import TLS_POLICY, LoadBalancerProps
from modules.rules import Rule

USAGE = """
module "load_balancer" {
  source      = "git::https://github.com/<org>/<repo>.git//modules/load_balancer/terraform?ref=<tag>"
  name        = "billing-prod"
  vpc_id      = module.network.vpc_id
  subnet_ids  = module.network.public_subnet_ids
  target_port = 8080
  domain_name = "billing.example.com"   # optional: HTTPS with a certificate validated in Route 53
}

# Register the service's tasks with module.load_balancer.target_group_arn, and allow
# module.load_balancer.security_group_id to reach them on target_port.
"""

# Declared beside the fields (`LoadBalancerOptions.RULES`, `LoadBalancerProps.RULES`).
RULES: list[Rule] = list(LoadBalancerProps.RULES)

VARIABLES = variables_from(
    LoadBalancerProps,
    [
        "name",
        "vpc_id",
        "subnet_ids",
        "target_port",
        "domain_name",
        "hosted_zone_name",
        "health_check_path",
        "health_check_matcher",
        "health_check_interval_seconds",
        "health_check_timeout_seconds",
        "healthy_threshold",
        "unhealthy_threshold",
        "deregistration_delay_seconds",
        "idle_timeout_seconds",
        "enable_access_logs",
        "access_log_retention_days",
        "enable_deletion_protection",
    ],
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    alb = LoadBalancer(stack, "this", LoadBalancerProps(**inputs(stack, VARIABLES)))
    stack.output("load_balancer_arn", alb.load_balancer.arn, "Load balancer ARN.")
    stack.output("load_balancer_arn_suffix", alb.load_balancer.arn_suffix, "ARN suffix, for CloudWatch metrics.")
    stack.output("dns_name", alb.load_balancer.dns_name, "The load balancer's own DNS name.")
    stack.output("zone_id", alb.load_balancer.zone_id, "Route 53 zone of the DNS name, for alias records.")
    stack.output("url", alb.url, "https://<domain_name> with a domain, else http://<dns_name>.")
    stack.output("target_group_arn", alb.target_group.arn, "Target group (type `ip`): register the tasks here.")
    stack.output("target_group_arn_suffix", alb.target_group.arn_suffix, "ARN suffix, for CloudWatch metrics.")
    stack.output(
        "security_group_id",
        alb.security_group.id,
        "Security group of the load balancer: it has ingress from the internet and no egress; add an egress rule "
        "to your targets (and the matching ingress on theirs).",
    )
    stack.output("http_listener_arn", alb.http_listener.arn, "Port 80 listener (redirects to HTTPS with a domain).")


MODULE = ModuleDefinition(
    title="An internet-facing application load balancer in public subnets with an `ip` target group health-checking "
    "the app; with a `domain_name`: an ACM certificate validated in the domain's public Route 53 zone, an HTTPS "
    "listener with a TLS 1.3 policy, HTTP redirected to HTTPS, and an alias record; optionally access logs in a "
    "private, encrypted, expiring S3 bucket.",
    sample={"name": "example-web", "vpc_id": "vpc-0123456789abcdef0", "subnet_ids": ["subnet-a", "subnet-b"]},
    build=build,
    usage=USAGE,
    fixed={
        "TLS policy": f"`{TLS_POLICY}` (TLS 1.3 and 1.2 only).",
        "Invalid headers": "dropped (`drop_invalid_header_fields = true`): request smuggling protection.",
        "Access-log encryption": "SSE-S3: ALB log delivery does not support SSE-KMS.",
        "Egress": "the load balancer's security group has no egress rule: you allow exactly the flow to your targets.",
    },
)
