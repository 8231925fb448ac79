"""The rehearsal's order: which steps run, after what, and which side by side. `python -m rehearsal` runs it.

    rehearse(Session(workdir, emulator, terraform, cdktf=cdktf))   # rehearsal/__main__.py does this

1. `cdktf synth` in emulator mode (steps/synth.py).
2. `cdktf deploy state` and its backend (steps/state.py). The environments' plans start as soon as the bucket and
   table are in place, and so does the replacement copy (below).
3. `terraform plan` of `dev` and `prod`, then of the others (`lightsail`, planned only: moto has no Lightsail),
   each saved as JSON and reviewed (steps/plan.py).
4. `cdktf deploy dev prod`, both at once (steps/deploy.py).
5. Then three chains side by side:
   - `prod`: converged (steps/converge.py), the lock proof (steps/locks.py), the rotation of its secrets
     (steps/secrets.py) and converged after it, and a destroy that must be refused (steps/destroy.py);
   - `state` (from step 2 on): converged, and a destroy that must be refused;
   - `dev`, the longest: converged, destroyed, deployed again, converged again (and, beside it, can be destroyed
     again), then the rollout proofs (steps/rollouts.py).
   The replacement proof (steps/secrets.py, on a copy of dev under its own name) runs from step 2 beside them all.
6. Last, no secret value the proofs read is in any file of the work folder.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from rehearsal.report import Report
from rehearsal.session import Session
from rehearsal.steps import converge, deploy, destroy, locks, plan, rollouts, state, synth
from rehearsal.steps.secrets import REPLACEMENT_OPTIONS, SecretProofs

APPLIED = ("dev", "prod")
"""The environments applied in full. `lightsail` is planned only (moto has no Lightsail)."""
REBUILT = "dev"
"""The environment destroyed and rebuilt. `prod` must refuse a destroy."""
PROTECTED = "prod"
"""The environment whose lock, secret rotation and refused destroy are proved."""


def rehearse(session: Session) -> Report:
    """Every step, independent ones at once (see the module docstring). Raises `RuntimeError` when the synth
    failed: then nothing else can run (the report says why)."""
    synth.synth(session)
    secrets = SecretProofs(session)
    backend_ready = threading.Event()
    with ThreadPoolExecutor(max_workers=6) as pool:

        def state_chain() -> None:
            state.deploy_state(session, backend_ready, user=APPLIED[0])
            converge.converged(session, "state")
            destroy.refused(session, "state")

        def replacement_chain() -> None:
            folder = secrets.deploy_replacement_copy()
            if folder is not None:
                secrets.replace_database(folder)
                converge.converged(session, folder.name, "converged replacement", targets=REPLACEMENT_OPTIONS)

        def protected_chain() -> None:
            converge.converged(session, PROTECTED)
            locks.prove_locking(session, PROTECTED)
            rotated = secrets.rotate(PROTECTED)
            if rotated is not None:
                converge.converged(session, PROTECTED, f"converged {PROTECTED} after rotation", folder=rotated)
            destroy.refused(session, PROTECTED)

        chains: list[Future[None]] = [pool.submit(state_chain)]
        backend_ready.wait()
        chains.append(pool.submit(replacement_chain))
        plans = {stack: pool.submit(plan.plan, session, stack) for stack in APPLIED}
        for stack in APPLIED:
            plans[stack].result()
        # The other plans (lightsail) are not needed before the deploy: they run while it waits on AWS waiters.
        plans |= {
            stack: pool.submit(plan.plan, session, stack)
            for stack in session.stacks()
            if stack not in (*APPLIED, "state")
        }
        deploy.deploy(session, APPLIED, "deploy " + " ".join(APPLIED))
        chains.append(pool.submit(protected_chain))
        converge.converged(session, REBUILT)
        destroy.destroy(session, REBUILT)
        deploy.deploy(session, (REBUILT,), f"deploy {REBUILT} again")
        chains.append(pool.submit(destroy.destroyable_again, session, REBUILT))
        converge.converged(session, REBUILT, f"converged {REBUILT} again")
        rollouts.failing_migration(session, REBUILT)
        rollouts.unhealthy_release(session, REBUILT)
        for future in [*chains, *plans.values()]:
            future.result()
    secrets.nothing_leaked()
    return session.finish()
