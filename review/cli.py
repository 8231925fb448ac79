"""`python -m review`: review saved Terraform plans for risk and cost.

    python -m review [--format markdown|json] [--fail-on high|medium|low|never] [--allow ADDRESS]...
                     [--fail-on-changes] PLAN.json...

Exit codes: 0 nothing at or above --fail-on (default high); 1 a finding at or above it; 2 an input it cannot read
(one line on stderr naming the file and the problem); 3 with --fail-on-changes, a plan that is not empty (what the
nightly drift check runs: `.github/workflows/drift.yml`), when no finding already made it 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from review.cost import Prices
from review.plan import PlanError, load_plan
from review.report import PlanReview, markdown, review_plan, to_json

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_CHANGES = 0, 1, 2, 3

CHANGE_COUNTS = ("create", "update", "replace", "delete", "forget", "moved", "imported", "outputs_changed")
"""What makes a plan not empty, as `terraform plan` says "No changes" only without any of them. Drift that the
configuration ignores (`ignore_changes`: the desired count autoscaling sets, the image tag CI writes) is only
reported by Terraform, never applied: it does not count."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, exit 2 (argparse prints the whole usage by default)."""
        self.exit(EXIT_UNREADABLE, f"review: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    parsed = Parser(
        prog="python -m review",
        description="Review `terraform show -json` plans: findings (data loss, protection, exposure, privilege, "
        "encryption, retention, monitoring) and the monthly cost before and after.",
    )
    parsed.add_argument("plans", nargs="+", metavar="PLAN.json", help="`terraform show -json PLANFILE` output")
    parsed.add_argument("--format", choices=("markdown", "json"), default="markdown", help="default: markdown")
    parsed.add_argument(
        "--fail-on",
        choices=("high", "medium", "low", "never"),
        default="high",
        help="exit 1 when a finding at or above this severity is not allowed (default: high)",
    )
    parsed.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="accept the findings of this resource address (listed as allowed, not counted); repeatable",
    )
    parsed.add_argument(
        "--fail-on-changes",
        action="store_true",
        help=f"exit {EXIT_CHANGES} when a plan is not empty: resources to change, move, import or forget, or "
        "outputs to change (drift detection)",
    )
    return parsed


def pending_changes(review: PlanReview) -> str:
    """What the plan would do, `2 update, 1 outputs_changed`; empty for a plan with no changes."""
    return ", ".join(f"{review.summary[key]} {key}" for key in CHANGE_COUNTS if review.summary.get(key))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    plans = []
    for name in arguments.plans:
        try:
            plans.append(load_plan(Path(name)))
        except PlanError as error:
            print(f"review: {name}: {error}", file=sys.stderr)
            return EXIT_UNREADABLE
    prices = Prices.load()
    reviews: list[PlanReview] = []
    for plan in plans:
        try:
            reviews.append(review_plan(plan, prices, arguments.allow))
        except Exception as error:  # a plan shape the rules did not expect: one line, never a traceback
            if os.environ.get("REVIEW_DEBUG"):
                raise
            print(f"review: {plan.file}: cannot review ({type(error).__name__}: {error})", file=sys.stderr)
            return EXIT_UNREADABLE
    unused = set(arguments.allow) - set().union(*(review.allows_used for review in reviews))
    if arguments.format == "json":
        sys.stdout.write(to_json(reviews, unused))
    else:
        sys.stdout.write(markdown(reviews, unused))
    failing = [finding for review in reviews for finding in review.failing(arguments.fail_on)]
    changed = [(review.plan.file, pending_changes(review)) for review in reviews if pending_changes(review)]
    if arguments.fail_on_changes:
        for file, what in changed:
            print(f"review: {file}: the plan is not empty ({what}): --fail-on-changes", file=sys.stderr)
    if failing:
        return EXIT_FINDINGS
    return EXIT_CHANGES if arguments.fail_on_changes and changed else EXIT_OK
