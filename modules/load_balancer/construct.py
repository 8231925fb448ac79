"""The `LoadBalancer` construct; see the package docstring."""

from __future__ import annotations

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.acm_certificate import AcmCertificate
from cdktf_cdktf_provider_aws.acm_certificate_validation import AcmCertificateValidation
from cdktf_cdktf_provider_aws.data_aws_elb_service_account import DataAwsElbServiceAccount
from cdktf_cdktf_provider_aws.data_aws_route53_zone import DataAwsRoute53Zone
from cdktf_cdktf_provider_aws.lb import Lb, LbAccessLogs
from cdktf_cdktf_provider_aws.lb_listener import LbListener, LbListenerDefaultAction, LbListenerDefaultActionRedirect
from cdktf_cdktf_provider_aws.lb_target_group import LbTargetGroup, LbTargetGroupHealthCheck
from cdktf_cdktf_provider_aws.route53_record import Route53Record, Route53RecordAlias
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from modules.load_balancer.props import TLS_POLICY, LoadBalancerProps
from modules.private_bucket.construct import PrivateBucket
from modules.private_bucket.props import PrivateBucketProps
from modules.security import security_group

ACCESS_LOG_PREFIX = "alb"


class LoadBalancer(Construct):
    load_balancer: Lb
    target_group: LbTargetGroup
    security_group: SecurityGroup
    http_listener: LbListener
    https_listener: LbListener | None
    certificate: AcmCertificate | None
    access_logs_bucket: S3Bucket | None
    domain_name: str | None
    peer_id = "load_balancer"
    peer_label = "load balancer"

    def __init__(self, scope: Construct, id: str, props: LoadBalancerProps) -> None:
        super().__init__(scope, id)
        self.domain_name = props.domain_name
        https = props.domain_name is not None
        self.security_group = security_group(
            self,
            name=f"{props.name}-alb",
            description=f"Load balancer of {props.name}: HTTP{'/HTTPS' if https else ''} from the internet",
            vpc_id=props.vpc_id,
        )
        for port in (80, 443) if https else (80,):
            VpcSecurityGroupIngressRule(
                self,
                f"ingress_{port}",
                security_group_id=self.security_group.id,
                cidr_ipv4="0.0.0.0/0",
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                description=f"{'HTTPS' if port == 443 else 'HTTP'} from the internet",
            )

        self.access_logs_bucket = self._access_logs_bucket(props) if props.enable_access_logs else None
        self.load_balancer = Lb(
            self,
            "this",
            name=props.name,
            load_balancer_type="application",
            internal=False,
            security_groups=[self.security_group.id],
            subnets=props.subnet_ids,
            drop_invalid_header_fields=True,
            enable_deletion_protection=props.enable_deletion_protection,
            idle_timeout=props.idle_timeout_seconds,
            access_logs=LbAccessLogs(bucket=self.access_logs_bucket.id, enabled=True, prefix=ACCESS_LOG_PREFIX)
            if self.access_logs_bucket
            else None,
        )
        self.target_group = LbTargetGroup(
            self,
            "target_group",
            name=f"{props.name}-app",
            target_type="ip",
            port=props.target_port,
            protocol="HTTP",
            vpc_id=props.vpc_id,
            deregistration_delay=str(props.deregistration_delay_seconds),
            health_check=LbTargetGroupHealthCheck(
                enabled=True,
                path=props.health_check_path,
                matcher=props.health_check_matcher,
                interval=props.health_check_interval_seconds,
                timeout=props.health_check_timeout_seconds,
                healthy_threshold=props.healthy_threshold,
                unhealthy_threshold=props.unhealthy_threshold,
            ),
        )
        forward = LbListenerDefaultAction(type="forward", target_group_arn=self.target_group.arn)

        self.certificate, self.https_listener = None, None
        if props.domain_name is None:
            self.http_listener = LbListener(
                self,
                "http",
                load_balancer_arn=self.load_balancer.arn,
                port=80,
                protocol="HTTP",
                default_action=[forward],
            )
            return

        self.http_listener = LbListener(
            self,
            "http",
            load_balancer_arn=self.load_balancer.arn,
            port=80,
            protocol="HTTP",
            default_action=[
                LbListenerDefaultAction(
                    type="redirect",
                    redirect=LbListenerDefaultActionRedirect(port="443", protocol="HTTPS", status_code="HTTP_301"),
                )
            ],
        )
        zone = DataAwsRoute53Zone(self, "zone", name=props.zone_name, private_zone=False)
        self.certificate = AcmCertificate(
            self,
            "certificate",
            domain_name=props.domain_name,
            validation_method="DNS",
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )
        option = self.certificate.domain_validation_options.get(0)
        validation_record = Route53Record(
            self,
            "certificate_validation_record",
            zone_id=zone.zone_id,
            name=option.resource_record_name,
            type=option.resource_record_type,
            records=[option.resource_record_value],
            ttl=60,
            allow_overwrite=True,
        )
        validation = AcmCertificateValidation(
            self,
            "certificate_validation",
            certificate_arn=self.certificate.arn,
            validation_record_fqdns=[validation_record.fqdn],
        )
        self.https_listener = LbListener(
            self,
            "https",
            load_balancer_arn=self.load_balancer.arn,
            port=443,
            protocol="HTTPS",
            ssl_policy=TLS_POLICY,
            certificate_arn=validation.certificate_arn,
            default_action=[forward],
        )
        Route53Record(
            self,
            "alias",
            zone_id=zone.zone_id,
            name=props.domain_name,
            type="A",
            alias=Route53RecordAlias(
                name=self.load_balancer.dns_name, zone_id=self.load_balancer.zone_id, evaluate_target_health=True
            ),
        )

    def _access_logs_bucket(self, props: LoadBalancerProps) -> S3Bucket:
        elb_account = DataAwsElbServiceAccount(self, "elb_account")
        return PrivateBucket(
            self,
            "access_logs",
            PrivateBucketProps(
                name_prefix=f"{props.name}-alb-logs-",
                # ALB log delivery supports SSE-S3 only, not SSE-KMS: no key.
                expiration_days=props.access_log_retention_days,
                # Regions older than August 2022 deliver as the regional ELB account, newer ones as the log
                # delivery service: allow both.
                put_object_principals={
                    "AWS": elb_account.arn,
                    "Service": "logdelivery.elasticloadbalancing.amazonaws.com",
                },
                put_object_prefix=f"{ACCESS_LOG_PREFIX}/",
            ),
        ).bucket

    @property
    def url(self) -> str:
        if self.domain_name is not None:
            return f"https://{self.domain_name}"
        return f"http://{self.load_balancer.dns_name}"
