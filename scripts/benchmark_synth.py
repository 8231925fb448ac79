"""Benchmark of synthesis: the fast provider import against the normal one and against the floor.

    .venv/bin/python scripts/benchmark_synth.py              # 5 runs of each scenario, medians and ratios
    .venv/bin/python scripts/benchmark_synth.py --runs 3 --environments 1,10,50

Every measurement is a fresh process (Python and the Node.js process jsii starts), timed from spawn to exit, with the
peak resident memory of the whole process tree sampled from /proc. Scenarios:

- floor:       `import cdktf` plus the provider's jsii assembly, nothing else: what no synth can go below.
- import:      importing every stack module, so every provider class the app uses, with the fast provider import;
               nothing is built. `import - floor` is what loading our code costs.
- import full: the same with the normal provider import (MC_PROVIDER_FULL_IMPORT=1).
- hashed:      the whole app synthesized with cdktf's default addresses (`database_this_C19B65FA`) instead of our
               readable ones, fast import: `fast - hashed` is what readable addresses cost.
- fast:        `python main.py` as `cdktf synth` runs it (every stack), with the fast provider import.
- full:        the same with the normal provider import.
- scale N:     N generated environments (copies of the real ones under new names), fast import.

Runs are interleaved (floor, import, ..., floor, ...) so a slow moment of the machine hits every scenario alike. One
more, untimed run counts the jsii requests (Python to Node.js round trips) of a synth, the unit of work that
building resources costs.
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

IMPORT = """
import modules
import stacks.app  # every stack module, so every provider class the app uses
"""

HASHED = """
import modules
from stacks.base import ReadableStack
del ReadableStack._allocate_logical_id  # cdktf's default logical IDs
from stacks.app import build_app
build_app().synth()
"""

# Counts what crosses to Node.js during one synth. It wraps a private jsii class, so it reports nothing rather than
# fail if jsii changes.
COUNT_REQUESTS = """
import collections, json, sys
import modules
counts = collections.Counter()
try:
    from jsii._kernel.providers.process import _NodeProcess
    send = _NodeProcess.send
    def counting(self, request, response_type):
        counts[type(request).__name__.strip("_").removesuffix("Request")] += 1
        return send(self, request, response_type)
    _NodeProcess.send = counting
except (ImportError, AttributeError):
    pass
from stacks.app import build_app
app = build_app(outdir=sys.argv[1])
app.synth()
print(json.dumps(counts))
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


def scenarios(
    environment_counts: list[int], workdir: Path, *, with_full: bool
) -> dict[str, tuple[list[str], dict[str, str]]]:
    python = sys.executable
    env = base_env()
    full = {"MC_PROVIDER_FULL_IMPORT": "1"}
    out = {
        "floor": ([python, "-c", FLOOR], env),
        "import": ([python, "-c", IMPORT], env),
        "import full": ([python, "-c", IMPORT], env | full),
        "hashed": ([python, "-c", HASHED], env | {"CDKTF_OUTDIR": str(workdir / "hashed")}),
        "fast": ([python, "main.py"], env | {"CDKTF_OUTDIR": str(workdir / "fast")}),
        "full": ([python, "main.py"], env | {"CDKTF_OUTDIR": str(workdir / "full")} | full),
    }
    if not with_full:
        del out["import full"], out["full"]
    for count in environment_counts:
        out[f"scale {count}"] = ([python, "-c", GENERATED.format(), str(count), str(workdir / f"scale{count}")], env)
    return out


def count_requests(workdir: Path) -> tuple[dict[str, int], int]:
    """jsii requests of one synth of the app, by kind, and the number of resources and data sources synthesized."""
    outdir = workdir / "counted"
    result = subprocess.run(
        [sys.executable, "-c", COUNT_REQUESTS, str(outdir)],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    counts: dict[str, int] = json.loads(result.stdout.strip().splitlines()[-1])
    elements = 0
    for stack in outdir.glob("stacks/*/cdk.tf.json"):
        document = json.loads(stack.read_text())
        for block in ("resource", "data"):
            elements += sum(len(named) for named in document.get(block, {}).values())
    return counts, elements


def ratios_of(samples: dict[str, Sample], counts: list[int]) -> dict[str, float]:
    seconds = {name: sample.median_seconds for name, sample in samples.items()}
    floor, fast = seconds["floor"], seconds["fast"]
    ratios = {
        "fast / floor (target <= 1.3)": fast / floor,
        "import / floor (the import alone, no resources built)": seconds["import"] / floor,
        "hashed / floor (cdktf's default addresses)": seconds["hashed"] / floor,
        "fast / hashed (what readable addresses cost)": fast / seconds["hashed"],
    }
    if "full" in seconds:
        ratios["full / fast (target >= 4)"] = seconds["full"] / fast
        ratios["import full / import (the import alone)"] = seconds["import full"] / seconds["import"]
        ratios["full / fast, peak memory"] = samples["full"].median_peak_mib / samples["fast"].median_peak_mib
    if len(counts) >= 2:
        low, high = min(counts), max(counts)
        per_env = (seconds[f"scale {high}"] - seconds[f"scale {low}"]) / (high - low)
        ratios[f"seconds per extra environment ({low}->{high})"] = per_env
        ratios["one environment's cost / floor"] = per_env / floor
    if len(counts) >= 3:
        a, b, c = sorted(counts)[:3]
        slope_ab = (seconds[f"scale {b}"] - seconds[f"scale {a}"]) / (b - a)
        slope_bc = (seconds[f"scale {c}"] - seconds[f"scale {b}"]) / (c - b)
        ratios[f"linearity: slope {b}->{c} / slope {a}->{b} (1 = linear)"] = slope_bc / slope_ab
    return ratios


def print_breakdown(samples: dict[str, Sample], requests: dict[str, int], elements: int) -> None:
    """The fast synth as a sum: floor, then what each layer adds (differences of medians)."""
    median = {name: sample.median_seconds for name, sample in samples.items()}
    print("\nwhere the fast synth's time goes")
    print(f"  {median['floor']:6.2f} s  floor: cdktf and the provider's jsii assembly")
    print(f"+ {median['import'] - median['floor']:6.2f} s  importing our code and the provider classes it uses")
    print(f"+ {median['hashed'] - median['import']:6.2f} s  building and writing {elements} resources and data sources")
    print(f"+ {median['fast'] - median['hashed']:6.2f} s  readable addresses (a jsii callback per element)")
    print(f"= {median['fast']:6.2f} s  fast")
    if requests:
        total = sum(requests.values())
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(requests.items(), key=lambda item: -item[1]))
        print(f"jsii requests in one synth: {total} ({total / max(elements, 1):.1f} per element): {kinds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each scenario (default 5)")
    parser.add_argument("--environments", default="1,10,50", help="generated environment counts (default 1,10,50)")
    parser.add_argument("--skip-full", action="store_true", help="leave out the slow normal-import scenarios")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args()
    counts = [int(c) for c in args.environments.split(",") if c]

    with tempfile.TemporaryDirectory() as tmp:
        plan = scenarios(counts, Path(tmp), with_full=not args.skip_full)
        samples = {name: Sample() for name in plan}
        for run in range(1, args.runs + 1):
            for name, (command, env) in plan.items():
                seconds, peak = measure(command, env)
                samples[name].seconds.append(seconds)
                samples[name].peak_mib.append(peak)
                print(f"run {run}/{args.runs} {name:>11}: {seconds:6.2f} s  {peak:7.0f} MiB", file=sys.stderr)
        requests, elements = count_requests(Path(tmp))

    print(f"\nmedians of {args.runs} runs each, one process tree per run (Python + Node.js)")
    print(f"{'scenario':>11} {'wall s':>8} {'peak MiB':>9}")
    for name, sample in samples.items():
        print(f"{name:>11} {sample.median_seconds:8.2f} {sample.median_peak_mib:9.0f}")

    print_breakdown(samples, requests, elements)

    ratios = ratios_of(samples, counts)
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
                    "jsii_requests": requests,
                    "elements": elements,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
