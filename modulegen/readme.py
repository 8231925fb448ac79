"""A generated module's README: what it makes, usage, fixed choices, then the reference in the layout terraform-docs
writes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from modulegen.stack import ModuleDefinition
from modulegen.variables import DefaultDifference

REGISTRY_DOCS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs"


def _cell(text: str) -> str:
    """Text for one Markdown table cell: line breaks as `<br>`, pipes escaped."""
    return text.replace("|", "\\|").replace("\n", "<br>")


def _type_cell(type_: str) -> str:
    return f"`{type_}`"


def _default_cell(spec: Mapping[str, Any]) -> str:
    if "default" not in spec:
        return "n/a"
    default = spec["default"]
    return "`null`" if default is None else f"`{_cell(json.dumps(default))}`"


def readme(
    name: str,
    definition: ModuleDefinition,
    files: Mapping[str, Any],
    examples: Sequence[str] = (),
    differences: Sequence[DefaultDifference] = (),
) -> str:
    """README: what it makes, usage, choices, then the reference in the layout terraform-docs writes
    (Requirements, Providers, Resources, Inputs, Outputs)."""
    lines = [
        f"# `{name}` Terraform module",
        "",
        definition.title,
        "",
        f"Generated from `modules/{name}/` (the Python construct this repository's stacks use) by `make modules`;",
        f"do not edit these files: edit the construct or `modulegen/definitions/{name}.py` and regenerate.",
        "",
        "## Usage",
        "",
        "```hcl",
        definition.usage.strip(),
        "```",
        "",
        "The caller configures the provider (region, credentials, `default_tags`); the module configures none.",
        "Runnable, tested configurations: "
        + ", ".join(f"[`examples/{e}`](examples/{e}/main.tf)" for e in examples)
        + "; `terraform test` runs the assertions in `tests/` (see the repository README).",
    ]
    if definition.notes:
        lines += ["", definition.notes.strip()]
    if definition.fixed:
        lines += ["", "## Fixed choices", "", "What the module decides for you, and why it is not an input:", ""]
        lines += [f"- **{choice}**: {why}" for choice, why in definition.fixed.items()]
    if differences:
        lines += ["", "## Defaults that differ from the construct's", "", "Each input whose default is not the one of "
                  "the Python construct the module is generated from, and why:", ""]  # fmt: skip
        lines += [
            # Not the construct's value: it may name the product the stacks deploy, which a module never does.
            f"- `{d.setting}` = `{json.dumps(d.module)}`: {d.reason}."
            for d in differences
        ]
    versions = files["versions.tf"]["terraform"]
    providers = versions["required_providers"]
    lines += ["", "## Requirements", "", "| Name | Version |", "|------|---------|"]
    lines.append(f"| terraform | {versions['required_version']} |")
    lines += [f"| {provider} | {spec['version']} |" for provider, spec in providers.items()]
    lines += ["", "## Providers", "", "| Name | Version |", "|------|---------|"]
    lines += [f"| {provider} | {spec['version']} |" for provider, spec in providers.items()]
    lines += ["", "## Resources", "", "| Name | Type |", "|------|------|"]
    main = files["main.tf"]
    rows = []
    for block, kind, folder in (("resource", "resource", "resources"), ("data", "data source", "data-sources"),
                                ("ephemeral", "ephemeral resource", "ephemeral-resources")):  # fmt: skip
        for type_, items in main.get(block, {}).items():
            for item in items:
                prefix = "data." if block == "data" else "ephemeral." if block == "ephemeral" else ""
                link = f"{REGISTRY_DOCS}/{folder}/{type_.removeprefix('aws_')}"
                rows.append((f"{prefix}{type_}.{item}", f"| [{prefix}{type_}.{item}]({link}) | {kind} |"))
    lines += [row for _, row in sorted(rows)]
    lines += [
        "",
        "## Inputs",
        "",
        "| Name | Description | Type | Default | Required |",
        "|------|-------------|------|---------|:--------:|",
    ]
    for var_name, spec in sorted(files["variables.tf"]["variable"].items()):
        flags = "".join(f" ({flag})" for flag in ("sensitive", "ephemeral") if spec.get(flag))
        required = "yes" if "default" not in spec else "no"
        lines.append(
            f'| <a name="input_{var_name}"></a> [`{var_name}`](#input_{var_name}) | {_cell(spec["description"])}'
            f"{flags} | {_type_cell(spec['type'])} | {_default_cell(spec)} | {required} |"
        )
    lines += ["", "## Outputs", "", "| Name | Description |", "|------|-------------|"]
    for out_name, spec in sorted(files["outputs.tf"]["output"].items()):
        flags = " (sensitive)" if spec.get("sensitive") else ""
        lines.append(
            f'| <a name="output_{out_name}"></a> [`{out_name}`](#output_{out_name}) | {_cell(spec["description"])}'
            f"{flags} |"
        )
    return "\n".join(lines) + "\n"
