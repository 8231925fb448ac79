"""Shared fixtures. The whole app is synthesized once per session; variants are synthesized on demand and cached.

Layers (folders): unit/ (settings and props, no synth), synth/ (the JSON), terraform/ (the Terraform CLI),
emulator/ (the deploy rehearsal against moto).
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import modules  # noqa: F401  (first: quiet jsii and the fast provider import, before anything loads cdktf)
from environments.settings import Settings
from rehearsal.terraform import Terraform, configured, find_terraform
from tests.support import tfjson

TIMINGS: dict[str, float] = {}
CPU_SECONDS: dict[str, float] = {}
"""CPU seconds per test file (this process and the commands it waited for): `make test` is CPU-bound on two cores,
so this, not wall time, says where its minutes go."""


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.fixture(scope="module", autouse=True)
def _cpu_per_file(request: pytest.FixtureRequest) -> Iterator[None]:
    """Set up first and torn down last in each file: the file's CPU, including the session fixtures it triggers."""
    start = _cpu_seconds()
    yield
    name = os.path.relpath(str(request.path), Path(__file__).parent)
    seconds = _cpu_seconds() - start
    CPU_SECONDS[name] = CPU_SECONDS.get(name, 0.0) + seconds
    if log := os.environ.get("PYTEST_CPU_LOG"):  # as each file ends: a run cut short still tells
        with open(log, "a") as out:
            out.write(f"{seconds:.1f}\t{name}\n")


FIRST = ("emulator/test_rehearsal.py",)
"""Files handed out first: the rehearsal is the longest single file (about ten minutes of one process), so under
pytest-xdist it starts at once and the short files fill the other processes around it."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not str(item.fspath).endswith(FIRST))  # stable: files and tests keep their order
    for item in items:
        layer = Path(str(item.fspath)).parent.name
        if layer in ("synth", "terraform", "emulator"):
            item.add_marker(getattr(pytest.mark, layer))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, each worker hands its timings to the controller, which prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["timings"] = dict(TIMINGS)
        workeroutput["cpu_seconds"] = dict(CPU_SECONDS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    TIMINGS.update(getattr(node, "workeroutput", {}).get("timings", {}))
    CPU_SECONDS.update(getattr(node, "workeroutput", {}).get("cpu_seconds", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TIMINGS:
        terminalreporter.section("timings")
        for what, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{what}: {seconds:.1f} s")
    if CPU_SECONDS:
        total = sum(CPU_SECONDS.values())
        terminalreporter.section(f"CPU seconds per test file (total {total:.0f} s; the 15 costliest)")
        for name, seconds in sorted(CPU_SECONDS.items(), key=lambda item: -item[1])[:15]:
            terminalreporter.write_line(f"{seconds:7.1f} s  {name}")


@pytest.fixture(scope="session")
def stacks_loaded() -> None:
    """Import cdktf, the provider classes the stacks use, and the stacks: once, timed."""
    start = time.perf_counter()
    import stacks.app  # noqa: F401

    TIMINGS["import cdktf, provider classes and stacks"] = time.perf_counter() - start


@pytest.fixture(scope="session")
def app_out(tmp_path_factory: pytest.TempPathFactory, stacks_loaded: None) -> Path:
    """cdktf.out of the whole app, with no MC_* overrides: tests never depend on the caller's shell."""
    from stacks.app import build_app

    outdir = tmp_path_factory.mktemp("cdktf.out")
    start = time.perf_counter()
    build_app(outdir=str(outdir), env={}).synth()
    TIMINGS["synthesize every environment"] = time.perf_counter() - start
    return outdir


@pytest.fixture(scope="session")
def synth_app(tmp_path_factory: pytest.TempPathFactory, stacks_loaded: None) -> Callable[[dict[str, str]], Path]:
    """The whole app synthesized with these MC_* variables (and no others); returns its `stacks/` folder."""
    cache: dict[frozenset[tuple[str, str]], Path] = {}

    def synth(env: dict[str, str]) -> Path:
        key = frozenset(env.items())
        if key not in cache:
            from stacks.app import build_app

            outdir = tmp_path_factory.mktemp("app-variant")
            build_app(outdir=str(outdir), env=env).synth()
            cache[key] = outdir / "stacks"
        return cache[key]

    return synth


@pytest.fixture(scope="session")
def stack_dir(app_out: Path) -> Callable[[str], Path]:
    def folder(name: str) -> Path:
        return app_out / "stacks" / name

    return folder


@pytest.fixture(scope="session")
def lightsail(stack_dir: Callable[[str], Path]) -> tfjson.TfJson:
    return tfjson.load(stack_dir("lightsail") / "cdk.tf.json")


@pytest.fixture(scope="session")
def synth_settings(
    tmp_path_factory: pytest.TempPathFactory, stacks_loaded: None
) -> Iterator[Callable[[Settings], Path]]:
    """Synthesize one environment stack from settings; returns its folder. Cached by settings."""
    cache: dict[str, Path] = {}  # by repr: settings may hold dicts (plain environment variables)

    def synth(settings: Settings) -> Path:
        key = repr(settings)
        if key not in cache:
            from cdktf import App

            from stacks.app import stack_for

            outdir = tmp_path_factory.mktemp(f"variant-{settings.name}")
            app = App(outdir=str(outdir))
            stack_for(app, settings)
            app.synth()
            cache[key] = outdir / "stacks" / settings.name
        return cache[key]

    yield synth


@pytest.fixture(scope="session")
def synth_construct(
    tmp_path_factory: pytest.TempPathFactory, stacks_loaded: None
) -> Callable[[str, Callable[[Any], object]], Path]:
    """Synthesize one construct alone in a test stack (with an AWS provider); returns the stack folder.

    `build(stack)` adds the construct. Results are cached by `name`, so a test module can share one synth.
    """
    cache: dict[str, Path] = {}

    def synth(name: str, build: Callable[[Any], object]) -> Path:
        if name not in cache:
            from cdktf import App, TerraformStack
            from cdktf_cdktf_provider_aws.provider import AwsProvider

            outdir = tmp_path_factory.mktemp(f"construct-{name}")
            app = App(outdir=str(outdir))
            stack = TerraformStack(app, name)
            AwsProvider(stack, "aws", region="us-east-1")
            build(stack)
            app.synth()
            cache[name] = outdir / "stacks" / name
        return cache[name]

    return synth


@pytest.fixture(scope="session")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> Terraform:
    binary = find_terraform()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("terraform is not installed: CI requires it (see README, 'Requirements')")
        pytest.skip("terraform is not installed")
    return configured(tmp_path_factory.mktemp("terraform"), binary)
