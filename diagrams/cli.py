"""`python -m diagrams STACKS_DIR --out DIR`: one Mermaid flowchart per environment stack, also written into the
README between its markers (`<!-- diagram: dev -->` ... `<!-- end diagram: dev -->`), when it has them.

Exit codes: 0 written (or, with --check, up to date); 1 with --check, a diagram is missing or stale; 2 a stack
folder without cdk.tf.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from diagrams.mermaid import render
from diagrams.model import read_stack

ENVIRONMENTS = ("lightsail", "dev", "prod")
"""The environment stacks drawn (the `state` stack holds the state bucket and CI roles: no architecture)."""


def diagram(stacks: Path, environment: str) -> str:
    source = stacks / environment / "cdk.tf.json"
    graph = read_stack(json.loads(source.read_text()), environment)
    return render(graph, f"cdktf.out/stacks/{environment}/cdk.tf.json")


def diagrams(stacks: Path, environments: Sequence[str] = ENVIRONMENTS) -> dict[str, str]:
    """Environment -> its Mermaid text, for each environment synthesized in `stacks`."""
    return {name: diagram(stacks, name) for name in environments}


def markers(environment: str) -> tuple[str, str]:
    return f"<!-- diagram: {environment} -->", f"<!-- end diagram: {environment} -->"


def embedded(text: str, environment: str) -> str | None:
    """The Mermaid text between the README's markers of `environment`; None without markers."""
    start, end = markers(environment)
    match = re.search(re.escape(start) + r"\n```mermaid\n(.*?)```\n" + re.escape(end), text, flags=re.DOTALL)
    return match.group(1) if match else None


def embed(text: str, drawn: dict[str, str]) -> str:
    """`text` with each environment's block between its markers replaced by its current diagram."""
    for environment, diagram_text in drawn.items():
        start, end = markers(environment)
        block = f"{start}\n```mermaid\n{diagram_text}```\n{end}"
        before, found, rest = text.partition(start)
        if found and end in rest:
            text = before + block + rest.split(end, 1)[1]
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m diagrams", description=__doc__.split("\n\n")[0])
    parser.add_argument("stacks", type=Path, nargs="?", default=Path("cdktf.out/stacks"), help="synthesized stacks")
    parser.add_argument("--out", type=Path, default=Path("docs/diagrams"), help="where <environment>.mmd go")
    parser.add_argument("--readme", type=Path, default=Path("README.md"), help="Markdown file with diagram markers")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a diagram is stale")
    arguments = parser.parse_args(argv)
    missing = [name for name in ENVIRONMENTS if not (arguments.stacks / name / "cdk.tf.json").is_file()]
    if missing:
        print(f"diagrams: no cdk.tf.json for {', '.join(missing)} in {arguments.stacks}: run `make synth` first",
              file=sys.stderr)  # fmt: skip
        return 2
    stale = []
    drawn = diagrams(arguments.stacks)
    if arguments.readme.is_file():
        readme = arguments.readme.read_text()
        current = embed(readme, drawn)
        if current != readme:
            if arguments.check:
                stale.append(str(arguments.readme))
            else:
                arguments.readme.write_text(current)
                print(f"updated the diagrams in {arguments.readme}")
    for name, text in drawn.items():
        target = arguments.out / f"{name}.mmd"
        if arguments.check:
            if not target.is_file() or target.read_text() != text:
                stale.append(str(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        print(f"wrote {target}")
    if stale:
        print(f"diagrams: stale: {', '.join(stale)}. Fix: make diagrams", file=sys.stderr)
        return 1
    return 0
