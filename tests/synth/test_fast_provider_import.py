"""The fast provider import (modules/_runtime.py) and the jsii shortcuts (modules/_jsii_calls.py) change nothing but
speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def synth_in_fresh_process(outdir: Path, *, full_import: bool, extra_env: dict[str, str] | None = None) -> None:
    """`python main.py`, exactly as `cdktf synth` runs it, in its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MC_")} | {"CDKTF_OUTDIR": str(outdir)}
    if full_import:
        env["MC_PROVIDER_FULL_IMPORT"] = "1"
    env |= extra_env or {}
    result = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    """What a synth wrote: without what `terraform init` adds (other tests run Terraform in the shared synth)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".terraform") for part in p.relative_to(folder).parts)
    }


def test_the_speed_tricks_change_nothing_but_speed(app_out: Path, tmp_path: Path) -> None:
    """This session's synth (the fast provider import and the jsii shortcuts of modules/_jsii_calls.py) against
    `python main.py` with neither (the provider package's own import, every jsii request made): byte-identical. One
    plain synth for both tricks, not one each: each costs a full synth of CPU."""
    synth_in_fresh_process(tmp_path / "plain", full_import=True, extra_env={"MC_JSII_SHORTCUTS": "0"})
    fast, plain = files(app_out), files(tmp_path / "plain")
    assert any(name.endswith("cdk.tf.json") for name in plain)
    assert sorted(fast) == sorted(plain)
    different = [name for name in plain if plain[name] != fast[name]]
    assert different == []


def test_this_session_loaded_only_the_provider_classes_it_uses(app_out: Path) -> None:
    loaded = [m for m in sys.modules if m.startswith("cdktf_cdktf_provider_aws.") and m.count(".") == 1]
    # The package has ~2,140 resource submodules; the stacks use a few dozen.
    assert 5 < len(loaded) < 150, len(loaded)


def test_benchmark_runs_and_reports_ratios() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/benchmark_synth.py", "--runs", "1", "--environments", "1,2", "--skip-full"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "fast / floor (target <= 1.3):" in result.stdout
    assert "import / floor (the import alone, no resources built):" in result.stdout
    assert "fast / hashed (what readable addresses cost):" in result.stdout
    assert "seconds per extra environment (1->2):" in result.stdout
    # The breakdown adds up to the fast synth, and the request count saw the synth (a create per resource at least).
    breakdown = result.stdout.split("where the fast synth's time goes", 1)[1]
    assert "resources and data sources" in breakdown
    requests = re.search(r"jsii requests in one synth: (\d+) \(([\d.]+) per element\)", breakdown)
    assert requests is not None, breakdown
    assert float(requests.group(2)) >= 1.0
    # Per element: the synth's own count of elements (from its output) is the breakdown's (from the counted run).
    built = re.search(r"building and writing (\d+) resources and data sources", breakdown)
    row = re.search(r"^ +fast +(\d+) +([\d.]+) +([\d.]+) +(-?[\d.]+) +(-?[\d.]+)$", result.stdout, re.MULTILINE)
    assert built is not None and row is not None, result.stdout
    assert row.group(1) == built.group(1)
    assert "fast / floor, CPU time:" in result.stdout
    assert "load average (1, 5, 15 min) before / after:" in result.stdout
