"""Every bad setting stops with a clear error: a wrong type or a misspelled field in an environment file, two
environments with one name, Terraform Cloud values, and any value of any documented variable (property-based)."""

from __future__ import annotations

import dataclasses
import importlib
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from environments import OVERRIDES, SettingsError, load, load_all
from modules.validation import InvalidSetting

ENVIRONMENT_FILE_HEADER = """
from environments.settings import Settings, StateSettings
from modules.ecs_app.props import EcsAppOptions
from modules.fargate_service.props import FargateServiceOptions
from modules.lightsail_app.props import LightsailOptions
from modules.postgres.props import PostgresOptions
"""


@pytest.fixture
def environment_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Replace environments/dev.py with the given source for one test, as a user editing it would."""

    def write(source: str, name: str = "dev") -> None:
        module = f"environments.{name}"
        monkeypatch.delitem(sys.modules, module, raising=False)
        real_import = importlib.import_module

        def fake_import(requested: str) -> types.ModuleType:
            if requested != module:
                imported: types.ModuleType = real_import(requested)
                return imported
            loaded = types.ModuleType(requested)
            exec(compile(ENVIRONMENT_FILE_HEADER + source, f"environments/{name}.py", "exec"), loaded.__dict__)
            return loaded

        monkeypatch.setattr(importlib, "import_module", fake_import)  # what environments.load calls

    yield write


def test_a_string_where_a_boolean_belongs_names_field_type_and_value(environment_file: Any) -> None:
    environment_file(
        'SETTINGS = Settings(name="dev", region="us-east-1", image="ghcr.io/acme/mc:1",'
        ' ecs=EcsAppOptions(database=PostgresOptions(deletion_protection="yes")))'
    )
    with pytest.raises(SettingsError) as caught:
        load("dev", env={})
    message = str(caught.value)
    assert "environments/dev.py" in message
    assert "ecs.database.deletion_protection='yes'" in message and "bool" in message and "str" in message


def test_a_string_where_a_number_belongs_in_lightsail_options(environment_file: Any) -> None:
    environment_file(
        'SETTINGS = Settings(name="dev", region="us-east-1", image="ghcr.io/acme/mc:1",'
        ' lightsail=LightsailOptions(scale="2"))'
    )
    with pytest.raises(SettingsError, match=r"scale='2': expected .*int.*got a str"):
        load("dev", env={})


def test_a_misspelled_field_names_the_file_the_field_and_the_closest(environment_file: Any) -> None:
    environment_file(
        'SETTINGS = Settings(name="dev", region="us-east-1", image="ghcr.io/acme/mc:1",'
        " ecs=EcsAppOptions(service=FargateServiceOptions(memroy_mib=1024)))"
    )
    with pytest.raises(SettingsError) as caught:
        load("dev", env={})
    message = str(caught.value)
    assert "environments/dev.py" in message and "memroy_mib" in message and "'memory_mib'" in message


def test_two_environments_with_one_name_are_refused_before_anything_is_built(environment_file: Any) -> None:
    environment_file(
        'SETTINGS = Settings(name="prod", region="us-east-1", image="ghcr.io/acme/mc:1", ecs=EcsAppOptions())'
    )
    with pytest.raises(SettingsError) as caught:
        load_all(env={})
    message = str(caught.value)
    assert "name='prod'" in message and "environments/dev.py" in message and "environments/prod.py" in message


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MC_TFC_PROJECT": "mc\nprod"}, "MC_TFC_PROJECT="),
        ({"MC_TFC_PROJECT": "${var.x}"}, "template"),
        ({"MC_TFC_PROJECT": "x"}, "3-40"),
        ({"MC_TFC_WORKSPACE_TAGS": " , ,"}, "only separators"),
    ],
)
def test_terraform_cloud_values_are_checked(env: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError, match="Fix:") as caught:
        load("dev", env={"MC_STATE_BACKEND": "cloud", "MC_TFC_ORGANIZATION": "acme"} | env)
    assert expected in str(caught.value)


def test_good_terraform_cloud_values_pass() -> None:
    settings = load(
        "dev",
        env={"MC_STATE_BACKEND": "cloud", "MC_TFC_ORGANIZATION": "acme", "MC_TFC_PROJECT": "Mission Control"},
    )
    assert settings.state.project == "Mission Control"


@pytest.mark.parametrize(
    "image",
    [
        "registry.example.com:5000/team/mc:v2",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/mc:1.4.2",
        "ghcr.io/acme/mc@sha256:" + "0" * 64,
        "localhost:5000/mc",
    ],
)
def test_images_users_use_pass(image: str) -> None:
    assert load("dev", env={"MC_IMAGE": image}).image == image


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    var=st.sampled_from(sorted(OVERRIDES)),
    value=st.text(max_size=80),
    environment=st.sampled_from(["dev", "lightsail"]),
)
def test_no_value_of_any_variable_gives_a_traceback(var: str, value: str, environment: str) -> None:
    """Either the value is accepted, or the refusal names the variable, shows the value and says the fix."""
    try:
        load(environment, env={var: value})
    except SettingsError as error:
        message = str(error)
        assert var in message and "Fix:" in message, message


FIELD_VALUES = st.one_of(st.text(max_size=20), st.integers(-5, 10**6), st.booleans(), st.none(), st.floats())


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_no_value_of_any_ecs_field_gives_a_traceback(data: st.DataObject) -> None:
    """Any value in any field of any ECS section: accepted, or an InvalidSetting naming `ecs.<section>.<field>`."""
    dev = load("dev", env={})
    assert dev.ecs is not None
    sections = [f.name for f in dataclasses.fields(dev.ecs) if dataclasses.is_dataclass(getattr(dev.ecs, f.name))]
    section = data.draw(st.sampled_from(sections))
    options = getattr(dev.ecs, section)
    field = data.draw(st.sampled_from([f.name for f in dataclasses.fields(options)]))
    value = data.draw(FIELD_VALUES)
    try:
        changed = dataclasses.replace(options, **{field: value})
        dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, **{section: changed}))
    except InvalidSetting as error:
        assert error.setting.startswith(f"ecs.{section}."), error
        assert error.fix


def test_a_huge_number_in_a_list_field_is_refused_not_taken_for_a_token() -> None:
    """Found by the property above: cdktf's number tokens are near -1e298, so a large positive float is a value
    (refused for its type), not a token whose checks are skipped."""
    dev = load("dev", env={})
    assert dev.ecs is not None
    worker = dataclasses.replace(dev.ecs.worker, command=1.0000000000000002e280)  # type: ignore[arg-type]
    with pytest.raises(InvalidSetting) as caught:
        dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, worker=worker))
    assert caught.value.setting == "ecs.worker.command"
