"""The whole ECS platform from one `module` block, applied: the `ecs_app` module's complete HCL example is applied
against moto (with the rehearsal's patches for moto's gaps), planned again with no changes, and destroyed.
Only an override file beside the example points the provider at the emulator."""

from __future__ import annotations

import json
import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modules.ecs_app import contract
from rehearsal.emulator import running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import emulator_provider_arguments

MODULES = Path(__file__).resolve().parents[2] / "modules"


@pytest.fixture(scope="module")
def applied(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The example applied: its outputs, state, the emulator and the re-plan. The last test destroys it; the
    emulator forgets everything when it stops anyway."""
    workdir = tmp_path_factory.mktemp("ecs_app")
    shutil.copytree(MODULES / "ecs_app" / "terraform", workdir / "terraform")
    example = workdir / "terraform" / "examples" / "complete"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # urllib3 warns on every request to the emulator's self-signed certificate
        with running_emulator() as emulator:
            # The account id comes from the emulator's STS, so security-group references read back as AWS writes
            # them (with it skipped, moto answers `<account>/sg-...` and every re-plan shows a change).
            provider = {**emulator_provider_arguments(emulator.url), "skip_requesting_account_id": False}
            (example / "emulator_override.tf.json").write_text(json.dumps({"provider": {"aws": provider}}))
            timings = {}
            terraform.run(example, "init", "-input=false", "-no-color")
            start = time.perf_counter()
            terraform.run(example, "apply", "-auto-approve", "-input=false", "-no-color")
            timings["apply"] = time.perf_counter() - start
            outputs = json.loads(terraform.run(example, "output", "-json").stdout)
            state = json.loads(terraform.run(example, "show", "-json").stdout)
            start = time.perf_counter()
            replan = terraform.run(example, "plan", "-detailed-exitcode", "-input=false", "-no-color", check=False)
            timings["re-plan"] = time.perf_counter() - start
            yield {
                "outputs": {name: output["value"] for name, output in outputs.items()},
                "state": state,
                "emulator": emulator,
                "replan": replan,
                "timings": timings,
                "example": example,
                "terraform": terraform,
            }
    from tests.conftest import TIMINGS

    TIMINGS.update({f"ecs_app module on the emulator: {what}": seconds for what, seconds in timings.items()})


def resources(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every resource in the applied state, by address."""
    found = {}
    modules = [state["values"]["root_module"], *state["values"]["root_module"].get("child_modules", [])]
    for module in modules:
        for resource in module.get("resources", []):
            found[resource["address"]] = resource["values"]
    return found


def managed_resources(state: dict[str, Any]) -> list[str]:
    """Addresses of the module's managed resources in the applied state (no data sources, no ephemeral ones)."""
    return [
        address
        for address in resources(state)
        if address.startswith("module.mission_control.") and ".data." not in address and "ephemeral" not in address
    ]


def test_the_whole_platform_is_created(applied: dict[str, Any]) -> None:
    managed = managed_resources(applied["state"])
    assert {"module.mission_control.aws_vpc.network", "module.mission_control.aws_ecs_service.service"} <= set(
        managed
    ), managed
    assert any(".aws_route.network_private_default_route" in address for address in managed), managed


def test_a_second_plan_changes_nothing(applied: dict[str, Any]) -> None:
    replan = applied["replan"]
    assert replan.returncode == 0, replan.stdout[-4000:]


def test_the_service_runs_the_image_with_its_secrets(applied: dict[str, Any]) -> None:
    ecs = applied["emulator"].client("ecs")
    (service,) = ecs.describe_services(cluster="mc-example", services=["mc-example"])["services"]
    assert service["launchType"] == "FARGATE"
    definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    (container,) = definition["containerDefinitions"]
    assert container["image"] == "ghcr.io/acme/mission-control:1.4.2"
    assert {secret["name"] for secret in container["secrets"]} == {"MC_DATABASE_URL", "MC_REDIS_URL", "MC_SECRET_KEY"}
    assert container["portMappings"][0]["containerPort"] == 8000


def test_the_firewall_guards_the_load_balancer(applied: dict[str, Any]) -> None:
    emulator = applied["emulator"]
    (balancer,) = emulator.client("elbv2").describe_load_balancers(Names=["mc-example"])["LoadBalancers"]
    acl = emulator.client("wafv2").get_web_acl_for_resource(ResourceArn=balancer["LoadBalancerArn"])["WebACL"]
    assert acl["Name"] == "mc-example"
    limits = [rule["Statement"]["RateBasedStatement"]["Limit"] for rule in acl["Rules"] if "RateBased" in str(rule)]
    assert limits == [1000]


def test_the_outputs_lead_to_the_app(applied: dict[str, Any]) -> None:
    outputs = applied["outputs"]
    assert outputs[contract.APP_URL].startswith("http://mc-example-")
    assert "--task-definition mc-example-migrate" in outputs[contract.MIGRATION_COMMAND]


def test_the_platform_is_destroyed(applied: dict[str, Any]) -> None:
    """Last in this file: `terraform destroy` removes everything (the example turns deletion protection off)."""
    terraform: Terraform = applied["terraform"]
    start = time.perf_counter()
    result = terraform.run(applied["example"], "destroy", "-auto-approve", "-input=false", "-no-color")
    applied["timings"]["destroy"] = time.perf_counter() - start
    # Everything the apply created is destroyed.
    managed = managed_resources(applied["state"])
    assert f"Destroy complete! Resources: {len(managed)} destroyed." in result.stdout, result.stdout[-600:]
    emulator = applied["emulator"]
    assert emulator.client("rds").describe_db_instances()["DBInstances"] == []
    assert emulator.client("elbv2").describe_load_balancers()["LoadBalancers"] == []
