"""Environment settings: one file per environment, loaded and overridden here and nowhere else.

    from environments import load
    settings = load("prod")          # environments/prod.py, with MC_* overrides applied

Values that differ per user or account come from the environment's file, overridden by `MC_*` variables. Most may
be given for every environment (`MC_IMAGE`) or for one (`MC_PROD_IMAGE`, `MC_DEV_IMAGE`, `MC_LIGHTSAIL_IMAGE`:
`MC_<ENV>_<SETTING>`, ENV being the environment's name in capitals); the scoped form wins over the plain one. A
value that belongs to one environment (a domain: its certificate and DNS record) is refused in the plain form; the
settings of the shared `state` stack (one bucket, table and set of CI roles for every environment) are refused in
the scoped form. The variables, the setting each overrides, and how it may be given:
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import os
import warnings
from collections.abc import Mapping
from typing import Any, TypeVar

from environments.settings import Settings, StateSettings
from modules.lightsail_app.props import LightsailOptions
from modules.options import Options
from modules.validation import InvalidSetting, from_type_error

ENVIRONMENTS = ("lightsail", "dev", "prod")
"""Every environment, in the order `main.py` builds them. Each is a module `environments/<name>.py`."""

OVERRIDES: dict[str, tuple[str, ...]] = {
    "MC_AWS_REGION": ("region",),
    "MC_NAME_PREFIX": ("name_prefix",),
    "MC_IMAGE": ("image",),
    "MC_DOMAIN_NAME": ("domain_name",),
    "MC_DEPLOYMENT": ("deployment",),
    "MC_STATE_BACKEND": ("state", "backend"),
    "MC_STATE_BUCKET": ("state", "bucket"),
    "MC_STATE_LOCK_TABLE": ("state", "lock_table"),
    "MC_STATE_REGION": ("state", "region"),
    "MC_TFC_ORGANIZATION": ("state", "organization"),
    "MC_TFC_HOSTNAME": ("state", "hostname"),
    "MC_TFC_PROJECT": ("state", "project"),
    "MC_TFC_WORKSPACE_TAGS": ("state", "workspace_tags"),
    "MC_GITHUB_REPOSITORY": ("state", "github_repository"),
    "MC_GITHUB_OIDC_PROVIDER_ARN": ("state", "github_oidc_provider_arn"),
    "MC_GITHUB_REVIEWED_PLANS": ("state", "github_reviewed_plans"),
    "MC_EMULATOR_ENDPOINT": ("emulator_endpoint",),
}
"""Environment variable -> settings field (a path into nested settings)."""

SHARED_ONLY = frozenset(
    {var for var, path in OVERRIDES.items() if path[0] == "state"} | {"MC_NAME_PREFIX", "MC_EMULATOR_ENDPOINT"}
)
"""One value for every environment; `MC_<ENV>_<SETTING>` is refused. The `state` stack creates one bucket and lock
table, one OIDC provider and one set of CI roles for all environments: the roles are named after the name prefix
and reach `<name_prefix>-<environment>` resources, and the deploy workflow finds the image-tag parameter by it. In
emulator mode the state stack and every environment must talk to the same emulator (a backend pointing at the
emulator finds the state bucket only there)."""

SCOPED_ONLY: dict[str, str] = {
    "MC_DOMAIN_NAME": "a domain belongs to one environment, but a plain MC_* value applies to every environment "
    "(each would request the same certificate and DNS record, and dev deploys first)",
}
"""One environment's value, and why: only `MC_<ENV>_<SETTING>` sets it. A plain value is refused (an empty one,
which clears the setting everywhere, is allowed)."""


def _shared_reason(var: str) -> str:
    if var == "MC_NAME_PREFIX":
        return "the state stack names the CI roles after it and lets them reach `<name_prefix>-<environment>` resources"
    if var == "MC_EMULATOR_ENDPOINT":
        return "the state stack and every environment must use the same emulator, which holds the state bucket"
    return "the state stack creates one state bucket, lock table and set of CI roles for every environment"


CLEARABLE = frozenset(
    {
        "MC_DOMAIN_NAME",
        "MC_STATE_REGION",
        "MC_TFC_PROJECT",
        "MC_EMULATOR_ENDPOINT",
        "MC_GITHUB_REPOSITORY",
        "MC_GITHUB_OIDC_PROVIDER_ARN",
    }
)
"""Optional settings: an empty value clears them (no custom domain; state in the environment's region; ...)."""


BOOLEANS = frozenset({"MC_GITHUB_REVIEWED_PLANS"})
"""Settings that take `true` or `false`."""


def scope(environment: str) -> str:
    """The ENV part of `MC_<ENV>_<SETTING>` for an environment: its name in capitals (`prod` -> `PROD`)."""
    return environment.upper().replace("-", "_")


def scoped_variable(var: str, environment: str) -> str:
    """`MC_DOMAIN_NAME`, `prod` -> `MC_PROD_DOMAIN_NAME`."""
    return f"MC_{scope(environment)}_{var.removeprefix('MC_')}"


def _scoped_names(var: str) -> str:
    names = [scoped_variable(var, name) for name in ENVIRONMENTS]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _how(var: str) -> str:
    if var in SHARED_ONLY:
        return "shared: one value for every environment (no MC_<ENV>_ form)"
    if var in SCOPED_ONLY:
        return f"one environment only: {_scoped_names(var)} (the plain form is refused)"
    return f"every environment, or one with {scoped_variable(var, '<ENV>')}"


__doc__ = (
    (__doc__ or "")
    + "".join(f"\n- {var}: {'.'.join(path)}; {_how(var)}" for var, path in OVERRIDES.items())
    + f"\n\n<ENV> is one of {', '.join(scope(name) for name in ENVIRONMENTS)}.\n"
)

T = TypeVar("T")


class SettingsError(ValueError):
    """A bad environment setting, reported with the environment, the setting, the value and the fix."""


class SettingsWarning(UserWarning):
    """An `MC_*` variable that is probably a misspelled setting (it is ignored)."""


def _value(var: str, source: str, raw: str) -> object:
    """The settings value of `raw`, given as `source` (`var` itself or its scoped form)."""
    if raw == "" and var in CLEARABLE:
        return None
    if var in BOOLEANS:
        if raw.strip().lower() not in ("true", "false"):
            raise SettingsError(f"{source}={raw!r}: not a boolean. Fix: write true or false, or unset {source}.")
        return raw.strip().lower() == "true"
    if var == "MC_TFC_WORKSPACE_TAGS":
        tags = tuple(tag.strip() for tag in raw.split(",") if tag.strip())
        if raw.strip() and not tags:
            raise SettingsError(
                f"{source}={raw!r}: only separators, no tag. Fix: give comma-separated tags such as "
                f"'mission-control,prod', or unset {source}."
            )
        return tags
    return raw


def _refusal(var: str, raw: str, problem: str, fix: str) -> SettingsError:
    return SettingsError(f"{var}={raw!r}: {problem}. Fix: {fix}.")


def _closest_variable(name: str, known: list[str], cutoff: float = 0.6) -> str | None:
    close = difflib.get_close_matches(name, known, n=1, cutoff=cutoff)
    return close[0] if close else None


def check_variables(env: Mapping[str, str]) -> None:
    """Refuse what no environment can use, before any environment is loaded: a plain value that belongs to one
    environment, a scoped form of a shared setting, a scoped variable that names no setting or no environment.

    Other `MC_*` variables are the app's own (`MC_DATABASE_URL`) or the tools' switches, and the workflows export
    every `MC_*` repository variable: they are ignored, with a warning when one is close to a setting's name.
    """
    scopes = sorted(((scope(name), name) for name in ENVIRONMENTS), key=lambda item: -len(item[0]))
    per_environment = [var for var in OVERRIDES if var not in SHARED_ONLY]
    for name, raw in sorted(env.items()):
        if not name.startswith("MC_"):
            continue
        if name in SCOPED_ONLY and raw != "":
            raise _refusal(
                name,
                raw,
                SCOPED_ONLY[name],
                f"set {_scoped_names(name)} instead, for the environment it is for, and unset {name}",
            )
        if name in OVERRIDES:
            continue
        environment = next((env_name for prefix, env_name in scopes if name.startswith(f"MC_{prefix}_")), None)
        if environment is not None:
            var = "MC_" + name.removeprefix(f"MC_{scope(environment)}_")
            if var in SHARED_ONLY:
                raise _refusal(
                    name,
                    raw,
                    f"{var} is one value for every environment ({_shared_reason(var)}), so it has no "
                    "per-environment form",
                    f"set {var} instead, and unset {name}",
                )
            if var not in OVERRIDES:
                known = [scoped_variable(setting, environment) for setting in per_environment]
                closest = _closest_variable(name, known)
                hint = f"did you mean {closest}? " if closest else ""
                raise _refusal(
                    name,
                    raw,
                    f"{var} is no setting, so {name} sets nothing for environment {environment!r}",
                    f"{hint}{environment!r} takes {', '.join(known)}",
                )
            continue
        closest = _closest_variable(name, list(OVERRIDES), cutoff=0.75)
        note = f"did you mean {closest}?" if closest else None
        for var in per_environment:
            suffix = f"_{var.removeprefix('MC_')}"
            word = name.removeprefix("MC_")[: -len(suffix)]
            if not (name.endswith(suffix) and word):
                continue
            reads_as = (
                f"it reads as {var} for an environment {word.lower()!r}, which does not exist (environments: "
                f"{', '.join(ENVIRONMENTS)})"
            )
            near = _closest_variable(word, [scope(env_name) for env_name in ENVIRONMENTS])
            if near is not None:  # a misspelled environment (`MC_PRD_DOMAIN_NAME`)
                raise _refusal(name, raw, reads_as, f"did you mean {scoped_variable(var, near)}? Unset {name}")
            note = reads_as  # `MC_BASE_IMAGE` may be the app's own variable: warn only
        if note is not None:
            warnings.warn(
                f"{name} is no setting and is ignored: {note} (settings: environments/__init__.py)",
                SettingsWarning,
                stacklevel=3,
            )


def _settings_classes() -> list[type]:
    """Every class an environment file may build, for naming a misspelled or missing field."""
    found: list[type] = [Settings, StateSettings, LightsailOptions]
    pending = list(Options.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def _apply(obj: T, changes: dict[str, Any], prefix: str = "") -> T:
    """A copy of the frozen dataclass `obj` with `changes` (nested dicts for nested settings) applied at once,
    so related overrides (a backend and its organization) are validated together."""
    values = {}
    for field, change in changes.items():
        if isinstance(change, dict):
            try:
                values[field] = _apply(getattr(obj, field), change, f"{prefix}{field}.")
            except InvalidSetting as error:
                raise error.within(field) from None
        else:
            values[field] = change
    return dataclasses.replace(obj, **values)  # type: ignore[type-var]


def load(name: str, env: Mapping[str, str] | None = None) -> Settings:
    """The validated settings of environment `name`, with `MC_*` overrides from `env` (default: os.environ)."""
    env = os.environ if env is None else env
    if name not in ENVIRONMENTS:
        raise SettingsError(f"environment {name!r} does not exist. Fix: use one of {', '.join(ENVIRONMENTS)}.")
    where = f"environment {name!r} (environments/{name}.py)"
    try:
        settings: Settings = importlib.import_module(f"environments.{name}").SETTINGS
    except InvalidSetting as error:
        raise SettingsError(f"{where}: {error}") from None
    except TypeError as error:  # a misspelled or missing field: name it, with the closest valid one
        named = from_type_error(error, _settings_classes())
        if named is None:
            raise
        raise SettingsError(f"{where}: {named}") from None
    check_variables(env)
    # Setting -> (the variable that sets it for this environment, its value): the scoped form wins.
    overridden: dict[str, tuple[str, str]] = {}
    for var in OVERRIDES:
        for source in (scoped_variable(var, name), var):
            if source in env:
                overridden[var] = (source, env[source])
                break
    changes: dict[str, Any] = {}
    for var, (source, raw) in overridden.items():
        *parents, leaf = OVERRIDES[var]
        target = changes
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = _value(var, source, raw)
    try:
        return _apply(settings, changes)
    except InvalidSetting as error:
        by_path = {".".join(OVERRIDES[var]): given for var, given in overridden.items()}
        given = by_path.get(error.setting)
        if given is not None:
            source, raw = given
            raise SettingsError(
                f"{source}={raw!r} (overrides {error.setting} of {where}): {error.problem}. "
                f"Fix: {error.fix}, or unset {source}."
            ) from None
        sources = ", ".join(source for source, _ in overridden.values())
        raise SettingsError(f"{where}, with {sources} set: {error}") from None


def load_all(env: Mapping[str, str] | None = None) -> list[Settings]:
    """Every environment's settings; the first bad one raises before anything is built. Two environments may not
    share a name: it is their stack's ID (and part of every resource name)."""
    loaded = [load(name, env) for name in ENVIRONMENTS]
    seen: dict[str, str] = {}
    for file, settings in zip(ENVIRONMENTS, loaded, strict=True):
        if settings.name in seen:
            raise SettingsError(
                f"environments/{file}.py: name={settings.name!r} is already the name of environments/"
                f"{seen[settings.name]}.py: an environment's name is its stack's ID and part of every resource "
                f"name. Fix: give environments/{file}.py its own name, such as {file!r}."
            )
        seen[settings.name] = file
    return loaded
