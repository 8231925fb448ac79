"""The monthly budget an environment file sets by default: the plan review's estimate plus a margin.

    Settings(name="dev", ..., monthly_budget_usd=estimated_budget_usd("dev"))
    # ceil((fixed + usage) x (1 + BUDGET_MARGIN_PERCENT / 100)) dollars; write a number instead to choose your own

The estimates (`cost_estimates.json`) are the review's own (review/cost.py with review/prices.json: the one price
source) of a plan of each stack from an empty state, the always-on charges plus the usage its assumptions give.
`python -m scripts.cost_estimates` writes them (`make estimates`); a test plans the stacks again and fails when the
file differs, so a change in what a stack creates or in a price moves the default budget with it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from modules.validation import InvalidSetting

ESTIMATES_FILE = Path(__file__).with_name("cost_estimates.json")
BUDGET_MARGIN_PERCENT = 25
"""Headroom over the estimate: usage above the review's assumptions, a scale-out, a month of 31 days."""


def estimates() -> dict[str, dict[str, float]]:
    """Environment -> {"fixed_monthly_usd", "usage_monthly_usd"}."""
    data: dict[str, dict[str, float]] = json.loads(ESTIMATES_FILE.read_text())["environments"]
    return data


def estimated_budget_usd(environment: str) -> int:
    """The estimate of `environment` plus the margin, in whole dollars up."""
    estimate = estimates().get(environment)
    if estimate is None:
        raise InvalidSetting(
            setting="monthly_budget_usd",
            value=f"estimated_budget_usd({environment!r})",
            problem=f"{ESTIMATES_FILE.name} has no estimate of {environment!r} to base the budget on",
            fix="write the amount in dollars instead, or add the environment to the estimates with `make estimates`",
        )
    total = estimate["fixed_monthly_usd"] + estimate["usage_monthly_usd"]
    return math.ceil(round(total * (100 + BUDGET_MARGIN_PERCENT) / 100, 6))
