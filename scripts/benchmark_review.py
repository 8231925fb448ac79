"""Benchmark of `python -m review` on our prod plan: it must take well under a second.

    .venv/bin/python scripts/benchmark_review.py                     # plan prod against the emulator, 20 runs
    .venv/bin/python scripts/benchmark_review.py --plan plan.json --runs 50

Without `--plan` it plans `cdktf.out/stacks/prod` (synthesizing into a temporary folder first when that is missing)
against a local moto from an empty state, as `python -m review.plan_stack prod --emulator` does, and reviews that.

It reports medians (and min, max) of:
- the interpreter alone (`python -c pass`): the floor below which no command can go;
- the whole command as CI runs it, a fresh process each time: Markdown, and JSON, with the bytecode cached (a
  throwaway PYTHONPYCACHEPREFIX, warmed by one untimed run), and once more compiling every run as it does where
  PYTHONDONTWRITEBYTECODE is set;
- the phases inside one process: read and check the plan, judge the findings, estimate the cost, render.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from review.cost import Prices, estimate_cost  # noqa: E402  (after the path: the script runs from anywhere)
from review.findings import judge  # noqa: E402
from review.plan import load_plan  # noqa: E402
from review.report import markdown, review_plan, to_json  # noqa: E402


def synthesized_prod(workdir: Path) -> Path:
    """`cdktf.out/stacks/prod`, or a fresh synth of it in `workdir` when there is none."""
    existing = ROOT / "cdktf.out" / "stacks" / "prod"
    if (existing / "cdk.tf.json").is_file():
        return existing
    outdir = str(workdir / "out")
    code = f"import modules; from stacks.app import build_app; build_app(outdir={outdir!r}, env={{}}).synth()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return workdir / "out" / "stacks" / "prod"


def prod_plan(workdir: Path) -> Path:
    from review.plan_stack import plan_against_emulator

    path = workdir / "prod.json"
    path.write_text(plan_against_emulator(synthesized_prod(workdir), workdir))
    return path


def timings(run: Callable[[], object], runs: int) -> list[float]:
    measured = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        measured.append(time.perf_counter() - start)
    return measured


def command(args: list[str], env: dict[str, str]) -> Callable[[], object]:
    return lambda: subprocess.run(args, cwd=ROOT, env=env, capture_output=True, check=False)


def measure(plan: Path, runs: int, pycache: Path) -> dict[str, list[float]]:
    """Seconds per run of each scenario: fresh processes first, then the phases in this process."""
    prices = Prices.load()
    loaded = load_plan(plan)
    reviewed = review_plan(loaded, prices)
    review = [sys.executable, "-m", "review"]
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
        "PYTHONPYCACHEPREFIX": str(pycache)
    }
    uncached = dict(os.environ) | {"PYTHONDONTWRITEBYTECODE": "1"}
    command([*review, str(plan)], cached)()  # writes the bytecode
    return {
        "python -c pass (floor)": timings(command([sys.executable, "-c", "pass"], cached), runs),
        "python -m review (markdown)": timings(command([*review, str(plan)], cached), runs),
        "python -m review --format json": timings(command([*review, "--format", "json", str(plan)], cached), runs),
        "python -m review, no bytecode": timings(command([*review, str(plan)], uncached), runs),
        "  read and check the plan": timings(lambda: load_plan(plan), runs),
        "  judge the findings": timings(lambda: judge(loaded), runs),
        "  estimate the cost": timings(lambda: estimate_cost(loaded, prices), runs),
        "  render markdown": timings(lambda: markdown([reviewed]), runs),
        "  render json": timings(lambda: to_json([reviewed], ()), runs),
    }


def report(plan: Path, results: dict[str, list[float]]) -> str:
    document: dict[str, Any] = json.loads(plan.read_text())
    changes = len(document.get("resource_changes", []))
    lines = [
        f"plan: {plan} ({plan.stat().st_size / 1024:.0f} KiB, {changes} resource changes), "
        f"{len(next(iter(results.values())))} runs each",
        "",
        f"{'':34} {'median':>9} {'min':>9} {'max':>9}",
    ]
    for name, seconds in results.items():
        lines.append(
            f"{name:34} {statistics.median(seconds) * 1000:7.1f}ms {min(seconds) * 1000:7.1f}ms "
            f"{max(seconds) * 1000:7.1f}ms"
        )
    whole = statistics.median(results["python -m review (markdown)"])
    floor = statistics.median(results["python -c pass (floor)"])
    lines += ["", f"review above the interpreter floor: {(whole - floor) * 1000:.0f} ms"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", type=Path, help="a `terraform show -json` plan (default: prod, planned now)")
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="benchmark-review-") as temporary:
        plan = arguments.plan or prod_plan(Path(temporary))
        print(report(plan, measure(plan, arguments.runs, Path(temporary) / "pycache")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
