"""Run the real Terraform CLI on synthesized stacks, offline against the provider mirror when it exists.

Shared by the tests and the rehearsal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIRROR = Path(os.environ.get("MC_TF_PROVIDER_MIRROR", "/opt/tf-plugins"))


def cli_config_text(mirror: Path) -> str:
    """A Terraform CLI config: providers from the local mirror only (no network), else the public registry."""
    if not mirror.is_dir():
        return ""
    return f"""provider_installation {{
  filesystem_mirror {{
    path    = "{mirror}"
    include = ["registry.terraform.io/hashicorp/*"]
  }}
  direct {{
    exclude = ["registry.terraform.io/hashicorp/*"]
  }}
}}
"""


@dataclass
class Terraform:
    binary: str
    cli_config: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(TF_CLI_CONFIG_FILE=str(self.cli_config), TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1")
        return env

    def run(
        self, folder: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [self.binary, *args], cwd=folder, env=env or self.env(), capture_output=True, text=True, timeout=900
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"terraform {' '.join(args)} failed in {folder}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
        return result

    def validate(self, folder: Path) -> dict[str, Any]:
        """`terraform init -backend=false` then `terraform validate -json`; returns the parsed report."""
        self.run(folder, "init", "-backend=false", "-input=false", "-no-color")
        result = self.run(folder, "validate", "-json", "-no-color", check=False)
        report: dict[str, Any] = json.loads(result.stdout)
        return report


def configured(folder: Path, binary: str) -> Terraform:
    """A `Terraform` whose CLI config (written into `folder`) uses the mirror when there is one. The config's path
    is absolute: Terraform runs inside stack folders, where a relative one would not be found (and Terraform would
    silently fall back to the public registry)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder.resolve() / "terraformrc"
    config.write_text(cli_config_text(MIRROR))
    return Terraform(binary=binary, cli_config=config)


def find_terraform() -> str | None:
    return shutil.which("terraform") or (
        "/usr/local/bin/terraform" if Path("/usr/local/bin/terraform").exists() else None
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str] | None:
    """The `Error: ...` lines of a failed Terraform or CDKTF run (or its last lines when there are none)."""
    return failure_lines(result.returncode, result.stdout + result.stderr)


def failure_lines(exit_code: int | None, output: str) -> list[str] | None:
    if exit_code == 0:
        return None
    errors = [line.strip() for line in output.splitlines() if "Error:" in line]
    return errors[:20] or output.strip().splitlines()[-20:]
