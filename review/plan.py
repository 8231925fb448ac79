"""Reading the JSON of a saved plan (`terraform show -json PLAN`, format_version 1.x) into typed changes.

    plan = load_plan(Path("plan.json"))      # PlanError (a one-line reason) when it is not a readable plan
    for change in plan.changes:
        change.action, change.new("instance_class"), change.is_sensitive("after", "master_password")

Values are read through paths (`"network_configuration", 0, "assign_public_ip"`). A value Terraform knows only after
apply is `UNKNOWN`; an attribute the plan marks sensitive is never returned as text by `shown()`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUPPORTED_MAJOR_VERSION = "1"
KNOWN_ACTIONS = frozenset({"no-op", "create", "read", "update", "delete", "forget"})
SENSITIVE = "(sensitive)"
KNOWN_AFTER_APPLY = "(known after apply)"

PathKey = str | int
AttrPath = tuple[PathKey, ...]


class PlanError(Exception):
    """The file is not a plan this tool can read. The message is one line, without the file name."""


class _Unknown:
    """A value Terraform knows only after apply."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return KNOWN_AFTER_APPLY

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()


def is_unknown(value: object) -> bool:
    return value is UNKNOWN


def walk(tree: Any, path: AttrPath) -> Any:
    """The value at `path`, or None when any step is missing."""
    node = tree
    for key in path:
        if isinstance(node, Mapping) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and -len(node) <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def marked(tree: Any, path: AttrPath) -> bool:
    """True when `tree` (after_unknown, before_sensitive or after_sensitive) marks `path` or one of its parents."""
    node = tree
    for key in path:
        if node is True:
            return True
        if isinstance(node, Mapping) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and -len(node) <= key < len(node):
            node = node[key]
        else:
            return False
    return node is True


def format_path(path: AttrPath | list[PathKey]) -> str:
    """`("ingress", 0, "cidr_blocks")` -> `ingress[0].cidr_blocks`."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def short(value: Any, limit: int = 80) -> str:
    """A value as compact JSON, cut to `limit` characters."""
    if value is UNKNOWN:
        return KNOWN_AFTER_APPLY
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Change:
    """One entry of `resource_changes`: a managed resource instance and what the plan does to it."""

    address: str
    type: str
    name: str
    module_address: str
    actions: tuple[str, ...]
    before: Any
    after: Any
    after_unknown: Any
    before_sensitive: Any
    after_sensitive: Any
    action_reason: str | None
    replace_paths: tuple[AttrPath, ...]
    previous_address: str | None
    importing: bool
    deposed: str | None

    @property
    def action(self) -> str:
        """create, update, replace, delete, no-op, forget."""
        actions = set(self.actions)
        if {"create", "delete"} <= actions:
            return "replace"
        if "create" in actions:
            return "create"  # also create-then-forget: the old object is left alone, not destroyed
        for action in ("delete", "update", "forget"):
            if action in actions:
                return action
        return "no-op"

    @property
    def label(self) -> str:
        return f"{self.address} (deposed object {self.deposed})" if self.deposed else self.address

    def old(self, *path: PathKey) -> Any:
        """The value before the change (None when the resource does not exist before)."""
        return walk(self.before, path)

    def new(self, *path: PathKey) -> Any:
        """The planned value (`UNKNOWN` when known only after apply; None when the resource goes away)."""
        if self.after is None and self.action in ("delete", "forget"):
            return None
        if marked(self.after_unknown, path):
            return UNKNOWN
        return walk(self.after, path)

    def is_sensitive(self, side: str, *path: PathKey) -> bool:
        return marked(self.before_sensitive if side == "before" else self.after_sensitive, path)

    def shown(self, side: str, *path: PathKey, limit: int = 80) -> Any:
        """A value safe to print: `(sensitive)` for a sensitive one, `(known after apply)` for an unknown one,
        else the value itself (cut to `limit` characters when it is not a plain scalar)."""
        if self.is_sensitive(side, *path):
            return SENSITIVE
        value = self.old(*path) if side == "before" else self.new(*path)
        if value is UNKNOWN:
            return KNOWN_AFTER_APPLY
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            return value if len(value) <= limit else value[: limit - 1] + "…"
        return short(value, limit)


@dataclass(frozen=True)
class ConfigIndex:
    """The `configuration` section: expressions by resource address (module path included, instance keys
    dropped), to follow references that are unknown in the planned values (which task definition a service runs,
    which subnets a load balancer uses)."""

    expressions: Mapping[str, Any] = field(default_factory=dict)

    def references(self, change: Change, *path: PathKey) -> list[str]:
        """Resource addresses that the expression at `path` of `change`'s configuration refers to (anywhere inside
        it, nested blocks included), each resolved in the change's module (`module.app.aws_subnet.public`)."""
        found: list[str] = []
        prefix = f"{change.module_address}." if change.module_address else ""

        def collect(node: Any) -> None:
            if isinstance(node, list):
                for item in node:
                    collect(item)
                return
            if not isinstance(node, Mapping):
                return
            for key, value in node.items():
                if key == "references" and isinstance(value, list):
                    for reference in value:
                        address = resource_address(reference)
                        if address is not None and prefix + address not in found:
                            found.append(prefix + address)
                else:
                    collect(value)

        collect(walk(self.expressions.get(config_address(change.address)), path))
        return found


def resource_address(reference: Any) -> str | None:
    """`aws_subnet.public[0].id` -> `aws_subnet.public`; None for variables, locals, data sources, modules."""
    if not isinstance(reference, str) or reference.startswith(
        ("var.", "local.", "each.", "count.", "data.", "module.")
    ):
        return None
    parts = INSTANCE_KEY.sub("", reference).split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


INSTANCE_KEY = re.compile(r"\[[^\]]*\]")


def config_address(address: str) -> str:
    """`module.app[0].aws_subnet.public["a"]` -> `module.app.aws_subnet.public`."""
    return INSTANCE_KEY.sub("", address)


def index_configuration(configuration: Any) -> ConfigIndex:
    expressions: dict[str, Any] = {}

    def visit(module: Any, prefix: str) -> None:
        if not isinstance(module, Mapping):
            return
        for resource in module.get("resources", []) or []:
            if isinstance(resource, Mapping) and isinstance(resource.get("address"), str):
                expressions[prefix + resource["address"]] = resource.get("expressions", {})
        for name, call in (module.get("module_calls") or {}).items():
            if isinstance(call, Mapping):
                visit(call.get("module"), f"{prefix}module.{name}.")

    if isinstance(configuration, Mapping):
        visit(configuration.get("root_module"), "")
    return ConfigIndex(expressions)


@dataclass(frozen=True)
class Plan:
    file: str
    format_version: str
    terraform_version: str | None
    changes: tuple[Change, ...]
    output_changes: Mapping[str, Any]
    config: ConfigIndex
    region: str | None
    errored: bool
    drift_count: int

    def of_type(self, *types: str) -> Iterator[Change]:
        return (change for change in self.changes if change.type in types)


def load_plan(path: Path) -> Plan:
    """Read and check a plan file. Raises PlanError with a one-line reason (the caller names the file)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanError("no such file") from None
    except IsADirectoryError:
        raise PlanError("is a directory, not a plan file") from None
    except PermissionError:
        raise PlanError("permission denied") from None
    except OSError as error:
        raise PlanError(f"cannot read: {error.strerror or error}") from None
    return parse_plan(raw, str(path))


def parse_plan(raw: bytes, file: str) -> Plan:
    if raw.startswith(b"PK\x03\x04"):
        raise PlanError("a binary plan file: convert it first with `terraform show -json PLANFILE > plan.json`")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanError(f"not UTF-8 text (byte {error.start}): expected `terraform show -json` output") from None
    if not text.strip():
        raise PlanError("empty file, not a plan")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith(("{", "[")) and ends_open(text):
            raise PlanError(f"truncated JSON: it ends after {len(raw)} bytes, inside an unclosed value") from None
        raise PlanError(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    return read_document(document, file)


def ends_open(text: str) -> bool:
    """True when the text ends inside a string, object or array: JSON cut short, not JSON gone wrong."""
    depth, in_string, escaped = 0, False, False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "{[":
            depth += 1
        elif character in "}]":
            depth -= 1
    return in_string or depth > 0


def read_document(document: Any, file: str) -> Plan:
    if not isinstance(document, dict):
        raise PlanError(f"not a plan: the JSON is {type(document).__name__}, expected an object with format_version")
    plan_keys = ("planned_values", "resource_changes", "output_changes", "prior_state")
    if "values" in document and not any(key in document for key in plan_keys):
        raise PlanError("a state, not a plan: review `terraform show -json PLANFILE` of a saved plan")
    version = document.get("format_version")
    if version is None:
        raise PlanError("not a plan: no format_version (expected `terraform show -json PLANFILE` output)")
    if not isinstance(version, str) or version.split(".")[0] != SUPPORTED_MAJOR_VERSION:
        raise PlanError(f"unsupported format_version {json.dumps(version)}: this tool reads 1.x")
    if not any(key in document for key in plan_keys):
        raise PlanError("not a plan: none of planned_values, resource_changes, output_changes")
    changes = tuple(read_changes(document.get("resource_changes", [])))
    outputs = document.get("output_changes") or {}
    if not isinstance(outputs, dict):
        raise PlanError("not a plan: output_changes is not an object")
    drift = document.get("resource_drift") or []
    return Plan(
        file=file,
        format_version=version,
        terraform_version=document.get("terraform_version")
        if isinstance(document.get("terraform_version"), str)
        else None,
        changes=changes,
        output_changes=outputs,
        config=index_configuration(document.get("configuration")),
        region=plan_region(document),
        errored=document.get("errored") is True,
        drift_count=len(drift) if isinstance(drift, list) else 0,
    )


def read_changes(entries: Any) -> Iterator[Change]:
    if not isinstance(entries, list):
        raise PlanError("not a plan: resource_changes is not a list")
    for number, entry in enumerate(entries):
        where = f"resource_changes[{number}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("address"), str):
            raise PlanError(f"not a plan: {where} has no address")
        if not isinstance(entry.get("type"), str):
            raise PlanError(f"not a plan: {where} ({entry['address']}) has no type")
        change = entry.get("change")
        actions = change.get("actions") if isinstance(change, dict) else None
        if not isinstance(actions, list) or not actions or not all(isinstance(a, str) for a in actions):
            raise PlanError(f"not a plan: {where} ({entry['address']}) has no change.actions")
        unknown = [action for action in actions if action not in KNOWN_ACTIONS]
        if unknown:
            raise PlanError(f"unsupported action {unknown[0]!r} in {where} ({entry['address']})")
        if entry.get("mode", "managed") != "managed":
            continue  # data sources are read, never changed
        assert isinstance(change, dict)
        yield Change(
            address=entry["address"],
            type=entry["type"],
            name=str(entry.get("name", "")),
            module_address=str(entry.get("module_address", "")),
            actions=tuple(actions),
            before=change.get("before"),
            after=change.get("after"),
            after_unknown=change.get("after_unknown", False),
            before_sensitive=change.get("before_sensitive", False),
            after_sensitive=change.get("after_sensitive", False),
            action_reason=entry.get("action_reason") if isinstance(entry.get("action_reason"), str) else None,
            replace_paths=tuple(
                tuple(step for step in path if isinstance(step, str | int))
                for path in change.get("replace_paths", []) or []
                if isinstance(path, list)
            ),
            previous_address=entry.get("previous_address") if isinstance(entry.get("previous_address"), str) else None,
            importing=isinstance(change.get("importing"), dict),
            deposed=entry.get("deposed") if isinstance(entry.get("deposed"), str) else None,
        )


def plan_region(document: Mapping[str, Any]) -> str | None:
    """The default aws provider's region: a constant, or a variable's value. None when it cannot be told."""
    provider = walk(document, ("configuration", "provider_config", "aws"))
    region = walk(provider, ("expressions", "region"))
    if not isinstance(region, Mapping):
        return None
    if isinstance(region.get("constant_value"), str):
        return str(region["constant_value"])
    references = region.get("references") or []
    for reference in references:
        if isinstance(reference, str) and reference.startswith("var."):
            value = walk(document, ("variables", reference[4:], "value"))
            if isinstance(value, str):
                return value
    return None
