"""Settings per environment (`MC_<ENV>_<SETTING>`), shared settings of the `state` stack, the existing OIDC provider,
and the last bad inputs of the process environment (a token, an impossible emulator port). No synth."""

from __future__ import annotations

import dataclasses
import importlib
import re
import warnings

import pytest

import environments
from environments import (
    ENVIRONMENTS,
    OVERRIDES,
    SCOPED_ONLY,
    SHARED_ONLY,
    SettingsError,
    SettingsWarning,
    load,
    load_all,
    scoped_variable,
)
from environments.settings import Settings, StateSettings, StateTarget, state_target
from modules.validation import InvalidSetting

PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
REPOSITORY = {"MC_GITHUB_REPOSITORY": "acme/mc-infra"}
IMAGE = "ghcr.io/acme/mission-control:1.4.2"
TOKEN = "${TfToken[TOKEN.7]}"


def by_name(env: dict[str, str]) -> dict[str, Settings]:
    return {settings.name: settings for settings in load_all(env)}


# --- scoped and plain forms ---------------------------------------------------------------------------------------


def test_a_scoped_value_wins_over_the_plain_one_for_its_environment_only() -> None:
    loaded = by_name({"MC_IMAGE": IMAGE, "MC_DEV_IMAGE": "ghcr.io/acme/mission-control:1.5.0-rc1"})
    assert loaded["dev"].image == "ghcr.io/acme/mission-control:1.5.0-rc1"
    assert loaded["prod"].image == IMAGE and loaded["lightsail"].image == IMAGE


def test_a_scoped_domain_reaches_only_its_environment() -> None:
    loaded = by_name({"MC_PROD_DOMAIN_NAME": "mc.acme.io"})
    assert loaded["prod"].domain_name == "mc.acme.io"
    assert loaded["dev"].domain_name is None and loaded["lightsail"].domain_name is None


def test_each_environment_gets_its_own_scoped_domain() -> None:
    env = {scoped_variable("MC_DOMAIN_NAME", name): f"{name}.mc.acme.io" for name in ENVIRONMENTS}
    assert {name: settings.domain_name for name, settings in by_name(env).items()} == {
        name: f"{name}.mc.acme.io" for name in ENVIRONMENTS
    }


def test_the_scopes_are_the_environment_names_in_capitals() -> None:
    assert [scoped_variable("MC_IMAGE", name) for name in ENVIRONMENTS] == [
        "MC_LIGHTSAIL_IMAGE",
        "MC_DEV_IMAGE",
        "MC_PROD_IMAGE",
    ]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_scoped_region_moves_one_environment_and_the_shared_state_must_then_be_named(environment: str) -> None:
    # Every environment's state defaults to its own region, so the state stack refuses the split unless
    # MC_STATE_REGION names one region for all.
    scoped = {scoped_variable("MC_AWS_REGION", environment): "eu-west-1"}
    assert load(environment, env=scoped).region == "eu-west-1"
    assert all(load(other, env=scoped).region == "us-east-1" for other in ENVIRONMENTS if other != environment)
    with pytest.raises(InvalidSetting, match="MC_STATE_REGION"):
        state_target(load_all(scoped))
    target = state_target(load_all(scoped | {"MC_STATE_REGION": "us-east-1"}))
    assert target is not None and target.region == "us-east-1"


def test_a_plain_domain_is_refused_with_the_scoped_forms_as_the_fix() -> None:
    with pytest.raises(SettingsError) as caught:
        load_all({"MC_DOMAIN_NAME": "mc.acme.io"})
    message = str(caught.value)
    assert message.startswith("MC_DOMAIN_NAME='mc.acme.io': ")
    assert "\n" not in message
    fix = message.split("Fix: ", 1)[1]
    for name in ("MC_PROD_DOMAIN_NAME", "MC_DEV_DOMAIN_NAME", "MC_LIGHTSAIL_DOMAIN_NAME"):
        assert name in fix
    assert "unset MC_DOMAIN_NAME" in fix


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_plain_domain_is_refused_whichever_environment_is_loaded(environment: str) -> None:
    with pytest.raises(SettingsError, match=r"^MC_DOMAIN_NAME="):
        load(environment, env={"MC_DOMAIN_NAME": "mc.acme.io", "MC_PROD_DOMAIN_NAME": "mc.acme.io"})


def test_an_empty_plain_domain_still_clears_every_domain() -> None:
    assert all(settings.domain_name is None for settings in load_all({"MC_DOMAIN_NAME": ""}))


def test_an_empty_scoped_domain_clears_only_its_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("dev", "prod"):  # both environment files name a domain
        module = importlib.import_module(f"environments.{name}")
        monkeypatch.setattr(module, "SETTINGS", dataclasses.replace(module.SETTINGS, domain_name=f"{name}.acme.io"))
    loaded = by_name({"MC_PROD_DOMAIN_NAME": ""})
    assert loaded["prod"].domain_name is None
    assert loaded["dev"].domain_name == "dev.acme.io"


def test_a_bad_scoped_value_names_the_scoped_variable() -> None:
    with pytest.raises(SettingsError) as caught:
        load("prod", env={"MC_PROD_DOMAIN_NAME": "https://mc.acme.io/"})
    message = str(caught.value)
    assert message.startswith("MC_PROD_DOMAIN_NAME='https://mc.acme.io/' (overrides domain_name of environment 'prod'")
    assert "unset MC_PROD_DOMAIN_NAME" in message


def test_a_bad_value_scoped_to_another_environment_does_not_stop_this_one() -> None:
    assert load("dev", env={"MC_PROD_IMAGE": "Not An Image"}).image != "Not An Image"
    with pytest.raises(SettingsError, match=r"^MC_PROD_IMAGE="):
        load("prod", env={"MC_PROD_IMAGE": "Not An Image"})


@pytest.mark.parametrize("var", sorted(SHARED_ONLY))
def test_a_scoped_form_of_a_shared_setting_is_refused_naming_the_plain_one(var: str) -> None:
    scoped = scoped_variable(var, "prod")
    with pytest.raises(SettingsError) as caught:
        load("dev", env={scoped: "x"})
    message = str(caught.value)
    assert message.startswith(f"{scoped}='x': ")
    assert f"Fix: set {var} instead, and unset {scoped}." in message


def test_the_state_settings_are_shared() -> None:
    state_vars = {var for var, path in OVERRIDES.items() if path[0] == "state"}
    assert state_vars <= SHARED_ONLY
    assert {"MC_STATE_BUCKET", "MC_STATE_LOCK_TABLE", "MC_STATE_REGION", "MC_STATE_BACKEND"} <= state_vars
    assert {"MC_GITHUB_REPOSITORY", "MC_GITHUB_OIDC_PROVIDER_ARN", "MC_TFC_ORGANIZATION"} <= state_vars


def test_shared_state_settings_reach_every_environment_and_the_state_stack() -> None:
    env = {"MC_STATE_BUCKET": "acme-mc-state", "MC_STATE_LOCK_TABLE": "acme-mc-locks"} | REPOSITORY
    loaded = load_all(env)
    assert {(s.state.bucket, s.state.lock_table, s.state.github_repository) for s in loaded} == {
        ("acme-mc-state", "acme-mc-locks", "acme/mc-infra")
    }
    target = state_target(loaded)
    assert target is not None
    assert (target.bucket, target.lock_table, target.github_repository) == (
        "acme-mc-state",
        "acme-mc-locks",
        "acme/mc-infra",
    )


def test_no_setting_is_both_shared_only_and_scoped_only() -> None:
    assert not SHARED_ONLY & set(SCOPED_ONLY)
    assert SHARED_ONLY | set(SCOPED_ONLY) <= set(OVERRIDES)


def test_no_plain_variable_reads_as_a_scoped_one() -> None:
    """`MC_STATE_BUCKET` must not parse as `MC_<ENV>_BUCKET`, nor any setting as another one for an environment."""
    for var in OVERRIDES:
        for name in ENVIRONMENTS:
            assert not var.startswith(f"MC_{name.upper()}_")
    load_all(dict.fromkeys(OVERRIDES, "") | {"MC_IMAGE": IMAGE, "MC_STATE_BACKEND": "s3"} | _valid_shared())


def _valid_shared() -> dict[str, str]:
    return {
        "MC_AWS_REGION": "us-east-1",
        "MC_NAME_PREFIX": "mission-control",
        "MC_STATE_BUCKET": "acme-mc-state",
        "MC_STATE_LOCK_TABLE": "acme-mc-locks",
        "MC_TFC_ORGANIZATION": "acme",
        "MC_GITHUB_REVIEWED_PLANS": "true",
        "MC_TFC_HOSTNAME": "app.terraform.io",
        "MC_TFC_WORKSPACE_TAGS": "mission-control",
        "MC_DEPLOYMENT": "rolling",
    }


@pytest.mark.parametrize(
    ("name", "closest"),
    [
        ("MC_PROD_DOMAIN", "MC_PROD_DOMAIN_NAME"),
        ("MC_DEV_IMAGES", "MC_DEV_IMAGE"),
        ("MC_LIGHTSAIL_AWS_REGOIN", "MC_LIGHTSAIL_AWS_REGION"),
    ],
)
def test_a_misspelled_scoped_setting_is_refused_naming_the_closest(name: str, closest: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load("dev", env={name: "x"})
    message = str(caught.value)
    assert message.startswith(f"{name}='x': ") and f"did you mean {closest}?" in message


@pytest.mark.parametrize(
    ("name", "closest"),
    [("MC_PRD_DOMAIN_NAME", "MC_PROD_DOMAIN_NAME"), ("MC_DEVEL_IMAGE", "MC_DEV_IMAGE")],
)
def test_a_scope_that_is_no_environment_is_refused_naming_the_closest(name: str, closest: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load("prod", env={name: "mc.acme.io"})
    message = str(caught.value)
    assert message.startswith(f"{name}='mc.acme.io': ") and closest in message.split("Fix: ")[1]


def test_a_scope_far_from_every_environment_warns_and_is_ignored() -> None:
    """`MC_BASE_IMAGE` may be the app's own variable (the workflows export every `MC_*` one): not refused."""
    with pytest.warns(SettingsWarning, match=r"MC_STAGING_DOMAIN_NAME is no setting.*environment 'staging'"):
        loaded = load_all({"MC_STAGING_DOMAIN_NAME": "mc.acme.io"})
    assert all(settings.domain_name is None for settings in loaded)


def test_a_plain_variable_close_to_a_setting_warns_and_is_ignored() -> None:
    with pytest.warns(SettingsWarning, match=r"MC_DOMAINNAME is no setting.*did you mean MC_DOMAIN_NAME\?"):
        settings = load("prod", env={"MC_DOMAINNAME": "mc.acme.io"})
    assert settings.domain_name is None


@pytest.mark.parametrize("name", ["MC_DATABASE_URL", "MC_SECRET_KEY", "MC_PROVIDER_FULL_IMPORT", "MC_LOG_LEVEL"])
def test_the_apps_and_the_tools_own_variables_pass_silently(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load("dev", env={name: "1"})


def test_the_docstring_says_how_each_variable_may_be_given() -> None:
    doc = environments.__doc__ or ""
    for var, path in OVERRIDES.items():
        (line,) = [line for line in doc.splitlines() if line.startswith(f"- {var}: ")]
        assert ".".join(path) in line
        if var in SHARED_ONLY:
            assert "shared" in line, line
        elif var in SCOPED_ONLY:
            assert all(scoped_variable(var, name) in line for name in ENVIRONMENTS), line
            assert "plain form is refused" in line
        else:
            assert scoped_variable(var, "<ENV>") in line, line
    assert "LIGHTSAIL, DEV, PROD" in doc


# --- the existing OIDC provider -------------------------------------------------------------------------------------


def test_an_existing_provider_arn_reaches_the_state_target() -> None:
    target = state_target(load_all(REPOSITORY | {"MC_GITHUB_OIDC_PROVIDER_ARN": PROVIDER_ARN}))
    assert target is not None and target.github_oidc_provider_arn == PROVIDER_ARN


def test_without_the_setting_the_state_stack_creates_the_provider() -> None:
    target = state_target(load_all(REPOSITORY))
    assert target is not None and target.github_oidc_provider_arn is None


def test_an_empty_provider_arn_clears_it() -> None:
    target = state_target(load_all(REPOSITORY | {"MC_GITHUB_OIDC_PROVIDER_ARN": ""}))
    assert target is not None and target.github_oidc_provider_arn is None


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::123456789012:oidc-provider/accounts.google.com",
        "arn:aws:iam::12345:oidc-provider/token.actions.githubusercontent.com",
        "arn:aws:iam::123456789012:role/github-actions",
        "token.actions.githubusercontent.com",
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/",
    ],
)
def test_a_bad_provider_arn_is_refused_with_the_variable_and_an_example(arn: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load("dev", env=REPOSITORY | {"MC_GITHUB_OIDC_PROVIDER_ARN": arn})
    message = str(caught.value)
    assert message.startswith(f"MC_GITHUB_OIDC_PROVIDER_ARN={arn!r} (overrides state.github_oidc_provider_arn")
    assert re.search(r"Fix: .*'arn:aws:iam::\d{12}:oidc-provider/token\.actions\.githubusercontent\.com'", message)


def test_the_provider_arn_follows_the_constructs_rule() -> None:
    """One rule, the construct's: whatever `GithubOidcOptions.existing_provider_arn` refuses, the setting refuses."""
    from modules.github_oidc.props import GithubOidcOptions

    for arn in (PROVIDER_ARN, "arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"):
        GithubOidcOptions(existing_provider_arn=arn).check()
        StateSettings(github_repository="acme/mc-infra", github_oidc_provider_arn=arn)
    with pytest.raises(InvalidSetting) as construct:
        GithubOidcOptions(existing_provider_arn="arn:aws:iam::1:oidc-provider/x").check()
    with pytest.raises(InvalidSetting) as setting:
        StateSettings(github_repository="acme/mc-infra", github_oidc_provider_arn="arn:aws:iam::1:oidc-provider/x")
    assert (setting.value.problem, setting.value.fix) == (construct.value.problem, construct.value.fix)
    assert setting.value.setting == "github_oidc_provider_arn"


def test_a_provider_arn_without_a_repository_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"^MC_GITHUB_OIDC_PROVIDER_ARN=.*Fix: set MC_GITHUB_REPOSITORY too"):
        load("dev", env={"MC_GITHUB_OIDC_PROVIDER_ARN": PROVIDER_ARN})


def test_the_state_target_checks_the_provider_arn_too() -> None:
    with pytest.raises(InvalidSetting, match="github_oidc_provider_arn"):
        StateTarget(bucket="b", lock_table="t", region="us-east-1", name_prefix="mc", github_oidc_provider_arn="arn:x")


def test_environments_with_ci_roles_must_share_the_name_prefix() -> None:
    loaded = load_all(REPOSITORY)
    renamed = [dataclasses.replace(s, name_prefix="other") if s.name == "prod" else s for s in loaded]
    with pytest.raises(InvalidSetting) as caught:
        state_target(renamed)
    assert caught.value.setting == "name_prefix" and caught.value.value == "other"
    without_roles = [dataclasses.replace(s, name_prefix="other") if s.name == "prod" else s for s in load_all({})]
    assert state_target(without_roles) is not None


# --- the last bad inputs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("var", ["MC_IMAGE", "MC_PROD_IMAGE", "MC_AWS_REGION", "MC_STATE_BUCKET", "MC_TFC_PROJECT"])
def test_a_token_string_is_refused_as_a_settings_error(var: str) -> None:
    env = {var: TOKEN} | ({"MC_STATE_BACKEND": "cloud", "MC_TFC_ORGANIZATION": "acme"} if "TFC" in var else {})
    with pytest.raises(SettingsError) as caught:
        load_all(env)
    message = str(caught.value)
    assert message.startswith(f"{var}={TOKEN!r} (overrides ")
    assert "cdktf token" in message and "Fix: " in message


def test_a_token_image_is_refused_before_anything_reads_its_parts() -> None:
    prod = load("prod", env={})
    with pytest.raises(InvalidSetting) as caught:
        dataclasses.replace(prod, image=TOKEN)
    assert caught.value.setting == "image"


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("https://127.0.0.1:99999", "port 99999"),
        ("https://127.0.0.1:65536", "port 65536"),
        ("http://localhost:0", "port 0"),
        ("http://[::1]:00000", "port 0"),
        ("https://127.0.0.1", "with its port"),
        ("https://:4566", "loopback"),
        ("http://127.256.0.1:4566", "127.256.0.1"),
    ],
)
def test_an_impossible_emulator_endpoint_is_refused(endpoint: str, problem: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load("dev", env={"MC_EMULATOR_ENDPOINT": endpoint})
    message = str(caught.value)
    assert message.startswith(f"MC_EMULATOR_ENDPOINT={endpoint!r}") and problem in message and "Fix: " in message


@pytest.mark.parametrize(
    "endpoint", ["https://127.0.0.1:1", "https://127.0.0.1:65535", "http://localhost:4566", "http://[::1]:5000"]
)
def test_emulator_endpoints_at_the_ends_of_the_port_range_pass(endpoint: str) -> None:
    assert load("dev", env={"MC_EMULATOR_ENDPOINT": endpoint}).emulator_endpoint == endpoint


def test_reviewed_plans_is_a_shared_boolean() -> None:
    from environments import SettingsError, load

    env = {"MC_GITHUB_REPOSITORY": "acme/mc-infra"}
    assert load("prod", env=env).state.github_reviewed_plans is True
    assert load("prod", env={**env, "MC_GITHUB_REVIEWED_PLANS": "false"}).state.github_reviewed_plans is False
    with pytest.raises(SettingsError, match=r"^MC_GITHUB_REVIEWED_PLANS='no': not a boolean.*Fix: write true"):
        load("prod", env={**env, "MC_GITHUB_REVIEWED_PLANS": "no"})
    with pytest.raises(SettingsError, match=r"MC_PROD_GITHUB_REVIEWED_PLANS"):
        load("prod", env={**env, "MC_PROD_GITHUB_REVIEWED_PLANS": "false"})
