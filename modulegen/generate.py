"""Terraform modules generated from our constructs, for plain HCL projects.

    module "database" {
      source     = "git::https://github.com/<org>/<repo>.git//modules/postgres/terraform?ref=<tag>"
      name       = "billing-prod"
      vpc_id     = module.network.vpc_id
      subnet_ids = module.network.private_subnet_ids
    }

Each module folder that has a `module.py` defines one (`MODULE`): which props become Terraform variables (type,
default and description from the props dataclass, so the Python default and the module default are one value;
`validation` blocks from the same rules Python checks, see `modules/module_inputs.py`), which choices stay fixed
and why, and the outputs. A whole options section (`EcsAppOptions.database`) becomes one object variable whose
attributes are optional with the Python defaults. `python -m modules.terraform_module` (`make modules`)
synthesizes each one with the same construct the stacks use and writes `modules/<name>/terraform/`:

    versions.tf    required Terraform and provider versions (a range: a module never pins its caller)
    variables.tf   every input, typed, described and validated; `tags` on every module
    main.tf        the resources, addressed as in any HCL module (`aws_db_instance.this`)
    outputs.tf     every output, described
    README.md      usage, fixed choices, and the reference in the terraform-docs layout

The constructs take a variable's reference where a stack passes a plain value (`modules/tokens.py`): a choice
that adds or removes parts (zones, NAT per zone, HTTPS, flow logs, an email subscription) becomes a `count`, and
only when it is a reference, so the stacks' output does not change. `tags` is merged into every resource that has
tags. The synthesized JSON is written as HCL by `modules/hcl.py` (which keys are nested blocks comes from the
provider schema, `terraform providers schema -json`) and formatted by `terraform fmt`: cdktf's own HCL renderer
leaves every `"${...}"` in place and writes invalid HCL for policies that hold references (quotes unescaped).
A module never configures a provider or a backend; the caller's do.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdktf import (
    App,
    Fn,
    TerraformLocal,
    TerraformOutput,
    TerraformResource,
    TerraformVariable,
    TerraformVariableValidationConfig,
    Token,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from modules import hcl
from modules.addresses import ReadableStack
from modules.module_inputs import Variable, hcl_literal, terraform_type
from modules.tokens import may_be_null
from rehearsal.terraform import configured, find_terraform

MODULES_DIR = Path(__file__).resolve().parent
TERRAFORM_REQUIRED_VERSION = ">= 1.11.0"  # write-only arguments and ephemeral variables
AWS_PROVIDER_VERSION = ">= 5.100.0, < 6.0.0"  # tested with 5.100.0; 6.x changes many resources
TAGS = Variable(
    name="tags",
    type="map(string)",
    description="Tags for every taggable resource of the module, merged under each resource's own `Name` tag. "
    "Tags from the provider's `default_tags` apply too (these win on the same key).",
    default={},
)


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
        self._merged = Construct(self, "merged")  # locals: an object variable's attributes over their defaults
        # Only for `required_providers`: the rendered module drops the provider block (the caller configures it).
        AwsProvider(self, "aws")

    def input(self, variable: Variable) -> Any:
        """Declare `variable` and return its reference, typed for the props field it feeds."""
        declared = self._declare(variable)
        if variable.options_type is not None:
            raise ValueError(f"{variable.name} is an object variable: declare it with `input_options`")
        return self._typed(declared.value, variable.type, nullable=variable.nullable)

    def input_options(self, variable: Variable) -> Any:
        """Declare an object variable (see `object_variable`) and return an instance of its options dataclass
        whose every field is a reference to the attribute, merged over its default (`local.database.multi_az`)."""
        assert variable.options_type is not None and variable.attribute_defaults is not None, variable.name
        self._declare(variable)
        merged = TerraformLocal(
            self._merged,
            variable.name,
            f"${{merge({hcl_literal(dict(variable.attribute_defaults))}, var.{variable.name})}}",
        )
        hints = typing.get_type_hints(variable.options_type)
        values = {}
        for field in dataclasses.fields(variable.options_type):
            type_, nullable = terraform_type(hints[field.name])
            values[field.name] = self._typed(
                Fn.lookup_nested(merged.as_any_map, [field.name]), type_, nullable=nullable
            )
        return variable.options_type(**values)

    def _declare(self, variable: Variable) -> TerraformVariable:
        if variable.name in self.variables:
            raise ValueError(f"module variable {variable.name!r} declared twice")
        self.variables[variable.name] = variable
        declared = TerraformVariable(
            self._inputs,
            variable.name,
            type=variable.type,
            description=variable.description,
            default=None if variable.default is dataclasses.MISSING else variable.default,
            nullable=variable.nullable,
            sensitive=variable.sensitive or None,
            validation=[
                TerraformVariableValidationConfig(condition=f"${{{v.condition}}}", error_message=v.error_message)
                for v in variable.validations
            ]
            or None,
        )
        if variable.ephemeral:
            declared.add_override("ephemeral", True)
        return declared

    @staticmethod
    def _typed(reference: Any, type_: str, *, nullable: bool) -> Any:
        """A reference as the Python type its props field expects (cdktf encodes each kind differently)."""
        if type_ == "number":
            return Token.as_number(reference)
        if type_ == "bool":
            return Token.as_any(reference)
        if type_.startswith("list("):
            return Token.as_list(reference)
        if type_.startswith("map("):
            return Token.as_string_map(reference)
        text = Token.as_string(reference)
        return may_be_null(text) if nullable else text

    def tag_resources(self) -> None:
        """Declare `tags` and merge it into the `tags` of every resource that has them (a resource's own tags,
        such as `Name`, win)."""
        tags = self._declare(TAGS).value
        for node in self.node.find_all():
            if isinstance(node, TerraformResource) and hasattr(type(node), "tags_input"):
                own = node.tags_input  # type: ignore[attr-defined]
                node.add_override("tags", Fn.merge([tags, own]) if own else tags)

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
    fixed: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Choices the construct makes that are not inputs of the module, each with the reason (README)."""
    notes: str = ""
    """Markdown after the usage: what a user must know (how to connect, what to do after apply)."""
    counted: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Parts that exist only when a condition holds: construct path under the module (`this/worker`) -> HCL
    condition (`length(local.worker.command) > 0`). Their resources, and those that refer to them (the rules
    `connect` adds on the other side), get `count = condition ? 1 : 0` (see `count_parts`)."""
    sample: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    """Values for the required inputs that make a valid call: the tests check every rule against them, in Python
    (the props built from them) and in Terraform (the variables planned with them)."""


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


def readme(name: str, definition: ModuleDefinition, files: Mapping[str, Any], examples: Sequence[str] = ()) -> str:
    """README: what it makes, usage, choices, then the reference in the layout terraform-docs writes
    (Requirements, Providers, Resources, Inputs, Outputs)."""
    lines = [
        f"# `{name}` Terraform module",
        "",
        definition.title,
        "",
        f"Generated from `modules/{name}/` (the Python construct this repository's stacks use) by `make modules`;",
        "do not edit these files: edit the construct or `module.py` and regenerate.",
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


def definitions() -> dict[str, ModuleDefinition]:
    """Every `modules/<name>/module.py`'s `MODULE`, by folder name."""
    found = {}
    for path in sorted(MODULES_DIR.glob("*/module.py")):
        name = path.parent.name
        found[name] = importlib.import_module(f"modules.{name}.module").MODULE
    return found


def build_stacks(app: App, chosen: Mapping[str, ModuleDefinition]) -> dict[str, ModuleStack]:
    """One built `ModuleStack` per module, in `app` (not synthesized): its `variables` are the module's inputs."""
    stacks = {name: ModuleStack(app, name) for name in chosen}
    for name, definition in chosen.items():
        definition.build(stacks[name])
        stacks[name].tag_resources()
    return stacks


def declared_variables() -> dict[str, list[Variable]]:
    """Every module's inputs, by module name (built, not synthesized)."""
    with tempfile.TemporaryDirectory() as outdir:
        stacks = build_stacks(App(outdir=outdir), definitions())
        return {name: list(stack.variables.values()) for name, stack in stacks.items()}


def synthesize() -> dict[str, dict[str, str]]:
    """Every module's files as text, by module name, synthesized in a scratch folder."""
    return {name: files for name, (files, _) in synthesize_with_configs().items()}


def synthesize_with_configs() -> dict[str, tuple[dict[str, str], dict[str, Any]]]:
    """Every module's files as text and, for the tests, each `.tf` file's JSON configuration (what the HCL says)."""
    chosen = definitions()
    with tempfile.TemporaryDirectory() as outdir:
        writer = HclWriter(Path(outdir) / "terraform")
        app = App(outdir=outdir)
        stacks = build_stacks(app, chosen)
        app.synth()
        out = {}
        for name, definition in chosen.items():
            synthesized = json.loads((Path(outdir) / "stacks" / name / "cdk.tf.json").read_text())
            files = module_files(count_parts(synthesized, definition.counted))
            # cdktf leaves out a `null` default, which would make the variable required: put it back.
            for variable in stacks[name].variables.values():
                if variable.default is None:
                    files["variables.tf"]["variable"][variable.name]["default"] = None
            text = {file: writer.text(content) for file, content in files.items()}
            examples = sorted(path.parent.name for path in (MODULES_DIR / name).glob("terraform/examples/*/main.tf"))
            text["README.md"] = readme(name, definition, files, examples)
            out[name] = (text, files)
    return out


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


class _QuietFunctionWarnings:
    """`sys.stderr` without cdktf's warning about `${...}` inside the arguments of its functions, and the unresolved
    expression it echoes (written for every policy whose statements hold references): the modules' tests check what
    those expressions render to."""

    MARKERS = (b"You're using escape sequences", b"TfToken[")

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.buffer = self

    def write(self, data: Any) -> Any:
        text = data if isinstance(data, bytes) else str(data).encode()
        if any(marker in text for marker in self.MARKERS):
            return len(data)
        return (self._stream.buffer if isinstance(data, bytes) else self._stream).write(data)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> int:
    sys.stderr = _QuietFunctionWarnings(sys.stderr)
    for path in write(synthesize()):
        print(path.relative_to(MODULES_DIR.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
