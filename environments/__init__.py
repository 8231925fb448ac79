"""Environment settings: one file per environment, loaded and overridden here and nowhere else.

    from environments import load
    settings = load("lightsail")          # environments/lightsail.py, with MC_* overrides applied

Values that differ per user or account come from the environment's file, overridden by these variables:
"""

from __future__ import annotations

import dataclasses
import importlib
import os
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
    "MC_STATE_BACKEND": ("state", "backend"),
    "MC_STATE_BUCKET": ("state", "bucket"),
    "MC_STATE_LOCK_TABLE": ("state", "lock_table"),
    "MC_STATE_REGION": ("state", "region"),
    "MC_TFC_ORGANIZATION": ("state", "organization"),
    "MC_TFC_HOSTNAME": ("state", "hostname"),
    "MC_TFC_PROJECT": ("state", "project"),
    "MC_TFC_WORKSPACE_TAGS": ("state", "workspace_tags"),
    "MC_GITHUB_REPOSITORY": ("state", "github_repository"),
    "MC_EMULATOR_ENDPOINT": ("emulator_endpoint",),
}
"""Environment variable -> settings field (a path into nested settings). Applies to every environment."""

CLEARABLE = frozenset(
    {"MC_DOMAIN_NAME", "MC_STATE_REGION", "MC_TFC_PROJECT", "MC_EMULATOR_ENDPOINT", "MC_GITHUB_REPOSITORY"}
)
"""Optional settings: an empty value clears them (no custom domain; state in the environment's region; ...)."""

__doc__ = (__doc__ or "") + "".join(f"\n- {var}: {'.'.join(path)}" for var, path in OVERRIDES.items())

T = TypeVar("T")


class SettingsError(ValueError):
    """A bad environment setting, reported with the environment, the setting, the value and the fix."""


def _value(var: str, raw: str) -> object:
    if raw == "" and var in CLEARABLE:
        return None
    if var == "MC_TFC_WORKSPACE_TAGS":
        tags = tuple(tag.strip() for tag in raw.split(",") if tag.strip())
        if raw.strip() and not tags:
            raise SettingsError(
                f"{var}={raw!r}: only separators, no tag. Fix: give comma-separated tags such as "
                "'mission-control,prod', or unset MC_TFC_WORKSPACE_TAGS."
            )
        return tags
    return raw


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
    overridden = {var: env[var] for var in OVERRIDES if var in env}
    changes: dict[str, Any] = {}
    for var, raw in overridden.items():
        *parents, leaf = OVERRIDES[var]
        target = changes
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = _value(var, raw)
    try:
        return _apply(settings, changes)
    except InvalidSetting as error:
        by_path = {".".join(OVERRIDES[var]): var for var in overridden}
        source = by_path.get(error.setting)
        if source is not None:
            raise SettingsError(
                f"{source}={overridden[source]!r} (overrides {error.setting} of {where}): {error.problem}. "
                f"Fix: {error.fix}, or unset {source}."
            ) from None
        raise SettingsError(f"{where}, with {', '.join(overridden)} set: {error}") from None


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
