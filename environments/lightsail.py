"""`lightsail`: the cheap way to start (~$22/month): one nano container node with a Redis sidecar, a micro
PostgreSQL database, and Lightsail's managed HTTPS endpoint."""

from environments.settings import Settings
from modules.lightsail_app.props import LightsailOptions

SETTINGS = Settings(
    name="lightsail",
    region="us-east-1",
    image="ghcr.io/mission-control/mission-control:latest",
    lightsail=LightsailOptions(power="nano", scale=1, enable_redis_sidecar=True),
)
