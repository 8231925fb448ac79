"""Benchmark of synthesis: the fast provider import against the normal one and against the floor.

    .venv/bin/python scripts/benchmark_synth.py              # 5 runs of each scenario, medians and ratios
    .venv/bin/python scripts/benchmark_synth.py --runs 3 --environments 1,10,50
    .venv/bin/python scripts/benchmark_synth.py --runs 7 --skip-full --environments '' --compare main=/tmp/main-tree

Every measurement is a fresh process (Python and the Node.js process jsii starts), timed from spawn to exit, with the
peak resident memory of the whole process tree sampled from /proc and the CPU time (user + system) of the whole tree
(the Node.js processes are reaped by their parents, so the kernel adds their CPU to the child's). On a machine shared
with other work, wall time stretches with the load (every jsii round trip waits for a core twice) while CPU time
stays close: both are reported, with the load average before and after. Scenarios:

- floor:       `import cdktf` plus the provider's jsii assembly, nothing else: what no synth can go below.
- import:      importing every stack module, so every provider class the app uses, with the fast provider import;
               nothing is built. `import - floor` is what loading our code costs.
- import full: the same with the normal provider import (MC_PROVIDER_FULL_IMPORT=1).
- hashed:      the whole app synthesized with cdktf's default addresses (`database_this_C19B65FA`) instead of our
               readable ones, fast import: `fast - hashed` is what readable addresses cost.
- fast:        `python main.py` as `cdktf synth` runs it (every stack), with the fast provider import.
- full:        the same with the normal provider import.
- scale N:     N generated environments (copies of the real ones under new names), fast import.
- fast LABEL:  `python main.py` of another checkout (`--compare LABEL=DIR`, e.g. `git archive` of an older commit),
               with this checkout's virtualenv: its cost per element against today's, measured in the same runs.

Runs are interleaved (floor, import, ..., floor, ...) so a slow moment of the machine hits every scenario alike, and
the ratios to the floor are taken within each run, then their median reported. The cost above the floor is divided
by the number of resources and data sources synthesized (the elements): that is what each one costs, and it stays
comparable when the stacks grow. One more, untimed run counts the jsii requests (Python to Node.js round trips) of a
synth, the unit of work that building resources costs.
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
    cpu_seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu_seconds(self) -> float:
        return statistics.median(self.cpu_seconds)

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


@dataclass(frozen=True)
class Scenario:
    command: list[str]
    env: dict[str, str]
    cwd: Path = ROOT
    outdir: Path | None = None
    """Where it writes cdktf.out, for the scenarios whose elements are counted (the fast synth, compared trees)."""


def measure(scenario: Scenario) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, the whole process tree) and peak MiB of one run."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            scenario.command, cwd=scenario.cwd, env=scenario.env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        peak = 0
        while True:
            # wait4 reaps the child and gives its resource usage, which includes the descendants it reaped itself
            # (jsii's Node.js processes).
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            raise SystemExit(f"{' '.join(scenario.command)} failed:\n{stderr.read().decode(errors='replace')}")
    return seconds, usage.ru_utime + usage.ru_stime, peak / 1024


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MC_")}
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
    env.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
    return env


def scenarios(
    environment_counts: list[int], workdir: Path, *, with_full: bool, compare: dict[str, Path]
) -> dict[str, Scenario]:
    python = sys.executable
    env = base_env()
    full = {"MC_PROVIDER_FULL_IMPORT": "1"}

    def synth(name: str, cwd: Path = ROOT, extra: dict[str, str] | None = None) -> Scenario:
        outdir = workdir / name.replace(" ", "-")
        return Scenario([python, "main.py"], env | {"CDKTF_OUTDIR": str(outdir)} | (extra or {}), cwd, outdir)

    out = {
        "floor": Scenario([python, "-c", FLOOR], env),
        "import": Scenario([python, "-c", IMPORT], env),
        "import full": Scenario([python, "-c", IMPORT], env | full),
        "hashed": Scenario([python, "-c", HASHED], env | {"CDKTF_OUTDIR": str(workdir / "hashed")}),
        "fast": synth("fast"),
        "full": synth("full", extra=full),
    }
    if not with_full:
        del out["import full"], out["full"]
    for count in environment_counts:
        out[f"scale {count}"] = Scenario(
            [python, "-c", GENERATED.format(), str(count), str(workdir / f"s{count}")], env
        )
    for label, tree in compare.items():
        out[f"fast {label}"] = synth(f"fast {label}", cwd=tree)
    return out


def elements_in(outdir: Path) -> int:
    """Resources and data sources of every stack a synth wrote."""
    elements = 0
    for stack in outdir.glob("stacks/*/cdk.tf.json"):
        document = json.loads(stack.read_text())
        for block in ("resource", "data"):
            elements += sum(len(named) for named in document.get(block, {}).values())
    return elements


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
    return counts, elements_in(outdir)


def series(sample: Sample, *, cpu: bool) -> list[float]:
    return sample.cpu_seconds if cpu else sample.seconds


def run_ratio(samples: dict[str, Sample], name: str, of: str, *, cpu: bool = False) -> float:
    """Median over runs of `name / of`, each ratio taken within one run (wall time, or CPU time)."""
    pairs = zip(series(samples[name], cpu=cpu), series(samples[of], cpu=cpu), strict=True)
    return float(statistics.median(a / b for a, b in pairs))


def above_floor(samples: dict[str, Sample], name: str, *, cpu: bool = False) -> float:
    """Median over runs of `name - floor`, each difference taken within one run (wall time, or CPU time)."""
    pairs = zip(series(samples[name], cpu=cpu), series(samples["floor"], cpu=cpu), strict=True)
    return float(statistics.median(a - b for a, b in pairs))


def print_per_element(samples: dict[str, Sample], elements: dict[str, int]) -> dict[str, dict[str, float]]:
    """Ratio to the floor and time above it per element, for the fast synth and every compared tree (medians of
    per-run values)."""
    print("\nper synth, medians of per-run values (the floor and the synth of the same run)")
    print(
        f"{'scenario':>16} {'elements':>8} {'/floor':>7} {'/floor CPU':>10} {'ms/element':>10} {'CPU ms/element':>14}"
    )
    table = {}
    for name, count in elements.items():
        row = {
            "elements": count,
            "ratio": run_ratio(samples, name, "floor"),
            "ratio_cpu": run_ratio(samples, name, "floor", cpu=True),
            "ms_per_element": above_floor(samples, name) / count * 1000,
            "cpu_ms_per_element": above_floor(samples, name, cpu=True) / count * 1000,
        }
        table[name] = row
        print(
            f"{name:>16} {count:>8} {row['ratio']:>7.3f} {row['ratio_cpu']:>10.3f} {row['ms_per_element']:>10.2f} "
            f"{row['cpu_ms_per_element']:>14.2f}"
        )
    return table


def ratios_of(samples: dict[str, Sample], counts: list[int]) -> dict[str, float]:
    """Ratios of scenarios (medians of per-run ratios) and the costs of extra environments (from medians)."""
    seconds = {name: sample.median_seconds for name, sample in samples.items()}
    floor = seconds["floor"]
    ratios = {
        "fast / floor (target <= 1.3)": run_ratio(samples, "fast", "floor"),
        "fast / floor, CPU time": run_ratio(samples, "fast", "floor", cpu=True),
        "import / floor (the import alone, no resources built)": run_ratio(samples, "import", "floor"),
        "hashed / floor (cdktf's default addresses)": run_ratio(samples, "hashed", "floor"),
        "fast / hashed (what readable addresses cost)": run_ratio(samples, "fast", "hashed"),
    }
    if "full" in seconds:
        ratios["full / fast (target >= 4)"] = run_ratio(samples, "full", "fast")
        ratios["import full / import (the import alone)"] = run_ratio(samples, "import full", "import")
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
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="LABEL=DIR",
        help="also synthesize another checkout (its main.py, this virtualenv) in every run; repeatable",
    )
    args = parser.parse_args()
    counts = [int(c) for c in args.environments.split(",") if c]
    compare = {}
    for item in args.compare:
        label, _, tree = item.partition("=")
        if not label or not (Path(tree) / "main.py").is_file():
            parser.error(f"--compare {item!r}: give LABEL=DIR, DIR a checkout with main.py (e.g. main=/tmp/main-tree)")
        compare[label] = Path(tree).resolve()
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory() as tmp:
        plan = scenarios(counts, Path(tmp), with_full=not args.skip_full, compare=compare)
        samples = {name: Sample() for name in plan}
        for run in range(1, args.runs + 1):
            for name, scenario in plan.items():
                seconds, cpu, peak = measure(scenario)
                samples[name].seconds.append(seconds)
                samples[name].cpu_seconds.append(cpu)
                samples[name].peak_mib.append(peak)
                print(
                    f"run {run}/{args.runs} {name:>16}: {seconds:6.2f} s  CPU {cpu:6.2f} s  {peak:7.0f} MiB",
                    file=sys.stderr,
                )
        elements = {name: elements_in(s.outdir) for name, s in plan.items() if s.outdir and "full" not in name}
        requests, _ = count_requests(Path(tmp))
    load_after = os.getloadavg()

    print(f"\nmedians of {args.runs} runs each, one process tree per run (Python + Node.js)")
    print(f"{'scenario':>16} {'wall s':>8} {'CPU s':>7} {'peak MiB':>9}")
    for name, sample in samples.items():
        print(f"{name:>16} {sample.median_seconds:8.2f} {sample.median_cpu_seconds:7.2f} {sample.median_peak_mib:9.0f}")
    load = " / ".join(f"{a:.1f} {b:.1f} {c:.1f}" for a, b, c in (load_before, load_after))
    print(f"load average (1, 5, 15 min) before / after: {load} on {os.cpu_count()} cores")

    print_breakdown(samples, requests, elements["fast"])
    per_element = print_per_element(samples, elements)

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
                        n: {
                            "seconds": s.median_seconds,
                            "cpu_seconds": s.median_cpu_seconds,
                            "peak_mib": s.median_peak_mib,
                        }
                        for n, s in samples.items()
                    },
                    "ratios": ratios,
                    "per_element": per_element,
                    "load_average": {"before": load_before, "after": load_after},
                    "jsii_requests": requests,
                    "elements": elements["fast"],
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
