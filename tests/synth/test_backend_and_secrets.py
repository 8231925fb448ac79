"""What every environment stack shares: the S3 backend with both locks, and no secret value in the output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from environments import ENVIRONMENTS, load
from tests.support import tfjson

SECRET_NAME = re.compile(r"password|secret|token|private_key|auth", re.IGNORECASE)


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def environment_stack(request: pytest.FixtureRequest, stack_dir: Callable[[str], Path]) -> tuple[str, tfjson.TfJson]:
    name: str = request.param
    return name, tfjson.load(stack_dir(name) / "cdk.tf.json")


def test_backend_is_encrypted_s3_with_a_per_stack_key(environment_stack: tuple[str, tfjson.TfJson]) -> None:
    name, stack = environment_stack
    backend = stack["terraform"]["backend"]["s3"]
    settings = load(name, env={})
    assert backend["encrypt"] is True
    assert backend["key"] == f"mission-control/{name}/terraform.tfstate"
    assert backend["bucket"] == settings.state.bucket
    assert backend["region"] == settings.state_region


def test_backend_takes_both_locks(environment_stack: tuple[str, tfjson.TfJson]) -> None:
    _, stack = environment_stack
    backend = stack["terraform"]["backend"]["s3"]
    assert backend["dynamodb_table"]
    assert backend["use_lockfile"] is True


def test_provider_is_pinned_to_the_mirrored_version(environment_stack: tuple[str, tfjson.TfJson]) -> None:
    _, stack = environment_stack
    assert stack["terraform"]["required_providers"]["aws"]["version"] == "5.100.0"


def test_secret_arguments_are_references_never_literals(environment_stack: tuple[str, tfjson.TfJson]) -> None:
    """Every argument named like a secret holds a Terraform reference: no value was known at synth time."""
    _, stack = environment_stack
    literal = [
        (path, value)
        for section in ("resource", "data", "provider", "output", "locals")
        for path, value in tfjson.strings(stack.get(section, {}), section)
        if SECRET_NAME.search(path.rsplit(".", 1)[-1])
        and "${" not in value
        and not path.endswith(".description")
        and not path.endswith(".name")
    ]
    assert literal == []


def test_write_only_secrets_come_from_ephemeral_generators(environment_stack: tuple[str, tfjson.TfJson]) -> None:
    _, stack = environment_stack
    write_only = [(p, v) for p, v in tfjson.strings(stack.get("resource", {})) if re.search(r"_wo$", p)]
    assert write_only, "expected secrets written through write-only arguments"
    generated = re.compile(
        r"\$\{(ephemeral\.aws_secretsmanager_random_password\.\w+\.random_password"
        r"|ephemeral\.aws_secretsmanager_secret_version\.\w+\.secret_string"
        r"|data\.aws_secretsmanager_secret_version\.\w+\.secret_string)\}"
    )
    for path, value in write_only:
        assert generated.search(value), (path, value)


def test_app_environment_holds_no_literal_credentials(environment_stack: tuple[str, tfjson.TfJson]) -> None:
    _, stack = environment_stack
    for path, value in tfjson.strings(stack.get("resource", {})):
        # A URL with user:password@ is only allowed when the password part is a reference.
        for match in re.finditer(r"://([^:@/\s]+):([^@\s]+)@", value):
            assert match.group(2).startswith("${"), (path, value)


def test_outputs_expose_no_secret(environment_stack: tuple[str, tfjson.TfJson]) -> None:
    _, stack = environment_stack
    for name, output in stack.get("output", {}).items():
        value = json.dumps(output["value"])  # a string, a list or a flag
        assert "secret_string" not in value and "random_password" not in value, name
        assert "var.redis_url" not in value, name


def test_secrets_in_the_shell_never_reach_the_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An operator's shell may hold the app's own secrets (MC_SECRET_KEY, ...) or TF_VAR_ values: synth ignores them."""
    from stacks.app import build_app

    sentinel = "s3ntinel-Value-9f2c"
    for var in ("MC_SECRET_KEY", "MC_DATABASE_URL", "MC_REDIS_URL", "TF_VAR_redis_url", "TF_VAR_secret_key"):
        monkeypatch.setenv(var, f"{var}-{sentinel}")
    build_app(outdir=str(tmp_path)).synth()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written
    leaked = [str(p) for p in written if sentinel in p.read_text()]
    assert leaked == []
