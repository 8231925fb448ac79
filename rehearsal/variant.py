"""`python -m rehearsal.variant ENV --outdir DIR [--name NAME] [--rotation N]`: synthesize one environment's stack
with one setting changed, as an edit of `environments/<ENV>.py` would, without touching the repository.

- `--rotation N`: `ecs.secrets.rotation = N`, the one setting that rotates every generated secret. The stack keeps
  its name and state: applying it rotates that environment (the rehearsal's rotation proof on prod).
- `--name NAME`: the environment under another name: its own stack, resource names, `Environment` tag and state
  object (the rehearsal's database replacement proof runs on a copy of dev, beside dev's destroy and rebuild).

`MC_*` overrides apply as for `cdktf synth` (the rehearsal sets MC_EMULATOR_ENDPOINT). The settings are validated
again after the change, like any environment file. Prints the stack's folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from cdktf import App

from environments import SettingsError, load
from stacks.app import stack_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("environment")
    parser.add_argument("--outdir", type=Path, required=True)
    parser.add_argument("--name", help="the environment's name in the variant (its stack and every resource name)")
    parser.add_argument("--rotation", type=int, help="ecs.secrets.rotation in the variant")
    args = parser.parse_args(argv)
    try:
        settings = load(args.environment)
        if args.rotation is not None:
            if settings.ecs is None:
                raise SettingsError(f"--rotation: environment {args.environment!r} has no ecs section to rotate")
            secrets = dataclasses.replace(settings.ecs.secrets, rotation=args.rotation)
            settings = dataclasses.replace(settings, ecs=dataclasses.replace(settings.ecs, secrets=secrets))
        if args.name is not None:
            settings = dataclasses.replace(settings, name=args.name)
    except (SettingsError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.outdir.mkdir(parents=True, exist_ok=True)
    app = App(outdir=str(args.outdir))
    stack_for(app, settings)
    app.synth()
    print(args.outdir / "stacks" / settings.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
