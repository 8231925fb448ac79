"""The rehearsal's shape (rehearsal/steps/__init__.py): a step imports the session and shared checks, never another
step or the orchestrator; only the orchestrator (rehearsal/run.py) imports steps; nothing but `python -m rehearsal`
imports the orchestrator; the session imports only the plumbing below it. Read from the source (AST), so an import
inside a function or under `if TYPE_CHECKING:` counts, and so does `importlib.import_module("...")` with a literal.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELOW_THE_SESSION = {"rehearsal.emulator", "rehearsal.moto_patches", "rehearsal.report", "rehearsal.terraform"}
"""What rehearsal/session.py may import of the rehearsal: the emulator, the report and Terraform's plumbing."""


def module_name(package_root: Path, path: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, name: str) -> set[str]:
    """Every dotted name the file imports, relative imports resolved; `from a import b` gives `a` and `a.b` (`b` may
    be a module or a name: the caller keeps those that are modules)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join([*package[: len(package) - node.level + 1], node.module or ""]) if node.level else ""
            base = base.strip(".") or (node.module or "")
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def import_graph(package_root: Path) -> dict[str, set[str]]:
    """Each module of the package, and the modules of the same package it imports."""
    files = {module_name(package_root, path): path for path in sorted(package_root.rglob("*.py"))}
    return {name: imported_names(path, name) & (set(files) - {name}) for name, path in files.items()}


def violations(package_root: Path) -> list[str]:
    """What breaks the rehearsal's shape, one line per forbidden import (empty when it holds)."""
    steps, run, main, session = "rehearsal.steps", "rehearsal.run", "rehearsal.__main__", "rehearsal.session"
    found = []
    for module, imports in sorted(import_graph(package_root).items()):
        for target in sorted(imports):
            is_step = target == steps or target.startswith(f"{steps}.")
            if module.startswith(f"{steps}.") and ((is_step and target != steps) or target in (run, main)):
                found.append(f"{module} imports {target}: a step imports neither another step nor the orchestrator")
            elif not module.startswith(f"{steps}.") and module not in (run, main) and is_step:
                found.append(f"{module} imports {target}: only {run} imports steps")
            elif target == run and module != main:
                found.append(f"{module} imports {target}: only {main} imports the orchestrator")
            elif module == session and target not in BELOW_THE_SESSION:
                found.append(f"{module} imports {target}: the session imports only {sorted(BELOW_THE_SESSION)}")
    return found


def test_the_rehearsal_holds_its_shape() -> None:
    found = violations(ROOT / "rehearsal")
    assert not found, "\n".join(found)


def test_the_steps_are_where_the_check_looks() -> None:
    """The check above passes on an empty or moved package too: it must see the orchestrator import every step."""
    graph = import_graph(ROOT / "rehearsal")
    steps = {name for name in graph if name.startswith("rehearsal.steps.")}
    assert len(steps) >= 8, sorted(graph)
    assert steps <= graph["rehearsal.run"], sorted(steps - graph["rehearsal.run"])
    assert "rehearsal.session" in graph["rehearsal.steps.deploy"]


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / "rehearsal" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "rehearsal"


CLEAN = {
    "__init__.py": "",
    "__main__.py": "from rehearsal.run import rehearse\n",
    "report.py": "",
    "session.py": "from rehearsal.report import Report\n",
    "encryption.py": "from rehearsal.session import Session\n",
    "run.py": "from rehearsal.steps import deploy, plan\nfrom rehearsal.session import Session\n",
    "steps/__init__.py": "",
    "steps/plan.py": "from rehearsal.session import Session\n",
    "steps/deploy.py": "from rehearsal.encryption import check\nfrom rehearsal.session import Session\n",
}


def test_a_clean_package_passes(tmp_path: Path) -> None:
    assert violations(write(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        (
            "steps/deploy.py",
            "from rehearsal.steps.plan import plan\n",
            "rehearsal.steps.deploy imports rehearsal.steps.plan",
        ),
        (
            "steps/deploy.py",
            "from rehearsal.steps import plan\n",
            "rehearsal.steps.deploy imports rehearsal.steps.plan",
        ),
        ("steps/deploy.py", "from . import plan\n", "rehearsal.steps.deploy imports rehearsal.steps.plan"),
        ("steps/deploy.py", "from .plan import plan\n", "rehearsal.steps.deploy imports rehearsal.steps.plan"),
        ("steps/deploy.py", "import rehearsal.steps.plan\n", "rehearsal.steps.deploy imports rehearsal.steps.plan"),
        (
            "steps/deploy.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from rehearsal.run import Rehearsal\n",
            "rehearsal.steps.deploy imports rehearsal.run",
        ),
        ("steps/deploy.py", "from .. import run\n", "rehearsal.steps.deploy imports rehearsal.run"),
        (
            "steps/deploy.py",
            "import importlib\nimportlib.import_module('rehearsal.steps.plan')\n",
            "rehearsal.steps.deploy imports rehearsal.steps.plan",
        ),
        (
            "session.py",
            "def f():\n    from rehearsal.steps.plan import plan\n",
            "rehearsal.session imports rehearsal.steps.plan",
        ),
        ("session.py", "from rehearsal.encryption import check\n", "rehearsal.session imports rehearsal.encryption"),
        ("encryption.py", "from rehearsal.run import APPLIED\n", "rehearsal.encryption imports rehearsal.run"),
        ("encryption.py", "from rehearsal.steps import deploy\n", "rehearsal.encryption imports rehearsal.steps"),
    ],
)
def test_the_check_finds_a_forbidden_import(tmp_path: Path, relative: str, source: str, expected: str) -> None:
    package = write(tmp_path, CLEAN | {relative: CLEAN.get(relative, "") + source})
    found = violations(package)
    assert any(line.startswith(f"{expected}:") for line in found), found
