"""Every generated module, by the name of its folder (`modules/<name>/terraform/`): the one list `make modules`
writes and the tests check (a module missing here is caught by tests/synth/test_terraform_modules.py)."""

from __future__ import annotations

from modulegen.definitions import (
    alarms,
    ecs_app,
    fargate_service,
    kms_key,
    lightsail_app,
    load_balancer,
    network,
    postgres,
    redis,
    state_backend,
)
from modulegen.stack import ModuleDefinition

MODULES: dict[str, ModuleDefinition] = {
    "alarms": alarms.MODULE,
    "ecs_app": ecs_app.MODULE,
    "fargate_service": fargate_service.MODULE,
    "kms_key": kms_key.MODULE,
    "lightsail_app": lightsail_app.MODULE,
    "load_balancer": load_balancer.MODULE,
    "network": network.MODULE,
    "postgres": postgres.MODULE,
    "redis": redis.MODULE,
    "state_backend": state_backend.MODULE,
}
