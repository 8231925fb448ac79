"""Operations commands for a deployed ECS environment, run by CI after a deploy and by people on call.

    python -m ops.rollout dev --tag 1.4.3   # migrate with the new image, write the tag, deploy, wait; roll back
    python -m ops.migrate dev               # run the migration task once, print its logs, exit with its exit code
    python -m ops.wait_stable dev           # wait for the service's rollout; fail on a circuit-breaker rollback

They read what they need from the stack's outputs (`terraform output -json` in `cdktf.out/stacks/<environment>`,
so run them where the stack was deployed or initialized; `ops.rollout` initializes it), or take it from flags. AWS
credentials and the region come from the usual places (environment, profile, `--region`). Exit codes: the
container's own for a migration; 1 for a failed or rolled-back deployment; 2 for a usage error; 124 for a timeout;
125 when a task did not start or reported no exit code.
"""
