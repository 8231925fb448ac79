"""Every generated module's inputs, built (not synthesized), for the tests that feed each rule's refused values to
Python and to Terraform. Imports cdktf: call it after the session's timed import (`stacks_loaded`)."""

from __future__ import annotations

import tempfile

from modulegen.variables import Variable


def declared_variables() -> dict[str, list[Variable]]:
    """Every module's inputs, by module name."""
    from cdktf import App

    from modulegen.definitions import MODULES
    from modulegen.generate import build_stacks

    with tempfile.TemporaryDirectory() as outdir:
        stacks = build_stacks(App(outdir=outdir), MODULES)
        return {name: list(stack.variables.values()) for name, stack in stacks.items()}
