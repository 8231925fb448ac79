"""Readable Terraform addresses that follow the construct tree, shared by the stacks and the Terraform modules.

    class MyStack(ReadableStack): ...      # aws_db_instance.database, aws_subnet.network_private_0

The address of an element is its construct path below the stack joined by `_`, with the conventional main id
`this` left out (`dev/this/database/this` -> `database`). Addresses are part of the contract: renaming a construct
ID moves a resource, and needs a `moved` block.

cdktf asks the stack for the address of every element (a jsii callback each). The path it needs is noted in Python as
the construct is created (`modules/_jsii_calls.py`); Node.js is asked only for a construct that was not noted.
"""

from __future__ import annotations

import re

from cdktf import TerraformElement, TerraformStack
from constructs import Construct, Node

from modules import _jsii_calls
from modules._jsii_calls import noted_path, noted_stack_path

_jsii_calls.install()  # before any stack exists: the paths of its constructs are noted as they are created

MAIN_ID = "this"
"""The conventional id of a construct's main resource (and of a stack's main construct): left out of addresses."""


def readable_address(parts: list[str]) -> str:
    """The address of the element at construct path `parts` (below the stack)."""
    return re.sub(r"\W", "_", "_".join(part for part in parts if part != MAIN_ID) or "_".join(parts))


def construct_path(construct: Construct | Node) -> str:
    """`construct.node.path`: from the note taken at its creation, else from Node.js."""
    if isinstance(construct, Node):
        return construct.path
    noted = noted_path(construct)
    if noted is not None:
        return noted
    # A construct's `toString()` is its path, one round trip (`.node.path` takes two). Elements whose class overrides
    # `toString()` (variables and locals return a token, and computing it would call back into this stack) take
    # the two-step way.
    if type(construct).to_string is Construct.to_string:
        return construct.to_string()
    return construct.node.path


def path_below_stack(scope: Construct, id: str) -> list[str]:
    """The construct path of a child `id` of `scope`, below its stack, as parts."""
    scope_path, stack_path = noted_path(scope), noted_stack_path(scope)
    if scope_path is None or stack_path is None:
        scope_path, stack_path = scope.node.path, TerraformStack.of(scope).node.path
    return f"{scope_path}/{id}".removeprefix(f"{stack_path}/").split("/")


class ReadableStack(TerraformStack):
    """A stack whose Terraform addresses read like its construct tree: `aws_db_instance.database`,
    `aws_subnet.network_private_0`, instead of cdktf's `database_this_C19B65FA`. It costs a jsii callback a resource
    (the path itself is noted in Python, see the module docstring); plans are read far more often than they are
    synthesized.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        self._addresses: dict[str, str] = {}
        super().__init__(scope, id)

    def _allocate_logical_id(self, tf_element: Node | TerraformElement) -> str:
        path = construct_path(tf_element)
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
