"""The Terraform modules generated from our constructs (`make modules`): what HCL users get is up to date, typed,
documented, provider-free, and keeps the constructs' safety properties."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.terraform import Terraform

MODULES_DIR = Path(__file__).resolve().parents[2] / "modules"
Generated = dict[str, tuple[dict[str, str], dict[str, Any]]]
"""By module: the files as text, and each `.tf` file's configuration as JSON (`test_the_hcl_says_what_the_json_says`
proves the two agree; the other tests read the JSON)."""


@pytest.fixture(scope="module")
def generated(stacks_loaded: None, terraform: Terraform) -> Generated:
    from modulegen.generate import synthesize_with_configs  # imports cdktf: after the session's timed import

    return synthesize_with_configs()


def config(generated: Generated, module: str, file: str) -> Any:
    return generated[module][1][file]


def texts(generated: Generated, module: str) -> dict[str, str]:
    return generated[module][0]


def modules(generated: Generated) -> Iterator[str]:
    assert generated, "no module was generated"
    yield from sorted(generated)


def test_every_module_folder_with_a_definition_is_generated(generated: Generated) -> None:
    from modulegen.definitions import MODULES

    assert (
        set(generated)
        == set(MODULES)
        == {
            "alarms",
            "ecs_app",
            "fargate_service",
            "kms_key",
            "lightsail_app",
            "load_balancer",
            "network",
            "postgres",
            "redis",
            "state_backend",
        }
    )
    # And no folder is left from a module that is no longer defined.
    checked_in = {path.parent.name for path in MODULES_DIR.glob("*/terraform")}
    assert checked_in == set(generated)


def test_the_checked_in_modules_are_what_the_constructs_generate(generated: Generated) -> None:
    stale = []
    for module, (files, _) in generated.items():
        folder = MODULES_DIR / module / "terraform"
        # Every file of the folder is generated; only the hand-written examples/ and tests/ folders are not.
        on_disk = {path.name: path.read_text() for path in folder.iterdir() if path.is_file()}
        assert {path.name for path in folder.iterdir() if path.is_dir()} <= {"examples", "tests"}, module
        if on_disk != files:
            stale.append(module)
    assert stale == [], f"modules/{stale}/terraform is out of date: run `make modules` and commit the result"


def test_the_hcl_says_what_the_json_says(generated: Generated) -> None:
    """The HCL files, read back with python-hcl2, hold the configuration cdktf synthesized (the JSON the other tests
    read): every block, attribute and expression, policies compared as documents."""
    from tests.support.hcl_json import differences, from_hcl, normal

    for module in modules(generated):
        for file, configuration in generated[module][1].items():
            found = list(
                differences(normal(from_hcl(texts(generated, module)[file])), normal(configuration, from_json=True))
            )
            assert found == [], f"{module}/{file}:\n" + "\n".join(found[:20])


def test_the_modules_are_readable_hcl(generated: Generated) -> None:
    for module in modules(generated):
        files = texts(generated, module)
        assert sorted(files) == ["README.md", "main.tf", "outputs.tf", "variables.tf", "versions.tf"], module
        for file, text in files.items():
            if not file.endswith(".tf"):
                continue
            # No interpolation-only string (`name = "${var.name}"`), no cdktf metadata, no escaped JSON policy.
            only = re.findall(r'= "\$\{[^"]*\}"$', text, re.MULTILINE)
            assert [line for line in only if line.count("${") == 1] == [], f"{module}/{file}"
            assert '"//"' not in text and "cdktf" not in text, f"{module}/{file}"
            assert '\\"Statement' not in text and '\\"Version' not in text, f"{module}/{file}"


def test_every_variable_has_a_type_and_a_description(generated: Generated) -> None:
    for module in modules(generated):
        for name, spec in config(generated, module, "variables.tf")["variable"].items():
            assert spec.get("type") and spec.get("description"), f"{module}: variable {name}: {spec}"


def test_every_output_has_a_description(generated: Generated) -> None:
    for module in modules(generated):
        outputs = config(generated, module, "outputs.tf")["output"]
        assert outputs, module
        for name, spec in outputs.items():
            assert spec.get("description"), f"{module}: output {name}"


def keys(value: Any) -> Iterator[str]:
    """Every object key in a JSON document, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys(item)


def test_a_module_configures_no_provider_or_backend_and_accepts_a_provider_range(generated: Generated) -> None:
    for module in modules(generated):
        documents = list(generated[module][1].values())
        top_level = {key for document in documents for key in document}
        assert top_level <= {"terraform", "variable", "locals", "data", "ephemeral", "resource", "output"}, module
        assert not any(key in ("backend", "cloud", "//") for document in documents for key in keys(document)), module
        terraform = config(generated, module, "versions.tf")["terraform"]
        aws = terraform["required_providers"]["aws"]
        assert aws["source"] == "hashicorp/aws"
        assert aws["version"].startswith(">="), "a module must not pin its caller to one provider version"


def test_required_variables_are_exactly_the_props_without_defaults(generated: Generated) -> None:
    from modules.postgres.props import PostgresProps

    variables = config(generated, "postgres", "variables.tf")["variable"]
    required = {name for name, spec in variables.items() if "default" not in spec}
    no_default = {
        f.name
        for f in dataclasses.fields(PostgresProps)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert required == no_default & set(variables)
    # An optional input whose default is "none" stays optional: an explicit null default, not a required variable.
    assert variables["kms_key_arn"]["default"] is None


def test_postgres_password_is_ephemeral_and_only_written_write_only(generated: Generated) -> None:
    password = config(generated, "postgres", "variables.tf")["variable"]["password"]
    assert password["ephemeral"] is True and password["sensitive"] is True
    assert password["default"] is None  # optional: RDS manages the password by default
    instance = config(generated, "postgres", "main.tf")["resource"]["aws_db_instance"]["this"]
    assert instance["password_wo"] == "${var.manage_master_user_password ? null : var.password}"
    assert "password" not in instance
    outputs = json.dumps(config(generated, "postgres", "outputs.tf"))
    assert "var.password" not in outputs


def test_postgres_lets_rds_manage_the_master_password_by_default(generated: Generated) -> None:
    variables = config(generated, "postgres", "variables.tf")["variable"]
    assert variables["manage_master_user_password"]["default"] is True
    instance = config(generated, "postgres", "main.tf")["resource"]["aws_db_instance"]["this"]
    assert instance["manage_master_user_password"] == "${var.manage_master_user_password ? true : null}"
    assert instance["master_user_secret_kms_key_id"] == "${var.manage_master_user_password ? var.kms_key_arn : null}"
    secret = config(generated, "postgres", "outputs.tf")["output"]["master_user_secret_arn"]
    assert secret["value"] == "${one(aws_db_instance.this.master_user_secret[*].secret_arn)}"
    # Exactly one way to set the password: a given password with RDS management on is refused.
    (rule,) = variables["manage_master_user_password"]["validation"]
    assert rule["condition"] == "${var.manage_master_user_password == (var.password == null)}"


def test_postgres_keeps_the_constructs_safety_settings(generated: Generated) -> None:
    instance = config(generated, "postgres", "main.tf")["resource"]["aws_db_instance"]["this"]
    assert instance["storage_encrypted"] is True
    assert instance["publicly_accessible"] is False
    assert instance["skip_final_snapshot"] is False
    assert instance["deletion_protection"] == "${var.deletion_protection}"
    variables = config(generated, "postgres", "variables.tf")["variable"]
    assert variables["deletion_protection"]["default"] is True
    # Token-safe names: a prefix cut from a variable is cut by Terraform, not by Python slicing the token text.
    role = config(generated, "postgres", "main.tf")["resource"]["aws_iam_role"]["monitoring_role"]
    assert role["name_prefix"] == "${substr(var.name, 0, 20)}-rds-monitoring-"
    # Enhanced Monitoring is an input: its role exists only with an interval.
    assert role["count"] == "${(var.monitoring_interval_seconds >= 1) ? 1 : 0}"


def test_state_backend_resources_are_protected_from_destroy(generated: Generated) -> None:
    resources = config(generated, "state_backend", "main.tf")["resource"]
    for kind in ("aws_s3_bucket", "aws_dynamodb_table"):
        (resource,) = resources[kind].values()
        assert resource["lifecycle"]["prevent_destroy"] is True, kind


def test_readme_documents_every_input_and_output(generated: Generated) -> None:
    for module in modules(generated):
        readme = texts(generated, module)["README.md"]
        names = [
            *config(generated, module, "variables.tf")["variable"],
            *config(generated, module, "outputs.tf")["output"],
        ]
        missing = [name for name in names if f"[`{name}`](#" not in readme]
        assert missing == [], f"{module}: {missing}"


def test_readme_follows_the_terraform_docs_layout(generated: Generated) -> None:
    sections = ["## Usage", "## Requirements", "## Providers", "## Resources", "## Inputs", "## Outputs"]
    for module in modules(generated):
        readme = texts(generated, module)["README.md"]
        positions = [readme.find(section) for section in sections]
        assert -1 not in positions and positions == sorted(positions), f"{module}: {positions}"
        assert "| Name | Description | Type | Default | Required |" in readme, module
        resources = config(generated, module, "main.tf")["resource"]
        for type_, items in resources.items():
            for item in items:
                assert f"[{type_}.{item}](" in readme, f"{module}: {type_}.{item} not listed"


# Product text a module keeps, and why: changing it would break existing callers.
PRODUCT_LEFT = {
    "ecs_app": "Mission Control: TLS required",  # the RDS parameter group's description: a change replaces the group,
    # and with its fixed name and create_before_destroy the apply fails (a major release with a rename can drop it)
}


def test_no_module_names_the_product(generated: Generated) -> None:
    """The constructs name the product the stacks deploy (descriptions, default names); a module does not."""
    for module in modules(generated):
        for file, text in texts(generated, module).items():
            text = text.replace(PRODUCT_LEFT.get(module, "\0"), "")
            for word in ("mission control", "mission_control", "mission-control"):
                assert word not in text.lower(), f"{module}/{file} mentions {word!r}"


def test_every_taggable_resource_takes_the_tags_input(generated: Generated) -> None:
    import importlib

    for module in modules(generated):
        tags = config(generated, module, "variables.tf")["variable"]["tags"]
        assert (tags["type"], tags["default"]) == ("map(string)", {})
        for type_, items in config(generated, module, "main.tf")["resource"].items():
            submodule = importlib.import_module(f"cdktf_cdktf_provider_aws.{type_.removeprefix('aws_')}")
            (resource_class,) = [
                cls for cls in vars(submodule).values() if getattr(cls, "TF_RESOURCE_TYPE", None) == type_
            ]
            taggable = hasattr(resource_class, "tags_input")
            for name, resource in items.items():
                if taggable:
                    assert "var.tags" in str(resource.get("tags")), f"{module}: {type_}.{name} has no tags"
                else:
                    assert "tags" not in resource, f"{module}: {type_}.{name}"


def test_no_token_leaks_into_a_module(generated: Generated) -> None:
    """A token that Python turned into text (`str()` of a number token, a token inside a slice) shows up as
    cdktf's placeholder or as a huge float: every construct used in a module must be token-safe."""
    for module in modules(generated):
        for file, text in texts(generated, module).items():
            assert "TfToken" not in text, f"{module}/{file}"
            assert not re.search(r"e\+2[89]\d", text), f"{module}/{file} holds a number token written as text"


def test_options_become_counts_in_the_network_module(generated: Generated) -> None:
    resources = config(generated, "network", "main.tf")["resource"]
    assert resources["aws_subnet"]["public"]["count"] == "${var.az_count}"
    nat = resources["aws_nat_gateway"]["nat"]["count"]
    assert 'var.nat_gateways == "per_az"' in nat and 'var.nat_gateways == "none"' in nat, nat
    assert resources["aws_flow_log"]["flow_log"]["count"] == "${var.enable_flow_logs ? 1 : 0}"
    # One NAT gateway serves every zone (`element` wraps around); `none` leaves every private table without one.
    route = resources["aws_route"]["private_default_route"]
    assert route["nat_gateway_id"] == "${element(aws_nat_gateway.nat[*].id, count.index)}"
    assert 'var.nat_gateways == "none"' in route["count"] and "var.az_count" in route["count"]
    assert "route" not in resources["aws_route_table"]["private_routes"]


def test_the_stacks_keep_one_resource_per_part(app_out: Path) -> None:
    """Plain options build separate resources (`network_public_0`), never `count`: the stacks' addresses did not
    move when the constructs learned to take Terraform variables."""
    for stack in sorted((app_out / "stacks").iterdir()):
        document = json.loads((stack / "cdk.tf.json").read_text())
        counted = [
            f"{type_}.{name}"
            for type_, items in document.get("resource", {}).items()
            for name, resource in items.items()
            if "count" in resource or "dynamic" in resource
        ]
        assert counted == [], f"{stack.name}: {counted}"


def test_redis_encrypts_and_leaves_the_final_snapshot_to_terraform(generated: Generated) -> None:
    group = config(generated, "redis", "main.tf")["resource"]["aws_elasticache_replication_group"]["this"]
    assert group["transit_encryption_enabled"] is True
    assert group["at_rest_encryption_enabled"] == "true"
    # Snapshot retention is a variable: whether a final snapshot is named is decided by Terraform, not at synth.
    assert group["final_snapshot_identifier"].startswith("${(var.snapshot_retention_days >= 1) ?")
    assert config(generated, "redis", "variables.tf")["variable"]["auth_token"]["sensitive"] is True


def test_the_ecs_app_module_takes_every_section_or_says_why(generated: Generated) -> None:

    from modulegen.definitions.ecs_app import FIXED_SECTIONS, SECTIONS
    from modules.ecs_app.props import EcsAppOptions

    sections = {field.name for field in dataclasses.fields(EcsAppOptions)}
    inputs = {variable.name for variable in SECTIONS}
    assert inputs | set(FIXED_SECTIONS) == sections and not inputs & set(FIXED_SECTIONS)
    variables = config(generated, "ecs_app", "variables.tf")["variable"]
    assert inputs <= set(variables)
    readme = texts(generated, "ecs_app")["README.md"]
    assert all(f"- **{section}**:" in readme for section in FIXED_SECTIONS)
