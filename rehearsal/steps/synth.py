"""`cdktf synth` in emulator mode (MC_EMULATOR_ENDPOINT, set by the session: only the provider and backend blocks
change), into a fresh `cdktf.out`; the plans and logs folders start empty too."""

from __future__ import annotations

import shutil

from rehearsal.session import Session
from rehearsal.terraform import error_lines


def synth(session: Session) -> None:
    """Raises when the synth fails: no other step can run without the stacks."""
    command = [str(session.cdktf), "synth", "--output", str(session.outdir)]
    with session.step("synth", " ".join(command[1:])) as step:
        if session.outdir.exists():
            shutil.rmtree(session.outdir)
        for folder in (session.plans, session.logs):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        result = session.run(command, log_name="synth")
        step.check("cdktf synth succeeded", result.returncode == 0, error_lines(result))
        step.details["stacks"] = session.stacks()
    if not step.ok:
        raise RuntimeError("cdktf synth failed: nothing to rehearse (see logs/synth.log)")
