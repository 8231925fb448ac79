"""A synthesized module stack -> the files of a Terraform module: optional parts counted, split into `versions.tf`,
`variables.tf`, `main.tf` and `outputs.tf`, written as formatted HCL (`modulegen/hcl.py`, then `terraform fmt`)
into `modules/<name>/terraform/`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modulegen import hcl
from rehearsal.terraform import configured, find_terraform

MODULES_DIR = Path(__file__).resolve().parents[1] / "modules"
"""Where the generated modules live: `modules/<name>/terraform/`, the path users' `source` points at."""
TERRAFORM_REQUIRED_VERSION = ">= 1.11.0"  # write-only arguments and ephemeral variables
AWS_PROVIDER_VERSION = ">= 5.100.0, < 6.0.0"  # tested with 5.100.0; 6.x changes many resources


# --- synthesized stack -> module files ----------------------------------------------------------------------------


def strip_metadata(value: Any) -> Any:
    """The configuration without cdktf's `//` metadata keys."""
    if isinstance(value, dict):
        return {key: strip_metadata(item) for key, item in value.items() if key != "//"}
    if isinstance(value, list):
        return [strip_metadata(item) for item in value]
    return value


MAIN_BLOCKS = ("locals", "data", "ephemeral", "resource")


def _refers(address: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.]){re.escape(address)}\.(\w+)")


def count_parts(synthesized: dict[str, Any], counted: Mapping[str, str]) -> dict[str, Any]:
    """`synthesized` with the resources under each construct path of `counted` (and, transitively, the resources
    that refer to them) counted by its condition: inside them a reference is to instance `[0]`, elsewhere (outputs)
    `one(x[*].attribute)`, null when absent. For a construct with no `count` form of its own: its plain build is
    kept, and the module makes it optional."""
    resources = synthesized.get("resource", {})
    condition_of: dict[str, str] = {}
    for type_, items in resources.items():
        for name, body in items.items():
            path = body.get("//", {}).get("metadata", {}).get("path", "") + "/"
            for prefix, condition in counted.items():
                if f"/{prefix}/" in path:
                    condition_of[f"{type_}.{name}"] = condition
    changed = True
    while changed:  # what refers to a counted resource exists only with it
        changed = False
        for type_, items in resources.items():
            for name, body in items.items():
                address = f"{type_}.{name}"
                if address in condition_of:
                    continue
                text = json.dumps(body)
                for other, condition in list(condition_of.items()):
                    if _refers(other).search(text):
                        if "count" in body:
                            raise ValueError(f"{address} is counted already and refers to the optional {other}")
                        condition_of[address], changed = condition, True
                        break
    for type_, items in resources.items():
        for name, body in items.items():
            if f"{type_}.{name}" in condition_of:
                text = json.dumps(body)
                for other in condition_of:
                    text = _refers(other).sub(rf"{other}[0].\1", text)
                items[name] = {"count": f"${{{condition_of[f'{type_}.{name}']} ? 1 : 0}}", **json.loads(text)}
    if "output" in synthesized:
        text = json.dumps(synthesized["output"])
        for other in condition_of:
            text = _refers(other).sub(rf"one({other}[*].\1)", text)
        synthesized["output"] = json.loads(text)
    return synthesized


def module_files(synthesized: Mapping[str, Any]) -> dict[str, Any]:
    """Split a synthesized stack into the files of a module (each as its JSON configuration). Refuses anything a
    module must not contain."""
    config = strip_metadata(synthesized)
    # `moved` blocks record the stacks' history (addresses before a construct was renamed); a module starts its
    # own history at its first release, so they are left out. (From then on, a module's renames need their own.)
    config.pop("moved", None)
    unexpected = set(config) - {"terraform", "provider", "variable", "output", *MAIN_BLOCKS}
    if unexpected:
        raise ValueError(f"a module cannot hold {sorted(unexpected)}: build it without them")
    providers = config["terraform"].get("required_providers", {})
    versions = {
        "terraform": {
            "required_version": TERRAFORM_REQUIRED_VERSION,
            "required_providers": {
                # cdktf writes the short `aws`; a module states the full source address.
                name: {
                    "source": f"hashicorp/{spec['source']}" if "/" not in spec["source"] else spec["source"],
                    "version": AWS_PROVIDER_VERSION,
                }
                for name, spec in providers.items()
            },
        }
    }
    main = {block: config[block] for block in MAIN_BLOCKS if block in config}
    return {
        "versions.tf": versions,
        "variables.tf": {"variable": config.get("variable", {})},
        "main.tf": main,
        "outputs.tf": {"output": config.get("output", {})},
    }


class HclWriter:
    """Writes a module's JSON configuration as formatted HCL: the provider schema (which keys are nested blocks)
    and `terraform fmt` come from the Terraform CLI, offline with the provider mirror (`rehearsal.terraform`)."""

    def __init__(self, workdir: Path) -> None:
        binary = find_terraform()
        if binary is None:
            raise RuntimeError("terraform is not installed: `make modules` needs it (see README, 'Requirements')")
        self._terraform = configured(workdir / "cli", binary)
        folder = workdir / "schema"
        folder.mkdir()
        versions = {"terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}}}}
        (folder / "versions.tf.json").write_text(json.dumps(versions))
        self._terraform.run(folder, "init", "-backend=false", "-input=false", "-no-color")
        schema = json.loads(self._terraform.run(folder, "providers", "schema", "-json").stdout)
        (aws,) = schema["provider_schemas"].values()
        self._schemas = {
            "resource": aws["resource_schemas"],
            "data": aws["data_source_schemas"],
            "ephemeral": aws.get("ephemeral_resource_schemas", {}),
        }

    def text(self, config: Mapping[str, Any]) -> str:
        result = subprocess.run(
            [self._terraform.binary, "fmt", "-no-color", "-"],
            input=hcl.document(config, self._schemas),
            env=self._terraform.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise ValueError(f"the generated HCL does not parse:\n{result.stderr}")
        return result.stdout


HAND_WRITTEN = ("examples", "tests")
"""Folders of `modules/<name>/terraform/` that people write (runnable examples, `terraform test` files): kept."""


def write(modules: Mapping[str, Mapping[str, str]], root: Path = MODULES_DIR) -> list[Path]:
    """Write each module's generated files into `modules/<name>/terraform/`, removing any other file there; the
    hand-written `examples/` and `tests/` are not touched."""
    written = []
    for name, files in modules.items():
        folder = root / name / "terraform"
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            if stale.name not in files and stale.name not in HAND_WRITTEN:
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        for file, text in files.items():
            (folder / file).write_text(text)
        written += [folder / file for file in files]
    return written
