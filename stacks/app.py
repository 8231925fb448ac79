"""The CDKTF app: one stack per environment, chosen by the environment's platform section."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf import App
from constructs import Construct

from environments import load_all
from environments.settings import Settings
from stacks.base import EnvironmentStack
from stacks.ecs import EcsStack
from stacks.lightsail import LightsailStack


def stack_for(scope: Construct, settings: Settings) -> EnvironmentStack:
    """The stack of one environment, chosen by its platform section."""
    if settings.platform == "ecs":
        return EcsStack(scope, settings)
    return LightsailStack(scope, settings)


def build_app(*, outdir: str | None = None, env: Mapping[str, str] | None = None) -> App:
    """The app with every environment's stack. `env` replaces os.environ for MC_* overrides (tests use it).

    All settings are loaded and validated first: a bad one raises `SettingsError` before any construct exists.
    """
    all_settings = load_all(env)
    app = App(outdir=outdir) if outdir else App()
    for settings in all_settings:
        stack_for(app, settings)
    return app
