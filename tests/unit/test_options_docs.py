"""Every field of every options and props class documents itself; optional ones say what happens when left out.
The same docstrings become the descriptions of the Terraform modules' variables."""

from __future__ import annotations

import dataclasses
import importlib
import typing
from pathlib import Path

import pytest

from modulegen.variables import field_docs
from modules.options import Options

ROOT = Path(__file__).resolve().parents[2]


def options_classes() -> list[type[Options]]:
    for props in sorted((ROOT / "modules").glob("*/props.py")):
        importlib.import_module(f"modules.{props.parent.name}.props")
    found: list[type[Options]] = []
    pending = list(Options.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith("modules.") and cls not in found:
            found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.__qualname__)


def documented_classes() -> list[type]:
    from modules.lightsail_app.props import LightsailAppProps, LightsailOptions

    return [*options_classes(), LightsailOptions, LightsailAppProps]


CLASSES = documented_classes()


def test_every_construct_with_props_has_options() -> None:
    names = {cls.__name__ for cls in CLASSES}
    for expected in ("Network", "Postgres", "Redis", "LoadBalancer", "FargateService", "Alarms", "KmsKey", "EcsApp"):
        assert {f"{expected}Options", f"{expected}Props"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_every_field_has_a_docstring(cls: type) -> None:
    docs = field_docs(cls)
    missing = [field.name for field in dataclasses.fields(cls) if not docs.get(field.name)]
    assert not missing, f"{cls.__name__}: fields without a docstring: {missing}"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_optional_fields_say_what_happens_when_left_out(cls: type) -> None:
    docs, hints = field_docs(cls), typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        optional = type(None) in typing.get_args(hints[field.name])
        if optional or field.default_factory is not dataclasses.MISSING:
            assert "left out" in docs[field.name].lower(), f"{cls.__name__}.{field.name}: {docs[field.name]!r}"


@pytest.mark.parametrize(
    "cls", [cls for cls in options_classes() if cls.__name__.endswith("Options")], ids=lambda c: c.__name__
)
def test_options_work_with_their_defaults_alone(cls: type[Options]) -> None:
    cls().check()
