"""Type checks of the dataclasses environment files build, misspelled keywords, and free text that reaches Terraform.
No synth. This module uses `from __future__ import annotations`, so every annotation below is a string: the checks
must resolve them (typing.get_type_hints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modules.lightsail_app.props import LightsailAppProps, LightsailOptions
from modules.validation import (
    InvalidSetting,
    check_field_types,
    check_no_interpolation,
    from_type_error,
    missing_field_error,
    unknown_field_error,
)

TOKEN = "${TfToken[TOKEN.7]}"
NUMBER_TOKEN = -8.10956221259138e298


@dataclass(frozen=True, kw_only=True)
class Inner:
    retention_days: int = 7


@dataclass(frozen=True, kw_only=True)
class Sample:
    name: str = "mc"
    deletion_protection: bool = False
    count: int = 1
    ratio: float = 0.5
    domain_name: str | None = None
    tags: tuple[str, ...] = ()
    pair: tuple[str, int] = ("a", 1)
    backend: Literal["s3", "local"] = "s3"
    inner: Inner = Inner()
    ports: list[int] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    anything: Any = None


def type_error(**values: Any) -> InvalidSetting:
    with pytest.raises(InvalidSetting) as caught:
        check_field_types(Sample(**values))
    return caught.value


def test_values_of_the_declared_types_pass() -> None:
    check_field_types(
        Sample(
            name="x",
            deletion_protection=True,
            count=3,
            ratio=2,  # an int is a float for typing's numeric tower
            domain_name="mc.example.com",
            tags=("a", "b"),
            pair=("b", 2),
            backend="local",
            inner=Inner(retention_days=30),
            ports=[80, 443],
            labels={"team": "mc"},
            anything=object(),
        )
    )


@pytest.mark.parametrize(
    ("field_name", "value", "expected", "got"),
    [
        ("deletion_protection", "yes", "expected true or false (a bool)", "got a str"),
        ("deletion_protection", 1, "expected true or false (a bool)", "got an int"),
        ("count", True, "expected a whole number (an int)", "got a bool"),
        ("count", "3", "expected a whole number (an int)", "got a str"),
        ("count", 3.0, "expected a whole number (an int)", "got a float"),
        ("ratio", False, "expected a number (a float)", "got a bool"),
        ("name", 5, "expected text (a str)", "got an int"),
        ("name", None, "expected text (a str)", "got None"),
        ("domain_name", 5, "expected text (a str) or None", "got an int"),
        ("tags", "a,b", "expected a tuple of text values (tuple[str, ...])", "got a str"),
        ("tags", ["a"], "expected a tuple of text values", "got a list"),
        ("tags", ("a", 1), "expected a tuple of text values", "got a tuple"),
        ("pair", ("a",), "expected a tuple of 2 values (tuple[str, int])", "got a tuple"),
        ("backend", "S3", "expected one of 's3', 'local'", "got a str"),
        ("inner", {"retention_days": 7}, "expected an Inner", "got a dict"),
        ("ports", [80, "443"], "expected a list of whole numbers", "got a list"),
        ("labels", {"team": 1}, "expected a mapping of str to str", "got a dict"),
    ],
)
def test_a_value_of_another_type_names_the_field_the_type_wanted_and_the_type_got(
    field_name: str, value: Any, expected: str, got: str
) -> None:
    error = type_error(**{field_name: value})
    assert (error.setting, error.value) == (field_name, value)
    assert error.problem.startswith(expected)
    assert error.problem.endswith(got)


def test_the_message_reads_as_the_issue_asks() -> None:
    error = type_error(deletion_protection="yes")
    assert str(error) == (
        "deletion_protection='yes': expected true or false (a bool), got a str. "
        "Fix: write deletion_protection=True or deletion_protection=False, without quotes."
    )


def test_a_lone_string_for_a_tuple_gets_the_one_element_tuple_as_fix() -> None:
    assert "tags=('a,b',)" in type_error(tags="a,b").fix


def test_nested_dataclasses_are_checked_and_named_by_their_path() -> None:
    error = type_error(inner=Inner(retention_days="7"))  # type: ignore[arg-type]
    assert error.setting == "inner.retention_days"
    assert "expected a whole number (an int), got a str" in error.problem


def test_tokens_pass_any_field() -> None:
    check_field_types(Sample(name=TOKEN, count=NUMBER_TOKEN, tags=(TOKEN,)))  # type: ignore[arg-type]


def test_real_props_types_resolve_their_annotations() -> None:
    check_field_types(LightsailOptions())
    check_field_types(LightsailAppProps(name="mc-dev", image="ghcr.io/acme/mc:1"))
    with pytest.raises(InvalidSetting, match="scale='2': expected a whole number"):
        check_field_types(LightsailOptions(scale="2"))  # type: ignore[arg-type]


def test_check_field_types_wants_an_instance() -> None:
    with pytest.raises(TypeError):
        check_field_types(Sample)


# Misspelled and missing keywords


def test_a_misspelled_keyword_names_the_closest_field() -> None:
    error = unknown_field_error(Sample, "deletion_protecton", True)
    assert str(error).startswith(
        "deletion_protecton=True: Sample has no setting 'deletion_protecton'. Fix: did you mean 'deletion_protection'?"
    )
    assert "Sample takes name, deletion_protection, count" in error.fix


def test_a_keyword_far_from_every_field_lists_the_fields_without_guessing() -> None:
    error = unknown_field_error(Sample, "zzz")
    assert "did you mean" not in error.fix
    assert error.fix.startswith("Sample takes name,")


def test_the_bare_type_error_of_a_constructor_becomes_an_invalid_setting() -> None:
    with pytest.raises(TypeError) as caught:
        LightsailOptions(sclae=2)  # type: ignore[call-arg]
    error = from_type_error(caught.value, [LightsailAppProps, LightsailOptions])
    assert error is not None
    assert (error.setting, error.problem) == ("sclae", "LightsailOptions has no setting 'sclae'")
    assert error.fix.startswith("did you mean 'scale'?")


def test_a_missing_keyword_becomes_an_invalid_setting() -> None:
    with pytest.raises(TypeError) as caught:
        LightsailAppProps()  # type: ignore[call-arg]
    error = from_type_error(caught.value, [LightsailAppProps])
    assert error is not None
    assert str(error) == (
        "name=None: LightsailAppProps needs name, which has no default. Fix: set name to text (a str)."
    )
    assert missing_field_error(LightsailAppProps, "image").setting == "image"


def test_other_type_errors_are_left_alone() -> None:
    assert from_type_error(TypeError("unsupported operand type(s) for +: 'int' and 'str'"), [Sample]) is None
    assert (
        from_type_error(TypeError("Other.__init__() got an unexpected keyword argument 'x'"), [Sample, Inner]) is None
    )


# Free text that reaches a Terraform string


@pytest.mark.parametrize(("text", "sequence"), [("ops ${var.x}", "'${'"), ("%{ if true }x%{ endif }", "'%{'")])
def test_terraform_template_sequences_are_refused(text: str, sequence: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_no_interpolation("alarm_email", text)
    assert (caught.value.setting, caught.value.value) == ("alarm_email", text)
    assert sequence in caught.value.problem
    assert "plain text" in caught.value.fix


@pytest.mark.parametrize("text", ["ops@example.com", "Mission Control: $5 {cheap}", "100% {ok}", "", TOKEN])
def test_plain_text_and_tokens_pass(text: str) -> None:
    check_no_interpolation("description", text)


@settings(database=None, deadline=None, max_examples=200)
@given(st.text(max_size=60))
def test_interpolation_check_refuses_exactly_the_template_sequences(text: str) -> None:
    if "${" in text or "%{" in text:
        if "TfToken[" not in text:
            with pytest.raises(InvalidSetting):
                check_no_interpolation("description", text)
    else:
        check_no_interpolation("description", text)


def test_a_type_error_naming_another_class_is_left_alone_even_with_one_candidate() -> None:
    assert from_type_error(TypeError("Other.__init__() got an unexpected keyword argument 'x'"), [Sample]) is None
    error = from_type_error(TypeError("__init__() got an unexpected keyword argument 'cuont'"), [Sample])
    assert error is not None
    assert error.fix.startswith("did you mean 'count'?")


@dataclass(frozen=True, kw_only=True)
class Checked:
    scale: int = 1

    def __post_init__(self) -> None:
        check_field_types(self)
        if self.scale > 20:
            raise InvalidSetting(setting="scale", value=self.scale, problem="too big", fix="use 1-20")


def test_called_first_in_post_init_the_type_check_comes_before_value_checks() -> None:
    with pytest.raises(InvalidSetting, match="scale='2': expected a whole number"):
        Checked(scale="2")  # type: ignore[arg-type]
