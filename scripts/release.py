"""Which version of the Terraform modules to release, from CHANGELOG.md and the repository's `v*` tags (what
.github/workflows/release.yml runs on main).

    python scripts/release.py next                         # the version to tag now, and the commit, or nothing
    python scripts/release.py next --notes-file notes.md --github-output "$GITHUB_OUTPUT"
    python scripts/release.py notes 1.0.0                  # that entry's release notes

CHANGELOG.md follows Keep a Changelog: an optional `## [Unreleased]` on top, then one `## [X.Y.Z] - YYYY-MM-DD`
heading per version, newest first (the date may be left out: the tag records when a version was released). Every
other `## ` heading, a version that is not MAJOR.MINOR.PATCH, a date that is no date, and a version that is not
lower than the one above it are refused, naming the line and the fix.

Only the newest version entry is ever tagged, and only when it has no tag yet and is newer than every `vX.Y.Z` tag.
The tag goes on the commit of main (first-parent history) where that entry's heading appeared: main's code at the
moment the version was written down, not whatever landed after it under `[Unreleased]`. An older entry without a
tag is reported, not tagged: tagging it now could only guess its commit, and a wrong tag is worse than a missing one
(the report shows the command that tags it by hand).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG = "CHANGELOG.md"

EXAMPLE = "`## [1.1.0] - 2026-12-01`"
VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
HEADING = re.compile(r"## \[(?P<version>[^\]]*)\](?:\s+-\s+(?P<date>\S+))?\s*")
LINK_DEFINITION = re.compile(r"\[[^\]]+\]:\s+\S+")
FENCE = re.compile(r"\s*(```|~~~)")


class ChangelogError(ValueError):
    """CHANGELOG.md or the tags cannot say which version to release; the message names the line and the fix."""


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        match = VERSION.fullmatch(text)
        return cls(*map(int, match.groups())) if match else None

    @property
    def tag(self) -> str:
        return f"v{self}"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class Entry:
    version: Version
    released: date | None
    line: int
    notes: str


@dataclass(frozen=True)
class Plan:
    """What a release run does: tag `release` (None: nothing to do) and report `untagged`, older entries left
    without a tag."""

    release: Entry | None
    untagged: list[Entry] = field(default_factory=list)


def headings(text: str) -> Iterable[tuple[int, str]]:
    """`(line number, line)` for every level-2 heading outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            yield number, line


def parse(text: str, source: str = CHANGELOG) -> list[Entry]:
    """The version entries of a changelog, newest first; ChangelogError for anything a release cannot rely on."""
    lines = text.splitlines()
    found = list(headings(text))
    entries: list[Entry] = []
    for index, (number, line) in enumerate(found):
        where = f"{source}:{number}: `{line.strip()}`"
        match = HEADING.fullmatch(line)
        if match and match["version"] == "Unreleased" and match["date"] is None:
            if entries:
                raise ChangelogError(f"{where} is below version {entries[-1].version}: it belongs at the top")
            if index > 0:
                raise ChangelogError(f"{where}: a second `## [Unreleased]`; keep one, at the top")
            continue
        if not match:
            raise ChangelogError(
                f"{where} is not a version heading: write `## [Unreleased]` or `## [X.Y.Z] - YYYY-MM-DD`, "
                f"e.g. {EXAMPLE} (other sections are `### ` headings inside an entry)"
            )
        version = Version.parse(match["version"])
        if version is None:
            raise ChangelogError(
                f"{where}: {match['version']!r} is not a MAJOR.MINOR.PATCH version (no `v`, no leading zeros), "
                f"e.g. {EXAMPLE}"
            )
        released = None
        if match["date"] is not None:
            try:
                released = date.fromisoformat(match["date"]) if len(match["date"]) == 10 else None
            except ValueError:
                released = None
            if released is None:
                raise ChangelogError(f"{where}: {match['date']!r} is not a YYYY-MM-DD date, e.g. {EXAMPLE}")
        if entries and not version < entries[-1].version:
            raise ChangelogError(
                f"{where}: version {version} is not lower than {entries[-1].version} above it "
                f"(line {entries[-1].line}): entries go newest first, each version once"
            )
        end = found[index + 1][0] - 1 if index + 1 < len(found) else len(lines)
        notes = entry_notes(lines[number:end])
        if not notes:
            raise ChangelogError(f"{where} has no notes: say what changed, module by module, under the heading")
        entries.append(Entry(version, released, number, notes))
    return entries


def entry_notes(lines: list[str]) -> str:
    """An entry's body, without the link definitions (`[1.0.0]: https://...`) Keep a Changelog puts at the end."""
    while lines and (not lines[-1].strip() or LINK_DEFINITION.fullmatch(lines[-1].strip())):
        lines = lines[:-1]
    return "\n".join(lines).strip("\n")


def tagged(tags: Iterable[str]) -> set[Version]:
    """The versions among `git tag --list 'v*'`; other tags (`v2-beta`, `vnext`) are no version and are ignored."""
    versions = (Version.parse(tag.strip()[1:]) for tag in tags if tag.strip().startswith("v"))
    return {version for version in versions if version is not None}


def plan(entries: Sequence[Entry], tags: Iterable[str]) -> Plan:
    """Which entry to tag, given the existing tags; ChangelogError when a tag is newer than every entry."""
    done = tagged(tags)
    if not entries:
        return Plan(None)
    newest = entries[0]
    if done and max(done) > newest.version:
        raise ChangelogError(
            f"tag {max(done).tag} is newer than the newest entry of {CHANGELOG} ({newest.version}, line "
            f"{newest.line}): a released version's entry is never removed; add the entry back, or write a newer one"
        )
    untagged = [entry for entry in entries[1:] if entry.version not in done]
    return Plan(None if newest.version in done else newest, untagged)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ChangelogError(f"`git {' '.join(args)}` failed in {repo}: {result.stderr.strip()}")
    return result.stdout


def entry_commit(repo: Path, version: Version) -> str:
    """The commit of the first-parent history of HEAD where `## [version]` appeared in CHANGELOG.md: walking back
    from HEAD through the commits that changed the file, the last one whose CHANGELOG.md still has the heading."""
    pattern = re.compile(rf"^## \[{re.escape(str(version))}\]", flags=re.MULTILINE)
    found = None
    for commit in git(repo, "log", "--first-parent", "--format=%H", "HEAD", "--", CHANGELOG).split():
        shown = subprocess.run(
            ["git", "-C", str(repo), "show", f"{commit}:{CHANGELOG}"], capture_output=True, text=True, check=False
        )
        if shown.returncode != 0 or not pattern.search(shown.stdout):
            break
        found = commit
    if found is None:
        raise ChangelogError(f"HEAD's committed {CHANGELOG} has no `## [{version}]`: commit the changelog first")
    return found


def report(kind: str, message: str) -> None:
    """A warning or an error on stderr; in GitHub Actions also an annotation on the run."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(f"::{kind}::{message}", file=sys.stderr)
    else:
        print(f"{kind}: {message}", file=sys.stderr)


def require_history(repo: Path) -> None:
    """A shallow clone has neither the tags nor the commits that added the entries: refuse it rather than guess."""
    if git(repo, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise ChangelogError(
            f"{repo} is a shallow clone: its tags and the commits that added each version are missing; fetch the "
            "whole history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow --tags`)"
        )


def next_release(repo: Path, notes_file: Path | None, github_output: Path | None) -> None:
    require_history(repo)
    entries = parse((repo / CHANGELOG).read_text())
    decided = plan(entries, git(repo, "tag", "--list", "v*").split())
    for entry in decided.untagged:
        commit = entry_commit(repo, entry.version)
        report(
            "warning",
            f"{entry.version} ({CHANGELOG}:{entry.line}) has no tag and is not the newest entry, so it is not tagged "
            f"here; its entry appeared in {commit[:12]}. If that commit holds {entry.version}: "
            f'gh release create {entry.version.tag} --target {commit} --notes "$(python scripts/release.py notes '
            f'{entry.version})"',
        )
    if decided.release is None:
        newest = entries[0].version.tag if entries else "none"
        print(f"nothing to release: the newest version entry ({newest}) is tagged, or there is none")
        return
    entry = decided.release
    commit = entry_commit(repo, entry.version)
    print(f"release {entry.version.tag} at {commit}, where its entry ({CHANGELOG}:{entry.line}) appeared on main")
    if notes_file is not None:
        notes_file.write_text(entry.notes + "\n")
    if github_output is not None:
        with github_output.open("a") as output:
            output.write(f"version={entry.version}\ntag={entry.version.tag}\ncommit={commit}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository (default: this one)")
    commands = parser.add_subparsers(dest="command", required=True)
    next_parser = commands.add_parser("next", help="the version to tag now, if any, and the commit to tag")
    next_parser.add_argument("--notes-file", type=Path, help="write the release notes of that version here")
    next_parser.add_argument("--github-output", type=Path, help="append version=, tag=, commit= to this file")
    notes_parser = commands.add_parser("notes", help="print one version's release notes")
    notes_parser.add_argument("version")
    args = parser.parse_args(argv)
    try:
        if args.command == "next":
            next_release(args.repo, args.notes_file, args.github_output)
            return 0
        entries = {str(entry.version): entry for entry in parse((args.repo / CHANGELOG).read_text())}
        if args.version.removeprefix("v") not in entries:
            known = ", ".join(entries) or "none"
            raise ChangelogError(f"{CHANGELOG} has no entry {args.version!r} (its versions: {known})")
        print(entries[args.version.removeprefix("v")].notes)
        return 0
    except ChangelogError as error:
        report("error", str(error))
        return 1


if __name__ == "__main__":
    sys.exit(main())
