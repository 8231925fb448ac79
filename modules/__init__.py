"""Reusable constructs, one folder each. Importing this package prepares the runtime (see `_runtime`) first,
so any entry point that imports a construct gets the fast provider import and a quiet jsii."""

from modules import _runtime

_runtime.prepare()
