"""Fewer jsii round trips for the same output: Python keeps two things it would otherwise ask Node.js for again.

    from modules import _jsii_calls
    _jsii_calls.install()          # modules/addresses.py does it, before any stack exists

cdktf's constructs live in a Node.js process; the generated Python classes reach them through `jsii.create`,
`jsii.get`, `jsii.set` and `jsii.invoke`, one round trip each (about a millisecond, and many more on a loaded machine).
Building a stack is mostly those round trips. `install()` wraps three of those functions so that:

1. Construct paths are noted as constructs are created. `jsii.create(cls, obj, [scope, id, ...])` receives the
   scope and the id; the path is the scope's path plus the id (the constructs library's rule), so Python knows
   every path without asking (`noted_path`). The readable addresses (`modules/addresses.py`) need the path of every
   element: a round trip each before.
2. A resource's or data source's attribute reference is asked once. `topic.arn` returns a new token for
   `${aws_sns_topic.x.arn}` on every read; the first one is kept and returned again (a list or map as a copy). The
   two resolve to the same text: cdktf fixes an element's logical ID at its first use and never changes it after.
   Only the attribute getters of the provider's generated classes qualify (not their `*_input` getters, which
   return the configuration, nor cdktf's own `count`, `fqn`, ...); `jsii.set` on an object drops what was kept for it.

`MC_JSII_SHORTCUTS=0` leaves jsii as it is (the test that compares the output does). Anything else goes to Node.js
as before: a construct created on the Node.js side, or before `install()`, is
simply not noted and its path is asked for when needed. `tests/synth/test_addresses.py` checks the noted paths
against Node.js's, and every stack's output is the same with and without the shortcuts.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Any

import jsii
from cdktf import App, TerraformDataSource, TerraformResource, TerraformStack
from constructs import Construct

from modules._runtime import PROVIDER_PACKAGE

_PATHS: weakref.WeakKeyDictionary[Construct, tuple[str, str | None]] = weakref.WeakKeyDictionary()
"""Per construct created since `install()`: its path and its stack's path (None above any stack)."""

_REFERENCES: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
"""Per resource or data source: the attribute references read so far, by jsii property name."""

_ATTRIBUTE_GETTERS: dict[type, frozenset[str]] = {}
"""Per class: the jsii names of the attribute getters its provider-generated classes declare."""


def noted_path(construct: object) -> str | None:
    """The path noted when `construct` was created, if it was."""
    noted = _PATHS.get(construct) if isinstance(construct, Construct) else None
    return None if noted is None else noted[0]


def noted_stack_path(construct: object) -> str | None:
    """The path of the stack `construct` is in, if noted (None too for a construct above any stack)."""
    noted = _PATHS.get(construct) if isinstance(construct, Construct) else None
    return None if noted is None else noted[1]


def _note_path(construct: Construct, args: list[Any]) -> None:
    """Note the path of a construct jsii just created with `args` (`scope, id, ...`)."""
    if isinstance(construct, App):
        _PATHS[construct] = ("", None)  # the root, whose path is empty
        return
    scope = args[0] if args else None
    parent = _PATHS.get(scope) if isinstance(scope, Construct) else None
    node_id = args[1] if len(args) > 1 else None
    # An unknown parent, an id the construct chooses itself (a backend's is `backend`), or one the constructs
    # library would rewrite (`/` becomes `--`): Node.js keeps the path.
    if parent is None or not isinstance(node_id, str) or "/" in node_id:
        return
    path = f"{parent[0]}/{node_id}" if parent[0] else node_id
    _PATHS[construct] = (path, path if isinstance(construct, TerraformStack) else parent[1])


def _attribute_getters(cls: type) -> frozenset[str]:
    """The jsii names of the attribute getters of a resource or data source class: the properties its
    provider-generated classes declare, less the `*Input` ones (those return the configuration)."""
    names = _ATTRIBUTE_GETTERS.get(cls)
    if names is None:
        names = frozenset()
        if issubclass(cls, (TerraformResource, TerraformDataSource)):
            names = frozenset(
                name
                for klass in cls.__mro__
                if klass.__module__.startswith(f"{PROVIDER_PACKAGE}.")
                for value in vars(klass).values()
                if isinstance(value, property)
                and isinstance(name := getattr(value.fget, "__jsii_name__", None), str)
                and not name.endswith("Input")
            )
        _ATTRIBUTE_GETTERS[cls] = names
    return names


def _copy(value: Any) -> Any:
    """A list or map as a new one (a caller may change what it got), anything else as it is."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _creating(create: Callable[..., Any]) -> Callable[..., Any]:
    def create_noting_paths(klass: type, obj: Any, args: list[Any] | None = None) -> Any:
        reference = create(klass, obj, args)
        if isinstance(obj, Construct):
            _note_path(obj, args or [])
        return reference

    return create_noting_paths


def _getting(get: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    def get_reusing_references(obj: Any, property: str) -> Any:
        if property not in _attribute_getters(type(obj)):
            return get(obj, property)
        kept = _REFERENCES.setdefault(obj, {})
        if property not in kept:
            kept[property] = get(obj, property)
        return _copy(kept[property])

    return get_reusing_references


def _setting(set_: Callable[[Any, str, Any], None]) -> Callable[[Any, str, Any], None]:
    def set_forgetting_references(obj: Any, property: str, value: Any) -> None:
        if _attribute_getters(type(obj)):
            _REFERENCES.pop(obj, None)
        set_(obj, property, value)

    return set_forgetting_references


def install() -> None:
    """Wrap `jsii.create`, `jsii.get` and `jsii.set` (the functions the generated classes call); safe to run twice.
    `MC_JSII_SHORTCUTS=0` in the environment turns it off."""
    if getattr(jsii, "__mc_shortcuts__", False) or os.environ.get("MC_JSII_SHORTCUTS") == "0":
        return
    jsii.create = _creating(jsii.create)
    jsii.get = _getting(jsii.get)
    jsii.set = _setting(jsii.set)  # type: ignore[assignment]
    jsii.__mc_shortcuts__ = True  # type: ignore[attr-defined]
