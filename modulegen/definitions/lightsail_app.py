"""The `lightsail_app` Terraform module (modules/lightsail_app/terraform), generated from `LightsailApp`:
`make modules`."""

from __future__ import annotations

from cdktf import Fn

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import NO_PRODUCT, Differs, variables_from
from modules.lightsail_app.construct import LightsailApp
from modules.lightsail_app.props import (
    POWERS,
    REDIS_SIDECAR_PORT,
    LightsailAppProps,
)
from modules.rules import Rule
from modules.tokens import each_attribute

USAGE = """
module "app" {
  source = "git::https://github.com/<org>/<repo>.git//modules/lightsail_app/terraform?ref=<tag>"
  name   = "billing"
  image  = "ghcr.io/acme/billing:1.4.2"

  power       = "micro"
  domain_name = "mc.example.com"   # optional: a Lightsail certificate (validate it in DNS, see below)
}
"""

NOTES = f"""
The app container gets `MC_DATABASE_URL` (the Lightsail PostgreSQL database, TLS required), `MC_REDIS_URL`
(`redis://localhost:{REDIS_SIDECAR_PORT}/0`, the sidecar) and `MC_SECRET_KEY` (generated inside AWS). Lightsail has
no write-only arguments: the database password and secret key are read back from Secrets Manager and kept in the
(encrypted) state, marked sensitive.

With a `domain_name`, Lightsail requests a certificate: create the DNS records of the
`certificate_validation_records` output in your zone, then point the domain at `service_url`'s host (a CNAME).
Removing the module cannot delete a deployment version (Lightsail keeps them); deleting the container service does.
"""

# Declared beside the fields (`LightsailOptions.RULES`, `LightsailAppProps.RULES`).
RULES: list[Rule] = list(LightsailAppProps.RULES)

VARIABLES = variables_from(
    LightsailAppProps,
    [
        "name",
        "image",
        "domain_name",
        "power",
        "redis_image",
        "app_port",
        "health_check_path",
        "health_check_interval_seconds",
        "health_check_timeout_seconds",
        "health_check_success_codes",
        "enable_private_registry_access",
        "postgres_major_version",
        "database_bundle_id",
        "database_name",
        "database_username",
        "preferred_backup_window",
        "preferred_maintenance_window",
    ],
    descriptions={
        "name": "Name of the container service; the database is `<name>-db`, the secrets `<name>/...`.",
        "image": "The app's image: a public registry reference, or an ECR URI with enable_private_registry_access.",
        "health_check_interval_seconds": "Seconds between health checks of the public endpoint (5-300).",
        "health_check_timeout_seconds": "Seconds a health check may take (2-60).",
        "health_check_success_codes": "HTTP codes that count as healthy: one code or a range such as 200-299.",
        "database_name": "Name of the database created with the Lightsail database.",
        "database_username": "Master user name of the database.",
        "power": f"Container service power: {', '.join(POWERS)} (nano: 0.25 vCPU, 512 MB).",
    },
    defaults={"database_name": Differs("app", NO_PRODUCT), "database_username": Differs("app_admin", NO_PRODUCT)},
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    app = LightsailApp(stack, "this", LightsailAppProps(**inputs(stack, VARIABLES)))
    outputs = {
        "service_url": (app.public_url, "The app's HTTPS URL (the custom domain when set)."),
        "service_name": (app.service.name, "Container service name."),
        "default_url": (app.service.url, "The service's own `*.cs.amazonlightsail.com` URL."),
        "database_endpoint": (
            app.database.master_endpoint_address,
            "Host name of the database (Lightsail's private network only).",
        ),
        "database_password_secret_arn": (app.database_password.arn, "Secret holding the database master password."),
        "secret_key_secret_arn": (app.secret_key.arn, "Secret holding MC_SECRET_KEY."),
    }
    for name, (value, description) in outputs.items():
        stack.output(name, value, description)
    if app.certificate is not None:
        stack.output(
            "certificate_validation_records",
            Fn.flatten(each_attribute(app.certificate, "domain_validation_options")),
            "DNS records that validate the certificate of domain_name (empty without a domain).",
        )


MODULE = ModuleDefinition(
    title="A containerized web app (with PostgreSQL and Redis) on Lightsail, whole: a container service running "
    "the app with a Redis sidecar, a "
    "Lightsail PostgreSQL database with backups and a final snapshot, secrets generated inside AWS, and HTTPS "
    "(Lightsail's own domain, or yours with a Lightsail certificate).",
    build=build,
    usage=USAGE,
    notes=NOTES,
    sample={"name": "app-example", "image": "ghcr.io/acme/app:1.0.0"},
    fixed={
        "Redis": f"a sidecar container (`redis-server` on 127.0.0.1:{REDIS_SIDECAR_PORT}, no persistence) beside "
        "the app: the module is that shape. An external Redis (`enable_redis_sidecar = false`, `redis_url`) needs "
        "a sensitive URL the module would keep in state, and is what the `ecs_app` module is for.",
        "Scale": "1 node: with the sidecar every node would get its own Redis, splitting the job queue and "
        "WebSocket pub/sub between them. Grow with `power` instead.",
        "Database access": "private (Lightsail's network only); backups on; a final snapshot `<name>-db-final` "
        "on delete.",
        "Health check thresholds": "2 passes to become healthy, 2 failures to be replaced.",
    },
)
