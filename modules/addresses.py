"""Readable Terraform addresses that follow the construct tree, shared by the stacks and the Terraform modules.

    class MyStack(ReadableStack): ...      # aws_db_instance.database, aws_subnet.network_private_0

The address of an element is its construct path below the stack joined by `_`, with the conventional main id
`this` left out (`dev/this/database/this` -> `database`). Addresses are part of the contract: renaming a construct
ID moves a resource, and needs a `moved` block.

cdktf asks the stack for the address of every element (a jsii callback each), and the path it needs lives in
Node.js. Asking for it there costs a round trip per element; instead this module notes every construct's path in
Python as the construct is created (`jsii.create` receives its scope and id), and asks Node.js only for a construct it
did not see created (one made on the Node.js side, or before this module was imported).
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import jsii
from cdktf import App, TerraformElement, TerraformStack
from constructs import Construct, Node

MAIN_ID = "this"
"""The conventional id of a construct's main resource (and of a stack's main construct): left out of addresses."""


def readable_address(parts: list[str]) -> str:
    """The address of the element at construct path `parts` (below the stack)."""
    return re.sub(r"\W", "_", "_".join(part for part in parts if part != MAIN_ID) or "_".join(parts))


# --- construct paths, noted in Python ---------------------------------------------------------------------------


_PATHS: weakref.WeakKeyDictionary[Construct, tuple[str, str | None]] = weakref.WeakKeyDictionary()
"""Per construct created since this module was imported: its path and its stack's path (None above any stack)."""


def _note_path(construct: Construct, args: list[Any]) -> None:
    """Note the path of a construct jsii just created with `args` (`scope, id, ...`; a root has no scope)."""
    if isinstance(construct, App):
        _PATHS[construct] = ("", None)  # the root, whose path is empty
        return
    scope = args[0] if args else None
    parent = _PATHS.get(scope) if isinstance(scope, Construct) else None
    node_id = args[1] if len(args) > 1 else None
    # Unknown parent, or an id the constructs library would rewrite (`/` becomes `--`): Node.js keeps the path.
    if parent is None or not isinstance(node_id, str) or "/" in node_id:
        return
    path = f"{parent[0]}/{node_id}" if parent[0] else node_id
    _PATHS[construct] = (path, path if isinstance(construct, TerraformStack) else parent[1])


def _noting_paths(create: Any) -> Any:
    def create_and_note(klass: type, obj: Any, args: list[Any] | None = None) -> Any:
        reference = create(klass, obj, args)
        if isinstance(obj, Construct):
            _note_path(obj, args or [])
        return reference

    create_and_note.__wrapped__ = create  # type: ignore[attr-defined]
    return create_and_note


if not hasattr(jsii.create, "__wrapped__"):
    # Generated classes create their Node.js side through `jsii.create(cls, self, [scope, id, ...])`.
    jsii.create = _noting_paths(jsii.create)


def noted_path(construct: object) -> str | None:
    """The path noted when `construct` was created, if it was."""
    noted = _PATHS.get(construct) if isinstance(construct, Construct) else None
    return None if noted is None else noted[0]


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
    noted = _PATHS.get(scope)
    if noted is not None and noted[1] is not None:
        scope_path, stack_path = noted
    else:
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
