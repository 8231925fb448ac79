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
from typing import TypeVar

from environments.settings import Settings
from modules.validation import InvalidSetting

ENVIRONMENTS = ("lightsail", "dev", "prod")
"""Every environment, in the order `main.py` builds them. Each is a module `environments/<name>.py`."""

OVERRIDES: dict[str, tuple[str, ...]] = {
    "MC_AWS_REGION": ("region",),
    "MC_NAME_PREFIX": ("name_prefix",),
    "MC_IMAGE": ("image",),
    "MC_DOMAIN_NAME": ("domain_name",),
    "MC_STATE_BUCKET": ("state", "bucket"),
    "MC_STATE_LOCK_TABLE": ("state", "lock_table"),
    "MC_STATE_REGION": ("state", "region"),
}
"""Environment variable -> settings field (a path into nested settings). Applies to every environment."""

CLEARABLE = frozenset({"MC_DOMAIN_NAME", "MC_STATE_REGION"})
"""Optional settings: an empty value clears them (no custom domain; state in the environment's region)."""

__doc__ = (__doc__ or "") + "".join(f"\n- {var}: {'.'.join(path)}" for var, path in OVERRIDES.items())


T = TypeVar("T")


class SettingsError(ValueError):
    """A bad environment setting, reported with the environment, the setting, the value and the fix."""


def _replace(obj: T, path: tuple[str, ...], value: str | None) -> T:
    """A copy of the frozen dataclass `obj` with the field at `path` set; every level re-validates."""
    head, *rest = path
    new = value if not rest else _replace(getattr(obj, head), tuple(rest), value)
    return dataclasses.replace(obj, **{head: new})  # type: ignore[type-var]


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
    for var, path in OVERRIDES.items():
        if var not in env:
            continue
        value = env[var]
        try:
            settings = _replace(settings, path, None if (value == "" and var in CLEARABLE) else value)
        except InvalidSetting as error:
            raise SettingsError(
                f"{var}={value!r} (overrides {'.'.join(path)} of {where}): {error.problem}. Fix: {error.fix}, "
                f"or unset {var}."
            ) from None
    return settings


def load_all(env: Mapping[str, str] | None = None) -> list[Settings]:
    """Every environment's settings; the first bad one raises before anything is built."""
    return [load(name, env) for name in ENVIRONMENTS]
