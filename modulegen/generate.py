"""Build every module's stack from its definition (`modulegen.definitions.MODULES`), synthesize them in a scratch
folder and turn each into the module's files (`modulegen.files`) and README (`modulegen.readme`)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cdktf import App

from modulegen.definitions import MODULES
from modulegen.files import MODULES_DIR, HclWriter, count_parts, module_files
from modulegen.readme import readme
from modulegen.stack import ModuleDefinition, ModuleStack


def build_stacks(app: App, chosen: Mapping[str, ModuleDefinition]) -> dict[str, ModuleStack]:
    """One built `ModuleStack` per module, in `app` (not synthesized): its `variables` are the module's inputs."""
    stacks = {name: ModuleStack(app, name) for name in chosen}
    for name, definition in chosen.items():
        definition.build(stacks[name])
        stacks[name].tag_resources()
    return stacks


def synthesize() -> dict[str, dict[str, str]]:
    """Every module's files as text, by module name, synthesized in a scratch folder."""
    return {name: files for name, (files, _) in synthesize_with_configs().items()}


def synthesize_with_configs() -> dict[str, tuple[dict[str, str], dict[str, Any]]]:
    """Every module's files as text and, for the tests, each `.tf` file's JSON configuration (what the HCL says)."""
    chosen = MODULES
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
            differences = [d for variable in stacks[name].variables.values() for d in variable.differences]
            text["README.md"] = readme(name, definition, files, examples, differences)
            out[name] = (text, files)
    return out
