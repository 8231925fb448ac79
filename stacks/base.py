"""What every environment stack shares: the AWS provider with default tags, and the state backend."""

from __future__ import annotations

import re

from cdktf import TerraformElement, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags
from constructs import Construct, Node

from environments.settings import Settings
from stacks.backend import configure_backend, point_provider_at_emulator


def aws_provider(
    stack: TerraformStack, *, region: str, tags: dict[str, str], emulator_endpoint: str | None
) -> AwsProvider:
    provider = AwsProvider(stack, "aws", region=region, default_tags=[AwsProviderDefaultTags(tags=tags)])
    if emulator_endpoint is not None:
        point_provider_at_emulator(provider, emulator_endpoint)
    return provider


def _path_of(tf_element: Node | TerraformElement) -> str:
    """The construct path, in one jsii round trip where possible: a construct's `toString()` is its path (`.node.path`
    takes two). Elements whose class overrides `toString()` (variables and locals return a token, and computing it
    would call back into this stack) take the two-step way."""
    if isinstance(tf_element, Node):
        return tf_element.path
    if type(tf_element).to_string is Construct.to_string:
        return tf_element.to_string()
    return tf_element.node.path


class ReadableStack(TerraformStack):
    """A stack whose Terraform addresses read like its construct tree: `aws_db_instance.database`,
    `aws_subnet.network_private_0`, instead of cdktf's `database_this_C19B65FA`. The address is the construct path
    below the stack joined by `_`, with the conventional main-resource id `this` left out. It costs about 1 ms of
    synth time a resource (a jsii callback and one round trip); plans are read far more often than they are synthesized.

    Addresses are part of the contract: renaming a construct ID moves a resource, and needs a `moved` block.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        self._addresses: dict[str, str] = {}
        super().__init__(scope, id)

    def _allocate_logical_id(self, tf_element: Node | TerraformElement) -> str:
        path = _path_of(tf_element)
        address = self._address(path.split("/")[1:])
        # Two paths may join to the same address (`a/b_c` and `a_b/c`): refuse rather than merge them silently.
        # Addresses only clash within one kind of element (the Python class stands for the resource type).
        other = self._addresses.setdefault(f"{type(tf_element).__name__}.{address}", path)
        if other != path:
            raise ValueError(
                f"constructs {other!r} and {path!r} would share the Terraform address {address!r}: rename one"
            )
        return address

    def _address(self, parts: list[str]) -> str:
        """The address of the element at construct path `parts` (below the stack)."""
        return re.sub(r"\W", "_", "_".join(part for part in parts if part != "this") or "_".join(parts))


class EnvironmentStack(ReadableStack):
    """A stack for one environment. Its ID is the environment name, so `cdktf deploy <name>` works."""

    def __init__(self, scope: Construct, settings: Settings) -> None:
        super().__init__(scope, settings.name)
        self.settings = settings
        self.provider = aws_provider(
            self,
            region=settings.region,
            tags={"Application": "mission-control", "Environment": settings.name, "ManagedBy": "cdktf"},
            emulator_endpoint=settings.emulator_endpoint,
        )
        configure_backend(self, settings)
