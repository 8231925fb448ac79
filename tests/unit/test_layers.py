"""The packages import only downward, in the order `pyproject.toml` declares (`[tool.importlinter]`, a `layers`
contract): no package imports one above it or beside it, the import graph has no circle, and no package reaches
another through `importlib` (which hides the dependency from this test and from a reader). Every import counts:
inside functions and under `TYPE_CHECKING` too (a type-only import back is still a circle for the reader).
No synth: the source is parsed, not imported."""

from __future__ import annotations

import ast
import graphlib
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DYNAMIC_IMPORTS = {"import_module", "find_spec", "__import__"}


@dataclass(frozen=True)
class Import:
    source: str
    """The importing package."""
    target: str
    """The imported package."""
    where: str
    """`path:line`, for the message."""
    dynamic: bool = False
    """Through `importlib` (a name computed or written as a string)."""


def declared_layers(pyproject: Path) -> list[list[str]]:
    """The layers, top first, each a list of packages that do not import each other."""
    config = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    layers = [[name.strip() for name in layer.split("|")] for layer in contract["layers"]]
    assert sorted(flat(layers)) == sorted(config["root_packages"]), "root_packages and layers must name the same"
    return layers


def flat(layers: list[list[str]]) -> list[str]:
    return [package for layer in layers for package in layer]


def _files(root: Path, package: str) -> list[Path]:
    module = root / f"{package}.py"
    return [module] if module.is_file() else sorted((root / package).rglob("*.py"))


def _dynamic_target(node: ast.Call) -> str | None:
    """The literal start of the name given to `importlib.import_module(...)`, `find_spec(...)` or `__import__`."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name not in DYNAMIC_IMPORTS or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.JoinedStr) and first.values:
        first = first.values[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def imports(root: Path, packages: list[str]) -> list[Import]:
    """Every import from one of `packages` of another of them (or of itself, for dynamic imports)."""
    found = []
    for package in packages:
        for path in _files(root, package):
            where = str(path.relative_to(root))
            for node in ast.walk(ast.parse(path.read_text(), filename=where)):
                names: list[str] = []
                dynamic = False
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Call) and (target := _dynamic_target(node)) is not None:
                    names, dynamic = [target], True
                for name in names:
                    top = name.split(".")[0]
                    if top in packages and (top != package or dynamic):
                        found.append(Import(package, top, f"{where}:{getattr(node, 'lineno', 0)}", dynamic))
    return found


def problems(found: list[Import], layers: list[list[str]]) -> list[str]:
    """Each import that goes up or sideways, or through `importlib` into another package."""
    rank = {package: height for height, layer in enumerate(reversed(layers)) for package in layer}
    out = []
    for item in found:
        if item.dynamic:
            if item.target != item.source:
                out.append(f"{item.where}: {item.source} reaches {item.target} through importlib: import it")
        elif rank[item.target] > rank[item.source]:
            out.append(f"{item.where}: {item.source} imports {item.target}, a layer above it")
        elif rank[item.target] == rank[item.source]:
            out.append(f"{item.where}: {item.source} imports {item.target}, beside it in the same layer")
    return out


def check_no_circle(found: list[Import]) -> None:
    """Raise `graphlib.CycleError` (naming the circle) when the packages import each other in a circle."""
    graph: dict[str, set[str]] = defaultdict(set)
    for item in found:
        if item.target != item.source:
            graph[item.source].add(item.target)
    graphlib.TopologicalSorter(graph).prepare()


@pytest.fixture(scope="module")
def layers() -> list[list[str]]:
    return declared_layers(ROOT / "pyproject.toml")


def test_every_package_has_its_place_in_the_order(layers: list[list[str]]) -> None:
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages | {"main"} == set(flat(layers)), "a package missing from [tool.importlinter] in pyproject.toml"


def test_packages_import_only_the_layers_below_them(layers: list[list[str]]) -> None:
    found = imports(ROOT, flat(layers))
    assert {(item.source, item.target) for item in found} >= {("stacks", "modules"), ("environments", "modules")}
    assert problems(found, layers) == []


def test_the_package_imports_make_no_circle(layers: list[list[str]]) -> None:
    check_no_circle(imports(ROOT, flat(layers)))


# The checker itself, on a made-up tree: it must see what it is there to refuse.


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_check_refuses_an_upward_import_a_sideways_one_and_an_importlib_detour(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/a.py": "def f():\n    from high.x import y  # inside a function still counts\n",
            "left/__init__.py": "import right\n",
            "right/__init__.py": "",
            "high/__init__.py": "import importlib\nimport low\nm = importlib.import_module(f'left.{1}')\n",
            "high/x.py": "import importlib\nmine = importlib.import_module('high.x')  # its own files: fine\n",
        },
    )
    layers = [["high"], ["left", "right"], ["low"]]
    found = imports(tmp_path, ["high", "left", "right", "low"])
    assert problems(found, layers) == [
        "high/__init__.py:3: high reaches left through importlib: import it",
        "left/__init__.py:1: left imports right, beside it in the same layer",
        "low/a.py:2: low imports high, a layer above it",
    ]
    with pytest.raises(graphlib.CycleError):
        check_no_circle(found)
