"""Terraform modules generated from our constructs, for plain HCL projects.

    module "database" {
      source     = "./mission-control/modules/postgres/terraform"   # a path, or a git::… address
      name       = "billing-prod"
      vpc_id     = module.network.vpc_id
      subnet_ids = module.network.private_subnet_ids
      password   = ephemeral.aws_secretsmanager_random_password.db.random_password
    }

Each module folder that has a `module.py` defines one: which props become Terraform variables (with their type,
default and description taken from the props dataclass, so the Python default and the module default are one value),
which are fixed, and what the outputs are. `python -m modules.terraform_module` (`make modules`) synthesizes each
one with the same construct the stacks use and writes `modules/<name>/terraform/`:

    versions.tf.json   required Terraform and provider versions (a range: a module never pins its caller)
    variables.tf.json  every input, typed and described
    main.tf.json       the resources, addressed as in any HCL module (`aws_db_instance.this`)
    outputs.tf.json    every output, described
    README.md          usage, and the generated reference of inputs and outputs

The files are JSON configuration, which Terraform reads exactly as it reads HCL: it is the synthesized output
itself, with no HCL renderer in between (cdktf's has known bugs with tokens inside JSON strings such as IAM
policies). A module never configures a provider or a backend; the caller's do.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdktf import App, TerraformOutput, TerraformVariable, TerraformVariableValidationConfig
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from modules.addresses import ReadableStack
from modules.module_inputs import Variable

MODULES_DIR = Path(__file__).resolve().parent
TERRAFORM_REQUIRED_VERSION = ">= 1.11.0"  # write-only arguments and ephemeral variables
AWS_PROVIDER_VERSION = ">= 5.100.0, < 6.0.0"  # tested with 5.100.0; 6.x changes many resources


class ModuleStack(ReadableStack):
    """A stack that becomes a Terraform module: variables in, one construct, outputs out.

    Addresses follow HCL module conventions: the construct's own path is left out, so its main resource (construct
    id `this`) is `aws_db_instance.this` and the others are named by their path inside the construct.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.variables: dict[str, Variable] = {}
        # Variables, outputs and the construct live in separate scopes: a variable and an output may share a name.
        self._inputs = Construct(self, "inputs")
        self._outputs = Construct(self, "outputs")
        # Only for `required_providers`: the rendered module drops the provider block (the caller configures it).
        AwsProvider(self, "aws")

    def input(self, variable: Variable) -> Any:
        """Declare `variable` and return its reference, typed for the props field it feeds."""
        if variable.name in self.variables:
            raise ValueError(f"module variable {variable.name!r} declared twice")
        self.variables[variable.name] = variable
        declared = TerraformVariable(
            self._inputs,
            variable.name,
            type=variable.type,
            description=variable.description,
            default=None if variable.default is dataclasses.MISSING else variable.default,
            nullable=variable.default is None,
            sensitive=variable.sensitive or None,
            validation=[
                TerraformVariableValidationConfig(condition=f"${{{v.condition}}}", error_message=v.error_message)
                for v in variable.validations
            ]
            or None,
        )
        if variable.ephemeral:
            declared.add_override("ephemeral", True)
        if variable.type == "number":
            return declared.number_value
        if variable.type == "bool":
            return declared.boolean_value
        if variable.type.startswith("list("):
            return declared.list_value
        return declared.string_value

    def output(self, name: str, value: Any, description: str, *, sensitive: bool = False) -> None:
        TerraformOutput(self._outputs, name, value=value, description=description, sensitive=sensitive or None)

    def _address(self, parts: list[str]) -> str:
        # Inside the construct (or the inputs or outputs scope), leave out its id: `this/subnet_group` ->
        # `subnet_group`, `this/this` -> `this`, `inputs/name` -> `name`.
        return super()._address(parts[1:] if len(parts) > 1 else parts)


@dataclass(frozen=True)
class ModuleDefinition:
    """What `modules/<name>/module.py` exports as `MODULE`."""

    title: str
    """One line: what the module makes."""
    build: Callable[[ModuleStack], None]
    """Declares inputs with `stack.input`, builds the construct (id `this`) and declares outputs."""
    usage: str
    """The HCL of a minimal `module` block (the README opens with it)."""


def inputs(stack: ModuleStack, variables: Sequence[Variable]) -> dict[str, Any]:
    """Declare every variable; the references by name, ready to pass as props keyword arguments."""
    return {variable.name: stack.input(variable) for variable in variables}


# --- synthesized stack -> module files ----------------------------------------------------------------------------


def strip_metadata(value: Any) -> Any:
    """The configuration without cdktf's `//` metadata keys."""
    if isinstance(value, dict):
        return {key: strip_metadata(item) for key, item in value.items() if key != "//"}
    if isinstance(value, list):
        return [strip_metadata(item) for item in value]
    return value


def module_files(synthesized: Mapping[str, Any]) -> dict[str, Any]:
    """Split a synthesized stack into the files of a module. Refuses anything a module must not contain."""
    config = strip_metadata(synthesized)
    unexpected = set(config) - {"terraform", "provider", "variable", "locals", "data", "resource", "output"}
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
    main = {block: config[block] for block in ("locals", "data", "resource") if block in config}
    return {
        "versions.tf.json": versions,
        "variables.tf.json": {"variable": config.get("variable", {})},
        "main.tf.json": main,
        "outputs.tf.json": {"output": config.get("output", {})},
    }


def readme(name: str, definition: ModuleDefinition, files: Mapping[str, Any]) -> str:
    """README: what it makes, usage, then the generated reference of inputs and outputs."""
    lines = [
        f"# `{name}` Terraform module",
        "",
        definition.title,
        "",
        f"Generated from `modules/{name}/` (the Python construct the Mission Control stacks use) by",
        "`make modules`; do not edit these files, edit the construct or `module.py` and regenerate.",
        "",
        "## Usage",
        "",
        "```hcl",
        definition.usage.strip(),
        "```",
        "",
        f"Requires Terraform `{TERRAFORM_REQUIRED_VERSION}` and hashicorp/aws `{AWS_PROVIDER_VERSION}`; the caller",
        "configures the provider.",
        "",
        "## Inputs",
        "",
        "| Name | Type | Default | Description |",
        "|------|------|---------|-------------|",
    ]
    for var_name, spec in files["variables.tf.json"]["variable"].items():
        default = "required" if "default" not in spec else f"`{json.dumps(spec['default'])}`"
        flags = "".join(f" ({flag})" for flag in ("sensitive", "ephemeral") if spec.get(flag))
        lines.append(f"| `{var_name}` | `{spec['type']}` | {default} | {spec['description']}{flags} |")
    lines += ["", "## Outputs", "", "| Name | Description |", "|------|-------------|"]
    for out_name, spec in files["outputs.tf.json"]["output"].items():
        flags = " (sensitive)" if spec.get("sensitive") else ""
        lines.append(f"| `{out_name}` | {spec['description']}{flags} |")
    return "\n".join(lines) + "\n"


def definitions() -> dict[str, ModuleDefinition]:
    """Every `modules/<name>/module.py`'s `MODULE`, by folder name."""
    found = {}
    for path in sorted(MODULES_DIR.glob("*/module.py")):
        name = path.parent.name
        found[name] = importlib.import_module(f"modules.{name}.module").MODULE
    return found


def synthesize() -> dict[str, dict[str, str]]:
    """Every module's files as text, by module name, synthesized in a scratch folder."""
    chosen = definitions()
    with tempfile.TemporaryDirectory() as outdir:
        app = App(outdir=outdir)
        stacks = {name: ModuleStack(app, name) for name in chosen}
        for name, definition in chosen.items():
            definition.build(stacks[name])
        app.synth()
        out = {}
        for name, definition in chosen.items():
            synthesized = json.loads((Path(outdir) / "stacks" / name / "cdk.tf.json").read_text())
            files = module_files(synthesized)
            # cdktf leaves out a `null` default, which would make the variable required: put it back.
            for variable in stacks[name].variables.values():
                if variable.default is None:
                    files["variables.tf.json"]["variable"][variable.name]["default"] = None
            text = {file: json.dumps(content, indent=2, sort_keys=False) + "\n" for file, content in files.items()}
            text["README.md"] = readme(name, definition, files)
            out[name] = text
    return out


def write(modules: Mapping[str, Mapping[str, str]], root: Path = MODULES_DIR) -> list[Path]:
    """Replace each `modules/<name>/terraform/` with the generated files; nothing else is touched."""
    written = []
    for name, files in modules.items():
        folder = root / name / "terraform"
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root / name))
        try:
            for file, text in files.items():
                (staging / file).write_text(text)
            if folder.exists():
                shutil.rmtree(folder)
            staging.rename(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        written += [folder / file for file in files]
    return written


def main() -> int:
    for path in write(synthesize()):
        print(path.relative_to(MODULES_DIR.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
