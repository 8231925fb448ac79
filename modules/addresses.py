"""Readable Terraform addresses that follow the construct tree, shared by the stacks and the Terraform modules.

    class MyStack(ReadableStack): ...      # aws_db_instance.database, aws_subnet.network_private_0

The address of an element is its construct path below the stack joined by `_`, with the conventional main id
`this` left out (`dev/this/database/this` -> `database`). Addresses are part of the contract: renaming a construct
ID moves a resource, and needs a `moved` block.
"""

from __future__ import annotations

import re

from cdktf import TerraformElement, TerraformStack
from constructs import Construct, Node

MAIN_ID = "this"
"""The conventional id of a construct's main resource (and of a stack's main construct): left out of addresses."""


def readable_address(parts: list[str]) -> str:
    """The address of the element at construct path `parts` (below the stack)."""
    return re.sub(r"\W", "_", "_".join(part for part in parts if part != MAIN_ID) or "_".join(parts))


def path_below_stack(scope: Construct, id: str) -> list[str]:
    """The construct path of a child `id` of `scope`, below its stack, as parts."""
    stack_path = TerraformStack.of(scope).node.path
    return f"{scope.node.path}/{id}".removeprefix(f"{stack_path}/").split("/")


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
    `aws_subnet.network_private_0`, instead of cdktf's `database_this_C19B65FA`. It costs about 1 ms of synth time a
    resource (a jsii callback and one round trip); plans are read far more often than they are synthesized.
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
        return readable_address(parts)
