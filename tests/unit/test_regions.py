"""AWS regions, without a synth: an unknown region fails before any plan, with the closest real one suggested."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from modules.regions import REGIONS, REGIONS_UNKNOWN_TO_PROVIDER, check_known_region, closest_regions
from modules.validation import InvalidSetting

TOKEN = "${TfToken[TOKEN.7]}"
# The partitions REGIONS covers; the isolated ones (aws-iso*) are left out on purpose.
PARTITIONS = ("aws", "aws-us-gov", "aws-cn", "aws-eusc")


@pytest.mark.parametrize("region", ["us-east-1", "eu-central-1", "ap-southeast-7", "us-gov-west-1", "cn-north-1"])
def test_real_regions_pass(region: str) -> None:
    check_known_region("region", region)


@pytest.mark.parametrize(
    ("region", "suggested"),
    [("us-east-9", "'us-east-1'"), ("eu-centrl-1", "'eu-central-1'"), ("ap-southeast-12", "'ap-southeast-1'")],
)
def test_a_region_that_only_looks_right_is_refused_with_the_closest_one(region: str, suggested: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_known_region("region", region)
    error = caught.value
    assert (error.setting, error.value, error.problem) == ("region", region, "not an AWS region")
    assert suggested in error.fix
    assert "modules/regions.py" in error.fix


def test_upper_case_is_refused_with_the_lowercase_code() -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_known_region("state.region", "EU-WEST-1")
    assert "lowercase" in caught.value.problem
    assert "'eu-west-1'" in caught.value.fix


def test_nonsense_gets_an_example_instead_of_a_guess() -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_known_region("region", "frankfurt")
    assert "'us-east-1'" in caught.value.fix


@pytest.mark.parametrize("region", sorted(REGIONS_UNKNOWN_TO_PROVIDER))
def test_regions_the_pinned_provider_refuses_are_refused_first_and_say_why(region: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        check_known_region("region", region)
    assert "hashicorp/aws 5.100.0" in caught.value.problem
    assert "REGIONS_UNKNOWN_TO_PROVIDER" in caught.value.fix


def test_tokens_are_skipped() -> None:
    check_known_region("region", TOKEN)


def test_closest_regions_are_best_first() -> None:
    assert closest_regions(" EU-WEST-1 ")[0] == "eu-west-1"
    assert set(closest_regions("us-east-9")[:2]) == {"us-east-1", "us-east-2"}
    assert closest_regions("frankfurt") == []


def test_the_provider_exceptions_are_real_regions() -> None:
    assert REGIONS_UNKNOWN_TO_PROVIDER.issubset(REGIONS)


def test_the_list_matches_the_pinned_botocore() -> None:
    """Fails when botocore (a dev requirement) is upgraded and knows a region this list lacks, or drops one: the
    list goes stale loudly, and the message says which line to add."""
    spec = importlib.util.find_spec("botocore")
    if spec is None or spec.origin is None:
        pytest.skip("botocore is not installed (it comes with the dev requirements)")
    data = json.loads((Path(spec.origin).parent / "data" / "partitions.json").read_text())
    known = {
        region: info["description"]
        for partition in data["partitions"]
        if partition["id"] in PARTITIONS
        for region, info in partition["regions"].items()
        if not region.endswith("-global")
    }
    missing = {region: name for region, name in known.items() if region not in REGIONS}
    assert not missing, f"add to REGIONS in modules/regions.py: {missing}"
    assert not set(REGIONS) - set(known), f"botocore no longer lists: {set(REGIONS) - set(known)}"
