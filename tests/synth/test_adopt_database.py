"""The switch to a restored instance in synth (`adopt_database_identifier`): the database's address imports the named
instance, and only the database changes; without the setting nothing differs (tests/emulator/test_restore_rehearsal.py
applies it)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from environments import load
from environments.settings import Settings
from ops.restore import DATABASE_ADDRESS

RESTORED = "mission-control-prod-20261206-0210"


def config(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "cdk.tf.json").read_text())
    return loaded


def database(stack: dict[str, Any]) -> dict[str, Any]:
    kind, name = DATABASE_ADDRESS.split(".")
    found: dict[str, Any] = stack["resource"][kind][name]
    return found


@pytest.fixture(scope="module")
def adopted(synth_settings: Callable[[Settings], Path]) -> dict[str, Any]:
    return config(synth_settings(dataclasses.replace(load("prod", env={}), adopt_database_identifier=RESTORED)))


def test_the_database_address_imports_the_restored_instance(adopted: dict[str, Any]) -> None:
    assert {"to": DATABASE_ADDRESS, "id": RESTORED} in [
        {key: value for key, value in block.items() if key in ("to", "id")} for block in adopted["import"]
    ]
    instance = database(adopted)
    assert instance["identifier"] == RESTORED
    # An imported instance has no time-stamped final snapshot name in state to keep: a fixed, unique one instead.
    assert instance["final_snapshot_identifier"] == f"{RESTORED}-final"
    assert "ignore_changes" not in instance["lifecycle"]
    assert instance["lifecycle"]["prevent_destroy"] is True  # prod's protection stays


def test_everything_but_the_database_and_its_import_is_as_without_the_setting(
    adopted: dict[str, Any], stack_dir: Callable[[str], Path]
) -> None:
    plain = config(stack_dir("prod"))
    assert "import" not in plain
    assert set(adopted) - {"import"} == set(plain)
    for kind, resources in plain["resource"].items():
        for name, body in resources.items():
            if f"{kind}.{name}" != DATABASE_ADDRESS:
                assert adopted["resource"][kind][name] == body, f"{kind}.{name}"
