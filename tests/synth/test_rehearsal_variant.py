"""`python -m rehearsal.variant`: the rehearsal's way to change one setting without editing the repository. A rotation
variant differs from the environment's own stack only where the rotation goes; a renamed one is its own stack."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.variant import main
from tests.support import tfjson


@pytest.fixture(autouse=True)
def no_caller_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("MC_")]:
        monkeypatch.delenv(name)


def leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, str(index)))
    else:
        yield path, node


def test_a_rotation_changes_only_the_secret_versions_and_the_database_password_version(
    tmp_path: Path, stack_dir: Callable[[str], Path], stacks_loaded: None
) -> None:
    assert main(["prod", "--rotation", "7", "--outdir", str(tmp_path)]) == 0
    original = dict(leaves(tfjson.load(stack_dir("prod") / "cdk.tf.json")))
    rotated = dict(leaves(tfjson.load(tmp_path / "stacks" / "prod" / "cdk.tf.json")))
    assert original.keys() == rotated.keys()
    changed = [path for path in original if original[path] != rotated[path]]
    assert {path[-1] for path in changed} == {"secret_string_wo_version", "password_wo_version"}, changed
    # Three generated secrets and two URL secrets get a new version; the database a new password version.
    assert sorted(path[1] for path in changed).count("aws_secretsmanager_secret_version") == 5
    assert [rotated[path] for path in changed if path[-1] == "password_wo_version"] == [7]


def test_a_renamed_variant_is_its_own_stack(tmp_path: Path, stacks_loaded: None) -> None:
    assert main(["dev", "--name", "replacement", "--outdir", str(tmp_path)]) == 0
    stack = tfjson.load(tmp_path / "stacks" / "replacement" / "cdk.tf.json")
    assert stack["terraform"]["backend"]["s3"]["key"] == "mission-control/replacement/terraform.tfstate"
    assert stack["provider"]["aws"][0]["default_tags"][0]["tags"]["Environment"] == "replacement"
    assert tfjson.one(stack, "aws_db_instance")["identifier"] == "mission-control-replacement"


def test_a_bad_value_is_refused_like_an_environment_file_would_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dev", "--rotation", "0", "--outdir", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "ecs.secrets.rotation=0" in error and "Fix:" in error
    assert not any(tmp_path.iterdir())
