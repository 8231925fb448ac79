"""Compare an HCL file (read with python-hcl2) with the Terraform JSON configuration it was written from: both brought
to one shape in which equal configurations are equal values. Used by the generated modules' tests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import hcl2
from hcl2 import SerializationOptions

OPTIONS = SerializationOptions(strip_string_quotes=True, explicit_blocks=False)
_JSONENCODE = re.compile(r"\$\{jsonencode\((.*)\)\}", re.S)
_TYPE = re.compile(r"\$\{((?:object|map|list|set|tuple|string|number|bool|any)\b.*)\}", re.S)
_HEREDOC = re.compile(r"<<-EOT(.*)EOT", re.S)


def from_hcl(text: str) -> dict[str, Any]:
    """One `.tf` file as python-hcl2 reads it, its top-level block lists merged as Terraform JSON nests them."""
    document = hcl2.loads(text, serialization_options=OPTIONS)
    out: dict[str, Any] = {}
    for kind, items in document.items():
        merged: dict[str, Any] = {}
        for item in items:
            for key, value in item.items():
                if kind in ("resource", "data", "ephemeral"):
                    merged.setdefault(key, {}).update(value)
                else:
                    merged[key] = value
        out[kind] = merged
    return out


def _string(text: str, *, from_json: bool) -> Any:
    encoded = _JSONENCODE.fullmatch(text)
    if encoded:
        # `jsonencode(...)` written for a string that held a JSON document: compare the documents.
        return ("json", normal(hcl2.loads(f"x = {encoded.group(1)}", serialization_options=OPTIONS)["x"]))
    if from_json and text.startswith(("{", "[")):
        try:
            return ("json", normal(json.loads(text), from_json=True))
        except ValueError:
            pass
    # Layout is not meaning: whitespace (expressions re-spaced, heredocs re-indented) and `${}` around a type.
    text = re.sub(r"\s+", "", text)
    heredoc = _HEREDOC.fullmatch(text)
    if heredoc:
        return heredoc.group(1)
    type_ = _TYPE.fullmatch(text)
    return type_.group(1) if type_ else text


def _key(key: str) -> str:
    # `(var.port) = ...` (HCL) is the JSON key `"${var.port}"`.
    return re.sub(r"^\$\{\((.*)\)\}$", r"${\1}", key.strip('"'))


def normal(value: Any, *, from_json: bool = False) -> Any:
    """`value` in the shape both sides share: a one-block list is the block, `depends_on` holds expressions."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "__is_block__":
                continue
            if key == "depends_on" and from_json:
                item = [f"${{{address}}}" for address in item]
            out[_key(key)] = normal(item, from_json=from_json)
        return out
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], dict):
            return normal(value[0], from_json=from_json)
        return [normal(item, from_json=from_json) for item in value]
    if isinstance(value, str):
        return _string(value, from_json=from_json)
    return value


def differences(hcl: Any, json_: Any, path: str = "") -> Iterator[str]:
    """Where two normal values differ, one line each."""
    if isinstance(hcl, dict) and isinstance(json_, dict):
        for key in sorted(set(hcl) | set(json_)):
            if key not in json_ or key not in hcl:
                yield f"{path}.{key}: only in the {'HCL' if key in hcl else 'JSON'}"
            else:
                yield from differences(hcl[key], json_[key], f"{path}.{key}")
    elif hcl != json_:
        yield f"{path}: HCL {str(hcl)[:200]!r} != JSON {str(json_)[:200]!r}"
