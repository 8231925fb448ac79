"""The rehearsal session's bookkeeping, without an emulator: a command's output goes to its log, its CPU time (its
child processes' included) to the step that ran it, a failed step keeps its error, a command past its timeout is
killed and the step says so."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from rehearsal.emulator import Emulator
from rehearsal.session import Session
from rehearsal.terraform import Terraform

BUSY = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"
"""A Python program that spends `seconds` of CPU time."""


@pytest.fixture
def session(tmp_path: Path) -> Session:
    emulator = Emulator(url="http://127.0.0.1:9", plain_url="http://127.0.0.1:9")
    return Session(
        tmp_path, emulator, Terraform("terraform", tmp_path / "terraformrc"), cdktf=Path("cdktf"), log=lambda line: None
    )


def test_a_commands_cpu_time_goes_to_its_step_with_its_childrens(session: Session) -> None:
    """The command starts a child that does the work: wait4's usage counts the children it waited for."""
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BUSY.format(seconds=0.6)!r}])"
    with session.step("busy") as step:
        result = session.run([sys.executable, "-c", child], log_name="busy")
    assert result.returncode == 0 and step.ok
    assert 0.6 <= step.cpu_seconds < 5, step.cpu_seconds
    with session.step("idle") as idle:
        session.run([sys.executable, "-c", "import time; time.sleep(0.5)"], log_name="idle")
    assert idle.cpu_seconds < 0.5, idle.cpu_seconds


def test_output_and_exit_code_are_kept_and_logged(session: Session) -> None:
    program = "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"
    with session.step("fails") as step:
        result = session.run([sys.executable, "-c", program], log_name="fails")
        step.check("exit code 0", result.returncode == 0, result.returncode)
    assert (result.returncode, result.stdout, result.stderr) == (3, "out\n", "err\n")
    assert not step.ok and step.checks[0].detail == 3
    log = (session.logs / "fails.log").read_text()
    assert "exit 3;" in log and "; CPU " in log and "out\n" in log and "err\n" in log


def test_output_that_may_hold_secrets_is_not_logged(session: Session) -> None:
    with session.step("show"):
        result = session.run([sys.executable, "-c", "print('hun' + 'ter2')"], log_name="show", log_output=False)
    assert result.stdout == "hunter2\n"
    assert "hunter2" not in (session.logs / "show.log").read_text()


def test_a_command_past_its_timeout_is_killed_and_the_step_fails(session: Session) -> None:
    start = time.monotonic()
    with session.step("hangs") as step:
        session.run([sys.executable, "-c", "import time; time.sleep(60)"], log_name="hangs", timeout=1)
    assert time.monotonic() - start < 30
    assert step.error is not None and step.error.startswith("TimeoutExpired"), step.error


def test_a_started_command_is_charged_when_reaped(session: Session) -> None:
    with session.step("started") as step:
        process = session.start([sys.executable, "-c", BUSY.format(seconds=0.4)], stdout=subprocess.DEVNULL)
        assert session.reap(process, timeout=60) == 0
    assert step.cpu_seconds >= 0.4 and process.returncode == 0


def test_the_report_has_the_runs_cpu_time(session: Session) -> None:
    session.run([sys.executable, "-c", BUSY.format(seconds=0.3)], log_name="outside")
    report = session.finish()
    assert set(report.cpu_seconds) == {"child_processes", "rehearsal_process"}
    assert report.cpu_seconds["child_processes"] >= 0.3
    assert "CPU time: child processes" in report.markdown()
