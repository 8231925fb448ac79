"""The runtime preparation in `modules/_runtime.py`: each check in a fresh interpreter, since it acts on sys.modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
sys.path.insert(0, {root!r})
import modules._runtime as runtime
lazy = runtime.register_provider_package_lazily()
package = sys.modules.get(runtime.PROVIDER_PACKAGE)
print(lazy, getattr(package, "FULL_INIT_RAN", False), "_jsii" in str(sorted(sys.modules)))
"""


def probe(extra_path: Path | None = None, **env: str) -> list[str]:
    code = PROBE.format(root=str(ROOT))
    if extra_path is not None:
        code = f"import sys; sys.path.insert(0, {str(extra_path)!r})\n" + code
    run_env = {k: v for k, v in os.environ.items() if k != "MC_PROVIDER_FULL_IMPORT"} | env
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=run_env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def fake_provider(tmp_path: Path, with_jsii: bool) -> Path:
    package = tmp_path / "cdktf_cdktf_provider_aws"
    package.mkdir()
    (package / "__init__.py").write_text("FULL_INIT_RAN = True\n")
    if with_jsii:
        (package / "_jsii").mkdir()
        (package / "_jsii" / "__init__.py").write_text("")
    return tmp_path


def test_expected_layout_registers_the_package_without_running_its_init(tmp_path: Path) -> None:
    lazy, full_init_ran, jsii_loaded = probe(fake_provider(tmp_path, with_jsii=True))
    assert (lazy, full_init_ran) == ("True", "False")
    assert jsii_loaded == "False", "the assembly must load only when a resource submodule needs it"


def test_unexpected_layout_falls_back_to_the_normal_import(tmp_path: Path) -> None:
    lazy, _, _ = probe(fake_provider(tmp_path, with_jsii=False))
    assert lazy == "False"


def test_full_import_can_be_forced(tmp_path: Path) -> None:
    lazy, _, _ = probe(fake_provider(tmp_path, with_jsii=True), MC_PROVIDER_FULL_IMPORT="1")
    assert lazy == "False"


def node_options_after_prepare(env: dict[str, str]) -> str:
    code = f"import sys, os; sys.path.insert(0, {str(ROOT)!r}); import modules; print(os.environ['NODE_OPTIONS'])"
    run_env = {k: v for k, v in os.environ.items() if k != "NODE_OPTIONS"} | env
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=run_env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_node_heap_is_capped_and_other_node_options_kept() -> None:
    assert node_options_after_prepare({"NODE_OPTIONS": "--enable-source-maps"}) == (
        "--enable-source-maps --max-old-space-size=4096"
    )


def test_a_users_node_heap_setting_wins() -> None:
    assert node_options_after_prepare({"NODE_OPTIONS": "--max-old-space-size=1024"}) == "--max-old-space-size=1024"
