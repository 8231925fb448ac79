"""A deployed stack's outputs, read with `terraform output -json` in its synthesized folder.

    outputs = StackOutputs.read("dev")                  # cdktf.out/stacks/dev
    outputs.string(contract.CLUSTER_NAME)

The folder must be initialized against the stack's backend (`npx cdktf deploy dev` or `terraform init` there did
it), and the caller needs read access to the state.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modules.ecs_app import contract
from ops.aws import EXIT_USAGE, OpsError

STACKS_DIR = Path("cdktf.out") / "stacks"


def add_stack_arguments(parse: argparse.ArgumentParser) -> None:
    """The arguments every ops command takes to find its stack: the environment (whose outputs are read), the
    synthesized stack folder, and the cluster to use instead of the `cluster_name` output."""
    parse.add_argument("environment", nargs="?", help="ECS environment (dev, prod): its stack's outputs are read")
    parse.add_argument("--stack-dir", type=Path, help="synthesized stack folder (default: cdktf.out/stacks/<env>)")
    parse.add_argument("--cluster", help="ECS cluster name (default: output cluster_name)")


@dataclass(frozen=True)
class StackOutputs:
    values: dict[str, Any]
    """Output name -> value (already unwrapped from terraform's `{"value": ..., "type": ...}`)."""
    source: str
    """Where they were read, for messages."""

    @classmethod
    def read(
        cls, environment: str, stack_dir: Path | None = None, terraform: str = "terraform", *, init: bool = False
    ) -> StackOutputs:
        """`init`: run `terraform init` first when the folder has not been initialized (a fresh synth in CI); a
        stack never deployed then has no outputs (an empty `values`)."""
        folder = stack_dir or STACKS_DIR / environment
        fix = (
            f"deploy or initialize the stack there (`npx cdktf deploy {environment}`, or `terraform init` in "
            f"{folder}), or pass the values as flags (see --help)"
        )
        if not folder.is_dir():
            raise OpsError(f"no synthesized stack at {folder}. Fix: `make synth`, then {fix}.", EXIT_USAGE)
        binary = shutil.which(terraform)
        if binary is None:
            raise OpsError(f"`{terraform}` is not on PATH. Fix: install Terraform 1.11+, or {fix}.", EXIT_USAGE)
        if init and not (folder / ".terraform").is_dir():
            started = subprocess.run(
                [binary, "init", "-input=false", "-no-color"], cwd=folder, capture_output=True, text=True, timeout=600
            )
            if started.returncode != 0:
                message = f"`terraform init` failed in {folder}:\n{started.stderr.strip()}\nFix: {fix}."
                raise OpsError(message, EXIT_USAGE)
        result = subprocess.run(
            [binary, "output", "-json", "-no-color"], cwd=folder, capture_output=True, text=True, timeout=300
        )
        if result.returncode != 0:
            raise OpsError(
                f"`terraform output -json` failed in {folder}:\n{result.stderr.strip()}\nFix: {fix}.", EXIT_USAGE
            )
        raw: dict[str, Any] = json.loads(result.stdout or "{}")
        return cls(values={name: body.get("value") for name, body in raw.items()}, source=str(folder))

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def region(self) -> str | None:
        """The stack's `region` output (None without one: boto3 then takes the region it is configured with)."""
        region = self.values.get(contract.REGION)
        return region if isinstance(region, str) and region else None

    def string(self, name: str) -> str:
        value = self.values.get(name)
        if not isinstance(value, str) or not value:
            raise self._missing(name)
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        """A list output (`task_subnet_ids`) as a tuple of strings; an error when it is missing or empty."""
        value = self.values.get(name)
        if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
            raise self._missing(name)
        return tuple(value)

    def _missing(self, name: str) -> OpsError:
        known = ", ".join(sorted(self.values)) or "none"
        return OpsError(
            f"the stack at {self.source} has no output {name!r} (outputs: {known}). "
            "Fix: deploy the stack, or pass the value as a flag (see --help).",
            EXIT_USAGE,
        )
