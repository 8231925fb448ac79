"""Entry point of the CDKTF app (`cdktf.json` runs it): one stack per environment in `environments/`.

    python main.py      # what `cdktf synth` runs: writes cdktf.out/stacks/<environment>/cdk.tf.json

A bad setting stops the run with a message naming it, before anything is written to cdktf.out/.
"""

from __future__ import annotations

import sys

from environments import SettingsError
from stacks.app import build_app


def main() -> int:
    try:
        app = build_app()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
