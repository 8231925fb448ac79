"""The jsii shortcuts (modules/_jsii_calls.py) change nothing but the number of round trips to Node.js: the output
with and without them is compared in tests/synth/test_fast_provider_import.py; here, what each shortcut keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def stack(stacks_loaded: None, tmp_path: Path) -> Any:
    from cdktf import App

    from modules.addresses import ReadableStack

    return ReadableStack(App(outdir=str(tmp_path)), "shortcuts")


def test_an_attribute_reference_is_asked_once_and_a_list_given_as_a_copy(stack: Any) -> None:
    from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
    from cdktf_cdktf_provider_aws.sns_topic import SnsTopic

    topic = SnsTopic(stack, "topic", name="alarms")
    assert topic.arn == topic.arn  # Node.js makes a new token on every read
    zones = DataAwsAvailabilityZones(stack, "zones")
    names = zones.names
    names.append("changed by the caller")
    assert zones.names == names[:-1]


def test_configuration_getters_and_cdktf_properties_still_ask_node_js(stack: Any) -> None:
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    from cdktf_cdktf_provider_aws.sns_topic import SnsTopic

    topic = SnsTopic(stack, "topic", name="first")
    assert topic.name_input == "first"
    topic.name = "second"
    assert topic.name_input == "second"
    assert topic.count is None
    topic.count = 2
    assert topic.count == 2
    provider = AwsProvider(stack, "aws", region="us-east-1")
    provider.region = "eu-west-1"
    assert provider.region == "eu-west-1"


def test_setting_a_property_forgets_the_references_kept_for_that_object(stack: Any) -> None:
    from cdktf_cdktf_provider_aws.sns_topic import SnsTopic

    topic = SnsTopic(stack, "topic", name="alarms")
    first = topic.arn
    topic.display_name = "Alarms"
    assert topic.arn != first
