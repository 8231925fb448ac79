"""An offline deploy rehearsal against a local AWS emulator (moto), with the real Terraform and aws provider.

    .venv/bin/python -m rehearsal            # or: make rehearse

See `rehearsal/run.py` for the steps and README "Rehearsing a deployment" for what the emulator cannot do.
"""
