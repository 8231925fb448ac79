"""`python -m rehearsal`: rehearse a deployment on this machine against moto. See rehearsal/run.py."""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
from pathlib import Path

from rehearsal.emulator import running_emulator
from rehearsal.run import ROOT, Rehearsal
from rehearsal.terraform import configured, find_terraform


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, help="keep the synthesized stacks, plans and report here")
    args = parser.parse_args()
    binary = find_terraform()
    if binary is None:
        print("error: terraform is not installed (1.11 or later is needed)", file=sys.stderr)
        return 2
    cdktf = ROOT / "node_modules" / ".bin" / "cdktf"
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mc-rehearsal-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with running_emulator() as emulator:
            print(f"moto on {emulator.url}; work folder {workdir}")
            terraform = configured(workdir, binary)
            report = Rehearsal(workdir, emulator, terraform, cdktf=cdktf if cdktf.exists() else None).all()
        summary = json.dumps(dataclasses.asdict(report), indent=2, default=str)
        (workdir / "report.json").write_text(summary)
        print(summary)
        print(f"\nplans (terraform show -json) and report.json are in {workdir}")
        return 0
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir / "cdktf.out", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
