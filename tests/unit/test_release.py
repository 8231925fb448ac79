"""scripts/release.py: which version .github/workflows/release.yml tags, read from CHANGELOG.md itself and from
crafted changelogs (each one the real file with one change), and the commit it tags, in real git repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from scripts.release import ChangelogError, Plan, Version, main, parse, plan, tagged

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "CHANGELOG.md").read_text()


def versions_in(text: str) -> list[str]:
    """The versions of a changelog by a plain reading of its `## [` lines, to compare the parser with."""
    return [
        line[4:].split("]")[0] for line in text.splitlines() if line.startswith("## [") and "Unreleased" not in line
    ]


NEWEST = versions_in(TEXT)[0]
MAJOR, MINOR, _ = map(int, NEWEST.split("."))
NEXT = f"{MAJOR}.{MINOR + 1}.0"
"""The next minor version: what the next release pull request would add."""


def insert_before_newest(text: str, block: str) -> str:
    """`block` inserted right above the newest version entry (below `## [Unreleased]` and its notes)."""
    heading = f"## [{NEWEST}]"
    assert text.count(heading) == 1
    return text.replace(heading, block + heading)


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_the_changelog_parses_newest_first() -> None:
    entries = parse(TEXT)
    assert [str(entry.version) for entry in entries] == versions_in(TEXT)
    assert [entry.version for entry in entries] == sorted((entry.version for entry in entries), reverse=True)
    for entry in entries:
        assert entry.notes.strip() and entry.notes in TEXT, entry.version


def test_an_entry_s_notes_stop_at_the_next_heading() -> None:
    first = next(entry for entry in parse(TEXT) if str(entry.version) == "1.0.0")
    assert first.notes.startswith("First release of the modules for HCL projects.")
    assert "### Added" in first.notes and "`network`: VPC across" in first.notes
    assert "web_acl_arn" not in first.notes, "the [Unreleased] notes above it leaked into 1.0.0's"
    assert "## [" not in first.notes


def test_with_no_tag_the_newest_entry_is_released() -> None:
    decided = plan(parse(TEXT), [])
    assert decided.release is not None and str(decided.release.version) == NEWEST
    assert [str(entry.version) for entry in decided.untagged] == versions_in(TEXT)[1:]


def test_when_every_version_is_tagged_nothing_is_released() -> None:
    tags = [f"v{version}" for version in versions_in(TEXT)] + ["v2-beta", "nightly"]
    assert plan(parse(TEXT), tags) == Plan(None, [])


def test_a_release_pull_request_releases_what_was_unreleased() -> None:
    """The Keep a Changelog way: a version heading goes under `## [Unreleased]`, so its notes become the version's."""
    text = TEXT.replace("## [Unreleased]\n", f"## [Unreleased]\n\n## [{NEXT}] - 2026-12-01\n", 1)
    decided = plan(parse(text), [f"v{version}" for version in versions_in(TEXT)])
    assert decided.release is not None and decided.untagged == []
    assert (str(decided.release.version), decided.release.released) == (NEXT, date(2026, 12, 1))
    unreleased = TEXT.split("## [Unreleased]\n", 1)[1].split(f"## [{NEWEST}]", 1)[0].strip()
    assert unreleased, "CHANGELOG.md's [Unreleased] has notes today: they are what this release carries"
    assert decided.release.notes == unreleased


@pytest.mark.parametrize(
    ("heading", "says"),
    [
        ("## [1.1]", "'1.1' is not a MAJOR.MINOR.PATCH version"),
        ("## [v1.1.0] - 2026-12-01", "'v1.1.0' is not a MAJOR.MINOR.PATCH version"),
        ("## [01.1.0]", "'01.1.0' is not a MAJOR.MINOR.PATCH version"),
        ("## [1.1.0-rc.1]", "'1.1.0-rc.1' is not a MAJOR.MINOR.PATCH version"),
        ("## 1.1.0 - 2026-12-01", "is not a version heading"),
        ("## [1.1.0] 2026-12-01", "is not a version heading"),
        ("## Upgrading", "is not a version heading"),
        ("## [1.1.0] - 2026-13-01", "'2026-13-01' is not a YYYY-MM-DD date"),
        ("## [1.1.0] - 01/12/2026", "'01/12/2026' is not a YYYY-MM-DD date"),
        ("## [1.1.0] - 20261201", "'20261201' is not a YYYY-MM-DD date"),
    ],
)
def test_a_malformed_heading_is_refused_with_its_line(heading: str, says: str) -> None:
    text = insert_before_newest(TEXT, f"{heading}\n\n- `network`: a change.\n\n")
    with pytest.raises(ChangelogError) as error:
        parse(text)
    message = str(error.value)
    assert message.startswith(f"CHANGELOG.md:{line_of(text, heading)}: `{heading}`"), message
    assert says in message and "## [1.1.0] - 2026-12-01" in message, message


@pytest.mark.parametrize("version", ["0.9.0", NEWEST])
def test_a_version_not_above_the_one_below_it_is_refused(version: str) -> None:
    heading = f"## [{version}] - 2026-12-01"
    text = insert_before_newest(TEXT, f"{heading}\n\n- `network`: a change.\n\n")
    with pytest.raises(ChangelogError) as error:
        parse(text)
    message = str(error.value)
    assert message.startswith(f"CHANGELOG.md:{line_of(text, f'## [{NEWEST}]')}: `## [{NEWEST}]`"), message
    assert f"version {NEWEST} is not lower than {version} above it" in message and "newest first" in message


def test_an_entry_without_notes_is_refused() -> None:
    text = insert_before_newest(TEXT, f"## [{NEXT}] - 2026-12-01\n\n")
    with pytest.raises(ChangelogError, match=rf"CHANGELOG.md:\d+: `## \[{NEXT}\] - 2026-12-01` has no notes"):
        parse(text)


def test_unreleased_stays_on_top_and_single() -> None:
    with pytest.raises(ChangelogError, match=r"is below version .*: it belongs at the top"):
        parse(TEXT + "\n## [Unreleased]\n")
    with pytest.raises(ChangelogError, match=r"a second `## \[Unreleased\]`"):
        parse(TEXT.replace("## [Unreleased]\n", "## [Unreleased]\n\n## [Unreleased]\n", 1))


def test_fenced_code_and_link_definitions_are_not_entries() -> None:
    example = "```markdown\n## [9.9.9] - 2099-01-01\n## How to write an entry\n```\n\n"
    text = TEXT.replace("## [Unreleased]", example + "## [Unreleased]", 1)
    text += f"\n[Unreleased]: https://example.com/compare/v{NEWEST}...HEAD\n[{NEWEST}]: https://example.com/v{NEWEST}\n"
    entries = parse(text)
    assert [str(entry.version) for entry in entries] == versions_in(TEXT)
    assert all("https://example.com" not in entry.notes for entry in entries)
    assert [(e.version, e.notes) for e in entries] == [(e.version, e.notes) for e in parse(TEXT)]


def test_only_version_tags_count() -> None:
    assert tagged(["v1.0.0", "v1.2.3\n", "v2-beta", "1.4.0", "vnext", "v1.0", "v01.0.0"]) == {
        Version(1, 0, 0),
        Version(1, 2, 3),
    }


def test_a_tag_newer_than_every_entry_is_refused() -> None:
    with pytest.raises(ChangelogError, match=rf"tag v{NEXT} is newer than the newest entry .*never removed"):
        plan(parse(TEXT), [f"v{NEXT}"])


def test_an_older_untagged_entry_is_reported_not_released() -> None:
    text = TEXT.replace("## [Unreleased]\n", f"## [Unreleased]\n\n## [{NEXT}] - 2026-12-01\n", 1)
    decided = plan(parse(text), [f"v{NEXT}"])
    assert decided.release is None
    assert [str(entry.version) for entry in decided.untagged] == versions_in(TEXT)


def test_the_script_needs_nothing_outside_the_standard_library() -> None:
    """release.yml runs it on a bare Python (no virtualenv, hence no pip cache there)."""
    result = subprocess.run(
        [sys.executable, "-I", "-S", str(ROOT / "scripts" / "release.py"), "notes", f"v{NEWEST}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == parse(TEXT)[0].notes + "\n"


# Real git repositories: the commit that gets the tag.

CHANGELOG_HEAD = "# Changelog\n\nPreamble.\n\n## [Unreleased]\n\n"


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        self.git("-c", "init.defaultBranch=main", "init", "-q")

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return result.stdout.strip()

    def commit(self, message: str, changelog: str | None = None, module: str | None = None) -> str:
        if changelog is not None:
            (self.path / "CHANGELOG.md").write_text(changelog)
        if module is not None:
            (self.path / "main.tf").write_text(module)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")


def run_next(repo: Path, tmp_path: Path) -> tuple[int, str, str]:
    """`release.py next` as the workflow runs it: (exit code, what it wrote to GITHUB_OUTPUT, the notes file)."""
    output, notes = tmp_path / "github_output", tmp_path / "notes.md"
    output.write_text("")
    code = main(["--repo", str(repo), "next", "--notes-file", str(notes), "--github-output", str(output)])
    return code, output.read_text(), notes.read_text() if notes.exists() else ""


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    (tmp_path / "repo").mkdir()
    return Repo(tmp_path / "repo")


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain `warning:`/`error:` lines (in GitHub Actions they become annotations, tested below)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_the_tag_goes_where_the_entry_appeared_not_on_head(repo: Repo, tmp_path: Path) -> None:
    repo.commit("modules", CHANGELOG_HEAD + "- `network`: first.\n", module="v1")
    released = repo.commit("release 1.0.0", CHANGELOG_HEAD + "## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    repo.commit("later work", CHANGELOG_HEAD + "- `ecs_app`: WAF.\n\n## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    repo.commit("more work, no changelog", module="v2")
    assert run_next(repo.path, tmp_path) == (
        0,
        f"version=1.0.0\ntag=v1.0.0\ncommit={released}\n",
        "- `network`: first.\n",
    )


def test_a_date_added_later_does_not_move_the_tag(repo: Repo, tmp_path: Path) -> None:
    released = repo.commit("release", CHANGELOG_HEAD + "## [1.0.0]\n\n- `network`: first.\n", module="v1")
    repo.commit("date it", CHANGELOG_HEAD + "## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    assert run_next(repo.path, tmp_path)[1] == f"version=1.0.0\ntag=v1.0.0\ncommit={released}\n"


def test_a_merged_release_is_tagged_on_main_s_merge_commit(repo: Repo, tmp_path: Path) -> None:
    """The branch's commit never was main's state; main's first-parent history is."""
    repo.commit("start", CHANGELOG_HEAD + "- `network`: first.\n", module="v1")
    repo.git("checkout", "-q", "-b", "release")
    repo.commit("release 1.0.0", CHANGELOG_HEAD + "## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    repo.git("checkout", "-q", "main")
    repo.commit("meanwhile on main", module="v1 fixed")
    repo.git("merge", "-q", "--no-ff", "-m", "merge the release", "release")
    merge = repo.git("rev-parse", "HEAD")
    assert run_next(repo.path, tmp_path)[1] == f"version=1.0.0\ntag=v1.0.0\ncommit={merge}\n"


def test_a_tagged_version_is_not_released_again(repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("release", CHANGELOG_HEAD + "## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    repo.git("tag", "v1.0.0")
    assert run_next(repo.path, tmp_path) == (0, "", "")
    assert "nothing to release" in capsys.readouterr().out


def test_an_older_untagged_version_gets_a_warning_with_its_commit(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = repo.commit("1.0.0", CHANGELOG_HEAD + "## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    repo.commit(
        "1.1.0",
        CHANGELOG_HEAD
        + "## [1.1.0] - 2026-12-01\n\n- `ecs_app`: WAF.\n\n## [1.0.0] - 2026-11-30\n\n- `network`: first.\n",
    )
    repo.git("tag", "v1.1.0")
    assert run_next(repo.path, tmp_path) == (0, "", "")
    warning = capsys.readouterr().err
    assert warning.startswith("warning: 1.0.0 (CHANGELOG.md:11) has no tag"), warning
    assert f"gh release create v1.0.0 --target {first}" in warning


def test_a_shallow_clone_is_refused(repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("one", CHANGELOG_HEAD + "- `network`: first.\n")
    repo.commit("release", CHANGELOG_HEAD + "## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    shallow = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow))
    assert run_next(shallow, tmp_path) == (1, "", "")
    error = capsys.readouterr().err
    assert "is a shallow clone" in error and "fetch-depth: 0" in error


def test_an_uncommitted_version_is_refused(repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("start", CHANGELOG_HEAD + "- `network`: first.\n")
    (repo.path / "CHANGELOG.md").write_text(CHANGELOG_HEAD + "## [1.0.0] - 2026-11-30\n\n- `network`: first.\n")
    assert run_next(repo.path, tmp_path) == (1, "", "")
    assert "has no `## [1.0.0]`: commit the changelog first" in capsys.readouterr().err


def test_in_github_actions_an_error_is_an_annotation(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    repo.commit("bad", CHANGELOG_HEAD + "## [1.0] - 2026-11-30\n\n- `network`: first.\n")
    assert run_next(repo.path, tmp_path)[0] == 1
    assert capsys.readouterr().err.startswith("::error::CHANGELOG.md:7: `## [1.0] - 2026-11-30`")


def test_notes_of_an_unknown_version_name_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notes", "9.9.9"]) == 1
    assert f"has no entry '9.9.9' (its versions: {', '.join(versions_in(TEXT))})" in capsys.readouterr().err
