"""Module variables come from the props dataclasses: types, defaults and descriptions. No synth."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

from modulegen.variables import field_docs, terraform_type, variables_from
from modules.postgres.props import PostgresProps
from modules.rules import Validation


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (str, ("string", False)),
        (int, ("number", False)),
        (bool, ("bool", False)),
        (Sequence[str], ("list(string)", False)),
        (str | None, ("string", True)),
    ],
)
def test_terraform_type_of_annotations(annotation: object, expected: tuple[str, bool]) -> None:
    assert terraform_type(annotation) == expected


def test_a_type_without_terraform_equivalent_is_refused() -> None:
    with pytest.raises(TypeError, match="no Terraform type"):
        terraform_type(dict[str, object])


def test_field_docs_are_the_strings_under_each_field() -> None:
    docs = field_docs(PostgresProps)
    assert docs["password_version"].startswith("Version of `password`")
    assert docs["multi_az"].startswith("A synchronous standby in another zone")
    assert "not_documented" not in field_docs(_Undocumented)  # no docstring under it


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Base:
    size: int = 1
    """Size from the parent."""
    name: str = "a"
    """Name from the parent."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Child(_Base):
    name: str = "b"
    """Name from the child."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Undocumented:
    not_documented: str = "x"


def test_field_docs_include_inherited_fields_and_the_subclass_wins() -> None:
    assert field_docs(_Child) == {"size": "Size from the parent.", "name": "Name from the child."}


def test_variables_take_type_and_default_from_the_dataclass() -> None:
    (retention, subnets, name) = variables_from(PostgresProps, ["backup_retention_days", "subnet_ids", "name"])
    defaults = {field.name: field.default for field in dataclasses.fields(PostgresProps)}
    assert (retention.type, retention.default) == ("number", defaults["backup_retention_days"])
    assert subnets.type == "list(string)"
    assert name.default is dataclasses.MISSING  # required in Terraform too


def test_an_undocumented_field_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match=r"_Undocumented\.not_documented has no docstring"):
        variables_from(_Undocumented, ["not_documented"])
    (field,) = variables_from(_Undocumented, ["not_documented"], descriptions={"not_documented": "Now it is."})
    assert field.description == "Now it is."


def test_ephemeral_inputs_are_sensitive_and_validations_attach_by_name() -> None:
    check = Validation("var.password_version >= 1", "must be positive")
    password, version = variables_from(
        PostgresProps, ["password", "password_version"], ephemeral=["password"], validations={"password_version": check}
    )
    assert (password.ephemeral, password.sensitive) == (True, True)
    assert (version.ephemeral, version.validations) == (False, (check,))
