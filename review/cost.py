"""Monthly cost of a plan, before and after, from the planned values and the price file (`review/prices.json`).

    estimate = estimate_cost(plan, Prices.load())
    estimate.fixed_after, estimate.lines, estimate.not_priced

Fixed charges are what runs whether or not anyone uses it, at 730 hours a month (instance and node hours, NAT
gateways, load balancers, public IPv4 addresses, keys, secrets, alarms). Usage-based charges (data processed, LCUs,
log ingestion, storage growth, requests) are separate lines, each with the assumption that gives its figure. Free
resources are listed at zero with the reason; a type the price file does not know is listed as not priced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review.plan import Change, Plan, config_address, is_unknown

PRICES_FILE = Path(__file__).with_name("prices.json")
PRICED_REGION = "us-east-1"


class Unpriced(Exception):
    """This resource cannot be priced; the message says why."""


@dataclass(frozen=True)
class Prices:
    data: Mapping[str, Any]

    @classmethod
    def load(cls, path: Path = PRICES_FILE) -> Prices:
        return cls(json.loads(path.read_text()))

    @property
    def hours(self) -> float:
        return float(self.data["hours_per_month"])

    def item(self, key: str) -> float:
        return float(self.data["items"][key]["usd"])

    def table(self, key: str, name: str) -> float | None:
        value = self.data["tables"][key]["usd"].get(name)
        return None if value is None else float(value)

    def assumption(self, key: str) -> float:
        return float(self.data["assumptions"][key]["value"])

    def assumed(self, key: str) -> str:
        entry = self.data["assumptions"][key]
        return f"assuming {entry['value']:g} {entry['unit']} ({entry['why']})"

    def free(self, resource_type: str) -> str | None:
        reason = self.data["free"].get(resource_type)
        return str(reason) if reason is not None else None


@dataclass(frozen=True)
class Charge:
    """One priced part of one resource on one side of the change (monthly USD)."""

    what: str
    monthly: float
    formula: str
    prices: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    address: str
    type: str
    kind: str  # fixed, usage, free
    what: str
    before: float | None
    after: float | None
    basis: str  # formula, assumption or reason
    prices: tuple[str, ...] = ()

    @property
    def delta(self) -> float:
        return (self.after or 0.0) - (self.before or 0.0)


@dataclass(frozen=True)
class NotPriced:
    address: str
    type: str
    reason: str


@dataclass
class Estimate:
    region: str | None
    lines: list[Line] = field(default_factory=list)
    not_priced: list[NotPriced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    currency: str = "USD"
    hours_per_month: float = 730.0

    def total(self, kind: str, side: str) -> float:
        return sum(getattr(line, side) or 0.0 for line in self.lines if line.kind == kind)

    @property
    def fixed_before(self) -> float:
        return self.total("fixed", "before")

    @property
    def fixed_after(self) -> float:
        return self.total("fixed", "after")

    @property
    def usage_after(self) -> float:
        return self.total("usage", "after")


@dataclass(frozen=True)
class Side:
    """One side (before or after) of a change, read as plain values (`UNKNOWN` when known only after apply)."""

    change: Change
    name: str

    def get(self, *path: str | int) -> Any:
        return self.change.old(*path) if self.name == "before" else self.change.new(*path)


@dataclass(frozen=True)
class Context:
    plan: Plan
    prices: Prices

    @property
    def hours(self) -> float:
        return self.prices.hours

    def hourly(self, key: str, count: float, what: str, unit: str = "") -> Charge:
        price = self.prices.item(key)
        return Charge(what, count * price * self.hours, f"{count:g}{unit} x ${price:g}/h x {self.hours:g} h", (key,))

    def referenced(self, change: Change, attribute: str, resource_type: str) -> list[Change]:
        """Changes of `resource_type` that `attribute` of `change` refers to in the configuration (every instance
        of a counted resource)."""
        wanted = {config_address(a) for a in self.plan.config.references(change, attribute)}
        return [c for c in self.plan.changes if c.type == resource_type and config_address(c.address) in wanted]


def known_number(value: Any, what: str) -> float:
    if is_unknown(value):
        raise Unpriced(f"{what} is known only after apply")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise Unpriced(f"{what} is {value!r}, not a number") from None


def known_text(value: Any, what: str) -> str:
    if is_unknown(value):
        raise Unpriced(f"{what} is known only after apply")
    if not isinstance(value, str) or not value:
        raise Unpriced(f"{what} is not set")
    return value


def plural(count: float, word: str) -> str:
    return f"{count:g} {word}{'' if count == 1 else 's'}"


def enabled(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


# Fixed charges, by resource type --------------------------------------------------------------------------------------

FixedPricer = Callable[[Side, Context], list[Charge]]
UsagePricer = Callable[[Side, Context], list[Line]]


def nat_gateway(side: Side, context: Context) -> list[Charge]:
    return [context.hourly("nat_gateway_hour", 1, "NAT gateway hours")]


def eip(side: Side, context: Context) -> list[Charge]:
    return [context.hourly("public_ipv4_hour", 1, "public IPv4 address")]


def zones(side: Side, context: Context, attribute: str) -> tuple[int, str]:
    """How many subnets (so zones) a load balancer or endpoint is in, and how that was found."""
    listed = side.get(attribute)
    if isinstance(listed, list) and listed:
        return len(listed), f"{len(listed)} {attribute}"
    if attribute == "subnets":
        mapping = side.get("subnet_mapping")
        if isinstance(mapping, list) and mapping:
            return len(mapping), f"{len(mapping)} subnet_mapping"
    subnets = context.referenced(side.change, attribute, "aws_subnet")
    if subnets:
        return len(subnets), f"{len(subnets)} subnets referenced"
    return 2, "2 zones assumed (the subnets are known only after apply)"


def load_balancer(side: Side, context: Context) -> list[Charge]:
    kind = side.get("load_balancer_type") or "application"
    if is_unknown(kind):
        raise Unpriced("load_balancer_type is known only after apply")
    if kind not in ("application", "network"):
        raise Unpriced(f"{kind} load balancers are not in the price file")
    key = "alb_hour" if kind == "application" else "nlb_hour"
    charges = [context.hourly(key, 1, f"{'Application' if kind == 'application' else 'Network'} Load Balancer hours")]
    if not enabled(side.get("internal")):
        count, how = zones(side, context, "subnets")
        charge = context.hourly("public_ipv4_hour", count, "public IPv4 addresses (one per zone)", " addresses")
        charges.append(Charge(charge.what, charge.monthly, f"{charge.formula} ({how})", charge.prices))
    return charges


def task_definition_of(side: Side, context: Context) -> Change:
    """The task definition a service runs: the one its configuration refers to, else the one whose family the
    service's current task definition ARN names."""
    referenced = context.referenced(side.change, "task_definition", "aws_ecs_task_definition")
    if referenced:
        return referenced[0]
    arn = side.get("task_definition")
    if isinstance(arn, str):
        family = arn.rsplit("/", 1)[-1].split(":")[0]
        for candidate in context.plan.of_type("aws_ecs_task_definition"):
            if family in (candidate.old("family"), candidate.new("family")):
                return candidate
    raise Unpriced("its task definition is not in the plan (cpu and memory unknown)")


def task_size(task: Side) -> tuple[float, float, str]:
    """vCPU, GB of memory and CPU architecture of a task definition's side."""
    cpu = known_number(task.get("cpu"), "the task definition's cpu")
    memory = known_number(task.get("memory"), "the task definition's memory")
    architecture = task.get("runtime_platform", 0, "cpu_architecture")
    architecture = "arm64" if isinstance(architecture, str) and architecture.upper() == "ARM64" else "x86_64"
    return cpu / 1024, memory / 1024, architecture


def fargate_service(side: Side, context: Context) -> list[Charge]:
    launch_type = side.get("launch_type")
    providers = [
        strategy.get("capacity_provider")
        for strategy in side.get("capacity_provider_strategy") or []
        if isinstance(strategy, dict)
    ]
    if launch_type == "EC2" or (providers and not any(str(p).startswith("FARGATE") for p in providers)):
        raise Unpriced("EC2 launch type: the cost is the container instances, not in the plan's service")
    count = known_number(side.get("desired_count") or 0, "desired_count")
    task = Side(task_definition_of(side, context), side.name)
    vcpu, memory, architecture = task_size(task)
    hours = context.hours
    vcpu_key, memory_key = f"fargate_vcpu_hour_{architecture}", f"fargate_gb_hour_{architecture}"
    vcpu_price, memory_price = context.prices.item(vcpu_key), context.prices.item(memory_key)
    spot = " (Fargate Spot in the strategy: priced on demand)" if "FARGATE_SPOT" in providers else ""
    charges = [
        Charge(
            "Fargate vCPU",
            count * vcpu * vcpu_price * hours,
            f"{plural(count, 'task')} x {vcpu:g} vCPU x ${vcpu_price:g}/vCPU-h x {hours:g} h{spot}",
            (vcpu_key,),
        ),
        Charge(
            "Fargate memory",
            count * memory * memory_price * hours,
            f"{plural(count, 'task')} x {memory:g} GB x ${memory_price:g}/GB-h x {hours:g} h",
            (memory_key,),
        ),
    ]
    storage = task.get("ephemeral_storage", 0, "size_in_gib")
    if isinstance(storage, int | float) and storage > 20:
        price = context.prices.item("fargate_ephemeral_gb_hour")
        charges.append(
            Charge(
                "Fargate ephemeral storage above 20 GB",
                count * (storage - 20) * price * hours,
                f"{plural(count, 'task')} x {storage - 20:g} GB x ${price:g}/GB-h x {hours:g} h",
                ("fargate_ephemeral_gb_hour",),
            )
        )
    if enabled(side.get("network_configuration", 0, "assign_public_ip")):
        charges.append(context.hourly("public_ipv4_hour", count, "public IPv4 addresses (one per task)", " tasks"))
    return charges


def db_instance(side: Side, context: Context) -> list[Charge]:
    engine = known_text(side.get("engine"), "engine")
    table = {"postgres": "postgres", "mysql": "mysql", "mariadb": "mysql"}.get(engine)
    if table is None:
        raise Unpriced(f"engine {engine} is not in the price file")
    instance_class = known_text(side.get("instance_class"), "instance_class")
    price = context.prices.table(f"rds_instance_hour_{table}", instance_class)
    if price is None:
        raise Unpriced(f"{instance_class} ({engine}) is not in the price file")
    multi_az = side.get("multi_az")
    copies = 2 if enabled(multi_az) else 1
    deployment = "Multi-AZ (primary + standby)" if copies == 2 else "Single-AZ"
    if is_unknown(multi_az):
        deployment += " (multi_az not set: AWS's default)"
    hours = context.hours
    storage = known_number(side.get("allocated_storage"), "allocated_storage")
    storage_type = side.get("storage_type") or "gp2"
    if is_unknown(storage_type):
        storage_type = "gp2" if side.get("iops") in (None, 0) else "io1"
    storage_key = {"gp3": "gp3", "gp2": "gp2", "io1": "io1", "io2": "io1", "standard": "standard"}.get(storage_type)
    if storage_key is None:
        raise Unpriced(f"storage_type {storage_type} is not in the price file")
    storage_price = context.prices.item(f"rds_storage_{storage_key}_gb_month")
    return [
        Charge(
            f"RDS {instance_class} {deployment}",
            copies * price * hours,
            f"{copies} x ${price:g}/h x {hours:g} h",
            (f"rds_instance_hour_{table}",),
        ),
        Charge(
            f"RDS storage {storage_type}",
            copies * storage * storage_price,
            f"{copies} x {storage:g} GB x ${storage_price:g}/GB-month",
            (f"rds_storage_{storage_key}_gb_month",),
        ),
    ]


def cache_nodes(node_type: str, count: float, engine: Any, context: Context) -> list[Charge]:
    price = context.prices.table("elasticache_node_hour", node_type)
    if price is None:
        raise Unpriced(f"{node_type} is not in the price file")
    factor = context.prices.table("elasticache_engine_factor", str(engine or "redis")) or 1.0
    engine_note = f" x {factor:g} ({engine})" if factor != 1.0 else ""
    return [
        Charge(
            f"ElastiCache {node_type} nodes",
            count * price * factor * context.hours,
            f"{plural(count, 'node')} x ${price:g}/h{engine_note} x {context.hours:g} h",
            ("elasticache_node_hour", "elasticache_engine_factor") if factor != 1.0 else ("elasticache_node_hour",),
        )
    ]


def replication_group(side: Side, context: Context) -> list[Charge]:
    node_type = known_text(side.get("node_type"), "node_type")
    clusters = side.get("num_cache_clusters")
    if clusters in (None, 0):
        groups = known_number(side.get("num_node_groups") or 1, "num_node_groups")
        replicas = known_number(side.get("replicas_per_node_group") or 0, "replicas_per_node_group")
        count = groups * (replicas + 1)
    else:
        count = known_number(clusters, "num_cache_clusters")
    return cache_nodes(node_type, count, side.get("engine"), context)


def cache_cluster(side: Side, context: Context) -> list[Charge]:
    if side.get("replication_group_id"):
        return []  # a member of a replication group: its nodes are priced on the group
    node_type = known_text(side.get("node_type"), "node_type")
    count = known_number(side.get("num_cache_nodes") or 1, "num_cache_nodes")
    return cache_nodes(node_type, count, side.get("engine"), context)


def lightsail_containers(side: Side, context: Context) -> list[Charge]:
    power = known_text(side.get("power"), "power")
    scale = known_number(side.get("scale"), "scale")
    price = context.prices.table("lightsail_container_power_month", power)
    if price is None:
        raise Unpriced(f"power {power} is not in the price file")
    return [
        Charge(
            f"Lightsail containers, {power}",
            scale * price,
            f"{plural(scale, 'node')} x ${price:g}/month",
            ("lightsail_container_power_month",),
        )
    ]


def lightsail_database(side: Side, context: Context) -> list[Charge]:
    bundle = known_text(side.get("bundle_id"), "bundle_id")
    size = re.sub(r"_\d+_\d+$", "", bundle)
    price = context.prices.table("lightsail_database_bundle_month", size)
    if price is None:
        raise Unpriced(f"bundle {bundle} is not in the price file")
    return [Charge(f"Lightsail database, {bundle}", price, f"${price:g}/month", ("lightsail_database_bundle_month",))]


def monthly(key: str, what: str, count: float = 1) -> FixedPricer:
    def pricer(side: Side, context: Context) -> list[Charge]:
        price = context.prices.item(key)
        return [Charge(what, count * price, f"{count:g} x ${price:g}/month", (key,))]

    return pricer


def kms_key(side: Side, context: Context) -> list[Charge]:
    price = context.prices.item("kms_key_month")
    rotation = (
        " (rotated yearly: +$1 after the first rotation, +$1 after the second)"
        if enabled(side.get("enable_key_rotation"))
        else ""
    )
    return [Charge("KMS key", price, f"1 x ${price:g}/month{rotation}", ("kms_key_month",))]


def secret(side: Side, context: Context) -> list[Charge]:
    replicas = side.get("replica")
    count = 1 + (len(replicas) if isinstance(replicas, list) else 0)
    price = context.prices.item("secret_month")
    return [Charge("Secrets Manager secret", count * price, f"{count:g} x ${price:g}/month", ("secret_month",))]


def metric_alarm(side: Side, context: Context) -> list[Charge]:
    queries = side.get("metric_query")
    metrics = 1
    periods = [side.get("period")]
    if isinstance(queries, list) and queries:
        with_metric = [q for q in queries if isinstance(q, dict) and q.get("metric")]
        metrics = max(1, len(with_metric))
        periods += [q["metric"][0].get("period") for q in with_metric if isinstance(q["metric"], list)]
    if side.get("threshold_metric_id"):
        metrics = 3  # anomaly detection: the metric and its two bands
    high_resolution = any(isinstance(p, int | float) and 0 < p < 60 for p in periods)
    key = "alarm_high_resolution_metric_month" if high_resolution else "alarm_standard_metric_month"
    price = context.prices.item(key)
    kind = "high-resolution" if high_resolution else "standard"
    return [
        Charge(f"CloudWatch alarm ({kind})", metrics * price, f"{plural(metrics, 'metric')} x ${price:g}/month", (key,))
    ]


PAID_RULE_GROUPS = ("AWSManagedRulesBotControlRuleSet", "AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet")
"""AWS managed rule groups with their own monthly subscription and request fees (the others cost only the rule)."""


def web_acl(side: Side, context: Context) -> list[Charge]:
    rules = side.get("rule")
    if is_unknown(rules):
        raise Unpriced("its rules are known only after apply")
    count = len(rules) if isinstance(rules, list) else 0
    acl, rule = context.prices.item("waf_web_acl_month"), context.prices.item("waf_rule_month")
    paid = sorted(
        name
        for item in rules or []
        for statement in (item.get("statement") or [{}] if isinstance(item, dict) else [])
        for group in (statement.get("managed_rule_group_statement") or [] if isinstance(statement, dict) else [])
        if isinstance(group, dict) and (name := group.get("name")) in PAID_RULE_GROUPS
    )
    extra = f" (plus the subscription and request fees of {', '.join(paid)}: not priced)" if paid else ""
    return [
        Charge("WAF web ACL", acl, f"1 x ${acl:g}/month", ("waf_web_acl_month",)),
        Charge("WAF rules", count * rule, f"{plural(count, 'rule')} x ${rule:g}/month{extra}", ("waf_rule_month",)),
    ]


def ec2_instance(side: Side, context: Context) -> list[Charge]:
    instance_type = known_text(side.get("instance_type"), "instance_type")
    price = context.prices.table("ec2_instance_hour", instance_type)
    if price is None:
        raise Unpriced(f"{instance_type} is not in the price file")
    charges = [
        Charge(
            f"EC2 {instance_type}",
            price * context.hours,
            f"1 x ${price:g}/h x {context.hours:g} h",
            ("ec2_instance_hour",),
        )
    ]
    size = side.get("root_block_device", 0, "volume_size")
    volume_type = side.get("root_block_device", 0, "volume_type")
    assumed = not isinstance(size, int | float)
    size = 8 if assumed else size
    key = "ebs_gp2_gb_month" if volume_type == "gp2" else "ebs_gp3_gb_month"
    gb_price = context.prices.item(key)
    charges.append(
        Charge(
            "EBS root volume",
            size * gb_price,
            f"{size:g} GB{' (assumed: the AMI default)' if assumed else ''} x ${gb_price:g}/GB-month",
            (key,),
        )
    )
    if enabled(side.get("associate_public_ip_address")):
        charges.append(context.hourly("public_ipv4_hour", 1, "public IPv4 address"))
    return charges


def ebs_volume(side: Side, context: Context) -> list[Charge]:
    size = known_number(side.get("size"), "size")
    key = "ebs_gp2_gb_month" if side.get("type") == "gp2" else "ebs_gp3_gb_month"
    price = context.prices.item(key)
    return [Charge("EBS volume", size * price, f"{size:g} GB x ${price:g}/GB-month", (key,))]


def vpc_endpoint(side: Side, context: Context) -> list[Charge]:
    kind = side.get("vpc_endpoint_type") or "Gateway"
    if kind == "Gateway":
        return []
    if kind != "Interface":
        raise Unpriced(f"{kind} endpoints are not in the price file")
    count, how = zones(side, context, "subnet_ids")
    charge = context.hourly("vpc_interface_endpoint_az_hour", count, "interface endpoint hours", " zones")
    return [Charge(charge.what, charge.monthly, f"{charge.formula} ({how})", charge.prices)]


def dynamodb_table(side: Side, context: Context) -> list[Charge]:
    if side.get("billing_mode") != "PROVISIONED":
        return []
    reads = known_number(side.get("read_capacity") or 0, "read_capacity")
    writes = known_number(side.get("write_capacity") or 0, "write_capacity")
    return [
        context.hourly("dynamodb_rcu_hour", reads, "provisioned read capacity", " RCU"),
        context.hourly("dynamodb_wcu_hour", writes, "provisioned write capacity", " WCU"),
    ]


def ssm_parameter(side: Side, context: Context) -> list[Charge]:
    if side.get("tier") != "Advanced":
        return []
    return monthly("ssm_advanced_parameter_month", "SSM advanced parameter")(side, context)


FIXED: dict[str, FixedPricer] = {
    "aws_nat_gateway": nat_gateway,
    "aws_eip": eip,
    "aws_lb": load_balancer,
    "aws_alb": load_balancer,
    "aws_ecs_service": fargate_service,
    "aws_db_instance": db_instance,
    "aws_elasticache_replication_group": replication_group,
    "aws_elasticache_cluster": cache_cluster,
    "aws_lightsail_container_service": lightsail_containers,
    "aws_lightsail_database": lightsail_database,
    "aws_kms_key": kms_key,
    "aws_kms_replica_key": monthly("kms_key_month", "KMS replica key"),
    "aws_secretsmanager_secret": secret,
    "aws_cloudwatch_metric_alarm": metric_alarm,
    "aws_cloudwatch_composite_alarm": monthly("alarm_composite_month", "CloudWatch composite alarm"),
    "aws_cloudwatch_dashboard": monthly("dashboard_month", "CloudWatch dashboard"),
    "aws_wafv2_web_acl": web_acl,
    "aws_route53_zone": monthly("route53_zone_month", "Route 53 hosted zone"),
    "aws_instance": ec2_instance,
    "aws_ebs_volume": ebs_volume,
    "aws_vpc_endpoint": vpc_endpoint,
    "aws_dynamodb_table": dynamodb_table,
    "aws_ssm_parameter": ssm_parameter,
}


# Usage-based charges (after the change only), each with its assumption ------------------------------------------------


def usage(
    side: Side,
    context: Context,
    what: str,
    price_key: str,
    assumption: str,
    quantity: float | None = None,
    per: float = 1,
) -> Line:
    """A usage line: `quantity` (default: the assumption's value) x the price of `price_key` / `per`."""
    amount = context.prices.assumption(assumption) if quantity is None else quantity
    price = context.prices.item(price_key)
    return Line(
        side.change.label,
        side.change.type,
        "usage",
        what,
        None,
        amount * price / per,
        f"{context.prices.assumed(assumption)}; ${price:g} {context.prices.data['items'][price_key]['unit']}",
        (price_key,),
    )


def free_usage(side: Side, what: str, reason: str) -> Line:
    return Line(side.change.label, side.change.type, "usage", what, None, 0.0, reason)


def usage_nat(side: Side, context: Context) -> list[Line]:
    return [usage(side, context, "NAT data processing", "nat_gateway_gb", "nat_gb_per_gateway_month")]


def usage_load_balancer(side: Side, context: Context) -> list[Line]:
    kind = side.get("load_balancer_type") or "application"
    key = "alb_lcu_hour" if kind == "application" else "nlb_nlcu_hour"
    lcu = context.prices.assumption("alb_lcu_average")
    return [usage(side, context, "load balancer capacity units", key, "alb_lcu_average", lcu * context.hours)]


def usage_service(side: Side, context: Context) -> list[Line]:
    """What autoscaling could add: stated, not summed (the estimate assumes the service stays at desired_count)."""
    service_name = side.get("name")
    for target in context.plan.of_type("aws_appautoscaling_target"):
        resource_id = target.new("resource_id")
        if not (
            isinstance(resource_id, str) and isinstance(service_name, str) and resource_id.endswith(f"/{service_name}")
        ):
            continue
        maximum, desired = target.new("max_capacity"), side.get("desired_count")
        if not isinstance(maximum, int | float) or not isinstance(desired, int | float) or maximum <= desired:
            continue
        try:
            per_task = sum(c.monthly for c in fargate_service(side, context) if c.what.startswith("Fargate")) / max(
                desired, 1
            )
        except Unpriced:
            return []
        return [
            Line(
                side.change.label,
                side.change.type,
                "usage",
                "autoscaling above desired_count",
                None,
                0.0,
                f"assuming no scale-out; each extra task adds ${per_task:.2f}/month, so {maximum:g} tasks all month "
                f"would add ${per_task * (maximum - desired):.2f}",
            )
        ]
    return []


def usage_one_off_task(side: Side, context: Context) -> list[Line]:
    """A task definition no service runs (a migration task): billed per run."""
    for service in context.plan.of_type("aws_ecs_service"):
        if side.change in context.referenced(service, "task_definition", "aws_ecs_task_definition"):
            return []
    try:
        vcpu, memory, architecture = task_size(side)
    except Unpriced:
        return []
    minutes = context.prices.assumption("one_off_task_minutes_month")
    vcpu_key, memory_key = f"fargate_vcpu_hour_{architecture}", f"fargate_gb_hour_{architecture}"
    hourly = vcpu * context.prices.item(vcpu_key) + memory * context.prices.item(memory_key)
    return [
        Line(
            side.change.label,
            side.change.type,
            "usage",
            "one-off task runs",
            None,
            hourly * minutes / 60,
            f"{context.prices.assumed('one_off_task_minutes_month')}; {vcpu:g} vCPU + {memory:g} GB at "
            f"${hourly:.5f}/task-hour",
            (vcpu_key, memory_key),
        )
    ]


def usage_database(side: Side, context: Context) -> list[Line]:
    lines = [
        free_usage(side, "backup storage", "free up to 100% of the provisioned storage (7 days of a small database)")
    ]
    interval = side.get("monitoring_interval")
    if isinstance(interval, int | float) and interval > 0:
        lines.append(
            usage(side, context, "Enhanced Monitoring logs", "logs_ingestion_gb", "rds_enhanced_monitoring_gb_month")
        )
    if enabled(side.get("performance_insights_enabled")):
        retention = side.get("performance_insights_retention_period")
        if retention in (None, 7):
            lines.append(free_usage(side, "Performance Insights", "7 days of history are free"))
    allocated, maximum = side.get("allocated_storage"), side.get("max_allocated_storage")
    if isinstance(allocated, int | float) and isinstance(maximum, int | float) and maximum > allocated:
        copies = 2 if enabled(side.get("multi_az")) else 1
        price = context.prices.item("rds_storage_gp3_gb_month")
        lines.append(
            Line(
                side.change.label,
                side.change.type,
                "usage",
                "storage autoscaling",
                None,
                0.0,
                f"assuming no growth; at the {maximum:g} GB cap storage would cost "
                f"${copies * maximum * price:.2f}/month (now {allocated:g} GB)",
                ("rds_storage_gp3_gb_month",),
            )
        )
    return lines


def usage_cache(side: Side, context: Context) -> list[Line]:
    retention = side.get("snapshot_retention_limit")
    if isinstance(retention, int | float) and retention > 0:
        return [usage(side, context, "snapshot storage", "elasticache_backup_gb_month", "elasticache_backup_gb")]
    return []


def flow_log_destination(side: Side, context: Context) -> bool:
    """True when a VPC flow log delivers into this log group (its ingestion is priced as vended logs there)."""
    arn = side.get("arn")
    for flow_log in context.plan.of_type("aws_flow_log"):
        if side.change in context.referenced(flow_log, "log_destination", side.change.type):
            return True
        if isinstance(arn, str) and flow_log.new("log_destination") == arn:
            return True
    return False


def usage_log_group(side: Side, context: Context) -> list[Line]:
    infrequent = side.get("log_group_class") == "INFREQUENT_ACCESS"
    key = "logs_ingestion_infrequent_gb" if infrequent else "logs_ingestion_gb"
    if flow_log_destination(side, context):
        lines = [free_usage(side, "log ingestion", "priced on the flow log that delivers here (vended logs)")]
    else:
        lines = [usage(side, context, "log ingestion", key, "log_gb_per_group_month")]
    retention = side.get("retention_in_days")
    months = (retention / 30) if isinstance(retention, int | float) and retention > 0 else 12.0
    gb = context.prices.assumption("log_gb_per_group_month") * months
    lines.append(usage(side, context, "log storage", "logs_storage_gb_month", "log_gb_per_group_month", gb))
    return lines


def usage_flow_log(side: Side, context: Context) -> list[Line]:
    return [usage(side, context, "flow log delivery", "vended_logs_ingestion_gb", "flow_log_gb_month")]


def usage_bucket(side: Side, context: Context) -> list[Line]:
    return [usage(side, context, "object storage", "s3_standard_gb_month", "s3_gb_stored")]


def usage_table(side: Side, context: Context) -> list[Line]:
    lines = []
    if side.get("billing_mode") != "PROVISIONED":
        requests = context.prices.assumption("dynamodb_requests_month")
        lines += [
            usage(
                side,
                context,
                "write requests",
                "dynamodb_write_request_million",
                "dynamodb_requests_month",
                requests,
                1e6,
            ),
            usage(
                side,
                context,
                "read requests",
                "dynamodb_read_request_million",
                "dynamodb_requests_month",
                requests,
                1e6,
            ),
        ]
    lines.append(usage(side, context, "table storage", "dynamodb_storage_gb_month", "dynamodb_gb_stored"))
    if enabled(side.get("point_in_time_recovery", 0, "enabled")):
        lines.append(usage(side, context, "point-in-time recovery", "dynamodb_pitr_gb_month", "dynamodb_gb_stored"))
    return lines


def usage_cluster(side: Side, context: Context) -> list[Line]:
    settings = side.get("setting")
    insights = any(
        isinstance(s, dict) and s.get("name") == "containerInsights" and s.get("value") in ("enabled", "enhanced")
        for s in settings or []
    )
    if not insights:
        return []
    return [usage(side, context, "Container Insights metrics", "custom_metric_month", "container_insights_metrics")]


def usage_key(side: Side, context: Context) -> list[Line]:
    requests = context.prices.assumption("kms_requests_per_key_month")
    return [usage(side, context, "API requests", "kms_requests_10k", "kms_requests_per_key_month", requests, 1e4)]


def usage_secret(side: Side, context: Context) -> list[Line]:
    calls = context.prices.assumption("secret_api_calls_per_secret_month")
    return [usage(side, context, "API calls", "secret_api_calls_10k", "secret_api_calls_per_secret_month", calls, 1e4)]


def usage_topic(side: Side, context: Context) -> list[Line]:
    return [free_usage(side, "notifications", context.prices.assumed("sns_email_notifications_month"))]


def usage_zone(side: Side, context: Context) -> list[Line]:
    return [usage(side, context, "DNS queries", "route53_queries_million", "route53_queries_million")]


def usage_web_acl(side: Side, context: Context) -> list[Line]:
    return [usage(side, context, "requests inspected", "waf_requests_million", "waf_requests_million")]


def usage_endpoint(side: Side, context: Context) -> list[Line]:
    if (side.get("vpc_endpoint_type") or "Gateway") == "Interface":
        return [usage(side, context, "data processed", "vpc_interface_endpoint_gb", "nat_gb_per_gateway_month")]
    return []


def usage_lightsail(side: Side, context: Context) -> list[Line]:
    return [
        free_usage(side, "data transfer", context.prices.assumed("lightsail_data_transfer_overage_gb")),
    ]


USAGE: dict[str, UsagePricer] = {
    "aws_nat_gateway": usage_nat,
    "aws_lb": usage_load_balancer,
    "aws_alb": usage_load_balancer,
    "aws_ecs_service": usage_service,
    "aws_ecs_task_definition": usage_one_off_task,
    "aws_db_instance": usage_database,
    "aws_elasticache_replication_group": usage_cache,
    "aws_elasticache_cluster": usage_cache,
    "aws_cloudwatch_log_group": usage_log_group,
    "aws_flow_log": usage_flow_log,
    "aws_s3_bucket": usage_bucket,
    "aws_dynamodb_table": usage_table,
    "aws_ecs_cluster": usage_cluster,
    "aws_kms_key": usage_key,
    "aws_secretsmanager_secret": usage_secret,
    "aws_sns_topic": usage_topic,
    "aws_route53_zone": usage_zone,
    "aws_wafv2_web_acl": usage_web_acl,
    "aws_vpc_endpoint": usage_endpoint,
    "aws_lightsail_container_service": usage_lightsail,
    "aws_ecr_repository": lambda side, context: [
        usage(side, context, "image storage", "ecr_storage_gb_month", "ecr_gb_stored")
    ],
    "aws_efs_file_system": lambda side, context: [
        usage(side, context, "file storage", "efs_standard_gb_month", "efs_gb_stored")
    ],
}


def known_types(prices: Prices) -> set[str]:
    return set(FIXED) | set(USAGE) | set(prices.data["free"])


def estimate_cost(plan: Plan, prices: Prices) -> Estimate:
    """The monthly estimate of every managed resource in the plan, before and after (unchanged ones included)."""
    context = Context(plan, prices)
    estimate = Estimate(region=plan.region, hours_per_month=prices.hours, currency=prices.data["currency"])
    if plan.region is None:
        estimate.notes.append(f"The region is not a constant in the configuration: priced with {PRICED_REGION} prices.")
    elif plan.region != PRICED_REGION:
        estimate.notes.append(
            f"The resources are in {plan.region}: priced with {PRICED_REGION} list prices, which differ from "
            f"{plan.region}'s."
        )
    estimate.notes.append(
        "Not estimated: data transfer out to the internet ($0.09/GB after 100 GB a month free per account) and "
        "cross-zone traffic."
    )
    for change in plan.changes:
        price_change(change, context, estimate)
    return estimate


FIXED_FREE_REASONS = {
    "aws_vpc_endpoint": "gateway endpoints (S3, DynamoDB) are free",
    "aws_elasticache_cluster": "a member of a replication group: priced with the group",
    "aws_dynamodb_table": "on-demand capacity: priced by requests (usage)",
    "aws_ssm_parameter": "standard parameters are free",
}


def price_change(change: Change, context: Context, estimate: Estimate) -> None:
    fixed, usage_pricer = FIXED.get(change.type), USAGE.get(change.type)
    free = context.prices.free(change.type)
    if fixed is None and usage_pricer is None and free is None:
        estimate.not_priced.append(NotPriced(change.label, change.type, "no price in review/prices.json"))
        return
    exists_before = change.before is not None and change.action != "create"
    exists_after = change.after is not None and change.action not in ("delete", "forget")
    sides: dict[str, list[Charge]] = {}
    try:
        if fixed is not None:
            if exists_before:
                sides["before"] = fixed(Side(change, "before"), context)
            if exists_after:
                sides["after"] = fixed(Side(change, "after"), context)
    except Unpriced as unpriced:
        estimate.not_priced.append(NotPriced(change.label, change.type, str(unpriced)))
        return
    names: list[str] = []
    for charges in sides.values():
        names += [charge.what for charge in charges if charge.what not in names]
    for name in names:
        before = [c for c in sides.get("before", []) if c.what == name]
        after = [c for c in sides.get("after", []) if c.what == name]
        basis = (after or before)[0].formula
        if before and after and before[0].formula != after[0].formula:
            basis = f"{before[0].formula} → {after[0].formula}"
        estimate.lines.append(
            Line(
                change.label,
                change.type,
                "fixed",
                name,
                sum(c.monthly for c in before) if exists_before else None,
                sum(c.monthly for c in after) if exists_after else None,
                basis,
                (after or before)[0].prices,
            )
        )
    if not names:
        reason = free or FIXED_FREE_REASONS.get(change.type) or "no fixed charge: priced by usage only"
        estimate.lines.append(
            Line(
                change.label,
                change.type,
                "free",
                "no fixed charge",
                0.0 if exists_before else None,
                0.0 if exists_after else None,
                reason,
            )
        )
    if usage_pricer is not None and exists_after:
        estimate.lines += usage_pricer(Side(change, "after"), context)
