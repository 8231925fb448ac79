"""Image references against the OCI distribution grammar, without a synth: refusals name the part that is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modules.image_reference import ImageReference, check_image_reference, parse_image_reference
from modules.validation import InvalidSetting

TOKEN = "${TfToken[TOKEN.7]}"
SHA = "0123456789abcdef" * 4
# No example database: hypothesis would otherwise write .hypothesis/ into the work tree.
FAST = settings(database=None, deadline=None, max_examples=200)

ACCEPTED = {
    "ghcr.io/acme/mc:1.4.2": ImageReference(registry="ghcr.io", repository="acme/mc", tag="1.4.2"),
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/mc:1.4.2": ImageReference(
        registry="123456789012.dkr.ecr.us-east-1.amazonaws.com", repository="mc", tag="1.4.2"
    ),
    "registry.example.com:5000/team/mc:v2": ImageReference(
        registry="registry.example.com:5000", repository="team/mc", tag="v2"
    ),
    "localhost:5000/mc": ImageReference(registry="localhost:5000", repository="mc"),
    f"mc@sha256:{SHA}": ImageReference(registry=None, repository="mc", digest=f"sha256:{SHA}"),
    "docker.io/library/redis:7.4.2-alpine": ImageReference(
        registry="docker.io", repository="library/redis", tag="7.4.2-alpine"
    ),
    "redis:7.4.2-alpine": ImageReference(registry=None, repository="redis", tag="7.4.2-alpine"),
    "[::1]:5000/mc:1": ImageReference(registry="[::1]:5000", repository="mc", tag="1"),
    f"ghcr.io/acme/mc:1.4.2@sha256:{SHA}": ImageReference(
        registry="ghcr.io", repository="acme/mc", tag="1.4.2", digest=f"sha256:{SHA}"
    ),
    "acme/mission-control": ImageReference(registry=None, repository="acme/mission-control"),
    "a/b__c/d--e.f_g:_latest-1.0": ImageReference(registry=None, repository="a/b__c/d--e.f_g", tag="_latest-1.0"),
}


@pytest.mark.parametrize(("reference", "parts"), ACCEPTED.items())
def test_references_people_use_are_accepted_and_split(reference: str, parts: ImageReference) -> None:
    check_image_reference("image", reference)
    assert parse_image_reference(reference) == parts
    assert str(parts) == reference


@pytest.mark.parametrize(
    ("reference", "part"),
    [
        ("ghcr.io/Acme/mc:1.4.2", "upper-case"),
        ("Acme/mc", "upper-case"),
        ("ghcr.io/acme/mc:1:2", "several ':tag' parts"),
        ("mc:1.0:latest", "several ':tag' parts"),
        (f"mc@sha256:{SHA}@sha256:{SHA}", "several '@digest' parts"),
        ("mc;rm", "shell metacharacter ';'"),
        ("mc:1|sh", "shell metacharacter '|'"),
        ("mc$(id)", "shell metacharacters '$', '(', ')'"),
        ("mc`id`", "shell metacharacter '`'"),
        ("mc 1", "whitespace inside"),
        (" ghcr.io/acme/mc:1", "whitespace around"),
        ("mc:1\n", "whitespace around"),
        ("${var.image}", "Terraform template"),
        ("ghcr.io/acme/mc:%{if x}", "Terraform template"),
        ("ghcr.io/" + "a" * 250 + ":1", "characters long"),
        ("mc:" + "1" * 129, "tag is 129 characters long"),
        ("mc:", "tag after ':' is empty"),
        ("mc:.1", "tag '.1' is not valid"),
        ("mc@sha256:abc", "has 3 hex digits; it needs 64"),
        (f"mc@sha256:{SHA.upper()}", "upper-case hex digits"),
        (f"mc@md5:{SHA}", "algorithm 'md5'"),
        ("mc@sha256", "not 'algorithm:hex'"),
        ("ghcr.io//mc", "empty path component"),
        ("ghcr.io/mc/", "empty path component"),
        ("ghcr.io/", "no repository"),
        ("", "it is empty"),
        ("mc-/x", "path component 'mc-'"),
        ("ghcr.io/acme/mc:1/x", "':' may only come before the tag"),
        ("ghcr.io:99999/mc", "port '99999'"),
        ("-bad.example.com/mc", "not a host name"),
        ("[::1/mc", "does not close it"),
        ("[::zz]:5000/mc", "not a host name"),
        ("ghcr.io/acmé/mc", "the character 'é'"),
    ],
)
def test_bad_references_name_the_part_that_is_wrong(reference: str, part: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_image_reference("image", reference)
    error = caught.value
    assert (error.setting, error.value) == ("image", reference)
    assert part in error.problem
    assert f"image={reference!r}" in str(error)
    assert error.fix


def test_upper_case_fix_gives_the_lowercase_reference() -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_image_reference("image", "ghcr.io/Acme/MC:1.4.2")
    assert "'ghcr.io/acme/mc:1.4.2'" in caught.value.fix


def test_the_error_names_the_setting_it_was_given() -> None:
    with pytest.raises(InvalidSetting) as caught:
        parse_image_reference("Redis:7", setting="lightsail.redis_image")
    assert caught.value.setting == "lightsail.redis_image"


def test_tokens_are_skipped_by_the_check_and_refused_by_the_parser() -> None:
    check_image_reference("image", TOKEN)
    with pytest.raises(ValueError, match="token"):
        parse_image_reference(TOKEN)


def test_parts_replace_the_rpartition_logic() -> None:
    reference = parse_image_reference("registry.example.com:5000/team/mc")
    assert (reference.name, reference.tag, reference.tag_or_latest) == (
        "registry.example.com:5000/team/mc",
        None,
        "latest",
    )
    assert parse_image_reference("ghcr.io/acme/mc:1.4.2").name == "ghcr.io/acme/mc"


@FAST
@given(st.text(max_size=300))
def test_no_string_makes_the_check_raise_anything_but_invalid_setting(value: str) -> None:
    try:
        check_image_reference("image", value)
    except InvalidSetting as error:
        assert error.setting == "image"
        assert error.problem and error.fix


@FAST
@given(st.text(alphabet="abcAB019._-/:@[]", max_size=60))
def test_any_accepted_string_round_trips_and_anything_else_is_invalid_setting(value: str) -> None:
    try:
        parsed = parse_image_reference(value)
    except InvalidSetting:
        return
    assert str(parsed) == value


_component = st.from_regex(r"[a-z0-9]{1,5}((\.|_|__|-{1,2})[a-z0-9]{1,5}){0,2}", fullmatch=True)
_registry = st.sampled_from(
    [
        None,
        "ghcr.io",
        "localhost",
        "localhost:5000",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        "[::1]:5000",
        "REGISTRY.example.com",
    ]
)
_tag = st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True))
_digest = st.one_of(st.none(), st.from_regex(r"[a-f0-9]{64}", fullmatch=True).map(lambda hex_: f"sha256:{hex_}"))


@FAST
@given(_registry, st.lists(_component, min_size=1, max_size=4), _tag, _digest)
def test_every_accepted_reference_round_trips_through_parse(
    registry: str | None, components: list[str], tag: str | None, digest: str | None
) -> None:
    built = ImageReference(registry=registry, repository="/".join(components), tag=tag, digest=digest)
    reference = str(built)
    if registry is None and ("." in components[0] or components[0] == "localhost") and len(components) > 1:
        return  # Docker's rule: such a first component is a registry, so these parts spell another reference
    check_image_reference("image", reference)
    parsed = parse_image_reference(reference)
    assert parsed == built
    assert str(parsed) == reference
