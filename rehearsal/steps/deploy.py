"""`cdktf deploy` of environments: every resource the empty-state plan would create is in state, the state object
is encrypted with the state key, and the emulator holds the main resources (read back from moto, not from state).
The same step rebuilds dev after its destroy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from rehearsal.encryption import state_object_encryption
from rehearsal.report import Step
from rehearsal.session import Session, arn_kind
from rehearsal.terraform import error_lines


def deploy(session: Session, stacks: tuple[str, ...], name: str) -> None:
    """Needs each stack's `plan <stack>` step: what it would create is what must be there."""
    command = session.cdktf_command("deploy", *stacks)
    with session.step(name, " ".join(command[1:])) as step:
        result = session.run(command, log_name=name.replace(" ", "-"))
        step.check(f"cdktf deploy {' '.join(stacks)} succeeded", result.returncode == 0, error_lines(result))
        for stack in stacks:
            _check_created(session, step, stack)


def _check_created(session: Session, step: Step, stack: str) -> None:
    """Every resource the empty-state plan would create is in state, and the emulator holds it."""
    planned = set(session.report.step(f"plan {stack}").details.get("creates", []))
    applied = set(session.state_list(stack))
    step.details[f"{stack}_resources"] = len(applied)
    step.check(
        f"{stack}: every planned resource is in state ({len(planned)})",
        bool(planned) and planned == applied,
        {"missing": sorted(planned - applied), "unplanned": sorted(applied - planned)},
    )
    state_object_encryption(session, step, stack)
    inventory = session.inventory(stack)
    step.details[f"{stack}_in_emulator"] = dict(Counter(arn_kind(arn) for arn in inventory))
    for what, ok, detail in _emulator_holds(session, stack):
        step.check(f"{stack}: {what}", ok, detail)


def _emulator_holds(session: Session, stack: str) -> Iterator[tuple[str, bool, Any]]:
    """The main resources, read back from the emulator (not from Terraform's state): one check per resource of a
    type in `READ_BACK`, in the table's order."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for address, attributes in session.state_values(stack).items():
        by_type.setdefault(address.split(".")[0], []).append(attributes)
    for kind, read_back in READ_BACK.items():
        for attributes in by_type.get(kind, []):
            yield read_back(session.emulator.client, attributes)


Clients = Callable[[str], Any]
ReadBack = Callable[[Clients, dict[str, Any]], tuple[str, bool, Any]]
"""What the emulator says of one resource (given its attributes in state): the check's text, verdict and detail."""


def _database(client: Clients, db: dict[str, Any]) -> tuple[str, bool, Any]:
    found = client("rds").describe_db_instances(DBInstanceIdentifier=db["identifier"])["DBInstances"][0]
    status = found["DBInstanceStatus"]
    return f"DB instance {db['identifier']} {status}", status == "available", None


def _redis(client: Clients, group: dict[str, Any]) -> tuple[str, bool, Any]:
    name = group["replication_group_id"]
    found = client("elasticache").describe_replication_groups(ReplicationGroupId=name)["ReplicationGroups"][0]
    members = found["MemberClusters"]
    return (
        f"Redis {name} {found['Status']} with {len(members)} member clusters",
        found["Status"] == "available" and len(members) == group["num_cache_clusters"],
        members,
    )


def _load_balancer(client: Clients, balancer: dict[str, Any]) -> tuple[str, bool, Any]:
    found = client("elbv2").describe_load_balancers(LoadBalancerArns=[balancer["arn"]])["LoadBalancers"][0]
    code = found["State"]["Code"]
    return f"load balancer {balancer['name']} {code}", code == "active", None


def _service(client: Clients, service: dict[str, Any]) -> tuple[str, bool, Any]:
    found = client("ecs").describe_services(cluster=service["cluster"], services=[service["name"]])["services"][0]
    return f"ECS service {service['name']} {found['status']}", found["status"] == "ACTIVE", None


def _key(client: Clients, key: dict[str, Any]) -> tuple[str, bool, Any]:
    state = client("kms").describe_key(KeyId=key["key_id"])["KeyMetadata"]["KeyState"]
    return f"KMS key {state}", state == "Enabled", key["key_id"]


READ_BACK: dict[str, ReadBack] = {
    "aws_db_instance": _database,
    "aws_elasticache_replication_group": _redis,
    "aws_lb": _load_balancer,
    "aws_ecs_service": _service,
    "aws_kms_key": _key,
}
"""The resource types whose state in the emulator a deploy checks, by Terraform type."""
