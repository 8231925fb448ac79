"""The `Network` construct; see the package docstring."""

from __future__ import annotations

import json

from cdktf import Fn, TerraformResourceLifecycle
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
from cdktf_cdktf_provider_aws.route_table import RouteTable, RouteTableRoute
from cdktf_cdktf_provider_aws.route_table_association import RouteTableAssociation
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc
from constructs import Construct

from modules.iam import service_trust_policy
from modules.network.props import NetworkProps
from modules.tokens import truncated

SUBNET_NEWBITS = 4  # /16 -> /20 (4,091 usable addresses each)
PRIVATE_OFFSET = 8  # private subnets start at the ninth /20
# Zones are picked by position in the region's list of available zones. If that list ever changes (a zone is
# added or impaired), existing subnets stay where they are instead of being replaced with everything in them.
KEEP_ZONE = TerraformResourceLifecycle(ignore_changes=["availability_zone"])


class Network(Construct):
    vpc: Vpc
    public_subnets: list[Subnet]
    private_subnets: list[Subnet]
    nat_gateways: list[NatGateway]
    flow_log: FlowLog | None

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

        nat_count = props.az_count if props.nat_gateways == "per_az" else 1
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
            nat = self.nat_gateways[index % nat_count]
            routes = RouteTable(
                self,
                f"private_{index}_routes",
                vpc_id=self.vpc.id,
                route=[RouteTableRoute(cidr_block="0.0.0.0/0", nat_gateway_id=nat.id)],
                tags={"Name": f"{props.name}-private-{index}"},
            )
            RouteTableAssociation(self, f"private_{index}_association", subnet_id=private.id, route_table_id=routes.id)

        self.flow_log = self._flow_log(props) if props.enable_flow_logs else None

    def _flow_log(self, props: NetworkProps) -> FlowLog:
        group = CloudwatchLogGroup(
            self,
            "flow_log_group",
            name=f"/vpc/{props.name}/flow-logs",
            retention_in_days=props.flow_log_retention_days,
            kms_key_id=props.kms_key_arn,
        )
        role = IamRole(
            self,
            "flow_log_role",
            name_prefix=f"{truncated(props.name, 20)}-flow-logs-",
            assume_role_policy=service_trust_policy("vpc-flow-logs.amazonaws.com"),
        )
        IamRolePolicy(
            self,
            "flow_log_policy",
            role=role.id,
            policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                            "Resource": f"{group.arn}:*",
                        }
                    ],
                }
            ),
        )
        return FlowLog(
            self,
            "flow_log",
            vpc_id=self.vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=60,
        )

    @property
    def public_subnet_ids(self) -> list[str]:
        return [subnet.id for subnet in self.public_subnets]

    @property
    def private_subnet_ids(self) -> list[str]:
        return [subnet.id for subnet in self.private_subnets]
