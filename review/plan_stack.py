"""Plan a synthesized stack with Terraform, save the plan as JSON and review it (what `make review STACK=dev` runs).

    python -m review.plan_stack dev                  # cdktf.out/stacks/dev: terraform init + plan, then the review
    python -m review.plan_stack prod --emulator      # offline: against a local moto, from an empty state
    python -m review.plan_stack dev --format json --fail-on medium --allow aws_db_instance.database

Without `--emulator` Terraform runs in the stack folder exactly as a deploy would: its backend, your AWS
credentials, a refresh against the real account. With `--emulator` the folder is copied, an override file points the
provider at moto and keeps state in a local file, and nothing leaves the machine: the plan is what a first deploy
creates, so its cost is the stack's full monthly estimate. The plan JSON is kept in `cdktf.out/review/<stack>.json`
(or `--out`) for other tools. Review options are passed on; the exit code is the review's (2 when planning fails).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from review import cli

ROOT = Path(__file__).resolve().parents[1]


def terraform_binary() -> str:
    found = shutil.which("terraform") or "/usr/local/bin/terraform"
    if not Path(found).exists():
        raise SystemExit("review.plan_stack: terraform is not installed (Terraform 1.11 or later is needed)")
    return found


def mirror_config(workdir: Path) -> Path | None:
    """A Terraform CLI config that installs providers from the offline mirror, when the machine has one (see
    rehearsal/terraform.py); None otherwise (your own CLI config and the registry apply)."""
    from rehearsal.terraform import MIRROR, cli_config_text  # imported when used: the review needs only the stdlib

    if not MIRROR.is_dir():
        return None
    config = workdir / "terraformrc"
    config.write_text(cli_config_text(MIRROR))
    return config


LOCK_TIMEOUT_MINUTES = 120
"""How long a plan waits for a state lock held by someone else: a deploy holds it for its whole apply, and the deploy
job may run 120 minutes (.github/workflows/deploy-stack.yml). The plan roles' sessions last 3 hours, so the
credentials outlive the wait (GithubOidcOptions.plan_max_session_hours)."""


def lock_holder(output: str) -> str | None:
    """Who holds the state lock, from Terraform's "Error acquiring the state lock" message: its `Lock Info`."""
    if "Error acquiring the state lock" not in output:
        return None
    info = dict(re.findall(r"^\s*(ID|Path|Operation|Who|Created|Info):\s*(.*?)\s*$", output, flags=re.MULTILINE))
    return ", ".join(f"{key} {info[key]}" for key in ("Operation", "Who", "Created", "Path") if info.get(key)) or "?"


def run(args: list[str], folder: Path, env: dict[str, str], timeout_seconds: int = 1800) -> str:
    result = subprocess.run(args, cwd=folder, env=env, capture_output=True, text=True, timeout=timeout_seconds)
    if result.returncode != 0:
        output = result.stderr or result.stdout
        holder = lock_holder(output)
        if holder is not None:
            raise RuntimeError(
                f"the state of {folder.name} is still locked after waiting: held by {holder}. A deploy (or another "
                "plan) is running: run the plan again when it has finished; if nothing is running, the lock is "
                "stale (README, Runbook: `terraform force-unlock`)"
            )
        message = output.strip().splitlines()
        raise RuntimeError(f"`{' '.join(args[:2])}` failed in {folder}: {' | '.join(message[-6:])}")
    return result.stdout


def plan_json(folder: Path, env: dict[str, str], lock_timeout_seconds: int = LOCK_TIMEOUT_MINUTES * 60) -> str:
    """`terraform init`, `plan -out`, `show -json` in `folder`; returns the JSON text. The plan waits up to
    `lock_timeout_seconds` for a state lock that a running deploy holds."""
    binary = terraform_binary()
    run([binary, "init", "-input=false", "-no-color"], folder, env)
    run(
        [binary, "plan", "-input=false", "-no-color", f"-lock-timeout={lock_timeout_seconds}s", "-out=review.tfplan"],
        folder,
        env,
        timeout_seconds=lock_timeout_seconds + 1800,
    )
    return run([binary, "show", "-json", "review.tfplan"], folder, env)


def base_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    config = mirror_config(workdir)
    if config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(config)
    env.update(TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1")
    return env


def plan_against_emulator(stack_dir: Path, workdir: Path) -> str:
    """Plan a copy of `stack_dir` against a fresh moto, with local state: nothing exists, everything is created."""
    import logging
    import warnings

    # Imported when used: the review itself needs nothing outside the standard library.
    from rehearsal.emulator import running_emulator
    from stacks.emulator import PRIVATE_TEST_ENV, emulator_provider_arguments

    copy = workdir / stack_dir.name
    shutil.copytree(stack_dir, copy, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", "*.tfplan"))
    env = {k: v for k, v in base_env(workdir).items() if not k.startswith("AWS_")}
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update(PRIVATE_TEST_ENV)  # prod without a domain: a private test
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the in-process emulator logs every request
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as emulator:
            override = {
                "provider": {"aws": emulator_provider_arguments(emulator.url)},
                "terraform": {"backend": {"local": {"path": str(copy / "review.tfstate")}}},
            }
            (copy / "review_emulator_override.tf.json").write_text(json.dumps(override))
            return plan_json(copy, env)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m review.plan_stack",
        description=__doc__.split("\n\n")[0],
        epilog="Other options (--format, --fail-on, --allow ADDRESS, --fail-on-changes) are passed to "
        "`python -m review`.",
    )
    parser.add_argument("stack", help="a stack under cdktf.out/stacks (lightsail, dev, prod, state)")
    parser.add_argument("--outdir", type=Path, default=ROOT / "cdktf.out", help="the synth output (cdktf.out)")
    parser.add_argument("--emulator", action="store_true", help="plan offline against moto, from an empty state")
    parser.add_argument("--out", type=Path, help="where to write the plan JSON (default <outdir>/review/<stack>.json)")
    parser.add_argument(
        "--lock-timeout-minutes",
        type=int,
        default=LOCK_TIMEOUT_MINUTES,
        help=f"how long to wait for a state lock a deploy holds (default {LOCK_TIMEOUT_MINUTES})",
    )
    known, review_args = parser.parse_known_args(argv)
    stack_dir = known.outdir / "stacks" / known.stack
    if not (stack_dir / "cdk.tf.json").is_file():
        print(f"review.plan_stack: {stack_dir}/cdk.tf.json not found: run `make synth` first", file=sys.stderr)
        return cli.EXIT_UNREADABLE
    out = known.out or known.outdir / "review" / f"{known.stack}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="review-") as temporary:
        workdir = Path(temporary)
        try:
            text = (
                plan_against_emulator(stack_dir, workdir)
                if known.emulator
                else plan_json(stack_dir, base_env(workdir), known.lock_timeout_minutes * 60)
            )
        except RuntimeError as error:
            print(f"review.plan_stack: {error}", file=sys.stderr)
            return cli.EXIT_UNREADABLE
    out.write_text(text)
    return cli.main([*review_args, str(out)])


if __name__ == "__main__":
    sys.exit(main())
