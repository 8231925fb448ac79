"""Mission Control on Lightsail: a container service (app + Redis sidecar), a PostgreSQL database, HTTPS.

    from modules.lightsail_app.construct import LightsailApp
    from modules.lightsail_app.props import LightsailAppProps

    app = LightsailApp(stack, "app", LightsailAppProps(name="mission-control", image="ghcr.io/acme/mc:1.4.2"))
    app.service.url  # the public HTTPS URL

The props live in `props.py` (no cdktf import), the construct in `construct.py`.
"""
