"""`modules/tokens.py`: plain values behave as Python does; tokens are left to Terraform's functions."""

from __future__ import annotations

import json


def test_plain_values(stacks_loaded: None) -> None:
    from modules.tokens import as_text, if_positive, truncated

    assert truncated("mission-control-production-eu", 20) == "mission-control-prod"
    assert as_text(16) == "16"
    assert if_positive(0, "final") is None
    assert if_positive(7, "final") == "final"


def test_tokens_become_terraform_expressions(stacks_loaded: None) -> None:
    from cdktf import App, TerraformOutput, TerraformStack, TerraformVariable, Testing

    from modules.tokens import as_text, if_positive, truncated

    stack = TerraformStack(App(), "tokens")
    name = TerraformVariable(stack, "name", type="string").string_value
    days = TerraformVariable(stack, "days", type="number").number_value
    TerraformOutput(stack, "prefix", value=truncated(name, 20))
    TerraformOutput(stack, "family", value=f"postgres{as_text(days)}")
    TerraformOutput(stack, "snapshot", value=if_positive(days, "final"))
    outputs = {key: spec["value"] for key, spec in json.loads(Testing.synth(stack))["output"].items()}
    assert outputs == {
        "prefix": "${substr(var.name, 0, 20)}",
        "family": "postgres${var.days}",
        "snapshot": '${(var.days >= 1) ? "final" : null}',
    }
