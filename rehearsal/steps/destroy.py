"""Destroys: a protected stack refuses one and keeps everything; dev is destroyed, leaving only what is meant to
stay, and after its rebuild it can be destroyed again.

- `refused`: `terraform plan -destroy -refresh=false` names every resource that refuses (`prevent_destroy`: the
  CDKTF CLI does not always pass the message on), then the real `cdktf destroy` runs; state and emulator are
  compared before and after.
- `destroy`: `cdktf destroy`, an empty state, the emulator's leftovers each with its reason, the final snapshot.
- `destroyable_again`: the database's next final snapshot name is free, or the next destroy would fail.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from rehearsal.session import Session, arn_kind
from rehearsal.terraform import error_lines

PREVENT_DESTROY_MESSAGE = "Instance cannot be destroyed"
"""Terraform's error when a plan would destroy a resource with `lifecycle.prevent_destroy`."""


def refused(session: Session, stack: str) -> None:
    command = session.cdktf_command("destroy", stack)
    with session.step(f"destroy {stack} refused", " ".join(command[1:])) as step:
        state_before, emulator_before = session.state_list(stack), session.inventory(stack)
        # -refresh=false: `prevent_destroy` refuses at plan time, from the state alone. A refresh would read every
        # resource back from the emulator (CPU for the provider and for moto, which `make test` is short of), and
        # `cdktf destroy` below does one anyway, as a user's destroy would.
        planned = session.tf(
            stack, "plan", "-destroy", "-refresh=false", "-input=false", "-no-color", "-lock-timeout=120s",
            log_name=f"destroy-{stack}",
        )  # fmt: skip
        message = " ".join((planned.stdout + planned.stderr).split())
        pattern = r"Resource (\S+) (?:\([^)]*\) )?has lifecycle\.prevent_destroy set"
        protected = sorted(set(re.findall(pattern, message)))
        step.details["prevent_destroy"] = protected
        step.check(
            f"terraform plan -destroy refused: {PREVENT_DESTROY_MESSAGE}",
            planned.returncode == 1 and PREVENT_DESTROY_MESSAGE in message and bool(protected),
            protected,
        )
        result = session.run(command, log_name=f"destroy-{stack}")
        step.details["cdktf_exit_code"] = result.returncode
        step.check("cdktf destroy failed", result.returncode != 0, result.returncode)
        state_after, emulator_after = session.state_list(stack), session.inventory(stack)
        step.details.update(state_resources=len(state_after), emulator_resources=len(emulator_after))
        step.check(
            f"state unchanged ({len(state_before)} resources)",
            state_after == state_before,
            {"deleted": sorted(set(state_before) - set(state_after))},
        )
        step.check(
            f"emulator unchanged ({len(emulator_before)} resources)",
            emulator_after == emulator_before,
            {"deleted": sorted(set(emulator_before) - set(emulator_after))},
        )


def destroy(session: Session, stack: str) -> None:
    command = session.cdktf_command("destroy", stack)
    with session.step(f"destroy {stack}", " ".join(command[1:])) as step:
        database = _database(session, stack)
        result = session.run(command, log_name=f"destroy-{stack}")
        step.check(f"cdktf destroy {stack} succeeded", result.returncode == 0, error_lines(result))
        step.check("state is empty", session.state_list(stack) == [])
        left, unexpected = _leftovers(session, stack)
        step.details["left_in_emulator"] = left
        step.check("only what is meant to stay is left", not unexpected, unexpected or None)
        final = database.get("final_snapshot_identifier")
        if final and not database.get("skip_final_snapshot"):
            snapshots = session.emulator.client("rds").describe_db_snapshots(DBSnapshotIdentifier=final)["DBSnapshots"]
            step.check(f"final DB snapshot {final} taken", len(snapshots) == 1)


def destroyable_again(session: Session, stack: str) -> None:
    with session.step(f"{stack} can be destroyed again") as step:
        final = _database(session, stack).get("final_snapshot_identifier")
        taken = {
            s["DBSnapshotIdentifier"] for s in session.emulator.client("rds").describe_db_snapshots()["DBSnapshots"]
        }
        step.details["final_snapshot_identifier"] = final
        step.check("the database's final snapshot name is free", final not in taken, sorted(taken))


def _database(session: Session, stack: str) -> dict[str, Any]:
    """The stack's database, as its state holds it (empty when it has none)."""
    return next((v for a, v in session.state_values(stack).items() if a.startswith("aws_db_instance.")), {})


def _leftovers(session: Session, stack: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the emulator still holds of the stack, and which of it should not be there. Meant to stay: DB snapshots
    (the final one, and automated backups kept for their retention), KMS keys waiting out their deletion window,
    and what AWS itself keeps listing after a delete: NAT gateways as `deleted` (about an hour), ECS clusters and
    services as INACTIVE (a while) and deregistered task definitions (for ever)."""
    left: list[dict[str, Any]] = []
    unexpected: list[dict[str, Any]] = []
    client = session.emulator.client
    for arn in session.inventory(stack):
        kind, reason = arn_kind(arn), None
        if kind == "rds:snapshot":
            reason = "DB snapshot (final, or automated backup kept for its retention period)"
        elif kind == "kms:key":
            metadata = client("kms").describe_key(KeyId=arn)["KeyMetadata"]
            if metadata["KeyState"] == "PendingDeletion":
                days = (metadata["DeletionDate"] - datetime.now(UTC)).total_seconds() / 86400
                reason = f"KMS key pending deletion (deleted in {days:.0f} days)"
        elif kind == "ec2:natgateway":
            gateway = client("ec2").describe_nat_gateways(NatGatewayIds=[arn.rsplit("/", 1)[1]])
            if gateway["NatGateways"][0]["State"] == "deleted":
                reason = "NAT gateway shown as deleted"
        elif kind.startswith("ecs:") and _ecs_status(session, arn) == "INACTIVE":
            reason = "ECS lists deleted clusters and services, and deregistered task definitions, as INACTIVE"
        (left if reason else unexpected).append({"arn": arn, **({"why": reason} if reason else {})})
    return left, unexpected


def _ecs_status(session: Session, arn: str) -> str | None:
    ecs, kind = session.emulator.client("ecs"), arn_kind(arn)
    if kind == "ecs:cluster":
        return str(ecs.describe_clusters(clusters=[arn])["clusters"][0]["status"])
    if kind == "ecs:service":
        cluster = arn.split("/")[-2]
        return str(ecs.describe_services(cluster=cluster, services=[arn])["services"][0]["status"])
    if kind == "ecs:task-definition":
        return str(ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]["status"])
    return None
