"""The stack a module definition builds: variables in, one construct (id `this`), outputs out; and what a definition
declares (`ModuleDefinition`). See `modulegen/__init__.py`."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cdktf import (
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

from modulegen.variables import Variable, terraform_type
from modules.addresses import ReadableStack
from modules.rules import hcl_literal
from modules.tokens import may_be_null

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
