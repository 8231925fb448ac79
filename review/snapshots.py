"""Which databases a plan touches, so a deploy can snapshot them before it applies.

    touched = database_changes(plan)     # [DatabaseChange(address, type, action, identifier, attributes)]

A database is touched when the plan replaces, deletes or updates it, whatever the attribute: an engine upgrade, a
new instance class or parameter group, a storage change or a rename can each fail half-way or change behaviour,
and only a snapshot taken before the apply gives a known point to go back to (the automated backups' latest
restorable time lags by up to five minutes). Tag-only updates are left out (they touch no data and would make every
retag a snapshot). Creates are left out (nothing to lose yet); an import is an update of an existing database.

The review's JSON lists them per plan as `database_changes`; `python -m ops.snapshot --if-review REVIEW.json`
snapshots exactly those (see ops/snapshot.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from review.plan import Change, Plan

SNAPSHOTS: dict[str, tuple[str, str]] = {
    "aws_db_instance": ("identifier", "aws rds create-db-snapshot --db-instance-identifier {id}"),
    "aws_rds_cluster": ("cluster_identifier", "aws rds create-db-cluster-snapshot --db-cluster-identifier {id}"),
    "aws_lightsail_database": (
        "relational_database_name",
        "aws lightsail create-relational-database-snapshot --relational-database-name {id}",
    ),
}
"""Database resource type -> (the attribute naming the database, the command that snapshots it by hand)."""

TAG_ATTRIBUTES = frozenset({"tags", "tags_all"})


@dataclass(frozen=True)
class DatabaseChange:
    address: str
    type: str
    action: str
    """update, replace or delete."""
    identifier: str | None
    """The database's name before the change (what to snapshot); None when the plan does not know it."""
    attributes: tuple[str, ...]
    """The attributes an update changes (empty for a replacement or deletion)."""

    @property
    def snapshot_command(self) -> str:
        return SNAPSHOTS[self.type][1].format(id=self.identifier or "<identifier>")


def changed_attributes(change: Change) -> tuple[str, ...]:
    before = change.before if isinstance(change.before, dict) else {}
    after = change.after if isinstance(change.after, dict) else {}
    unknown = change.after_unknown if isinstance(change.after_unknown, dict) else {}
    names = set(before) | set(after) | set(unknown)
    return tuple(sorted(name for name in names if before.get(name) != after.get(name) or unknown.get(name)))


def database_changes(plan: Plan) -> list[DatabaseChange]:
    """Every database of a `SNAPSHOTS` type the plan replaces, deletes or updates (beyond its tags), in plan order."""
    touched: list[DatabaseChange] = []
    for change in plan.changes:
        if change.type not in SNAPSHOTS or change.action not in ("update", "replace", "delete"):
            continue
        attributes = changed_attributes(change) if change.action == "update" else ()
        if change.action == "update" and not change.importing and set(attributes) <= TAG_ATTRIBUTES:
            continue
        name = change.old(SNAPSHOTS[change.type][0])
        touched.append(
            DatabaseChange(
                change.label, change.type, change.action, name if isinstance(name, str) and name else None, attributes
            )
        )
    return touched
