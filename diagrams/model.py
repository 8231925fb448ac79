"""A synthesized stack (`cdk.tf.json`) as a graph to draw: nodes in network zones, flows, and other relations.

    graph = read_stack(json.loads(Path("cdktf.out/stacks/dev/cdk.tf.json").read_text()))
    graph.flows     # who may open connections to whom, on which port: one per security-group rule pair

Only the JSON is read (no cdktf import). What each resource type contributes is one row of `KINDS`; flows come
from the security-group rules that `modules/security.connect()` writes (an egress rule on the source and an
ingress rule on the target, referencing each other's groups) and from the rules to or from a CIDR (the load
balancer's listeners, the tasks' HTTPS out). Lightsail has no security groups: its flows are read from the
container deployment (the public endpoint, and the database and Redis URLs the app is given).
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Body = Mapping[str, Any]
Address = str
"""`type.name` of a resource, as Terraform writes it."""

REFERENCE = re.compile(r"(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.")
WORLD = ("0.0.0.0/0", "::/0")
INTERNET = "internet"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    shape: str
    """box, cylinder, circle, hexagon, subroutine, stadium."""
    zone: str | None
    """public, private (subnet tiers), vpc (in the VPC, not in a subnet), or None (outside the VPC)."""
    group: str | None = None
    """Drawn inside this group (a Lightsail container service holds its containers)."""


@dataclass(frozen=True)
class Flow:
    """Members of `source` may open `protocol` connections to `target` on `ports`."""

    source: str
    target: str
    protocol: str
    ports: str
    what: str
    rules: tuple[Address, ...] = ()
    """The security-group rules that allow it: a `connect()` pair has two, a rule to or from a CIDR one."""


@dataclass(frozen=True)
class Relation:
    """Anything else worth drawing (dotted): encryption, secrets read, routes, WAF."""

    source: str
    target: str
    label: str


@dataclass
class Graph:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    zones: dict[str, str] = field(default_factory=dict)
    """Zone -> its label (public and private subnets, the VPC itself)."""
    groups: dict[str, str] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def add(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)


class Stack:
    """The `resource` and `data` sections of one cdk.tf.json, by address."""

    def __init__(self, document: Body) -> None:
        self.resources: dict[Address, Body] = {}
        for section, prefix in (("resource", ""), ("data", "data.")):
            for type_, blocks in (document.get(section) or {}).items():
                for name, body in blocks.items():
                    self.resources[f"{prefix}{type_}.{name}"] = {k: v for k, v in body.items() if k != "//"}

    def of_type(self, type_: str) -> Iterator[tuple[Address, Body]]:
        return ((address, body) for address, body in self.resources.items() if address.split(".")[0] == type_)

    def get(self, address: Address) -> Body:
        return self.resources.get(address, {})


def references(value: Any) -> list[Address]:
    """Every resource address a value refers to (`${aws_x.y.attr}`, also inside strings of JSON), in order."""
    found: list[Address] = []
    for text in strings(value):
        for is_data, type_, name in REFERENCE.findall(text):
            address = f"{is_data}{type_}.{name}"
            if address not in found:
                found.append(address)
    return found


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def at(body: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if isinstance(body, list):
            body = body[0] if body else None
        if not isinstance(body, Mapping):
            return None
        body = body.get(key)
    return body


def node_id(address: Address) -> str:
    """A Mermaid id: the resource name (`aws_lb.load_balancer` -> `load_balancer`)."""
    return re.sub(r"\W", "_", address.split(".")[-1])


# What each drawn resource type is -------------------------------------------------------------------------------


def _task_definition(stack: Stack, service: Body) -> Body:
    (address, *_) = references(service.get("task_definition")) or [""]
    return stack.get(address)


def _service_label(stack: Stack, body: Body) -> str:
    task = _task_definition(stack, body)
    role = "App service" if body.get("load_balancer") else "Worker service"
    size = f"{task.get('cpu', '?')} CPU units, {task.get('memory', '?')} MiB"
    return f"{role} (ECS Fargate)<br/>{body.get('name')}<br/>{body.get('desired_count', '?')} task(s), {size}"


def _database_label(stack: Stack, body: Body) -> str:
    multi_az = ", Multi-AZ" if body.get("multi_az") is True else ""
    return (
        f"{str(body.get('engine', 'database')).replace('postgres', 'PostgreSQL')} {body.get('engine_version', '')}"
        f"<br/>RDS {body.get('instance_class')}{multi_az}"
    )


def _cache_label(stack: Stack, body: Body) -> str:
    failover = ", failover" if body.get("automatic_failover_enabled") is True else ""
    return (
        f"Redis {body.get('engine_version', '')}<br/>ElastiCache {body.get('num_cache_clusters', 1)} x "
        f"{body.get('node_type')}{failover}"
    )


def _waf_label(stack: Stack, body: Body) -> str:
    rules = ", ".join(str(rule.get("name")) for rule in body.get("rule") or [])
    return f"AWS WAF web ACL<br/>{rules}" if rules else "AWS WAF web ACL"


def _codedeploy_label(stack: Stack, body: Body) -> str:
    config = body.get("blue_green_deployment_config") or {}
    bake = (config.get("terminate_blue_instances_on_deployment_success") or {}).get("termination_wait_time_in_minutes")
    return f"CodeDeploy blue/green<br/>{bake} min bake, rolls back on alarms" if bake else "CodeDeploy blue/green"


def _lightsail_database_label(stack: Stack, body: Body) -> str:
    return f"Lightsail database<br/>{body.get('blueprint_id')}, {body.get('bundle_id')}"


@dataclass(frozen=True)
class Kind:
    """How one resource type is drawn. `security_groups` and `subnets` are paths into its body; a subnet path may
    end at a subnet group's reference, whose `subnet_ids` are then read."""

    label: Callable[[Stack, Body], str]
    shape: str = "box"
    security_groups: tuple[str, ...] = ()
    subnets: tuple[str, ...] = ()
    grouped: str | None = None
    """Draw all resources of this type as one node with this id (secrets, NAT gateways), counting them."""


KINDS: dict[str, Kind] = {
    "aws_lb": Kind(
        lambda stack, body: f"Application Load Balancer<br/>{body.get('name')}",
        security_groups=("security_groups",),
        subnets=("subnets",),
    ),
    "aws_ecs_service": Kind(
        _service_label,
        security_groups=("network_configuration", "security_groups"),
        subnets=("network_configuration", "subnets"),
    ),
    "aws_db_instance": Kind(
        _database_label, "cylinder", security_groups=("vpc_security_group_ids",), subnets=("db_subnet_group_name",)
    ),
    "aws_elasticache_replication_group": Kind(
        _cache_label, "cylinder", security_groups=("security_group_ids",), subnets=("subnet_group_name",)
    ),
    "aws_nat_gateway": Kind(lambda stack, body: "NAT gateway", "stadium", subnets=("subnet_id",), grouped="nat"),
    "aws_internet_gateway": Kind(lambda stack, body: "Internet gateway", "stadium"),
    "aws_wafv2_web_acl": Kind(_waf_label, "hexagon"),
    "aws_kms_key": Kind(lambda stack, body: "KMS key<br/>(rotated yearly)", "hexagon"),
    "aws_secretsmanager_secret": Kind(lambda stack, body: "Secrets Manager", "subroutine", grouped="secrets"),
    "aws_lightsail_database": Kind(_lightsail_database_label, "cylinder"),
    "aws_codedeploy_deployment_group": Kind(_codedeploy_label, "hexagon"),
}
"""Resource type -> how it is drawn. Types not listed (roles, log groups, alarms, rules...) are not nodes."""


# Reading a stack ------------------------------------------------------------------------------------------------


def read_stack(document: Body, title: str = "") -> Graph:
    stack = Stack(document)
    graph = Graph(title=title)
    owners = _nodes(stack, graph)
    _zones(stack, graph)
    _security_group_flows(stack, graph, owners)
    _lightsail(stack, graph)
    _relations(stack, graph, owners)
    return graph


def _nodes(stack: Stack, graph: Graph) -> dict[Address, str]:
    """Adds a node per drawn resource; returns resource address -> node id, security groups included (a group
    maps to the node that uses it, so a rule about the group is a flow of that node)."""
    owners: dict[Address, str] = {}
    counts: dict[str, int] = {}
    for address, body in stack.resources.items():
        type_ = address.split(".")[0]
        kind = KINDS.get(type_)
        if kind is None:
            continue
        id = kind.grouped or node_id(address)
        counts[id] = counts.get(id, 0) + 1
        label = kind.label(stack, body)
        if kind.grouped:
            label = f"{label} x {counts[id]}" if counts[id] > 1 else label
            if type_ == "aws_secretsmanager_secret":
                names = [str(b.get("name", "")).rsplit("/", 1)[-1] for _, b in stack.of_type(type_)]
                label = f"Secrets Manager<br/>{', '.join(names)}"
        graph.nodes[id] = Node(id, label, kind.shape, _zone_of(stack, body, kind.subnets, type_))
        owners[address] = id
        for group in references(at(body, kind.security_groups)) if kind.security_groups else []:
            owners[group] = id
    for address, body in stack.of_type("aws_security_group"):
        if address not in owners:  # a group nothing drawn uses: draw the group itself, so no rule goes unseen
            owners[address] = node_id(address)
            graph.add(Node(node_id(address), f"Security group<br/>{body.get('name')}", "box", "vpc"))
    return owners


def _zone_of(stack: Stack, body: Body, path: tuple[str, ...], type_: str) -> str | None:
    if type_ == "aws_internet_gateway":
        return "vpc"
    if not path:
        return None
    subnets: list[Address] = []
    for address in references(at(body, path)):
        if address.startswith("aws_subnet."):
            subnets.append(address)
        else:  # a DB or cache subnet group
            subnets.extend(a for a in references(stack.get(address).get("subnet_ids")) if a.startswith("aws_subnet."))
    tiers = {_tier(stack, subnet) for subnet in subnets}
    return tiers.pop() if len(tiers) == 1 else "vpc"


def _tier(stack: Stack, subnet: Address) -> str:
    tags = stack.get(subnet).get("tags") or {}
    return str(tags.get("Tier", "vpc"))


CIDRSUBNET = re.compile(r'^\$\{cidrsubnet\("([0-9./]+)",\s*(\d+),\s*(\d+)\)\}$')


def cidr(value: Any) -> str | None:
    """A subnet's CIDR: the literal, or Terraform's `cidrsubnet(prefix, newbits, netnum)` computed here."""
    if not isinstance(value, str):
        return None
    match = CIDRSUBNET.match(value)
    if match is None:
        return None if value.startswith("${") else value
    network = ipaddress.ip_network(match.group(1))
    bits, number = int(match.group(2)), int(match.group(3))
    return str(list(network.subnets(prefixlen_diff=bits))[number]) if bits <= 16 else None


def _zones(stack: Stack, graph: Graph) -> None:
    default_route = _default_routes(stack)
    for _, body in stack.of_type("aws_vpc"):
        graph.zones["vpc"] = f"VPC {body.get('cidr_block', '')}"
    for tier in ("public", "private"):
        subnets = [(a, b) for a, b in stack.of_type("aws_subnet") if _tier(stack, a) == tier]
        if not subnets:
            continue
        blocks = ", ".join(c for c in (cidr(b.get("cidr_block")) for _, b in subnets) if c)
        routes = {default_route.get(a) for a, _ in subnets}
        way_out = (
            "no route to the internet"
            if routes == {None}
            else "internet via NAT"
            if routes <= {"nat"}
            else "internet via the internet gateway"
            if routes <= {"internet_gateway"}
            else "internet routes differ per subnet"
        )
        graph.zones[tier] = f"{tier.capitalize()} subnets · {len(subnets)} zones · {way_out}<br/>{blocks}"


def _default_routes(stack: Stack) -> dict[Address, str | None]:
    """Subnet -> where its 0.0.0.0/0 route goes (`nat`, `internet_gateway`), None without one."""
    tables: dict[Address, str | None] = {}
    for address, body in stack.of_type("aws_route_table"):
        tables[address] = None
        for route in body.get("route") or []:
            if route.get("cidr_block") == WORLD[0]:
                target = references([route.get("nat_gateway_id"), route.get("gateway_id")])
                if target:
                    tables[address] = "nat" if target[0].startswith("aws_nat_gateway.") else "internet_gateway"
    routes: dict[Address, str | None] = {}
    for _, association in stack.of_type("aws_route_table_association"):
        (table, *_) = references(association.get("route_table_id")) or [""]
        for subnet in references(association.get("subnet_id")):
            routes[subnet] = tables.get(table)
    return routes


def _ports(rule: Body) -> str:
    low, high = rule.get("from_port"), rule.get("to_port")
    if rule.get("ip_protocol") in ("-1", "all") or low is None or high is None:
        return "all"
    return f"{int(low)}" if low == high else f"{int(low)}-{int(high)}"


def _what(description: Any) -> str:
    """`PostgreSQL to the database` -> `PostgreSQL` (connect() writes `<what> to/from the <peer>`)."""
    text = str(description or "")
    return re.split(r" (?:to|from) ", text, maxsplit=1)[0] if text else ""


def _security_group_flows(stack: Stack, graph: Graph, owners: dict[Address, str]) -> None:
    flows: dict[tuple[str, str, str, str], tuple[str, list[Address]]] = {}
    for direction in ("ingress", "egress"):
        for address, rule in stack.of_type(f"aws_vpc_security_group_{direction}_rule"):
            (group, *_) = references(rule.get("security_group_id")) or [""]
            peer_refs = references(rule.get("referenced_security_group_id"))
            peer_cidr = rule.get("cidr_ipv4") or rule.get("cidr_ipv6") or rule.get("prefix_list_id")
            if peer_refs:
                peer = owners.get(peer_refs[0], node_id(peer_refs[0]))
            else:
                peer = INTERNET if peer_cidr in WORLD else "cidr_" + re.sub(r"\W", "_", str(peer_cidr))
                label = "Internet" if peer == INTERNET else str(peer_cidr)
                graph.add(Node(peer, label, "circle", None))
            me = owners.get(group, node_id(group))
            source, target = (peer, me) if direction == "ingress" else (me, peer)
            key = (source, target, str(rule.get("ip_protocol", "tcp")), _ports(rule))
            what, rules = flows.get(key, (_what(rule.get("description")), []))
            flows[key] = (what, [*rules, address])
    for (source, target, protocol, ports), (what, rules) in flows.items():
        graph.flows.append(Flow(source, target, protocol, ports, what, tuple(sorted(rules))))


def _relations(stack: Stack, graph: Graph, owners: dict[Address, str]) -> None:
    drawn = {address: id for address, id in owners.items() if not address.startswith("aws_security_group.")}

    def relate(source: str, target: str, label: str) -> None:
        relation = Relation(source, target, label)
        if source != target and relation not in graph.relations:
            graph.relations.append(relation)

    for address, id in drawn.items():
        body = stack.get(address)
        seen = references(body)
        if address.startswith("aws_ecs_service."):
            seen += references(_task_definition(stack, body))  # the secrets a task reads are in its definition
        for reference in seen:
            target = drawn.get(reference)
            if target is None:
                continue
            if reference.startswith("aws_kms_key."):
                relate(target, id, "encrypts")
            elif reference.startswith("aws_secretsmanager_secret.") and id != "secrets":
                relate(target, id, "read at task start")
            elif reference.startswith("aws_ecs_service.") and address.startswith("aws_codedeploy_deployment_group."):
                relate(id, target, "deploys new versions")
    for _, association in stack.of_type("aws_wafv2_web_acl_association"):
        for acl in references(association.get("web_acl_arn")):
            for resource in references(association.get("resource_arn")):
                if acl in drawn and resource in drawn:
                    relate(drawn[acl], drawn[resource], "inspects every request")
    # The ways out: each subnet tier's default route, then the internet gateway.
    gateways = [node_id(address) for address, _ in stack.of_type("aws_internet_gateway")]
    routes = _default_routes(stack)
    for subnet, route in routes.items():
        if route == "nat" and "nat" in graph.nodes:
            relate(_tier(stack, subnet), "nat", "default route")
        elif route == "internet_gateway":
            for gateway in gateways:
                relate(_tier(stack, subnet), gateway, "default route")
    for gateway in gateways:
        if "nat" in graph.nodes:
            relate("nat", gateway, "")
        if INTERNET in graph.nodes:
            relate(gateway, INTERNET, "")


# Lightsail ------------------------------------------------------------------------------------------------------

ENGINE_PORTS = {"postgres": 5432, "mysql": 3306}
"""A Lightsail database listens on its engine's port (not in the configuration: known after apply)."""


def _lightsail(stack: Stack, graph: Graph) -> None:
    for service_address, service in stack.of_type("aws_lightsail_container_service"):
        group = node_id(service_address)
        graph.groups[group] = (
            f"Lightsail container service {service.get('name')}<br/>{service.get('power')} x {service.get('scale')}"
            " · HTTPS endpoint, TLS by Lightsail"
        )
        for _, deployment in stack.of_type("aws_lightsail_container_service_deployment_version"):
            if service_address not in references(deployment.get("service_name")):
                continue
            _lightsail_deployment(stack, graph, group, deployment)


def _lightsail_deployment(stack: Stack, graph: Graph, group: str, deployment: Body) -> None:
    containers = deployment.get("container") or []
    by_name = {str(c.get("container_name")): f"{group}_{c.get('container_name')}" for c in containers}
    for container in containers:
        name = str(container.get("container_name"))
        image = str(container.get("image", ""))
        image = "the app's image (SSM tag parameter)" if image.startswith("${") else image
        graph.add(Node(by_name[name], f"container {name}<br/>{image}", "box", None, group))
    endpoint = deployment.get("public_endpoint") or {}
    if endpoint.get("container_name") in by_name:
        graph.add(Node(INTERNET, "Internet", "circle", None))
        target = by_name[str(endpoint["container_name"])]
        graph.flows.append(
            Flow(INTERNET, target, "tcp", "443", f"HTTPS, to port {endpoint.get('container_port')}", ("endpoint",))
        )
    for container in containers:
        source = by_name[str(container.get("container_name"))]
        environment = container.get("environment") or {}
        for variable, value in environment.items():
            for address in references(value):
                if address.startswith("aws_lightsail_database."):
                    database = stack.get(address)
                    engine = str(database.get("blueprint_id", "")).split("_")[0]
                    graph.flows.append(
                        Flow(source, node_id(address), "tcp", str(ENGINE_PORTS.get(engine, "?")), variable, ())
                    )
            match = re.match(r"^rediss?://[^/]*?(localhost|127\.0\.0\.1):(\d+)", str(value))
            if match:
                sidecar = next((id for name, id in by_name.items() if id != source and "redis" in name), None)
                if sidecar:
                    graph.flows.append(Flow(source, sidecar, "tcp", match.group(2), f"{variable}, localhost", ()))
            elif "var.redis_url" in str(value):
                graph.add(Node("external_redis", "External Redis<br/>(TF_VAR_redis_url)", "cylinder", None))
                graph.flows.append(Flow(source, "external_redis", "tcp", "6379", variable, ()))
            for address in references(value):
                if address.startswith("data.aws_secretsmanager_secret_version."):
                    secret = references(stack.get(address).get("secret_id"))
                    if secret and "secrets" in graph.nodes:
                        relation = Relation("secrets", source, "copied in at deploy")
                        if relation not in graph.relations:
                            graph.relations.append(relation)


def load(text: str, title: str = "") -> Graph:
    return read_stack(json.loads(text), title)
