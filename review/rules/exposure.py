"""Exposure: what a change opens to the internet or to everyone (public databases, public S3 access, security group
ingress from anywhere, tasks with public addresses behind an open group, resource policies for the '*' principal).

Judged on creates too: a new resource that opens something is as exposed as an old one changed to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from review import policy
from review.plan import Change, config_address, format_path, is_unknown
from review.rules.core import EXPOSURE, HIGH, MEDIUM, Context
from review.rules.flags import Flag, judge_flags
from review.rules.registry import REGISTRY
from review.rules.values import as_bool, judged, number, read_policy

rule = REGISTRY.concern(EXPOSURE)

WORLD = ("0.0.0.0/0", "::/0")
WEB_PORTS = (80, 443)

FLAGS: dict[str, list[Flag]] = {
    "aws_db_instance": [
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            "The database gets a public address: reachable from the internet wherever its security group allows.",
            "Keep publicly_accessible = false; reach the database from inside the VPC (ECS Exec, a bastion, SSM).",
            on_create=True,
        ),
    ],
    "aws_rds_cluster_instance": [
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            "The database instance gets a public address: reachable from the internet wherever its security group "
            "allows.",
            "Keep publicly_accessible = false.",
            on_create=True,
        ),
    ],
    "aws_lightsail_database": [
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            "The Lightsail database becomes reachable from the internet.",
            "Keep publicly_accessible = false.",
            on_create=True,
        ),
    ],
    "aws_redshift_cluster": [
        Flag(
            ("publicly_accessible",),
            True,
            HIGH,
            "The cluster becomes reachable from the internet.",
            "Keep publicly_accessible = false.",
            on_create=True,
        ),
    ],
}


@rule(*FLAGS)
def flags(change: Change, context: Context) -> None:
    judge_flags(FLAGS, change, context)


PUBLIC_ACCESS_FLAGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


@rule("aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block")
def public_access_block(change: Change, context: Context) -> None:
    scope = "the bucket" if change.type == "aws_s3_bucket_public_access_block" else "every bucket in the account"
    if change.action == "delete":
        was_on = [flag for flag in PUBLIC_ACCESS_FLAGS if as_bool(change.old(flag))]
        if was_on and not context.going_away(change, "bucket", "aws_s3_bucket"):
            context.add(
                change,
                HIGH,
                "(whole resource)",
                ", ".join(was_on),
                None,
                f"The public access block is removed: a bucket policy or ACL can make {scope} public again.",
                "Keep the public access block with all four settings true.",
            )
        return
    if not judged(change):
        return
    weakened = [
        flag for flag in PUBLIC_ACCESS_FLAGS if as_bool(change.old(flag)) and as_bool(change.new(flag)) is False
    ]
    if weakened:
        context.add(
            change,
            HIGH,
            ", ".join(weakened),
            True,
            False,
            f"The public access block is weakened ({', '.join(weakened)} turned off): {scope} can be made public "
            "through a policy or ACL.",
            "Keep all four settings true; share objects through presigned URLs or CloudFront instead.",
        )


PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")
PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


def public_acl_grants(values: Any) -> set[str]:
    found: set[str] = set()
    if not isinstance(values, dict):
        return found
    if values.get("acl") in PUBLIC_ACLS:
        found.add(f"acl {values['acl']}")
    for acl in values.get("access_control_policy") or []:
        for grant in (acl or {}).get("grant") or []:
            for grantee in (grant or {}).get("grantee") or []:
                if (grantee or {}).get("uri") in PUBLIC_GRANTEES:
                    found.add(f"{grant.get('permission')} to {grantee['uri'].rsplit('/', 1)[-1]}")
    return found


@rule("aws_s3_bucket_acl", "aws_s3_bucket")
def bucket_acl(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    if is_unknown(change.new("acl")):
        return
    new = public_acl_grants(change.after) - public_acl_grants(change.before if change.action != "create" else None)
    for grant in sorted(new):
        context.add(
            change,
            HIGH,
            "acl",
            None,
            grant,
            f"The bucket's ACL grants the public access ({grant}).",
            "Keep ACLs private (object ownership BucketOwnerEnforced); share through presigned URLs or CloudFront.",
        )


PROTOCOLS = {"-1": "all", "all": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


@dataclass(frozen=True, order=True)
class Opening:
    protocol: str
    from_port: int
    to_port: int
    source: str

    @property
    def web_only(self) -> bool:
        return self.protocol in ("tcp", "udp") and self.from_port == self.to_port and self.from_port in WEB_PORTS

    def describe(self) -> str:
        if self.protocol == "all":
            ports = "all traffic"
        elif self.protocol in ("icmp", "icmpv6"):
            ports = self.protocol
        elif self.from_port == self.to_port:
            ports = f"{self.protocol} {self.from_port}"
        else:
            ports = f"{self.protocol} {self.from_port}-{self.to_port}"
        return f"{ports} from {self.source}"


def protocol_name(value: Any) -> str:
    text = str(value).lower()
    return PROTOCOLS.get(text, text)


def port(value: Any, default: int) -> int:
    parsed = number(value)
    return int(parsed) if parsed is not None else default


def openings(protocol: Any, from_port: Any, to_port: Any, sources: Iterable[Any]) -> set[Opening]:
    name = protocol_name(protocol)
    low, high = (0, 65535) if name == "all" else (port(from_port, 0), port(to_port, 65535))
    return {Opening(name, low, high, str(source)) for source in sources if source in WORLD}


def inline_openings(rules: Any) -> set[Opening]:
    found: set[Opening] = set()
    for block in rules if isinstance(rules, list) else []:
        if isinstance(block, dict):
            sources = list(block.get("cidr_blocks") or []) + list(block.get("ipv6_cidr_blocks") or [])
            found |= openings(block.get("protocol"), block.get("from_port"), block.get("to_port"), sources)
    return found


def rule_openings(change: Change, values: Any) -> set[Opening]:
    """World openings of one security group rule resource (either kind), from one side's values."""
    if not isinstance(values, dict):
        return set()
    if change.type == "aws_security_group_rule":
        if values.get("type") != "ingress":
            return set()
        sources = list(values.get("cidr_blocks") or []) + list(values.get("ipv6_cidr_blocks") or [])
        return openings(values.get("protocol"), values.get("from_port"), values.get("to_port"), sources)
    sources = [values.get("cidr_ipv4"), values.get("cidr_ipv6")]
    return openings(values.get("ip_protocol"), values.get("from_port"), values.get("to_port"), sources)


INGRESS_RULE_TYPES = ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule")
GROUP_TYPES = ("aws_security_group", "aws_default_security_group")
EXPOSURE_FIX = (
    "Open the port only to the security group or address range that needs it (the load balancer's group, a VPN "
    "range); only 80 and 443 belong open to the world, and only on the load balancer."
)


@rule(*GROUP_TYPES, *INGRESS_RULE_TYPES)
def world_ingress(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    if change.type in GROUP_TYPES:
        attribute = "ingress"
        after_value = change.new("ingress")
        if is_unknown(after_value):
            if judged(change):
                context.unknown(change, attribute)
            return
        before, after = inline_openings(change.old("ingress")), inline_openings(after_value)
    else:
        attribute = "cidr_blocks" if change.type == "aws_security_group_rule" else "cidr_ipv4"
        before = rule_openings(change, change.before) if change.action != "create" else set()
        after = rule_openings(change, change.after)
    for opening in sorted(after - before):
        if opening.web_only:
            continue
        severity = MEDIUM if opening.protocol in ("icmp", "icmpv6") else HIGH
        context.add(
            change,
            severity,
            attribute,
            None,
            opening.describe(),
            f"Ingress from anywhere: {opening.describe()}. Anything listening there is reachable from the internet "
            "(wherever an address is public).",
            EXPOSURE_FIX,
        )


def group_world_openings(context: Context, group: Change) -> set[Opening]:
    """Every world opening of one security group after the plan, inline or through separate rule resources."""
    found = inline_openings(group.new("ingress")) if not is_unknown(group.new("ingress")) else set()
    group_id = group.new("id") if not is_unknown(group.new("id")) else group.old("id")
    for ingress_rule in context.plan.of_type(*INGRESS_RULE_TYPES):
        if ingress_rule.action == "delete":
            continue
        referenced = config_address(group.address) in {
            config_address(address) for address in context.plan.config.references(ingress_rule, "security_group_id")
        }
        if referenced or (group_id and ingress_rule.new("security_group_id") == group_id):
            found |= rule_openings(ingress_rule, ingress_rule.after)
    return found


@rule("aws_ecs_service")
def task_public_ip(change: Change, context: Context) -> None:
    if change.action not in ("create", "update", "replace"):
        return
    path = ("network_configuration", 0, "assign_public_ip")
    after = as_bool(change.new(*path))
    before = as_bool(change.old(*path)) if change.action != "create" else None
    if after is not True or before is True:
        return
    groups: list[Change] = []
    addresses = {config_address(a) for a in context.plan.config.references(change, "network_configuration")}
    ids = change.new("network_configuration", 0, "security_groups")
    for candidate in context.plan.of_type(*GROUP_TYPES):
        candidate_id = candidate.new("id") if not is_unknown(candidate.new("id")) else candidate.old("id")
        if config_address(candidate.address) in addresses or (isinstance(ids, list) and candidate_id in ids):
            groups.append(candidate)
    open_to_world = sorted({o.describe() for group in groups for o in group_world_openings(context, group)})
    if open_to_world:
        context.add(
            change,
            HIGH,
            format_path(path),
            change.shown("before", *path) if change.action != "create" else None,
            True,
            "The tasks get public IP addresses and their security group admits traffic from anywhere "
            f"({'; '.join(open_to_world)}): the containers are reachable from the internet directly, around the "
            "load balancer.",
            "Admit only the load balancer's security group on the app port, or keep the tasks in private subnets "
            "without public IPs.",
        )
    else:
        context.add(
            change,
            MEDIUM,
            format_path(path),
            change.shown("before", *path) if change.action != "create" else None,
            True,
            "The tasks get public IP addresses (each also costs $0.005 an hour). Their security group admits no "
            "traffic from anywhere today, so they are not reachable yet; one widened rule would change that.",
            "Prefer private subnets; if public IPs are the egress choice, keep the tasks' ingress limited to the "
            "load balancer's security group.",
        )


RESOURCE_POLICIES = {
    "aws_s3_bucket_policy": "policy",
    "aws_s3_bucket": "policy",
    "aws_sns_topic_policy": "policy",
    "aws_sns_topic": "policy",
    "aws_sqs_queue_policy": "policy",
    "aws_sqs_queue": "policy",
    "aws_secretsmanager_secret_policy": "policy",
    "aws_secretsmanager_secret": "policy",
    "aws_kms_key": "policy",
    "aws_ecr_repository_policy": "policy",
    "aws_glacier_vault": "access_policy",
}


@rule(*RESOURCE_POLICIES)
def resource_policy(change: Change, context: Context) -> None:
    attribute = RESOURCE_POLICIES[change.type]
    if change.action not in ("create", "update", "replace"):
        return
    after = read_policy(change, context, "after", attribute)
    if after is None:
        if judged(change) and change.old(attribute):
            context.unknown(change, attribute)
        return
    before = read_policy(change, context, "before", attribute) if change.action != "create" else []
    known = {statement.summary() for statement in policy.public(before or [])}
    for statement in policy.public(after):
        if statement.summary() in known:
            continue
        context.add(
            change,
            HIGH,
            attribute,
            None,
            statement.summary(),
            "The policy grants access to everyone ('*' principal, no condition narrowing it): anyone on the "
            "internet can use these actions.",
            "Name the principals (account, role or service ARNs), or add a condition such as aws:SourceArn, "
            "aws:SourceAccount or aws:PrincipalOrgID.",
        )
