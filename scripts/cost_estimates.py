"""Write environments/cost_estimates.json: the plan review's monthly estimate of each ECS environment, from which
dev's and prod's default budgets are derived (environments/budget.py).

    make estimates                                   # synth with the default settings, plan, write the file
    .venv/bin/python -m scripts.cost_estimates --check    # exit 1 when the file differs from a fresh estimate

Each stack is synthesized with no MC_* settings (the committed defaults), planned from an empty state against a
local moto (`python -m review.plan_stack <env> --emulator` does the same), and priced by review/cost.py with
review/prices.json: what a first deploy creates, always-on charges plus the usage its assumptions give.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from environments.budget import ESTIMATES_FILE
from review.cost import Prices, estimate_cost
from review.plan import parse_plan
from review.plan_stack import plan_against_emulator

ENVIRONMENTS = ("dev", "prod")
"""The ECS environments with a budget (Lightsail has no alarm topic to notify: README, "Dashboards, saved queries
and budgets")."""


def estimate(stacks: Path, environment: str, workdir: Path) -> dict[str, float]:
    folder = workdir / environment
    folder.mkdir()
    return priced_figures(plan_against_emulator(stacks / environment, folder), environment)


def priced_figures(plan_json: str, environment: str) -> dict[str, float]:
    """The monthly figures of an environment's plan (`terraform show -json` of a plan from an empty state)."""
    plan = parse_plan(plan_json.encode(), f"{environment}.json")
    priced = estimate_cost(plan, Prices.load())
    if priced.not_priced:
        missing = ", ".join(f"{item.address} ({item.reason})" for item in priced.not_priced)
        raise SystemExit(f"cost_estimates: {environment}: not priced: {missing}. Fix: price them in review/")
    return {"fixed_monthly_usd": round(priced.fixed_after, 2), "usage_monthly_usd": round(priced.usage_after, 2)}


def estimates(stacks: Path) -> dict[str, object]:
    """The file's content for the stacks synthesized in `stacks`."""
    with tempfile.TemporaryDirectory(prefix="estimates-") as temporary, ThreadPoolExecutor(len(ENVIRONMENTS)) as pool:
        figures = dict(
            zip(ENVIRONMENTS, pool.map(lambda name: estimate(stacks, name, Path(temporary)), ENVIRONMENTS), strict=True)
        )
    return content(figures)


def content(figures: dict[str, dict[str, float]]) -> dict[str, object]:
    """The file's content for these figures (by environment)."""
    return {
        "about": "The plan review's monthly estimate (USD) of each ECS environment from an empty state: written by "
        "`make estimates`, checked by tests/emulator/test_review_plans.py; the default budgets add a margin "
        "(environments/budget.py).",
        "environments": figures,
    }


def text(content: dict[str, object]) -> str:
    return json.dumps(content, indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.cost_estimates", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is stale")
    arguments = parser.parse_args(argv)
    from stacks.app import build_app

    with tempfile.TemporaryDirectory(prefix="estimates-synth-") as outdir:
        build_app(outdir=outdir, env={}).synth()
        fresh = text(estimates(Path(outdir) / "stacks"))
    if arguments.check:
        if ESTIMATES_FILE.read_text() != fresh:
            print(f"cost_estimates: {ESTIMATES_FILE} is stale. Fix: make estimates", file=sys.stderr)
            return 1
        return 0
    ESTIMATES_FILE.write_text(fresh)
    print(f"wrote {ESTIMATES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
