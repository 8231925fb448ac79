"""Module rules are written once and rendered for a flat variable and for an attribute of an object variable;
object variables take their attributes, defaults and docs from an options dataclass. No synth, no cdktf."""

from __future__ import annotations

import dataclasses

import pytest

from modulegen.variables import Differs, object_variable, variables_from
from modules.postgres.props import PostgresOptions, PostgresProps
from modules.rules import check, hcl_literal, hcl_string, in_range, matches
from modules.validation import InvalidSetting


def test_a_rule_renders_for_a_flat_variable_and_for_an_attribute() -> None:
    rule = check("max_allocated_storage_gib", "{{value}} >= {{allocated_storage_gib}}", "{{setting}} is too small.")
    flat = rule.validation(lambda field: f"var.{field}", "max_allocated_storage_gib")
    nested = rule.validation(lambda field: f"var.database.{field}", "database.max_allocated_storage_gib")
    assert flat.condition == "var.max_allocated_storage_gib >= var.allocated_storage_gib"
    assert nested.condition == "var.database.max_allocated_storage_gib >= var.database.allocated_storage_gib"
    assert nested.error_message == "database.max_allocated_storage_gib is too small."


def test_a_range_refuses_its_neighbours_and_fractions() -> None:
    rule = in_range("backup_retention_days", 1, 35)
    assert rule.refused == (0, 36)
    condition = rule.validation(lambda field: f"var.{field}", "backup_retention_days").condition
    assert "floor(var.backup_retention_days) == var.backup_retention_days" in condition


def test_a_nullable_rule_passes_null_and_guards_functions_of_it() -> None:
    rule = matches("email", r"[^@\s]+@[^@\s]+\.[a-z]{2,}", "an email address", refused=("ops",), nullable=True)
    condition = rule.validation(lambda field: f"var.{field}", "email").condition
    assert condition.startswith("var.email == null || try(can(regex(")


def test_hcl_strings_escape_backslashes_quotes_and_templates() -> None:
    assert hcl_string(r'a\.b"${x}%{y}') == r'"a\\.b\"$${x}%%{y}"'
    assert hcl_literal({"a": [1, "b"], "c": None}) == '{"a" = [1, "b"], "c" = null}'


def test_an_object_variable_documents_each_attribute_and_carries_the_rules() -> None:
    variable = object_variable(
        "database", PostgresOptions, "The database.", rules=[in_range("backup_retention_days", 1, 35)]
    )
    assert variable.default == {} and variable.options_type is PostgresOptions
    assert "- `multi_az` (bool, default `false`): A synchronous standby" in variable.description
    # `any`, not an object type: Terraform's conversion would silently drop a misspelled attribute.
    assert variable.type == "any" and variable.attribute_defaults and variable.attribute_defaults["multi_az"] is False
    unknown, types, rule = variable.validations
    assert '"multi_az"' in unknown.condition and "did you mean" in unknown.error_message
    assert "can(tobool(try(var.database.multi_az, false)))" in types.condition
    # An attribute left out takes its default in the rule too.
    assert rule.condition.startswith("try(var.database.backup_retention_days, 7) >= 1")
    with pytest.raises(ValueError, match="not fields of PostgresOptions"):
        object_variable("database", PostgresOptions, "x", rules=[in_range("no_such_field", 1, 2)])


def test_a_module_default_may_differ_from_the_python_default_with_its_reason() -> None:
    (name,) = variables_from(PostgresProps, ["database_name"], defaults={"database_name": Differs("app", "generic")})
    assert name.default == "app"
    (difference,) = name.differences
    python_default = PostgresProps.__dataclass_fields__["database_name"].default
    assert (difference.setting, difference.module, difference.python) == ("database_name", "app", python_default)
    assert difference.reason == "generic"
    (required,) = variables_from(PostgresProps, ["username"], defaults={"username": Differs(dataclasses.MISSING, "x")})
    assert required.default is dataclasses.MISSING
    section = object_variable("database", PostgresOptions, "x", defaults={"username": Differs("admin", "why")})
    assert [d.setting for d in section.differences] == ["database.username"]
    assert section.attribute_defaults and section.attribute_defaults["username"] == "admin"
    (same,) = variables_from(PostgresProps, ["database_name"])
    assert same.differences == ()


def test_rules_about_fields_that_are_not_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="not variables of this module"):
        variables_from(PostgresProps, ["name"], rules=[in_range("backup_retention_days", 1, 35)])


@pytest.mark.parametrize(
    ("password", "managed", "refused"),
    [("p" * 20, True, True), (None, False, True), ("p" * 20, False, False), (None, True, False)],
)
def test_postgres_takes_exactly_one_way_to_set_the_password_in_python_too(
    password: str | None, managed: bool, refused: bool
) -> None:
    """One rule declaration (`PostgresProps.RULES`) is both the module's validation and this Python check."""

    def build() -> PostgresProps:
        return PostgresProps(
            name="billing-prod",
            vpc_id="vpc-1",
            subnet_ids=("subnet-a", "subnet-b"),
            password=password,
            manage_master_user_password=managed,
        )

    if not refused:
        build()
        return
    with pytest.raises(InvalidSetting) as caught:
        build()
    assert caught.value.setting == "password"
    assert "give exactly one of password and manage_master_user_password=True" in str(caught.value)
    assert "p" * 20 not in str(caught.value)  # the password itself is never shown
