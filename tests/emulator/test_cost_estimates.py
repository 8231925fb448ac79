"""environments/cost_estimates.json, which dev's and prod's default budgets follow, is what the plan review estimates
today: both stacks planned against moto from an empty state and priced by review/cost.py with review/prices.json.
A stack or a price that changes without `make estimates` fails here."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

from environments.budget import ESTIMATES_FILE
from scripts.cost_estimates import estimates, text


def test_the_checked_in_estimates_are_the_review_s(stack_dir: Callable[[str], Path]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fresh = estimates(stack_dir("dev").parent)
    assert ESTIMATES_FILE.read_text() == text(fresh), (
        f"{ESTIMATES_FILE} differs from the review's estimate {json.dumps(fresh['environments'])}. Fix: make estimates"
    )
