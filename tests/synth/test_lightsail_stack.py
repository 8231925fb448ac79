"""The `lightsail` environment as synthesized: containers, Redis wiring, database safety, outputs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from environments import load
from modules.lightsail_app.props import LightsailOptions
from tests.support import tfjson

DEPLOYMENT = "aws_lightsail_container_service_deployment_version"


def containers(stack: tfjson.TfJson) -> dict[str, dict[str, Any]]:
    (deployment,) = tfjson.resources(stack, DEPLOYMENT)
    return {c["container_name"]: c for c in deployment["container"]}


def test_service_is_one_nano_node(lightsail: tfjson.TfJson) -> None:
    service = tfjson.one(lightsail, "aws_lightsail_container_service")
    assert (service["power"], service["scale"]) == ("nano", 1)
    assert service["name"] == "mission-control-lightsail"


def test_app_and_redis_sidecar_run_side_by_side(lightsail: tfjson.TfJson) -> None:
    assert set(containers(lightsail)) == {"app", "redis"}


def test_redis_sidecar_listens_on_localhost_6379_with_a_pinned_image(lightsail: tfjson.TfJson) -> None:
    redis = containers(lightsail)["redis"]
    command = redis["command"]
    assert command[command.index("--port") + 1] == "6379"
    assert command[command.index("--bind") + 1] == "127.0.0.1"
    # Not published on the service's private domain: only containers of this deployment reach it.
    assert not redis.get("ports")
    name, _, tag = redis["image"].partition(":")
    assert name == "redis" and tag[:1].isdigit(), redis["image"]


def test_app_redis_url_points_at_the_sidecar_port(lightsail: tfjson.TfJson) -> None:
    app = containers(lightsail)["app"]
    redis_command = containers(lightsail)["redis"]["command"]
    port = redis_command[redis_command.index("--port") + 1]
    assert app["environment"]["MC_REDIS_URL"] == f"redis://localhost:{port}/0"


def test_public_endpoint_health_checks_the_app(lightsail: tfjson.TfJson) -> None:
    (deployment,) = tfjson.resources(lightsail, DEPLOYMENT)
    endpoint = deployment["public_endpoint"]
    app = containers(lightsail)["app"]
    assert endpoint["container_name"] == "app"
    assert app["ports"] == {str(endpoint["container_port"]): "HTTP"}
    assert endpoint["container_port"] == 8000
    assert endpoint["health_check"]["path"] == "/health"


def test_app_receives_database_redis_and_secret_key(lightsail: tfjson.TfJson) -> None:
    environment = containers(lightsail)["app"]["environment"]
    assert set(environment) >= {"MC_DATABASE_URL", "MC_REDIS_URL", "MC_SECRET_KEY"}
    database_url = environment["MC_DATABASE_URL"]
    assert database_url.startswith("postgresql://")
    assert "aws_lightsail_database." in database_url and ".master_endpoint_address}" in database_url
    assert database_url.endswith("?sslmode=require")


def test_database_is_postgres_with_backups_and_a_final_snapshot(lightsail: tfjson.TfJson) -> None:
    database = tfjson.one(lightsail, "aws_lightsail_database")
    assert database["blueprint_id"].startswith("postgres_")
    assert database["bundle_id"] == "micro_2_0"
    assert database["backup_retention_enabled"] is True
    assert database["preferred_backup_window"]
    assert database["skip_final_snapshot"] is False
    assert database["final_snapshot_name"]
    assert database["publicly_accessible"] is False


def test_outputs_are_described(lightsail: tfjson.TfJson) -> None:
    outputs = lightsail["output"]
    assert {"url", "database_endpoint", "container_service_name"} <= set(outputs)
    for name, output in outputs.items():
        assert output.get("description"), f"output {name} has no description"


def test_no_certificate_without_a_domain(lightsail: tfjson.TfJson) -> None:
    assert tfjson.resources(lightsail, "aws_lightsail_certificate") == []
    assert "public_domain_names" not in tfjson.one(lightsail, "aws_lightsail_container_service")


@pytest.fixture(scope="module")
def external_redis(synth_settings: Callable[..., Path]) -> tfjson.TfJson:
    base = load("lightsail", env={})
    assert base.lightsail is not None
    settings = dataclasses.replace(
        base, lightsail=dataclasses.replace(base.lightsail, enable_redis_sidecar=False, scale=3)
    )
    return tfjson.load(synth_settings(settings) / "cdk.tf.json")


def test_external_redis_drops_the_sidecar(external_redis: tfjson.TfJson) -> None:
    assert set(containers(external_redis)) == {"app"}
    assert tfjson.one(external_redis, "aws_lightsail_container_service")["scale"] == 3


def test_external_redis_url_comes_from_a_sensitive_variable(external_redis: tfjson.TfJson) -> None:
    variable = external_redis["variable"]["redis_url"]
    assert variable["sensitive"] is True
    assert variable["description"]
    assert containers(external_redis)["app"]["environment"]["MC_REDIS_URL"] == "${var.redis_url}"


@pytest.fixture(scope="module")
def with_domain(synth_settings: Callable[..., Path]) -> tfjson.TfJson:
    settings = dataclasses.replace(
        load("lightsail", env={}),
        domain_name="mc.example.com",
        lightsail=LightsailOptions(enable_private_registry_access=True),
    )
    return tfjson.load(synth_settings(settings) / "cdk.tf.json")


def test_domain_gets_a_certificate_attached_to_the_service(with_domain: tfjson.TfJson) -> None:
    certificate = tfjson.one(with_domain, "aws_lightsail_certificate", domain_name="mc.example.com")
    service = tfjson.one(with_domain, "aws_lightsail_container_service")
    (attached,) = service["public_domain_names"]["certificate"]
    assert attached["domain_names"] == ["mc.example.com"]
    assert attached["certificate_name"].startswith("${aws_lightsail_certificate.")
    assert certificate["name"]
    assert with_domain["output"]["url"]["value"] == "https://mc.example.com/"


def test_private_registry_access_turns_on_the_image_puller_role(
    lightsail: tfjson.TfJson, with_domain: tfjson.TfJson
) -> None:
    def puller(stack: tfjson.TfJson) -> Any:
        service = tfjson.one(stack, "aws_lightsail_container_service")
        return service["private_registry_access"]["ecr_image_puller_role"]["is_active"]

    assert (puller(lightsail), puller(with_domain)) == (False, True)


def test_the_app_image_comes_from_the_image_tag_parameter(lightsail: tfjson.TfJson) -> None:
    parameter = tfjson.one(lightsail, "aws_ssm_parameter")
    assert parameter["lifecycle"]["ignore_changes"] == ["insecure_value"]
    deployment = tfjson.one(lightsail, "aws_lightsail_container_service_deployment_version")
    (app,) = [c for c in deployment["container"] if c["container_name"] == "app"]
    ((local, expression),) = lightsail["locals"].items()
    assert app["image"] == f"${{local.{local}}}" and "insecure_value" in expression


def test_an_arq_worker_runs_beside_the_app_with_its_environment(synth_settings: Callable[..., Path]) -> None:
    import dataclasses

    from environments import load

    settings = load("lightsail", env={})
    assert settings.lightsail is not None
    command = ("arq", "mission_control.worker.WorkerSettings")
    with_worker = dataclasses.replace(
        settings, lightsail=dataclasses.replace(settings.lightsail, worker_command=command)
    )
    stack = tfjson.load(synth_settings(with_worker) / "cdk.tf.json")
    deployment = tfjson.one(stack, "aws_lightsail_container_service_deployment_version")
    containers = {c["container_name"]: c for c in deployment["container"]}
    assert set(containers) == {"app", "worker", "redis"}
    worker, app = containers["worker"], containers["app"]
    assert worker["command"] == list(command) and worker["image"] == app["image"]
    assert worker["environment"] == app["environment"] and not worker.get("ports")


def test_no_worker_by_default(lightsail: tfjson.TfJson) -> None:
    deployment = tfjson.one(lightsail, "aws_lightsail_container_service_deployment_version")
    assert {c["container_name"] for c in deployment["container"]} == {"app", "redis"}
