"""Prepares the Python runtime before any cdktf or provider import. `modules/__init__.py` runs it.

Three things, each safe to run twice:

1. jsii starts a Node.js process and prints a banner about the Node version on every run. Its documented
   environment variables silence it; a value the user already set wins.
2. `import cdktf_cdktf_provider_aws.vpc` normally runs the package `__init__` first, which imports all ~2,200
   resource submodules (20-30 s). We register the package without running that `__init__`, so each
   `from cdktf_cdktf_provider_aws.<resource> import X` loads just that submodule and the jsii assembly
   (`_jsii`) it needs. If the package is missing or laid out differently than expected, we do nothing and Python's
   normal import takes over. Set MC_PROVIDER_FULL_IMPORT=1 to force the normal import (the equivalence test
   and the benchmark do).
3. Node's heap is capped as cdktf's CLI does (`--max-old-space-size`), unless NODE_OPTIONS already sets it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

PROVIDER_PACKAGE = "cdktf_cdktf_provider_aws"
NODE_HEAP_MIB = 4096


def silence_jsii_node_banner() -> None:
    os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
    os.environ.setdefault("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1")


def cap_node_heap() -> None:
    """Give jsii's Node.js process the heap limit cdktf's own CLI sets (4 GiB) unless NODE_OPTIONS names one:
    large apps then fail early and clearly rather than pushing the machine into swap."""
    options = os.environ.get("NODE_OPTIONS", "")
    if "--max-old-space-size" not in options:
        os.environ["NODE_OPTIONS"] = f"{options} --max-old-space-size={NODE_HEAP_MIB}".strip()


def register_provider_package_lazily() -> bool:
    """Register the provider package without its `__init__`. Returns True when the fast path is in place."""
    if PROVIDER_PACKAGE in sys.modules:
        return getattr(sys.modules[PROVIDER_PACKAGE], "__mc_lazy__", False)
    if os.environ.get("MC_PROVIDER_FULL_IMPORT") == "1":
        return False
    spec = importlib.util.find_spec(PROVIDER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return False
    locations = list(spec.submodule_search_locations)
    if not (Path(locations[0]) / "_jsii" / "__init__.py").is_file():
        return False
    # The package object without its `__init__`: submodules find their files through `__path__`, and each
    # one imports `.._jsii` (the assembly, about 4 s) itself on first use, so nothing loads until needed.
    package = importlib.util.module_from_spec(spec)
    package.__mc_lazy__ = True  # type: ignore[attr-defined]
    sys.modules[PROVIDER_PACKAGE] = package
    return True


def prepare() -> None:
    silence_jsii_node_banner()
    cap_node_heap()
    register_provider_package_lazily()
