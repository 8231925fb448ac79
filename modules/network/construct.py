"""The `Network` construct; see the package docstring."""

from __future__ import annotations

import json

from cdktf import Fn, Op, TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.data_aws_availability_zones import (
    DataAwsAvailabilityZones,
    DataAwsAvailabilityZonesFilter,
)
from cdktf_cdktf_provider_aws.default_security_group import DefaultSecurityGroup
from cdktf_cdktf_provider_aws.eip import Eip
from cdktf_cdktf_provider_aws.flow_log import FlowLog
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.internet_gateway import InternetGateway
from cdktf_cdktf_provider_aws.nat_gateway import NatGateway
from cdktf_cdktf_provider_aws.route import Route
from cdktf_cdktf_provider_aws.route_table import RouteTable, RouteTableRoute
from cdktf_cdktf_provider_aws.route_table_association import RouteTableAssociation
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc
from constructs import Construct

from modules.iam import service_trust_policy
from modules.network.props import NetworkProps
from modules.tokens import (
    as_text,
    attribute,
    choose,
    count_for,
    counted,
    each_attribute,
    equals,
    indexed_attribute,
    is_unresolved,
    present,
    truncated,
)

SUBNET_NEWBITS = 4  # /16 -> /20 (4,091 usable addresses each)
PRIVATE_OFFSET = 8  # private subnets start at the ninth /20
# Zones are picked by position in the region's list of available zones. If that list ever changes (a zone is
# added or impaired), existing subnets stay where they are instead of being replaced with everything in them.
KEEP_ZONE = TerraformResourceLifecycle(ignore_changes=["availability_zone"])


class Network(Construct):
    """When `az_count`, `nat_gateways` or `enable_flow_logs` is a Terraform token (the construct used as an HCL
    module), the subnets, NAT gateways and route tables are each one resource with a `count`, and the flow log's
    parts have `count` 0 or 1: each list attribute then holds that one counted resource. With plain values (the
    stacks), each is a separate resource (`public_0`, `public_1`), as before."""

    vpc: Vpc
    public_subnets: list[Subnet]
    private_subnets: list[Subnet]
    nat_gateways: list[NatGateway]
    flow_log: FlowLog | None
    counted: bool
    """True when the subnets, NAT gateways and route tables are counted resources (options given as tokens)."""

    def __init__(self, scope: Construct, id: str, props: NetworkProps) -> None:
        super().__init__(scope, id)
        zones = DataAwsAvailabilityZones(
            self,
            "zones",
            state="available",
            filter=[DataAwsAvailabilityZonesFilter(name="opt-in-status", values=["opt-in-not-required"])],
        )
        self.vpc = Vpc(
            self,
            "this",
            cidr_block=props.cidr_block,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags={"Name": props.name},
        )
        # Adopt the default security group and strip its rules: nothing can be attached to it by mistake and
        # gain open access between members.
        DefaultSecurityGroup(self, "default_security_group", vpc_id=self.vpc.id, tags={"Name": f"{props.name}-default"})

        gateway = InternetGateway(self, "internet_gateway", vpc_id=self.vpc.id, tags={"Name": props.name})
        public_routes = RouteTable(
            self,
            "public_routes",
            vpc_id=self.vpc.id,
            route=[RouteTableRoute(cidr_block="0.0.0.0/0", gateway_id=gateway.id)],
            tags={"Name": f"{props.name}-public"},
        )

        self.public_subnets, self.private_subnets, self.nat_gateways = [], [], []
        self.counted = any(is_unresolved(v) for v in (props.az_count, props.nat_gateways, props.enable_flow_logs))
        if self.counted:
            self._counted_subnets(props, zones, gateway, public_routes)
            self.flow_log = self._flow_log(props, count=count_for(props.enable_flow_logs))
            return

        for index in range(props.az_count):
            zone = Fn.element(zones.names, index)
            public = Subnet(
                self,
                f"public_{index}",
                vpc_id=self.vpc.id,
                availability_zone=zone,
                cidr_block=Fn.cidrsubnet(props.cidr_block, SUBNET_NEWBITS, index),
                map_public_ip_on_launch=False,
                tags={"Name": f"{props.name}-public-{index}", "Tier": "public"},
                lifecycle=KEEP_ZONE,
            )
            RouteTableAssociation(self, f"public_{index}_routes", subnet_id=public.id, route_table_id=public_routes.id)
            self.public_subnets.append(public)
            self.private_subnets.append(
                Subnet(
                    self,
                    f"private_{index}",
                    vpc_id=self.vpc.id,
                    availability_zone=zone,
                    cidr_block=Fn.cidrsubnet(props.cidr_block, SUBNET_NEWBITS, PRIVATE_OFFSET + index),
                    tags={"Name": f"{props.name}-private-{index}", "Tier": "private"},
                    lifecycle=KEEP_ZONE,
                )
            )

        nat_count = {"per_az": props.az_count, "single": 1, "none": 0}[props.nat_gateways]
        for index in range(nat_count):
            address = Eip(self, f"nat_{index}_address", domain="vpc", tags={"Name": f"{props.name}-nat-{index}"})
            self.nat_gateways.append(
                NatGateway(
                    self,
                    f"nat_{index}",
                    allocation_id=address.id,
                    subnet_id=self.public_subnets[index].id,
                    tags={"Name": f"{props.name}-nat-{index}"},
                    depends_on=[gateway],
                )
            )
        for index, private in enumerate(self.private_subnets):
            # Without NAT the private subnets keep only the VPC's local route: nothing there reaches the internet.
            egress = [self.nat_gateways[index % nat_count]] if nat_count else []
            routes = RouteTable(
                self,
                f"private_{index}_routes",
                vpc_id=self.vpc.id,
                route=[RouteTableRoute(cidr_block="0.0.0.0/0", nat_gateway_id=nat.id) for nat in egress],
                tags={"Name": f"{props.name}-private-{index}"},
            )
            RouteTableAssociation(self, f"private_{index}_association", subnet_id=private.id, route_table_id=routes.id)

        self.flow_log = self._flow_log(props)

    def _counted_subnets(
        self, props: NetworkProps, zones: DataAwsAvailabilityZones, gateway: InternetGateway, public_routes: RouteTable
    ) -> None:
        """The subnets, NAT gateways and route tables as counted resources: `az_count` and `nat_gateways` are
        decided by Terraform."""
        count = counted(props.az_count)
        public = Subnet(
            self,
            "public",
            count=count,
            vpc_id=self.vpc.id,
            availability_zone=Fn.element(zones.names, count.index),
            cidr_block=Fn.cidrsubnet(props.cidr_block, SUBNET_NEWBITS, count.index),
            map_public_ip_on_launch=False,
            tags={"Name": f"{props.name}-public-{as_text(count.index)}", "Tier": "public"},
            lifecycle=KEEP_ZONE,
        )
        RouteTableAssociation(
            self,
            "public_association",
            count=counted(props.az_count),
            subnet_id=indexed_attribute(public, "id"),
            route_table_id=public_routes.id,
        )
        count = counted(props.az_count)
        private = Subnet(
            self,
            "private",
            count=count,
            vpc_id=self.vpc.id,
            availability_zone=Fn.element(zones.names, count.index),
            cidr_block=Fn.cidrsubnet(props.cidr_block, SUBNET_NEWBITS, Op.add(count.index, PRIVATE_OFFSET)),
            tags={"Name": f"{props.name}-private-{as_text(count.index)}", "Tier": "private"},
            lifecycle=KEEP_ZONE,
        )
        nat_count = choose(
            equals(props.nat_gateways, "per_az"), props.az_count, choose(equals(props.nat_gateways, "none"), 0, 1)
        )
        count = counted(Token.as_number(nat_count))
        address = Eip(
            self, "nat_address", count=count, domain="vpc", tags={"Name": f"{props.name}-nat-{as_text(count.index)}"}
        )
        count = counted(Token.as_number(nat_count))
        nat = NatGateway(
            self,
            "nat",
            count=count,
            allocation_id=indexed_attribute(address, "id"),
            subnet_id=indexed_attribute(public, "id"),
            tags={"Name": f"{props.name}-nat-{as_text(count.index)}"},
            depends_on=[gateway],
        )
        count = counted(props.az_count)
        routes = RouteTable(
            self,
            "private_routes",
            count=count,
            vpc_id=self.vpc.id,
            tags={"Name": f"{props.name}-private-{as_text(count.index)}"},
        )
        # The default route is its own resource here, so `none` (no NAT) can leave it out of every table.
        count = counted(Token.as_number(choose(equals(props.nat_gateways, "none"), 0, props.az_count)))
        Route(
            self,
            "private_default_route",
            count=count,
            route_table_id=indexed_attribute(routes, "id"),
            destination_cidr_block="0.0.0.0/0",
            # `element` wraps around: with one NAT gateway every private subnet uses it.
            nat_gateway_id=Fn.element(each_attribute(nat, "id"), count.index),
        )
        RouteTableAssociation(
            self,
            "private_association",
            count=counted(props.az_count),
            subnet_id=indexed_attribute(private, "id"),
            route_table_id=indexed_attribute(routes, "id"),
        )
        self.public_subnets, self.private_subnets, self.nat_gateways = [public], [private], [nat]

    def _flow_log(self, props: NetworkProps, *, count: float | None = None) -> FlowLog | None:
        if not present(props.enable_flow_logs):
            return None
        group = CloudwatchLogGroup(
            self,
            "flow_log_group",
            count=count,
            name=f"/vpc/{props.name}/flow-logs",
            retention_in_days=props.flow_log_retention_days,
            kms_key_id=props.kms_key_arn,
        )
        role = IamRole(
            self,
            "flow_log_role",
            count=count,
            name_prefix=f"{truncated(props.name, 20)}-flow-logs-",
            assume_role_policy=service_trust_policy("vpc-flow-logs.amazonaws.com"),
        )
        IamRolePolicy(
            self,
            "flow_log_policy",
            count=count,
            role=attribute(role, "id"),
            policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                            "Resource": f"{attribute(group, 'arn')}:*",
                        }
                    ],
                }
            ),
        )
        return FlowLog(
            self,
            "flow_log",
            count=count,
            vpc_id=self.vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=attribute(group, "arn"),
            iam_role_arn=attribute(role, "arn"),
            max_aggregation_interval=60,
        )

    @property
    def public_subnet_ids(self) -> list[str]:
        if self.counted:
            return each_attribute(self.public_subnets[0], "id")
        return [subnet.id for subnet in self.public_subnets]

    @property
    def private_subnet_ids(self) -> list[str]:
        if self.counted:
            return each_attribute(self.private_subnets[0], "id")
        return [subnet.id for subnet in self.private_subnets]

    @property
    def nat_gateway_ids(self) -> list[str]:
        if self.counted:
            return each_attribute(self.nat_gateways[0], "id")
        return [gateway.id for gateway in self.nat_gateways]
