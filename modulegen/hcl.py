"""Terraform JSON configuration (what cdktf synthesizes) written as HCL a person reviews, for the generated modules.

    text = hcl.document(config, blocks)   # then `terraform fmt -` aligns it

Only the subset our modules emit: `terraform`, `variable`, `locals`, `data`, `ephemeral`, `resource` and `output`
blocks. JSON cannot tell a nested block from an attribute whose value is an object (`default_action {}` versus
`tags = {}`): `blocks` is the provider schema's nesting (`terraform providers schema -json`), by type. A string
that is one interpolation (`"${var.name}"`) becomes the bare expression; a string holding a JSON document (an IAM
policy, container definitions) becomes `jsonencode(...)` of the same document. No cdktf import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

Schema = Mapping[str, Any]
"""A provider schema `block`: its `block_types` are the nested blocks (each with its own `block`)."""

INDENT = "  "
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_KEYWORDS = {"true", "false", "null", "for", "in", "if", "endif", "endfor"}
META_FIRST = ("count", "for_each", "provider")
META_LAST = ("lifecycle", "depends_on")


def _spans(text: str) -> Iterator[tuple[bool, str]]:
    """`text` (a Terraform template) cut into literal parts and `${...}`/`%{...}` sequences (flag True)."""
    start = index = 0
    while index < len(text):
        if text.startswith(("$${", "%%{"), index):  # escaped: literal
            index += 3
            continue
        if text.startswith(("${", "%{"), index):
            end = _closing(text, index + 2)
            if start < index:
                yield False, text[start:index]
            yield True, text[index : end + 1]
            start = index = end + 1
            continue
        index += 1
    if start < len(text):
        yield False, text[start:]


def _closing(text: str, index: int) -> int:
    """The index of the `}` that closes the sequence opened just before `index` (strings and nested braces inside
    the expression skipped)."""
    stack = ["expr"]
    while index < len(text):
        char = text[index]
        if stack[-1] == "str":
            if char == "\\" or text.startswith(("$${", "%%{"), index):
                index += 1 if char == "\\" else 2
            elif char == '"':
                stack.pop()
            elif text.startswith("${", index):
                stack.append("expr")
                index += 1
        elif char == '"':
            stack.append("str")
        elif char == "{":
            stack.append("expr")
        elif char == "}":
            stack.pop()
            if not stack:
                return index
        index += 1
    raise ValueError(f"unclosed interpolation in {text!r}")


def _escape(literal: str) -> str:
    return (
        literal.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


def template(text: str) -> str:
    """A Terraform JSON string (a template) as an HCL expression: bare when it is one interpolation."""
    parts = list(_spans(text))
    if len(parts) == 1 and parts[0][0] and parts[0][1].startswith("${"):
        return parts[0][1][2:-1].strip()
    return '"' + "".join(part if interpolated else _escape(part) for interpolated, part in parts) + '"'


def literal(text: str) -> str:
    """A string that Terraform does not evaluate (a description, a default) as an HCL quoted literal."""
    return '"' + _escape(text).replace("${", "$${").replace("%{", "%%{") + '"'


def _json_document(text: str) -> Any:
    """The object (or list of objects) a string holds as JSON, or None."""
    if not text.startswith(("{", "[")):
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if isinstance(document, dict) or (isinstance(document, list) and all(isinstance(i, dict) for i in document)):
        return document or None
    return None


def _key(key: str) -> str:
    if _IDENTIFIER.fullmatch(key) and key not in _KEYWORDS:
        return key
    expression = template(key)
    return expression if expression.startswith('"') else f"({expression})"


def expression(value: Any, depth: int, *, is_literal: bool = False) -> str:
    """`value` (a JSON configuration value) as an HCL expression, continuation lines indented for `depth`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        if is_literal:
            return literal(value)
        document = _json_document(value)
        if document is not None:
            return f"jsonencode({expression(document, depth)})"
        return template(value)
    pad, inner = INDENT * depth, INDENT * (depth + 1)
    if isinstance(value, list):
        items = [expression(item, depth + 1, is_literal=is_literal) for item in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) <= 80 and "\n" not in one_line:
            return one_line
        return "[\n" + "".join(f"{inner}{item},\n" for item in items) + f"{pad}]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        lines = [
            f"{inner}{_key(key)} = {expression(item, depth + 1, is_literal=is_literal)}\n"
            for key, item in value.items()
        ]
        return "{\n" + "".join(lines) + f"{pad}}}"
    raise TypeError(f"no HCL for {value!r}")


def _references(addresses: list[str]) -> str:
    return "[" + ", ".join(template(a) if a.startswith("${") else a for a in addresses) + "]"


def _attribute(name: str, value: Any, depth: int, *, is_literal: bool = False) -> str:
    return f"{INDENT * depth}{name} = {expression(value, depth, is_literal=is_literal)}\n"


def _description(value: str, depth: int) -> str:
    if "\n" not in value:
        return _attribute("description", value, depth, is_literal=True)
    pad = INDENT * (depth + 1)
    text = value.replace("${", "$${").replace("%{", "%%{")
    lines = "".join(f"{pad}{line}\n" if line else "\n" for line in text.split("\n"))
    return f"{INDENT * depth}description = <<-EOT\n{lines}{pad}EOT\n"


def block(header: str, body: str, depth: int) -> str:
    return f"{INDENT * depth}{header} {{\n{body}{INDENT * depth}}}\n"


def _blocks(name: str, value: Any, schema: Schema | None, depth: int) -> str:
    items = value if isinstance(value, list) else [value]
    return "".join(block(name, resource_body(item, schema, depth + 1), depth) for item in items)


def _lifecycle(values: Mapping[str, Any], depth: int) -> str:
    lines = []
    for key, value in values.items():
        if key in ("ignore_changes", "replace_triggered_by") and isinstance(value, list):
            lines.append(f"{INDENT * (depth + 1)}{key} = {_references(value)}\n")
        elif key in ("precondition", "postcondition"):
            lines.append(_blocks(key, value, None, depth + 1))
        else:
            lines.append(_attribute(key, value, depth + 1))
    return block("lifecycle", "".join(lines), depth)


def resource_body(values: Mapping[str, Any], schema: Schema | None, depth: int) -> str:
    """The body of a resource, data source, ephemeral resource or nested block: meta-arguments first, then
    attributes, nested blocks (by the schema), `dynamic` blocks, `lifecycle` and `depends_on`."""
    nested = (schema or {}).get("block_types", {})
    first, attributes, blocks, last = [], [], [], []
    for key, value in values.items():
        if key in META_FIRST:
            first.append(_attribute(key, value, depth))
        elif key == "lifecycle":
            last.append(_lifecycle(value, depth))
        elif key == "depends_on":
            last.append(f"{INDENT * depth}depends_on = {_references(value)}\n")
        elif key == "dynamic":
            for name, spec in value.items():
                body = _attribute("for_each", spec["for_each"], depth + 1)
                if "iterator" in spec:
                    body += f"{INDENT * (depth + 1)}iterator = {spec['iterator']}\n"
                body += _blocks("content", spec["content"], nested.get(name, {}).get("block"), depth + 1)
                blocks.append(block(f'dynamic "{name}"', body, depth))
        elif key in nested:
            blocks.append(_blocks(key, value, nested[key]["block"], depth))
        else:
            attributes.append(_attribute(key, value, depth))
    # A blank line between groups and between nested blocks, as terraform-aws-modules write them.
    groups = ["".join(first), "".join(attributes), "\n".join(blocks), "\n".join(last)]
    return "\n".join(group for group in groups if group)


def _variable(spec: Mapping[str, Any]) -> str:
    lines = []
    for key, value in spec.items():
        if key == "description":
            lines.append(_description(value, 1))
        elif key == "type":
            lines.append(f"{INDENT}type = {value}\n")
        elif key == "default":
            lines.append(_attribute(key, value, 1, is_literal=True))
        elif key == "validation":
            lines.append(
                "\n"
                + "".join(
                    block("validation", _attribute("condition", v["condition"], 2)
                          + _attribute("error_message", v["error_message"], 2), 1)
                    for v in value
                )
            )  # fmt: skip
        else:
            lines.append(_attribute(key, value, 1))
    return "".join(lines)


VARIABLE_ORDER = ("description", "type", "default", "nullable", "sensitive", "ephemeral", "validation")
OUTPUT_ORDER = ("description", "value", "sensitive", "ephemeral", "depends_on")


def _ordered(spec: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(spec) - set(order)
    if unknown:
        raise ValueError(f"no HCL for {sorted(unknown)}")
    return {key: spec[key] for key in order if key in spec}


def document(config: Mapping[str, Any], schemas: Mapping[str, Mapping[str, Schema]]) -> str:
    """One file's configuration as HCL. `schemas` maps `resource`, `data` and `ephemeral` to the schema of each
    type (the provider schema's `resource_schemas`, `data_source_schemas`, `ephemeral_resource_schemas`)."""
    out: list[str] = []
    for kind, content in config.items():
        if kind == "terraform":
            body = ""
            for key, value in content.items():
                if key == "required_providers":
                    body += block(key, "".join(_attribute(n, v, 2) for n, v in value.items()), 1)
                else:
                    body += _attribute(key, value, 1)
            out.append(block("terraform", body, 0))
        elif kind == "variable":
            out += [
                block(f'variable "{name}"', _variable(_ordered(s, VARIABLE_ORDER)), 0) for name, s in content.items()
            ]
        elif kind == "output":
            for name, spec in content.items():
                spec = _ordered(spec, OUTPUT_ORDER)
                body = "".join(
                    _description(v, 1) if k == "description" else
                    f"{INDENT}depends_on = {_references(v)}\n" if k == "depends_on" else _attribute(k, v, 1)
                    for k, v in spec.items()
                )  # fmt: skip
                out.append(block(f'output "{name}"', body, 0))
        elif kind == "locals":
            out.append(block("locals", "".join(_attribute(k, v, 1) for k, v in content.items()), 0))
        elif kind in ("data", "ephemeral", "resource"):
            for type_, items in content.items():
                schema = schemas[kind].get(type_)
                if schema is None:
                    raise ValueError(f"no provider schema for {kind} {type_}")
                for name, values in items.items():
                    out.append(block(f'{kind} "{type_}" "{name}"', resource_body(values, schema["block"], 1), 0))
        else:
            raise ValueError(f"no HCL for a top-level {kind!r} block")
    return "\n".join(out)
