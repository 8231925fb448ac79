"""`python -m rehearsal [--workdir DIR]`: rehearse a deployment on this machine against moto (what `make rehearse`
runs). Writes DIR/report.json, DIR/report.md, the plans (DIR/plans/) and every command's output (DIR/logs/);
exits 1 when a check failed. See rehearsal/run.py for the order of the steps, rehearsal/steps/ for each."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from rehearsal.emulator import running_emulator
from rehearsal.run import rehearse
from rehearsal.session import ROOT, Session
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
    if not cdktf.exists():
        print(f"error: the CDKTF CLI is not installed ({cdktf}): run `make setup`", file=sys.stderr)
        return 2
    # Absolute: Terraform and the CDKTF CLI run inside the stack folders, where a relative path means nothing.
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="mc-rehearsal-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with running_emulator() as emulator:
            print(f"moto {emulator.url} (in this process, {len(emulator.patches)} patches); work folder {workdir}")
            session = Session(workdir, emulator, configured(workdir, binary), cdktf=cdktf)
            try:
                rehearse(session)
            except RuntimeError as error:  # a step the others cannot do without failed (it is in the report)
                print(f"error: {error}", file=sys.stderr)
            finally:
                report = session.finish()
                as_json, as_markdown = report.write(workdir)
        print("\n".join(["", *report.summary_lines(), ""]))
        print(f"report: {as_json}")
        print(f"readable: {as_markdown}")
        return 0 if report.ok else 1
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir / "cdktf.out", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
