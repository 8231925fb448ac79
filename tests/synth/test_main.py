"""`python main.py` as `cdktf synth` runs it: a bad setting stops it before anything is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_main(outdir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # Without MC_* overrides, and without the jsii switches this test process has set: main.py must set them.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MC_", "JSII_SILENCE"))}
    return subprocess.run(
        [sys.executable, "main.py"],
        cwd=ROOT,
        env=clean | {"CDKTF_OUTDIR": str(outdir)} | env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_bad_setting_exits_with_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    result = run_main(outdir, MC_IMAGE="")
    assert result.returncode == 2
    assert result.stderr.startswith("error: MC_IMAGE='' (overrides image of environment ")
    assert "Fix:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not outdir.exists()


@pytest.mark.parametrize(
    ("env", "start"),
    [
        ({"MC_DOMAIN_NAME": "mc.example.com"}, "error: MC_DOMAIN_NAME='mc.example.com': "),
        ({"MC_IMAGE": "${TfToken[TOKEN.7]}"}, "error: MC_IMAGE='${TfToken[TOKEN.7]}' (overrides image of "),
    ],
    ids=["plain-domain", "token-image"],
)
def test_a_plain_domain_or_a_token_image_stops_before_anything_is_written(
    tmp_path: Path, env: dict[str, str], start: str
) -> None:
    outdir = tmp_path / "cdktf.out"
    result = run_main(outdir, **env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(start) and "Fix:" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not outdir.exists()


def test_a_good_run_writes_every_stack_quietly(tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    result = run_main(outdir)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (outdir / "stacks").iterdir()) == ["dev", "lightsail", "prod", "state"]
    assert "Node" not in result.stderr and "!!!" not in result.stderr, result.stderr  # jsii's banner is silenced


def test_a_stack_dropped_from_the_app_leaves_no_folder_but_its_state_file_stays(tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    assert run_main(outdir).returncode == 0
    (outdir / "stacks" / "state" / "terraform.state.tfstate").write_text("{}")
    (outdir / "stacks" / "ghost").mkdir()
    (outdir / "stacks" / "ghost" / "cdk.tf.json").write_text("{}")
    result = run_main(outdir, MC_STATE_BACKEND="cloud", MC_TFC_ORGANIZATION="acme")
    assert result.returncode == 0, result.stderr
    assert not (outdir / "stacks" / "ghost").exists()
    assert [p.name for p in (outdir / "stacks" / "state").iterdir()] == ["terraform.state.tfstate"]
    assert "kept its state" in result.stderr
