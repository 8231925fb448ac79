"""An offline deploy rehearsal against a local AWS emulator (moto, patched where it differs from AWS), with the real
CDKTF CLI, Terraform and aws provider.

    make rehearse                                  # or: .venv/bin/python -m rehearsal --workdir .rehearsal

See `rehearsal/run.py` for the order of the steps, `rehearsal/steps/` for each step, `rehearsal/session.py` for what
they share (commands, report, readers), `rehearsal/moto_patches.py` for what moto needed, `rehearsal/emulator.py`
for how it serves, and README "Rehearsing a deployment offline".
"""
