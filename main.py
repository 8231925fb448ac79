"""Entry point of the CDKTF app (`cdktf.json` runs it): one stack per environment in `environments/`.

    python main.py      # what `cdktf synth` runs: writes cdktf.out/stacks/<environment>/cdk.tf.json

A bad setting stops the run with a message naming it, before anything is written to cdktf.out/.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from environments import SettingsError
from stacks.app import build_app


def prune_stale_stacks(outdir: Path) -> list[str]:
    """Remove the folders of stacks this synth did not write (the `state` stack after a switch to Terraform
    Cloud), so `cdktf.out/stacks` lists what `cdktf list` does. A local state file found there is kept, with a
    note: the `state` stack keeps its own state beside its configuration."""
    stacks = outdir / "stacks"
    current = set(json.loads((outdir / "manifest.json").read_text())["stacks"])
    pruned = []
    for folder in sorted(p for p in stacks.iterdir() if p.is_dir() and p.name not in current):
        states = list(folder.glob("*.tfstate*"))
        for item in folder.iterdir():
            if item not in states:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        if states:
            names = ", ".join(state.name for state in states)
            print(f"note: stack {folder.name!r} is not part of this app any more; kept its state ({names}) in "
                  f"{folder}", file=sys.stderr)  # fmt: skip
        else:
            folder.rmdir()
        pruned.append(folder.name)
    return pruned


def main() -> int:
    try:
        app = build_app()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    app.synth()
    prune_stale_stacks(Path(app.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
