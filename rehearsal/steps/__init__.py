"""The rehearsal's steps, one file each, every one a function (or a small class) that takes the session
(rehearsal/session.py) and records one or more steps in its report. A step module imports the session and shared
checks (rehearsal/encryption.py), never another step or the orchestrator: `rehearsal/run.py` alone says the order
and what runs side by side (tests/unit/test_rehearsal_structure.py holds this).

- `synth`: `cdktf synth` in emulator mode.
- `state`: `cdktf deploy state`, and the backend it makes (bucket, lock table).
- `plan`: each environment planned on empty state, saved as JSON and reviewed.
- `deploy`: `cdktf deploy`: every planned resource in state and in the emulator.
- `converge`: a plan after an apply shows no changes.
- `locks`: a run holding the state lock refuses a second one.
- `destroy`: a protected stack refuses `cdktf destroy`; dev is destroyed, leaving what is meant to stay.
- `secrets`: a database replacement and a rotation keep every secret right; no secret value in the work folder.
- `rollouts`: `ops.rollout` leaves the running version when a migration fails or a release is unhealthy.
"""
