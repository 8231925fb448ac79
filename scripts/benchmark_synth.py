"""Benchmark of synthesis: the fast provider import against the normal one and against the floor.

    .venv/bin/python scripts/benchmark_synth.py              # 5 runs of each scenario, medians and ratios
    .venv/bin/python scripts/benchmark_synth.py --runs 3 --environments 1,10,50

Every measurement is a fresh process (Python and the Node.js process jsii starts), timed from spawn to exit, with the
peak resident memory of the whole process tree sampled from /proc. Scenarios:

- floor: `import cdktf` plus the provider's jsii assembly, nothing else: what no synth can go below.
- fast:  `python main.py` as `cdktf synth` runs it (every stack), with the fast provider import.
- full:  the same with the normal provider import (MC_PROVIDER_FULL_IMPORT=1).
- scale N: N generated environments (copies of the real ones under new names), fast import.

Runs are interleaved (floor, fast, full, floor, ...) so a slow moment of the machine hits every scenario alike.
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
import modules  # quiet jsii; registers the provider package without its __init__
import cdktf
import cdktf_cdktf_provider_aws._jsii  # the provider's jsii assembly, no resource classes
"""

GENERATED = """
import dataclasses, sys
import modules
from cdktf import App
from environments import load_all
from stacks.app import stack_for

count, outdir = int(sys.argv[1]), sys.argv[2]
real = load_all(env={{}})
app = App(outdir=outdir)
for i in range(count):
    base = real[i % len(real)]
    stack_for(app, dataclasses.replace(base, name=f"{{base.name[:12]}}-{{i}}"))
app.synth()
"""


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_peak_mib(self) -> float:
        return statistics.median(self.peak_mib)


def tree_rss_kib(root_pid: int) -> int:
    """Resident memory of `root_pid` and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry.name}/statm") as statm:
                pages = int(statm.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of the process tree of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode() if process.stderr else ''}")
    return seconds, peak / 1024


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MC_")}
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
    env.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
    return env


def scenarios(environment_counts: list[int], workdir: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    python = sys.executable
    env = base_env()
    out = {
        "floor": ([python, "-c", FLOOR], env),
        "fast": ([python, "main.py"], env | {"CDKTF_OUTDIR": str(workdir / "fast")}),
        "full": (
            [python, "main.py"],
            env | {"CDKTF_OUTDIR": str(workdir / "full"), "MC_PROVIDER_FULL_IMPORT": "1"},
        ),
    }
    for count in environment_counts:
        out[f"scale {count}"] = ([python, "-c", GENERATED.format(), str(count), str(workdir / f"scale{count}")], env)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each scenario (default 5)")
    parser.add_argument("--environments", default="1,10,50", help="generated environment counts (default 1,10,50)")
    parser.add_argument("--skip-full", action="store_true", help="leave out the slow normal-import scenario")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args()
    counts = [int(c) for c in args.environments.split(",") if c]

    with tempfile.TemporaryDirectory() as tmp:
        plan = scenarios(counts, Path(tmp))
        if args.skip_full:
            del plan["full"]
        samples = {name: Sample() for name in plan}
        for run in range(1, args.runs + 1):
            for name, (command, env) in plan.items():
                seconds, peak = measure(command, env)
                samples[name].seconds.append(seconds)
                samples[name].peak_mib.append(peak)
                print(f"run {run}/{args.runs} {name:>9}: {seconds:6.2f} s  {peak:7.0f} MiB", file=sys.stderr)

    print(f"\nmedians of {args.runs} runs each, one process tree per run (Python + Node.js)")
    print(f"{'scenario':>10} {'wall s':>8} {'peak MiB':>9}")
    for name, sample in samples.items():
        print(f"{name:>10} {sample.median_seconds:8.2f} {sample.median_peak_mib:9.0f}")

    fast, floor = samples["fast"].median_seconds, samples["floor"].median_seconds
    ratios = {"fast / floor (target <= 1.3)": fast / floor}
    if "full" in samples:
        full = samples["full"].median_seconds
        ratios["full / fast (target >= 4)"] = full / fast
        ratios["full / fast, peak memory"] = samples["full"].median_peak_mib / samples["fast"].median_peak_mib
    if len(counts) >= 2:
        low, high = min(counts), max(counts)
        per_env = (samples[f"scale {high}"].median_seconds - samples[f"scale {low}"].median_seconds) / (high - low)
        ratios[f"seconds per extra environment ({low}->{high})"] = per_env
        ratios["one environment's cost / floor"] = per_env / floor
    if len(counts) >= 3:
        a, b, c = sorted(counts)[:3]
        slope_ab = (samples[f"scale {b}"].median_seconds - samples[f"scale {a}"].median_seconds) / (b - a)
        slope_bc = (samples[f"scale {c}"].median_seconds - samples[f"scale {b}"].median_seconds) / (c - b)
        ratios[f"linearity: slope {b}->{c} / slope {a}->{b} (1 = linear)"] = slope_bc / slope_ab
    print()
    for what, value in ratios.items():
        print(f"{what}: {value:.3f}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "runs": args.runs,
                    "medians": {
                        n: {"seconds": s.median_seconds, "peak_mib": s.median_peak_mib} for n, s in samples.items()
                    },
                    "ratios": ratios,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
