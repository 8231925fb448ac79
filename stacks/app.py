"""The CDKTF app: one stack per environment, chosen by the environment's platform section."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf import App
from constructs import Construct

from environments import SettingsError, load_all
from environments.settings import Settings, state_target
from modules.validation import InvalidSetting
from stacks.base import EnvironmentStack
from stacks.ecs import EcsStack
from stacks.lightsail import LightsailStack
from stacks.state import StateStack


def stack_for(scope: Construct, settings: Settings) -> EnvironmentStack:
    """The stack of one environment, chosen by its platform section."""
    if settings.platform == "ecs":
        return EcsStack(scope, settings)
    return LightsailStack(scope, settings)


def build_app(*, outdir: str | None = None, env: Mapping[str, str] | None = None) -> App:
    """The app: the `state` bootstrap stack (when an environment uses the S3 backend) and every environment's
    stack. `env` replaces os.environ for MC_* overrides (tests use it).

    All settings are loaded and validated first: a bad one raises `SettingsError` before any construct exists.
    """
    all_settings = load_all(env)
    try:
        target = state_target(all_settings)
    except InvalidSetting as error:
        raise SettingsError(f"state stack: {error}") from None
    app = App(outdir=outdir) if outdir else App()
    if target is not None:
        StateStack(app, target)
    for settings in all_settings:
        stack_for(app, settings)
    return app
