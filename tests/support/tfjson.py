"""Read a synthesized `cdk.tf.json` by resource type and properties, never by (hashed) logical IDs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TfJson = dict[str, Any]


def load(path: Path) -> TfJson:
    data: TfJson = json.loads(path.read_text())
    return data


def resources(stack: TfJson, resource_type: str) -> list[dict[str, Any]]:
    """Every resource of `resource_type`, as its attribute dict (without cdktf's `//` metadata)."""
    blocks = stack.get("resource", {}).get(resource_type, {})
    return [{k: v for k, v in body.items() if k != "//"} for body in blocks.values()]


def data_sources(stack: TfJson, data_type: str) -> list[dict[str, Any]]:
    blocks = stack.get("data", {}).get(data_type, {})
    return [{k: v for k, v in body.items() if k != "//"} for body in blocks.values()]


def one(stack: TfJson, resource_type: str, **where: Any) -> dict[str, Any]:
    """The single resource of `resource_type` whose attributes include `where`; fails showing what exists."""
    matches = [r for r in resources(stack, resource_type) if all(r.get(k) == v for k, v in where.items())]
    assert len(matches) == 1, f"expected one {resource_type} with {where}, found {len(matches)} among:\n" + json.dumps(
        resources(stack, resource_type), indent=2
    )
    return matches[0]


def strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string value in the JSON tree, with its path, e.g. ('resource.aws_x.y.password', '...')."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


REFERENCE_PARTS = re.compile(r"\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_]+)\.[a-z0-9_.\[\]]+\}")


def target(stack: TfJson, reference: str) -> tuple[str, dict[str, Any]]:
    """The resource a `${type.name.attribute}` reference points at, as (type, attributes)."""
    match = REFERENCE_PARTS.fullmatch(reference)
    assert match, f"not a single resource reference: {reference!r}"
    is_data, resource_type, name = match.groups()
    section = stack["data" if is_data else "resource"][resource_type]
    return resource_type, {k: v for k, v in section[name].items() if k != "//"}


def targets(stack: TfJson, references: list[str]) -> list[dict[str, Any]]:
    return [target(stack, reference)[1] for reference in references]
