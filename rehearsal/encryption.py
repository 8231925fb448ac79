"""The state-object encryption check: a stack's state object in S3 is `aws:kms` with the state stack's key.

Every step that writes a state makes it inside its own step (the deploy of dev and prod, the replacement copy), so
it lives beside the session rather than among the steps, which never import one another.
"""

from __future__ import annotations

import json

from rehearsal.report import Step
from rehearsal.session import Session


def state_object_encryption(session: Session, step: Step, stack: str) -> None:
    """The stack's state object in S3 is encrypted with the state stack's KMS key (`aws:kms`, not AES256)."""
    backend = session.backend(stack)
    head = session.emulator.client("s3").head_object(Bucket=backend["bucket"], Key=backend["key"])
    state = json.loads((session.stack_dir("state") / "terraform.state.tfstate").read_text())
    key_id = next(r["instances"][0]["attributes"]["key_id"] for r in state["resources"] if r["type"] == "aws_kms_key")
    named = head.get("SSEKMSKeyId")
    used = session.emulator.client("kms").describe_key(KeyId=named)["KeyMetadata"]["KeyId"] if named else None
    facts = {"server_side_encryption": head.get("ServerSideEncryption"), "kms_key": named, "state_key": key_id}
    step.details[f"{stack}_state_object"] = facts
    step.check(
        f"{stack}: state object encrypted with the state key (aws:kms)",
        facts["server_side_encryption"] == "aws:kms" and used == key_id,
        facts,
    )
