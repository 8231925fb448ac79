"""Hand-made plan documents in the shape of `terraform show -json` (format 1.2), for tests that need one change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from review.cost import Prices
from review.plan import Plan, read_document
from review.report import PlanReview, review_plan

PRICES = Prices.load()


def change(
    address: str,
    actions: list[str],
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One `resource_changes` entry. `extra` sets change keys (after_unknown, before_sensitive, after_sensitive,
    replace_paths, importing) or entry keys (action_reason, previous_address, deposed, mode)."""
    resource_type, name = address.split(".")[-2:]
    entry_keys = {"action_reason", "previous_address", "deposed", "mode", "module_address"}
    body: dict[str, Any] = {
        "actions": actions,
        "before": before,
        "after": after,
        "after_unknown": extra.pop("after_unknown", {}),
        "before_sensitive": extra.pop("before_sensitive", False),
        "after_sensitive": extra.pop("after_sensitive", False),
    }
    entry: dict[str, Any] = {"address": address, "mode": "managed", "type": resource_type, "name": name}
    for key, value in extra.items():
        (entry if key in entry_keys else body)[key] = value
    entry["change"] = body
    return entry


def update(address: str, before: dict[str, Any], changed: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return change(address, ["update"], before, {**before, **changed}, **extra)


def create(address: str, after: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return change(address, ["create"], None, after, **extra)


def delete(address: str, before: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return change(address, ["delete"], before, None, **extra)


def document(
    *changes: dict[str, Any],
    resources: list[dict[str, Any]] | None = None,
    region: str = "us-east-1",
    **extra: Any,
) -> dict[str, Any]:
    """A plan document; `resources` are `configuration.root_module.resources` entries (for references)."""
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {}},
        "resource_changes": list(changes),
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": region}}}},
            "root_module": {"resources": resources or []},
        },
        **extra,
    }


def reference(address: str, **attributes: list[str]) -> dict[str, Any]:
    """A configuration entry whose attributes refer to other resources: `reference("aws_lb.x", subnets=[...])`."""
    return {
        "address": address,
        "expressions": {
            name: {"references": [part for target in targets for part in (f"{target}.id", target)]}
            for name, targets in attributes.items()
        },
    }


def parsed(plan: dict[str, Any]) -> Plan:
    return read_document(plan, "plan.json")


def reviewed(plan: dict[str, Any], *allowed: str) -> PlanReview:
    return review_plan(parsed(plan), PRICES, allowed)


def write(folder: Path, plan: dict[str, Any] | str, name: str = "plan.json") -> Path:
    path = folder / name
    path.write_text(plan if isinstance(plan, str) else json.dumps(plan))
    return path


def price(key: str) -> float:
    """A price straight from the price file (tests compute expected figures from it, never from the code)."""
    return float(PRICES.data["items"][key]["usd"])


def table_price(table: str, name: str) -> float:
    return float(PRICES.data["tables"][table]["usd"][name])


HOURS = float(PRICES.data["hours_per_month"])
