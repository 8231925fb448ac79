"""After an apply, `terraform plan -detailed-exitcode` shows no changes; a drift, if any, is in the report as the
attributes that would change (what a perpetual diff is made of)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rehearsal.session import Session
from rehearsal.terraform import error_lines


def converged(
    session: Session, stack: str, name: str | None = None, *, folder: Path | None = None, targets: tuple[str, ...] = ()
) -> None:
    """`folder`: a variant of the stack (rehearsal/variant.py) instead of the synthesized one; `targets`: `-target`
    options."""
    name = name or f"converged {stack}"
    command = " ".join(["terraform plan -detailed-exitcode", *targets])
    with session.step(name, command) as step:
        where, log_name = folder or stack, name.replace(" ", "-")
        tfplan = session.plans / f"{log_name}.tfplan"
        result = session.tf(
            where, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock-timeout=120s", f"-out={tfplan}",
            *targets, log_name=log_name,
        )  # fmt: skip
        if result.returncode == 1:
            step.check("terraform plan ran", False, error_lines(result))
            return
        drift = []
        if result.returncode == 2:
            shown = json.loads(
                session.tf(where, "show", "-json", str(tfplan), log_name=log_name, log_output=False).stdout
            )
            drift = [
                _difference(change)
                for change in shown.get("resource_changes", [])
                if change["change"]["actions"] != ["no-op"]
            ]
        tfplan.unlink(missing_ok=True)  # a saved plan holds the prior state's sensitive values
        step.details["changes"] = drift
        step.check("no changes (exit code 0)", result.returncode == 0, drift or None)


def _difference(change: dict[str, Any]) -> dict[str, Any]:
    """A planned change as the attributes whose value would change. Sensitive values show as `(sensitive)`: the
    report is read by people."""
    before, after = change["change"].get("before") or {}, change["change"].get("after") or {}
    unknown = change["change"].get("after_unknown") or {}
    sensitive = {**(change["change"].get("before_sensitive") or {}), **(change["change"].get("after_sensitive") or {})}
    keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) or unknown.get(k) is True)

    def shown(value: Any, key: str) -> Any:
        return "(sensitive)" if sensitive.get(key) else value

    return {
        "address": change["address"],
        "actions": change["change"]["actions"],
        "attributes": {
            k: {
                "before": shown(before.get(k), k),
                "after": "(known after apply)" if unknown.get(k) is True else shown(after.get(k), k),
            }
            for k in keys
        },
    }
