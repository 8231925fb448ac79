"""Every README section that the code, the workflows, the Makefile or the docs point a reader to exists.

A reference is written `README "Section"` (a comment, a docstring, a message): one form to grep for. Older
spellings are collected too, so they are checked until someone rewrites them: a comma after README, single quotes,
or one unquoted capitalized word after `README, `. The section is found by its heading text, exactly, after
dropping the `#` marks, backticks and a walkthrough step number (`### 2. State first` is "State first").

Inside README.md itself, `see "Section"` (or a list, `see "A", "B" and "C"`) and `("Section")` point at its own
headings, and are checked the same way. And every `make <target>` and `python -m <module>` in the README's code
(fenced blocks and inline code: what a reader copies) exists in this repository.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

SKIPPED_DIRS = frozenset(
    {".git", ".venv", ".venv-checkov", "node_modules", "cdktf.out", ".rehearsal", ".terraform", ".build"}
)
"""Installed packages, build output and caches: none of it is ours to keep in step with the README."""

REFERENCE = re.compile(
    r"""README(?:,?\s+(?P<quote>["'])(?P<quoted>[^"'\n]+)(?P=quote)|,\s+(?P<word>[A-Z][\w/-]*)(?=[\s).,;:]|$))"""
)
"""`README "Section"`, `README, "Section"`, `README, 'Section'`, and `README, Word` (one capitalized word)."""

SELF_REFERENCE = re.compile(r"""(?:\b[Ss]ee|\()\s*(?P<names>"[^"]+"(?:(?:,\s*|\s+and\s+|\s+or\s+)"[^"]+")*)""")
"""README.md's own pointers, in its prose: `see "Section"`, `see "A", "B" and "C"`, `("Section")`."""
QUOTED = re.compile(r'"([^"]+)"')
INLINE_CODE = re.compile(r"`[^`]*`")

HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
STEP_NUMBER = re.compile(r"^\d+\.\s+")


def headings(markdown: str) -> set[str]:
    """Heading texts of a Markdown document, outside fenced code blocks, as a reference names them."""
    found: set[str] = set()
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if match:
            found.add(STEP_NUMBER.sub("", match["text"].replace("`", "")).strip())
    return found


def _text_files() -> Iterator[Path]:
    this_file = Path(__file__).resolve()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.endswith("_cache"))
        for name in sorted(files):
            path = Path(folder) / name
            if path == README or path.resolve() == this_file or path.suffix in {".pyc", ".png", ".tfstate"}:
                continue
            yield path


def references() -> dict[str, list[str]]:
    """Section name -> where it is named (`path:line`), from every text file but README.md itself."""
    named: dict[str, list[str]] = {}
    for path in _text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for match in REFERENCE.finditer(line):
                name = (match["quoted"] or match["word"]).strip()
                named.setdefault(name, []).append(f"{path.relative_to(ROOT)}:{number}")
    return named


def prose(markdown: str) -> str:
    """The document without fenced code blocks and inline code (blanked, so line numbers stay)."""
    lines = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            lines.append("")
            continue
        lines.append("" if fenced else INLINE_CODE.sub(lambda code: " " * len(code[0]), line))
    return "\n".join(lines)


def self_references(markdown: str) -> dict[str, list[str]]:
    named: dict[str, list[str]] = {}
    text = prose(markdown)
    for match in SELF_REFERENCE.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        for name in QUOTED.findall(match["names"]):
            # A name may wrap onto the next line of the paragraph.
            named.setdefault(" ".join(name.split()), []).append(f"README.md:{number}")
    return named


def test_the_collector_reads_every_spelling() -> None:
    # The patterns themselves, on the spellings this repository has used: a collector that finds nothing would let
    # the next test pass on any README.
    samples = {
        '# (README "Runbook"): ENV is dev': "Runbook",
        '#   AWS_PLAN_ROLE_ARN  the plan role (README, "CI/CD"): ReadOnlyAccess': "CI/CD",
        "CI requires it (see README, 'Requirements')": "Requirements",
        "then the service rolls out new tasks (see README, Secrets).": "Secrets",
        "# Plans open the secrets: see README, CI/CD.": "CI/CD",
    }
    for line, name in samples.items():
        found = [(m["quoted"] or m["word"]) for m in REFERENCE.finditer(line)]
        assert found == [name], f"{line!r}: found {found}, expected [{name!r}]"
    for line in ("see README.md", 'the README\'s "Fixed choices" lists them', "see the README for moving"):
        assert not REFERENCE.search(line), line
    pointers = self_references(
        'Read it (see "Runbook"), then ("Deploying", "CI/CD") and see "Releases: the image tag\nsticks" or "Logs".\n'
        '```\nsee "Not a pointer"\n```\nand `see "code"` too.'
    )
    assert sorted(pointers) == ["CI/CD", "Deploying", "Logs", "Releases: the image tag sticks", "Runbook"], pointers
    assert headings("## Runbook\n### 2. State first\n```\n## Not a heading\n```\n### `make review`\n") == {
        "Runbook",
        "State first",
        "make review",
    }


def test_the_code_names_readme_sections() -> None:
    # The Makefile and the workflows point at the README today; if the collector finds none, it is broken.
    named = references()
    assert len(named) >= 5, f"only {sorted(named)} found: is the collector still reading the repository?"


def test_every_section_the_code_names_is_in_the_readme() -> None:
    present = headings(README.read_text(encoding="utf-8"))
    missing = {name: places for name, places in references().items() if name not in present}
    if missing:
        pytest.fail(
            "README.md has no heading for these sections, which the repository points readers to:\n"
            + "\n".join(f'  "{name}": named at {", ".join(places)}' for name, places in sorted(missing.items()))
            + f"\nREADME.md's headings: {sorted(present)}\nFix: add the section, or point the reference at the "
            'heading that now covers it (written README "Heading").'
        )


def test_every_section_the_readme_points_to_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    present = headings(text)
    missing = {name: places for name, places in self_references(text).items() if name not in present}
    assert not missing, f'README.md says see "..." for headings it does not have: {missing}'


def code(markdown: str) -> str:
    """What a reader copies: fenced code blocks and inline code spans."""
    parts: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        parts.append(line if fenced else " ".join(INLINE_CODE.findall(line)))
    return "\n".join(parts)


MAKE_TARGET = re.compile(r"\bmake\s+(?:-{1,2}[a-z-]+\s+)*(?P<target>[a-z][\w-]*)")
MAKEFILE_RULE = re.compile(r"^(?P<targets>[A-Za-z][\w -]*):(?!=)", re.MULTILINE)
PYTHON_MODULE = re.compile(r"\bpython[\d.]*\s+(?:-W\s+\S+\s+)?-m\s+(?P<module>[A-Za-z_][\w.]*)")


def make_targets(makefile: str) -> set[str]:
    return {target for match in MAKEFILE_RULE.finditer(makefile) for target in match["targets"].split()}


def runnable(module: str) -> bool:
    """`python -m module` finds it here: a module file, or a package with `__main__.py`."""
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__main__.py").is_file()


def test_the_command_patterns_read_what_a_reader_copies() -> None:
    commands = code(
        "Run `make review STACK=dev` or\n```sh\nmake --silent rehearse\n.venv/bin/python -m review plan.json\n```\n"
        "then make a cup of tea."
    )
    assert {m["target"] for m in MAKE_TARGET.finditer(commands)} == {"review", "rehearse"}
    assert {m["module"] for m in PYTHON_MODULE.finditer(commands)} == {"review"}
    assert make_targets("lint: setup\n\t$(BIN)/ruff check .\nSTACK ?= dev\nsetup: a b\nX := 1\n") == {"lint", "setup"}
    assert runnable("review") and runnable("ops.migrate") and not runnable("ops.rollback_everything")


def test_every_make_target_and_python_module_the_readme_runs_exists() -> None:
    commands = code(README.read_text(encoding="utf-8"))
    targets = {match["target"] for match in MAKE_TARGET.finditer(commands)}
    assert targets, "no make command found in README.md: is the pattern still right?"
    unknown = targets - make_targets((ROOT / "Makefile").read_text(encoding="utf-8"))
    assert not unknown, f"README.md runs make targets the Makefile does not have: {sorted(unknown)}"
    modules = {match["module"] for match in PYTHON_MODULE.finditer(commands)}
    assert modules, "no python -m command found in README.md: is the pattern still right?"
    missing = sorted(module for module in modules if not runnable(module))
    assert not missing, f"README.md runs python -m modules this repository does not have: {missing}"
