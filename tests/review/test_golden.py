"""The Markdown of one hand-made plan that has a bit of everything (a replacement forced by a KMS key, a deletion, a
shorter retention, a tag-only update, a move, an import, a sensitive value, an unknown type, a value known only
after apply, refresh drift), compared byte for byte with `golden/review.md`.

After an intended change of the output, regenerate and read the difference before committing:

    cd tests/review/golden && ../../../.venv/bin/python -m review plan.json > review.md
"""

from __future__ import annotations

from pathlib import Path

import pytest

from review.cli import main

GOLDEN = Path(__file__).parent / "golden"


def test_the_markdown_equals_the_golden_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN)
    assert main(["plan.json"]) == 1
    assert capsys.readouterr().out == (GOLDEN / "review.md").read_text()


def test_the_golden_file_never_shows_the_sensitive_password_or_the_drift() -> None:
    text = (GOLDEN / "review.md").read_text()
    assert "do-not-print-me" in (GOLDEN / "plan.json").read_text()
    assert "do-not-print-me" not in text and "drifted" not in text
