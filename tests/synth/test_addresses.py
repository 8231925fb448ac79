"""Terraform addresses follow the construct tree (`aws_db_instance.database`), so plans are readable."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from environments import ENVIRONMENTS
from tests.support import tfjson


@pytest.mark.parametrize("name", ["state", *ENVIRONMENTS])
def test_addresses_are_the_construct_path_without_hashes(name: str, stack_dir: Callable[[str], Path]) -> None:
    stack = tfjson.load(stack_dir(name) / "cdk.tf.json")
    for section in ("resource", "data"):
        for resource_type, blocks in stack.get(section, {}).items():
            for address, body in blocks.items():
                path = body["//"]["metadata"]["path"]
                expected = "_".join(part for part in path.split("/")[1:] if part != "this")
                assert address == re.sub(r"\W", "_", expected), (resource_type, address, path)


def test_the_main_resource_of_a_construct_takes_its_name(stack_dir: Callable[[str], Path]) -> None:
    dev = tfjson.load(stack_dir("dev") / "cdk.tf.json")
    assert list(dev["resource"]["aws_db_instance"]) == ["database"]
    assert list(dev["resource"]["aws_ecs_service"]) == ["service"]


def test_two_paths_that_would_share_an_address_are_refused(stacks_loaded: None, tmp_path: Path) -> None:
    from cdktf import App
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
    from constructs import Construct

    from modules.addresses import ReadableStack

    app = App(outdir=str(tmp_path))
    stack = ReadableStack(app, "clash")
    AwsProvider(stack, "aws", region="us-east-1")
    SnsTopic(Construct(stack, "a"), "b_c", name="one")
    SnsTopic(Construct(stack, "a_b"), "c", name="two")
    with pytest.raises(Exception, match="would share the Terraform address 'a_b_c'"):
        app.synth()


def test_construct_paths_noted_in_python_are_node_js_paths(stacks_loaded: None, tmp_path: Path) -> None:
    """Addresses come from paths noted as constructs are created (no round trip to Node.js): each must be the path
    Node.js has, and only constructs whose id cdktf chooses itself (backends) may go without one."""
    from cdktf import TerraformBackend

    from modules._jsii_calls import noted_path
    from stacks.app import build_app

    app = build_app(outdir=str(tmp_path), env={})
    constructs = app.node.find_all()
    assert len(constructs) > 100
    wrong = {c.node.path: noted_path(c) for c in constructs if noted_path(c) not in (None, c.node.path)}
    assert wrong == {}
    unnoted = [c.node.path for c in constructs if noted_path(c) is None and not isinstance(c, TerraformBackend)]
    assert unnoted == []
