"""The `LoadBalancer` construct; see the package docstring."""

from __future__ import annotations

from cdktf import Fn, Op, TerraformResourceLifecycle, Token
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
from modules.tokens import as_text, attribute, choose, count_for, is_set, is_unresolved, present
from modules.validation import is_token

ACCESS_LOG_PREFIX = "alb"
TEST_LISTENER_PORTS = {"HTTPS": 8443, "HTTP": 8080}
"""Port of the blue/green test listener, by the production listener's protocol."""


class LoadBalancer(Construct):
    """With a plain `domain_name` and `enable_access_logs` (the stacks) the construct makes exactly the parts it
    needs. When either is a Terraform token (the construct used as an HCL module, `domain_name` possibly null), the
    parts they switch (the HTTPS listener, certificate, DNS records, port 443, the access-log bucket) are built with
    `count` 0 or 1, the HTTP listener redirects or forwards by a conditional, and the access-log settings are a
    `dynamic` block: turning HTTPS on later updates the HTTP listener in place."""

    load_balancer: Lb
    target_group: LbTargetGroup
    alt_target_group: LbTargetGroup | None
    security_group: SecurityGroup
    http_listener: LbListener
    https_listener: LbListener | None
    production_listener: LbListener
    test_listener: LbListener | None
    certificate: AcmCertificate | None
    access_logs_bucket: S3Bucket | None
    domain_name: str | None
    peer_id = "load_balancer"
    peer_label = "load balancer"

    def __init__(self, scope: Construct, id: str, props: LoadBalancerProps) -> None:
        super().__init__(scope, id)
        self.domain_name = props.domain_name
        https = self._https = is_set(props.domain_name)
        self.security_group = security_group(
            self,
            name=f"{props.name}-alb",
            # Fixed when HTTPS is decided by Terraform: a description change would replace the group.
            description=f"Load balancer of {props.name}: HTTP, and HTTPS with a domain, from the internet"
            if is_unresolved(https)
            else f"Load balancer of {props.name}: HTTP{'/HTTPS' if https else ''} from the internet",
            vpc_id=props.vpc_id,
        )
        for port, condition in ((80, True), (443, https)):
            if present(condition):
                VpcSecurityGroupIngressRule(
                    self,
                    f"ingress_{port}",
                    count=count_for(condition),
                    security_group_id=self.security_group.id,
                    cidr_ipv4="0.0.0.0/0",
                    ip_protocol="tcp",
                    from_port=port,
                    to_port=port,
                    description=f"{'HTTPS' if port == 443 else 'HTTP'} from the internet",
                )

        logs = self._access_logs_bucket(props) if present(props.enable_access_logs) else None
        self.access_logs_bucket = logs.bucket if logs else None
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
            access_logs=LbAccessLogs(bucket=logs.bucket.id, enabled=True, prefix=ACCESS_LOG_PREFIX)
            if logs and not is_unresolved(props.enable_access_logs)
            else None,
        )
        if logs and is_unresolved(props.enable_access_logs):
            self.load_balancer.add_override(
                "dynamic.access_logs",
                {
                    "for_each": choose(props.enable_access_logs, [1], []),
                    "content": {"bucket": logs.bucket_id, "enabled": True, "prefix": ACCESS_LOG_PREFIX},
                },
            )
        self.target_group = self._target_group(props, "target_group", f"{props.name}-app")
        self.alt_target_group = None
        if props.enable_test_listener:
            self.alt_target_group = self._target_group(props, "alt_target_group", f"{props.name}-alt")
        self.test_listener = None
        forward = LbListenerDefaultAction(type="forward", target_group_arn=self.target_group.arn)
        redirect = LbListenerDefaultActionRedirect(port="443", protocol="HTTPS", status_code="HTTP_301")

        self.certificate, self.https_listener = None, None
        if not present(https):
            self.http_listener = LbListener(
                self,
                "http",
                load_balancer_arn=self.load_balancer.arn,
                port=80,
                protocol="HTTP",
                default_action=[forward],
            )
            self.production_listener = self.http_listener
            if props.enable_test_listener:
                self._add_test_listener(props, None)
            return

        if not is_unresolved(https):
            self.http_listener = LbListener(
                self,
                "http",
                load_balancer_arn=self.load_balancer.arn,
                port=80,
                protocol="HTTP",
                default_action=[LbListenerDefaultAction(type="redirect", redirect=redirect)],
            )
        else:
            # One listener whichever way Terraform decides: it redirects to HTTPS, or forwards to the targets.
            self.http_listener = LbListener(
                self,
                "http",
                load_balancer_arn=self.load_balancer.arn,
                port=80,
                protocol="HTTP",
                default_action=[
                    LbListenerDefaultAction(
                        type=choose(https, "redirect", "forward"),
                        target_group_arn=choose(https, None, self.target_group.arn),
                    )
                ],
            )
            self.http_listener.add_override(
                "default_action.0.dynamic.redirect",
                {
                    "for_each": choose(https, [1], []),
                    "content": {"port": "443", "protocol": "HTTPS", "status_code": "HTTP_301"},
                },
            )
        count = count_for(https)
        zone = DataAwsRoute53Zone(self, "zone", count=count, name=self._zone_name(props), private_zone=False)
        self.certificate = AcmCertificate(
            self,
            "certificate",
            count=count,
            domain_name=props.domain_name,
            validation_method="DNS",
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )
        if count is None:
            option = self.certificate.domain_validation_options.get(0)
            record_name, record_type, record_value = (
                option.resource_record_name,
                option.resource_record_type,
                option.resource_record_value,
            )
        else:
            # A certificate for one name has one validation option.
            first = Fn.element(Fn.tolist(attribute(self.certificate, "domain_validation_options")), 0)
            record_name, record_type, record_value = (
                Token.as_string(Fn.lookup_nested(first, [key]))
                for key in ("resource_record_name", "resource_record_type", "resource_record_value")
            )
        validation_record = Route53Record(
            self,
            "certificate_validation_record",
            count=count,
            zone_id=attribute(zone, "zone_id"),
            name=record_name,
            type=record_type,
            records=[record_value],
            ttl=60,
            allow_overwrite=True,
        )
        validation = AcmCertificateValidation(
            self,
            "certificate_validation",
            count=count,
            certificate_arn=attribute(self.certificate, "arn"),
            validation_record_fqdns=[attribute(validation_record, "fqdn")],
        )
        self.https_listener = LbListener(
            self,
            "https",
            count=count,
            load_balancer_arn=self.load_balancer.arn,
            port=443,
            protocol="HTTPS",
            ssl_policy=TLS_POLICY,
            certificate_arn=attribute(validation, "certificate_arn"),
            default_action=[forward],
        )
        self.production_listener = self.https_listener
        if props.enable_test_listener:
            self._add_test_listener(props, attribute(validation, "certificate_arn"))
        Route53Record(
            self,
            "alias",
            count=count,
            zone_id=attribute(zone, "zone_id"),
            name=str(props.domain_name),
            type="A",
            alias=Route53RecordAlias(
                name=self.load_balancer.dns_name, zone_id=self.load_balancer.zone_id, evaluate_target_health=True
            ),
        )

    def _target_group(self, props: LoadBalancerProps, id: str, name: str) -> LbTargetGroup:
        return LbTargetGroup(
            self,
            id,
            name=name,
            target_type="ip",
            port=props.target_port,
            protocol="HTTP",
            vpc_id=props.vpc_id,
            deregistration_delay=as_text(props.deregistration_delay_seconds),
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

    def _add_test_listener(self, props: LoadBalancerProps, certificate_arn: str | None) -> None:
        """For CodeDeploy blue/green: the test listener, forwarding to the other target group (CodeDeploy needs
        both groups behind the load balancer), and both listeners' default actions left to CodeDeploy, which
        points them at the new target group on each deployment (neither an apply nor the drift plan reverts or
        reports that)."""
        assert self.alt_target_group is not None
        if is_unresolved(self._https):
            raise ValueError("enable_test_listener needs a domain_name known at synth time (not a Terraform token)")
        protocol = "HTTP" if certificate_arn is None else "HTTPS"
        self.test_listener = LbListener(
            self,
            "test",
            load_balancer_arn=self.load_balancer.arn,
            port=TEST_LISTENER_PORTS[protocol],
            protocol=protocol,
            ssl_policy=TLS_POLICY if certificate_arn else None,
            certificate_arn=certificate_arn,
            default_action=[LbListenerDefaultAction(type="forward", target_group_arn=self.alt_target_group.arn)],
            lifecycle=TerraformResourceLifecycle(ignore_changes=["default_action"]),
        )
        self.production_listener.add_override("lifecycle.ignore_changes", ["default_action"])

    @staticmethod
    def _zone_name(props: LoadBalancerProps) -> str | None:
        """The public zone of the domain: `props.zone_name`, or for a domain given as a token the same rule in
        Terraform (`hosted_zone_name`, else the domain's parent, else the domain itself when it has two labels)."""
        if not is_token(props.domain_name):
            return props.zone_name
        labels = Fn.split(".", str(props.domain_name))
        parent = Fn.conditional(
            Op.lte(Fn.length_of(labels), 2),
            props.domain_name,
            Fn.join(".", Token.as_list(Fn.slice(labels, 1, Fn.length_of(labels)))),
        )
        if props.hosted_zone_name is None:
            return Token.as_string(parent)
        return Token.as_string(Fn.coalesce([props.hosted_zone_name, parent]))

    def _access_logs_bucket(self, props: LoadBalancerProps) -> PrivateBucket:
        elb_account = DataAwsElbServiceAccount(self, "elb_account")
        return PrivateBucket(
            self,
            "access_logs",
            PrivateBucketProps(
                name_prefix=f"{props.name}-alb-logs-",
                # ALB log delivery supports SSE-S3 only, not SSE-KMS: no key.
                expiration_days=props.access_log_retention_days,
                # A deleted or overwritten log stays a day as an old version; deletions reach EventBridge.
                enable_versioning=True,
                noncurrent_version_expiration_days=1,
                enable_eventbridge_notifications=True,
                # Regions older than August 2022 deliver as the regional ELB account, newer ones as the log
                # delivery service: allow both.
                put_object_principals={
                    "AWS": elb_account.arn,
                    "Service": "logdelivery.elasticloadbalancing.amazonaws.com",
                },
                put_object_prefix=f"{ACCESS_LOG_PREFIX}/",
            ),
            count=count_for(props.enable_access_logs),
        )

    @property
    def url(self) -> str:
        """`https://<domain>` with a domain, else `http://<the load balancer's DNS name>`."""
        return str(choose(self._https, f"https://{self.domain_name}", f"http://{self.load_balancer.dns_name}"))
