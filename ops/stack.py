"""A deployed stack's outputs, read with `terraform output -json` in its synthesized folder.

    outputs = StackOutputs.read("dev")                  # cdktf.out/stacks/dev
    outputs.string("cluster_name")

The folder must be initialized against the stack's backend (`npx cdktf deploy dev` or `terraform init` there did
it), and the caller needs read access to the state.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
        """The stack's region: its `region` output, else the `--region` of its `migration_command` output."""
        region = self.values.get("region")
        if isinstance(region, str) and region:
            return region
        command = self.values.get("migration_command")
        match = re.search(r"--region\s+(\S+)", command) if isinstance(command, str) else None
        return match.group(1) if match else None

    def string(self, name: str) -> str:
        value = self.values.get(name)
        if not isinstance(value, str) or not value:
            known = ", ".join(sorted(self.values)) or "none"
            raise OpsError(
                f"the stack at {self.source} has no output {name!r} (outputs: {known}). "
                "Fix: deploy the stack, or pass the value as a flag (see --help).",
                EXIT_USAGE,
            )
        return value


@dataclass(frozen=True)
class RunTaskCommand:
    """The parts of the stacks' `migration_command` output (`aws ecs run-task ...`) that run a task."""

    cluster: str
    task_definition: str
    subnets: tuple[str, ...]
    security_groups: tuple[str, ...]
    region: str | None


def parse_run_task_command(command: str) -> RunTaskCommand:
    """Read cluster, task definition, subnets, security groups and region out of an `aws ecs run-task` command."""
    words = shlex.split(command)
    flags: dict[str, str] = {}
    for index, word in enumerate(words[:-1]):
        if word.startswith("--"):
            flags[word[2:]] = words[index + 1]

    def listed(key: str) -> tuple[str, ...]:
        match = re.search(rf"{key}=\[([^\]]*)\]", flags.get("network-configuration", ""))
        return tuple(item.strip() for item in match.group(1).split(",") if item.strip()) if match else ()

    subnets, groups = listed("subnets"), listed("securityGroups")
    if not (flags.get("cluster") and flags.get("task-definition") and subnets and groups):
        raise OpsError(
            f"cannot read cluster, task definition, subnets and security groups from {command!r}. "
            "Fix: pass --cluster, --task-definition, --subnets and --security-groups.",
            EXIT_USAGE,
        )
    return RunTaskCommand(
        cluster=flags["cluster"],
        task_definition=flags["task-definition"],
        subnets=subnets,
        security_groups=groups,
        region=flags.get("region"),
    )
