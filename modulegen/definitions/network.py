"""The `network` Terraform module (modules/network/terraform), generated from `Network`: `make modules`."""

from __future__ import annotations

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import variables_from
from modules.network.construct import Network
from modules.network.props import NetworkProps
from modules.rules import Rule

USAGE = """
module "network" {
  source       = "git::https://github.com/<org>/<repo>.git//modules/network/terraform?ref=<tag>"
  name         = "billing-prod"
  cidr_block   = "10.20.0.0/16"
  az_count     = 3
  nat_gateways = "per_az"
}

# module.network.vpc_id, module.network.public_subnet_ids (load balancers), module.network.private_subnet_ids
"""

RULES: list[Rule] = list(NetworkProps.RULES)  # declared beside the fields (`NetworkOptions.RULES`)

VARIABLES = variables_from(
    NetworkProps,
    ["name", "cidr_block", "az_count", "nat_gateways", "enable_flow_logs", "flow_log_retention_days", "kms_key_arn"],
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    network = Network(stack, "this", NetworkProps(**inputs(stack, VARIABLES)))
    stack.output("vpc_id", network.vpc.id, "VPC ID.")
    stack.output("vpc_cidr_block", network.vpc.cidr_block, "VPC range.")
    stack.output("public_subnet_ids", network.public_subnet_ids, "Public subnets, one per zone (load balancers).")
    stack.output(
        "private_subnet_ids", network.private_subnet_ids, "Private subnets, one per zone (tasks, databases, caches)."
    )
    stack.output("nat_gateway_ids", network.nat_gateway_ids, "NAT gateways: one, or one per zone.")


MODULE = ModuleDefinition(
    title="A VPC across the first `az_count` available zones: a public and a private /20 subnet in each, an "
    "internet gateway, NAT for the private subnets (one gateway, or one per zone), VPC flow logs to CloudWatch "
    "Logs, and the default security group stripped of its rules.",
    sample={"name": "example-network"},
    build=build,
    usage=USAGE,
    fixed={
        "Subnet layout": "/20 slices of the /16: public subnets from the first slice, private ones from the ninth. "
        "A fixed layout keeps every subnet where it is when `az_count` grows.",
        "Zones": "the first `az_count` zones the region reports as available (not opt-in zones); subnets ignore "
        "later changes to that list, so a new zone never replaces a subnet with everything in it.",
        "Public IPs": "instances in public subnets get no public IP by default (`map_public_ip_on_launch = false`).",
        "Flow log traffic": "ALL traffic (accepted and rejected), aggregated every 60 s.",
    },
)
