"""IAM policy documents shared by the constructs."""

from __future__ import annotations

import json


def service_trust_policy(service: str) -> str:
    """An assume-role policy letting one AWS service (`ecs-tasks.amazonaws.com`, ...) assume the role."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
        }
    )
