"""The `LightsailApp` construct; see the package docstring."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.lightsail_certificate import LightsailCertificate
from cdktf_cdktf_provider_aws.lightsail_container_service import (
    LightsailContainerService,
    LightsailContainerServicePrivateRegistryAccess,
    LightsailContainerServicePrivateRegistryAccessEcrImagePullerRole,
    LightsailContainerServicePublicDomainNames,
    LightsailContainerServicePublicDomainNamesCertificate,
)
from cdktf_cdktf_provider_aws.lightsail_container_service_deployment_version import (
    LightsailContainerServiceDeploymentVersion,
    LightsailContainerServiceDeploymentVersionContainer,
    LightsailContainerServiceDeploymentVersionPublicEndpoint,
    LightsailContainerServiceDeploymentVersionPublicEndpointHealthCheck,
)
from cdktf_cdktf_provider_aws.lightsail_database import LightsailDatabase
from constructs import Construct

from modules.generated_secret import GeneratedSecret, GeneratedSecretProps
from modules.lightsail_app.props import REDIS_SIDECAR_PORT, LightsailAppProps
from modules.tokens import as_text, attribute, choose, count_for, is_set, is_unresolved, present

APP_CONTAINER = "app"
REDIS_CONTAINER = "redis"
WORKER_CONTAINER = "worker"


class LightsailApp(Construct):
    """Owns every resource of one Lightsail deployment; each is exposed as a typed attribute."""

    service: LightsailContainerService
    deployment: LightsailContainerServiceDeploymentVersion
    database: LightsailDatabase
    certificate: LightsailCertificate | None
    database_password: GeneratedSecret
    secret_key: GeneratedSecret

    def __init__(self, scope: Construct, id: str, props: LightsailAppProps) -> None:
        super().__init__(scope, id)
        self.props = props

        self.database_password = GeneratedSecret(
            self, "database_password", GeneratedSecretProps(name=f"{props.name}/database-password")
        )
        self.secret_key = GeneratedSecret(self, "secret_key", GeneratedSecretProps(name=f"{props.name}/secret-key"))

        self.database = LightsailDatabase(
            self,
            "database",
            relational_database_name=f"{props.name}-db",
            blueprint_id=f"postgres_{as_text(props.postgres_major_version)}",
            bundle_id=props.database_bundle_id,
            master_database_name=props.database_name,
            master_username=props.database_username,
            master_password=self.database_password.value_in_state(),
            backup_retention_enabled=True,
            preferred_backup_window=props.preferred_backup_window,
            preferred_maintenance_window=props.preferred_maintenance_window,
            # The container service reaches the database over Lightsail's private network.
            publicly_accessible=False,
            skip_final_snapshot=False,
            final_snapshot_name=f"{props.name}-db-final",
        )

        # A domain given as an HCL module's variable (possibly null): the certificate gets a `count` and the
        # service a `dynamic` block (modules/tokens.py); a plain domain or None builds exactly what it needs.
        https = is_set(props.domain_name)
        self.certificate = None
        public_domain_names = None
        if present(https):
            self.certificate = LightsailCertificate(
                self,
                "certificate",
                count=count_for(https),
                name=f"{props.name}-certificate",
                domain_name=props.domain_name,
            )
        if self.certificate is not None and not is_unresolved(https):
            public_domain_names = LightsailContainerServicePublicDomainNames(
                certificate=[
                    LightsailContainerServicePublicDomainNamesCertificate(
                        certificate_name=self.certificate.name, domain_names=[str(props.domain_name)]
                    )
                ]
            )

        self.service = LightsailContainerService(
            self,
            "service",
            name=props.name,
            power=props.power,
            scale=props.scale,
            private_registry_access=LightsailContainerServicePrivateRegistryAccess(
                ecr_image_puller_role=LightsailContainerServicePrivateRegistryAccessEcrImagePullerRole(
                    is_active=props.enable_private_registry_access
                )
            ),
            public_domain_names=public_domain_names,
        )
        if self.certificate is not None and is_unresolved(https):
            self.service.add_override(
                "dynamic.public_domain_names",
                {
                    "for_each": choose(https, [1], []),
                    "content": {
                        "certificate": [
                            {
                                "certificate_name": attribute(self.certificate, "name"),
                                "domain_names": [props.domain_name],
                            }
                        ]
                    },
                },
            )

        database_url = (
            f"postgresql://{props.database_username}:{self.database_password.value_in_state()}"
            f"@{self.database.master_endpoint_address}:{self.database.master_endpoint_port}/{props.database_name}"
            "?sslmode=require"
        )
        containers = [
            LightsailContainerServiceDeploymentVersionContainer(
                container_name=APP_CONTAINER,
                image=props.image,
                ports={as_text(props.app_port): "HTTP"},
                environment={
                    "MC_DATABASE_URL": database_url,
                    "MC_REDIS_URL": props.app_redis_url,
                    "MC_SECRET_KEY": self.secret_key.value_in_state(),
                },
            )
        ]
        if props.worker_command:
            # The ARQ worker beside the app: same image and environment, its own command, no ports.
            containers.append(
                LightsailContainerServiceDeploymentVersionContainer(
                    container_name=WORKER_CONTAINER,
                    image=props.image,
                    command=list(props.worker_command),
                    environment=containers[0].environment,
                )
            )
        if props.enable_redis_sidecar:
            containers.append(
                LightsailContainerServiceDeploymentVersionContainer(
                    container_name=REDIS_CONTAINER,
                    image=props.redis_image,
                    # Containers of one deployment share localhost. Binding to 127.0.0.1 and declaring no `ports`
                    # keeps Redis off the service's private domain: only the app beside it can connect.
                    # No persistence: the sidecar's data lives as long as the deployment
                    # (README "Lightsail: the Redis sidecar and scaling").
                    command=[
                        "redis-server",
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        str(REDIS_SIDECAR_PORT),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                )
            )

        self.deployment = LightsailContainerServiceDeploymentVersion(
            self,
            "deployment",
            service_name=self.service.name,
            container=containers,
            public_endpoint=LightsailContainerServiceDeploymentVersionPublicEndpoint(
                container_name=APP_CONTAINER,
                container_port=props.app_port,
                health_check=LightsailContainerServiceDeploymentVersionPublicEndpointHealthCheck(
                    path=props.health_check_path,
                    success_codes=props.health_check_success_codes,
                    interval_seconds=props.health_check_interval_seconds,
                    timeout_seconds=props.health_check_timeout_seconds,
                    healthy_threshold=2,
                    unhealthy_threshold=2,
                ),
            ),
        )

    @property
    def public_url(self) -> str:
        return str(choose(is_set(self.props.domain_name), f"https://{self.props.domain_name}/", self.service.url))
