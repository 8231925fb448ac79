"""`terraform plan` of an environment on empty state against the S3 backend, saved as JSON in `plans/` and reviewed
by `python -m review` (Markdown beside the JSON). The deploy step reads the planned creates from this step's
details: every one must be in state after the apply."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from rehearsal.report import Step
from rehearsal.session import Session
from rehearsal.terraform import error_lines


def plan(session: Session, stack: str) -> None:
    with session.step(f"plan {stack}", f"terraform plan -out plans/{stack}.tfplan; terraform show -json") as step:
        init = session.tf(stack, "init", "-input=false", "-no-color", log_name=f"plan-{stack}")
        if not step.check("terraform init against the S3 backend", init.returncode == 0, error_lines(init)):
            return
        tfplan = session.plans / f"{stack}.tfplan"
        planned = session.tf(
            stack, "plan", "-input=false", "-no-color", "-lock-timeout=120s", f"-out={tfplan}",
            log_name=f"plan-{stack}",
        )  # fmt: skip
        if not step.check("terraform plan", planned.returncode == 0, error_lines(planned)):
            return
        shown = session.tf(stack, "show", "-json", str(tfplan), log_name=f"plan-{stack}", log_output=False).stdout
        path = session.plans / f"{stack}.json"
        path.write_text(shown)
        changes = json.loads(shown).get("resource_changes", [])
        actions = Counter("/".join(c["change"]["actions"]) for c in changes)
        step.details.update(
            plan=str(path),
            actions=dict(actions),
            creates=sorted(c["address"] for c in changes if c["change"]["actions"] == ["create"]),
        )
        step.check("plan creates resources", actions.get("create", 0) > 0, dict(actions))
        step.check("plan deletes nothing", not [c for c in changes if "delete" in c["change"]["actions"]])
        _review(session, step, path)


def _review(session: Session, step: Step, plan: Path) -> None:
    """`python -m review PLAN.json --format markdown`, kept beside the plan."""
    reviewed = session.run(
        [sys.executable, "-m", "review", str(plan), "--format", "markdown"], log_name=f"review-{plan.stem}"
    )
    if step.check("plan reviewed (python -m review)", reviewed.returncode == 0, error_lines(reviewed)):
        markdown = plan.with_suffix(".md")
        markdown.write_text(reviewed.stdout)
        step.details["review"] = str(markdown)
