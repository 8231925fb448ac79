"""moto's gaps on our stacks, each filled by the smallest patch of one moto backend or response class.

    with installed() as patches:        # rehearsal/emulator.py does this around the servers
        ...                             # moto answers as AWS does for everything the patches list

Each `Patch` names the moto version it was written for, the AWS behaviour it restores and what moto does instead,
and the test in `tests/emulator/test_moto_patches.py` that runs unpatched moto and fails once moto behaves like AWS
by itself: then delete the patch. Nothing here changes what we synthesize; the emulator answers as AWS would.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import json
import random
import string
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock
from urllib.parse import urlparse

MOTO_VERSION = "5.2.5"
"""The moto version every patch was written and checked against (requirements-dev.txt pins it)."""

MOTO_SETTINGS = {"MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
"""moto's own switches, not patches: AWS managed IAM policies (AmazonECSTaskExecutionRolePolicy, ...) exist in
every AWS account, but moto loads them only when asked."""

Setter = Callable[[Any, str, Any], None]
"""`set(owner, attribute, value)`: replaces a class attribute for as long as the patches are installed."""


@dataclass(frozen=True)
class Patch:
    name: str
    service: str
    restores: str
    """The AWS behaviour the patch restores."""
    moto_gap: str
    """What moto does instead."""
    detector: str
    """The test (tests/emulator/test_moto_patches.py) that fails once moto does this itself."""
    install: Callable[[Setter], None]
    used_by: str | None = None
    """For a patch the rehearsal never needs: the test file that does (the rehearsal's report must show every other
    patch used)."""

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "service": self.service,
            "moto_version": MOTO_VERSION,
            "restores": self.restores,
            "moto_gap": self.moto_gap,
            "detector": f"tests/emulator/test_moto_patches.py::{self.detector}",
            "calls": CALLS[self.name],
            "used_by": self.used_by,
        }


PATCHES: list[Patch] = []


def patch(
    name: str, *, service: str, restores: str, moto_gap: str, detector: str, used_by: str | None = None
) -> Callable[..., Any]:
    def register(install: Callable[[Setter], None]) -> Callable[[Setter], None]:
        PATCHES.append(Patch(name, service, restores, moto_gap, detector, install, used_by))
        return install

    return register


CALLS: Counter[str] = Counter()
"""How often each installed patch's code ran since it was installed: the report shows which patches a run used."""


@contextmanager
def installed(only: list[str] | None = None) -> Iterator[list[Patch]]:
    """Install every patch (or those named in `only`) for the duration of the block; moto is as before after."""
    chosen = [p for p in PATCHES if only is None or p.name in only]
    patchers: list[Any] = []
    CALLS.clear()

    def setter(name: str) -> Setter:
        def set_attribute(owner: Any, attribute: str, value: Any) -> None:
            patcher = mock.patch.object(owner, attribute, _counted(name, value), create=not hasattr(owner, attribute))
            patcher.start()
            patchers.append(patcher)

        return set_attribute

    try:
        for item in chosen:
            item.install(setter(item.name))
        yield chosen
    finally:
        for patcher in reversed(patchers):
            patcher.stop()


def _counted(name: str, value: Any) -> Any:
    """`value`, counting its calls under `name` when it is a function or a property."""
    if isinstance(value, property) and value.fget is not None:
        return property(_counted(name, value.fget))
    if not inspect.isfunction(value):
        return value

    @functools.wraps(value)
    def counting(*args: Any, **kwargs: Any) -> Any:
        CALLS[name] += 1
        return value(*args, **kwargs)

    return counting


def _random_id(length: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(random.choices(alphabet, k=length))


# S3 ------------------------------------------------------------------------------------------------------------


_SECURE_TRANSPORT: contextvars.ContextVar[bool | None] = contextvars.ContextVar("secure_transport", default=None)


@patch(
    "s3-secure-transport",
    service="s3",
    restores="bucket policies see `aws:SecureTransport` (true over HTTPS, false over HTTP) and evaluate `Bool` "
    "conditions, so a TLS-only policy denies plain HTTP and allows HTTPS",
    moto_gap="the key is never set and `Bool` conditions are skipped as if they matched: a Deny with "
    "`aws:SecureTransport = false` denies every object request, over HTTPS too",
    detector="test_s3_tls_only_policy_still_denies_https",
)
def _s3_secure_transport(set_attribute: Setter) -> None:
    from moto.iam import policy_conditions
    from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, PermissionResult
    from moto.s3.models import FakeBucket
    from moto.s3.responses import S3Response

    setup_class = S3Response.setup_class

    def setup_class_noting_the_scheme(
        self: Any, request: Any, full_url: str | None = None, headers: Any = None
    ) -> None:
        url = full_url if full_url is not None else request.raw_url
        _SECURE_TRANSPORT.set(urlparse(url).scheme == "https")
        setup_class(self, request, full_url, headers)

    def get_permission(self: Any, action: str, resource: str) -> Any:
        """moto's `FakeBucket.get_permission`, with the request's context, and a statement whose condition is
        false left out (moto's evaluator, written for trust policies, turns it into an explicit Deny)."""
        if self.policy is None:
            return PermissionResult.NEUTRAL
        secure = _SECURE_TRANSPORT.get()
        context = {} if secure is None else {"aws:SecureTransport": "true" if secure else "false"}
        statements = json.loads(self.policy.decode())["Statement"]
        applying = [
            statement
            for statement in (statements if isinstance(statements, list) else [statements])
            if IAMPolicyStatement(statement)._check_conditions(context)
        ]
        if not applying:
            return PermissionResult.NEUTRAL
        policy = json.dumps({"Version": "2012-10-17", "Statement": applying})
        return IAMPolicy(policy).is_action_permitted(action, resource, incoming_condition_values=context)

    def bool_equals(expected: Any, actual: str) -> bool:
        values = expected if isinstance(expected, list) else [expected]
        return any(str(value).lower() == actual.lower() for value in values)

    set_attribute(S3Response, "setup_class", setup_class_noting_the_scheme)
    set_attribute(FakeBucket, "get_permission", get_permission)
    set_attribute(
        policy_conditions, "CONDITION_OPERATIONS", {**policy_conditions.CONDITION_OPERATIONS, "Bool": bool_equals}
    )


@patch(
    "s3-eventbridge-notification",
    service="s3",
    restores="GetBucketNotificationConfiguration answers <EventBridgeConfiguration/> once EventBridge delivery is on",
    moto_gap="PutBucketNotificationConfiguration stores it, but the answer leaves it out: every re-plan turns "
    "`eventbridge` on again",
    detector="test_s3_eventbridge_notification_still_missing",
)
def _s3_eventbridge_notification(set_attribute: Setter) -> None:
    from xml.etree import ElementTree

    from moto.s3.responses import S3Response

    get_bucket_notification = S3Response.get_bucket_notification
    namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    def with_eventbridge(self: Any) -> Any:
        status, headers, body = get_bucket_notification(self)
        configuration = self.backend.get_bucket_notification_configuration(self.bucket_name)
        if status != 200 or configuration is None or configuration.event_bridge is None:
            return status, headers, body
        ElementTree.register_namespace("", namespace)
        root = ElementTree.fromstring(body)
        ElementTree.SubElement(root, f"{{{namespace}}}EventBridgeConfiguration")
        return status, headers, ElementTree.tostring(root, encoding="unicode", xml_declaration=True)

    set_attribute(S3Response, "get_bucket_notification", with_eventbridge)


# ElastiCache ---------------------------------------------------------------------------------------------------


@patch(
    "elasticache-member-clusters",
    service="elasticache",
    restores="CreateReplicationGroup (cluster mode disabled) makes NumCacheClusters member clusters "
    "(<group>-001, <group>-002, ...) and each answers DescribeCacheClusters with the group's settings, security "
    "groups included",
    moto_gap="the group lists one member id (NumCacheClusters is ignored unless ReplicasPerNodeGroup is given) and "
    "registers no cache cluster: DescribeCacheClusters answers CacheClusterNotFound for it (and a cache cluster "
    "moto does make has no SecurityGroups)",
    detector="test_elasticache_replication_group_members_still_unregistered",
)
def _elasticache_member_clusters(set_attribute: Setter) -> None:
    from moto.elasticache.models import CacheCluster, ElastiCacheBackend

    create_replication_group = ElastiCacheBackend.create_replication_group

    def create_with_members(self: Any, **kwargs: Any) -> Any:
        if kwargs.get("cluster_mode") in (None, "disabled") and not kwargs.get("replicas_per_node_group"):
            kwargs["replicas_per_node_group"] = max((kwargs.get("num_cache_clusters") or 1) - 1, 0)
        group = create_replication_group(self, **kwargs)
        for node_group in group.node_groups:
            for member in node_group["node_group_members"]:
                cluster: Any = CacheCluster(  # Any: two attributes moto's class does not declare
                    account_id=self.account_id,
                    region_name=self.region_name,
                    cache_cluster_id=member["cache_cluster_id"],
                    cache_node_type=group.cache_node_type,
                    replication_group_id=group.replication_group_id,
                    az_mode="single-az",
                    preferred_availability_zone=member.get("preferred_availability_zone"),
                    num_cache_nodes=1,
                    engine=group.engine,
                    engine_version=group.engine_version,
                    cache_parameter_group_name=group.cache_parameter_group_name,
                    cache_subnet_group_name=group.cache_subnet_group_name,
                    transit_encryption_enabled=group.transit_encryption_enabled,
                    network_type=group.network_type,
                    ip_discovery=group.ip_discovery,
                    snapshot_name=None,
                    preferred_maintenance_window=group.preferred_maintenance_window,
                    port=group.port,
                    notification_topic_arn=group.notification_topic_arn,
                    auto_minor_version_upgrade=group.auto_minor_version_upgrade,
                    snapshot_retention_limit=group.snapshot_retention_limit,
                    snapshot_window=group.snapshot_window,
                    auth_token=kwargs.get("auth_token"),
                    outpost_mode=None,
                    preferred_outpost_arn=None,
                    preferred_availability_zones=None,
                    cache_security_group_names=group.cache_security_group_names,
                    security_group_ids=group.security_group_ids,
                    tags=None,
                    snapshot_arns=None,
                    preferred_outpost_arns=None,
                    log_delivery_configurations=[],
                    cache_node_ids_to_remove=None,
                    cache_node_ids_to_reboot=None,
                )
                cluster.at_rest_encryption_enabled = group.at_rest_encryption_enabled
                cluster.security_groups = [
                    {"SecurityGroupId": group_id, "Status": "active"} for group_id in group.security_group_ids or []
                ]
                self.cache_clusters[cluster.cache_cluster_id] = cluster
        return group

    set_attribute(ElastiCacheBackend, "create_replication_group", create_with_members)


@patch(
    "elasticache-delete-replication-group",
    service="elasticache",
    restores="DeleteReplicationGroup removes the group and its member clusters (after `deleting`), taking the "
    "final snapshot when FinalSnapshotIdentifier is given",
    moto_gap="the group stays `deleting` for ever (the provider waits up to 45 minutes) and no final snapshot is made",
    detector="test_elasticache_deleted_replication_group_still_listed",
)
def _elasticache_delete_replication_group(set_attribute: Setter) -> None:
    from moto.elasticache.responses import ElastiCacheResponse

    delete_replication_group = ElastiCacheResponse.delete_replication_group

    def delete_and_forget(self: Any) -> Any:
        backend = self.elasticache_backend
        group_id = self._get_param("ReplicationGroupId")
        final_snapshot = self._get_param("FinalSnapshotIdentifier")
        if final_snapshot and group_id in backend.replication_groups:
            backend.create_snapshot(
                snapshot_name=final_snapshot,
                replication_group_id=group_id,
                cache_cluster_id=None,
                kms_key_id=None,
                tags=None,
            )
        result = delete_replication_group(self)
        group = backend.replication_groups.pop(group_id)
        for member in group.member_clusters:
            backend.cache_clusters.pop(member, None)
        return result

    set_attribute(ElastiCacheResponse, "delete_replication_group", delete_and_forget)


@patch(
    "elasticache-delete-cache-subnet-group",
    service="elasticache",
    restores="DeleteCacheSubnetGroup deletes the group (CacheSubnetGroupNotFoundFault when there is none)",
    moto_gap="the action is not implemented: HTTP 500",
    detector="test_elasticache_delete_cache_subnet_group_still_missing",
)
def _elasticache_delete_cache_subnet_group(set_attribute: Setter) -> None:
    from moto.core.responses import EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound
    from moto.elasticache.responses import ElastiCacheResponse

    def delete_cache_subnet_group(self: Any) -> Any:
        name = self._get_param("CacheSubnetGroupName")
        if self.elasticache_backend.cache_subnet_groups.pop(name, None) is None:
            raise CacheSubnetGroupNotFound(name)
        return EmptyResult()

    set_attribute(ElastiCacheResponse, "delete_cache_subnet_group", delete_cache_subnet_group)


AUTH_TOKENS = "rehearsal_auth_tokens"
"""The attribute of a moto replication group where the `elasticache-auth-token` patch keeps the AUTH tokens the
group accepts (oldest first): what `redis-cli AUTH` would be checked against, for the rehearsal's secret proofs."""


def accepted_auth_tokens(group: Any) -> list[str]:
    """The AUTH tokens a (patched) moto replication group accepts."""
    return list(getattr(group, AUTH_TOKENS, []))


@patch(
    "elasticache-auth-token",
    service="elasticache",
    restores="a replication group accepts the AuthToken it was created with; ModifyReplicationGroup with AuthToken "
    "and AuthTokenUpdateStrategy ROTATE (the default) adds the new token beside the old one, SET keeps only the new "
    "one, DELETE removes them, and AuthTokenLastModifiedDate moves",
    moto_gap="the token is dropped at create and ignored by ModifyReplicationGroup (AuthTokenLastModifiedDate never "
    "moves), so nothing can tell which token the group accepts",
    detector="test_elasticache_auth_token_still_ignored_on_modify",
)
def _elasticache_auth_token(set_attribute: Setter) -> None:
    from moto.core.utils import utcnow
    from moto.elasticache.responses import ElastiCacheResponse

    create_replication_group = ElastiCacheResponse.create_replication_group
    modify_replication_group = ElastiCacheResponse.modify_replication_group

    def create_keeping_token(self: Any) -> Any:
        result = create_replication_group(self)
        token = self._get_param("AuthToken")
        group = self.elasticache_backend.replication_groups[self._get_param("ReplicationGroupId")]
        setattr(group, AUTH_TOKENS, [token] if token else [])
        return result

    def modify_applying_token(self: Any) -> Any:
        token, strategy = self._get_param("AuthToken"), self._get_param("AuthTokenUpdateStrategy") or "ROTATE"
        group = self.elasticache_backend.replication_groups.get(self._get_param("ReplicationGroupId"))
        if group is not None and (token or strategy == "DELETE"):
            tokens = accepted_auth_tokens(group)
            tokens = {"ROTATE": [*tokens[-1:], token], "SET": [token], "DELETE": []}[strategy]
            setattr(group, AUTH_TOKENS, tokens)
            group.auth_token_enabled = bool(tokens)
            group.auth_token_last_modified_date = utcnow()
        return modify_replication_group(self)

    set_attribute(ElastiCacheResponse, "create_replication_group", create_keeping_token)
    set_attribute(ElastiCacheResponse, "modify_replication_group", modify_applying_token)


# Application Auto Scaling --------------------------------------------------------------------------------------


@patch(
    "appautoscaling-tagging",
    service="application-autoscaling",
    restores="scalable targets keep the Tags given to RegisterScalableTarget; ListTagsForResource, TagResource and "
    "UntagResource work on their ARNs",
    moto_gap="the three tagging actions are not implemented (HTTP 500: the provider retries for minutes) and "
    "RegisterScalableTarget drops Tags",
    detector="test_appautoscaling_tagging_still_missing",
)
def _appautoscaling_tagging(set_attribute: Setter) -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def tags_of(response: Any) -> dict[str, dict[str, str]]:
        backend = response.applicationautoscaling_backend
        store: dict[str, dict[str, str]] = backend.__dict__.setdefault("rehearsal_tags", {})
        return store

    register_scalable_target = ApplicationAutoScalingResponse.register_scalable_target

    def register_keeping_tags(self: Any) -> str:
        result: str = register_scalable_target(self)
        tags = self._get_param("Tags") or {}
        tags_of(self).setdefault(json.loads(result)["ScalableTargetARN"], {}).update(tags)
        return result

    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"Tags": tags_of(self).get(self._get_param("ResourceARN"), {})})

    def tag_resource(self: Any) -> str:
        tags_of(self).setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
        return "{}"

    def untag_resource(self: Any) -> str:
        tags = tags_of(self).get(self._get_param("ResourceARN"), {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return "{}"

    set_attribute(ApplicationAutoScalingResponse, "register_scalable_target", register_keeping_tags)
    set_attribute(ApplicationAutoScalingResponse, "list_tags_for_resource", list_tags_for_resource)
    set_attribute(ApplicationAutoScalingResponse, "tag_resource", tag_resource)
    set_attribute(ApplicationAutoScalingResponse, "untag_resource", untag_resource)


# ELBv2 ---------------------------------------------------------------------------------------------------------


@patch(
    "elbv2-deletion-protection",
    service="elbv2",
    restores="DeleteLoadBalancer refuses a load balancer with `deletion_protection.enabled` (OperationNotPermitted)",
    moto_gap="the load balancer is deleted regardless",
    detector="test_elbv2_deletion_protection_still_ignored",
)
def _elbv2_deletion_protection(set_attribute: Setter) -> None:
    from moto.elbv2.exceptions import ELBClientError
    from moto.elbv2.models import ELBv2Backend

    delete_load_balancer = ELBv2Backend.delete_load_balancer

    def delete_unless_protected(self: Any, arn: str) -> None:
        balancer = self.load_balancers.get(arn)
        if balancer is not None and balancer.attrs.get("deletion_protection.enabled") == "true":
            raise ELBClientError(
                "OperationNotPermitted",
                f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled",
            )
        delete_load_balancer(self, arn)

    set_attribute(ELBv2Backend, "delete_load_balancer", delete_unless_protected)


# RDS -----------------------------------------------------------------------------------------------------------


@patch(
    "rds-unique-dbi-resource-id",
    service="rds",
    restores="every DB instance has its own DbiResourceId (db-<26 characters>)",
    moto_gap="every instance gets the same hard-coded id, so with two instances the provider, which finds an "
    "instance by that id, fails to read one back",
    detector="test_rds_dbi_resource_id_still_shared",
)
def _rds_unique_dbi_resource_id(set_attribute: Setter) -> None:
    from moto.rds.models import DBInstance

    init = DBInstance.__init__

    def init_with_own_id(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.dbi_resource_id = f"db-{_random_id(26)}"

    set_attribute(DBInstance, "__init__", init_with_own_id)


@patch(
    "rds-performance-insights-on-create",
    service="rds",
    restores="CreateDBInstance keeps EnablePerformanceInsights, PerformanceInsightsKMSKeyId and "
    "PerformanceInsightsRetentionPeriod",
    moto_gap="they are dropped at create (ModifyDBInstance keeps them), so every re-plan wants to turn them on",
    detector="test_rds_performance_insights_still_dropped",
)
def _rds_performance_insights(set_attribute: Setter) -> None:
    from moto.rds.models import DBInstance

    init = DBInstance.__init__

    def init_with_insights(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if kwargs.get("enable_performance_insights"):
            self.performance_insights_enabled = True
            self.performance_insights_kms_key_id = kwargs.get("performance_insights_kms_key_id")
            self.performance_insights_retention_period = kwargs.get("performance_insights_retention_period", 7)

    set_attribute(DBInstance, "__init__", init_with_insights)


@patch(
    "rds-parameter-source",
    service="rds",
    restores="parameters set by ModifyDBParameterGroup are described with Source `user`",
    moto_gap="they are stored without Source, and the provider, which reads back only `user` parameters, "
    "plans to set them again on every run",
    detector="test_rds_modified_parameter_still_without_source",
)
def _rds_parameter_source(set_attribute: Setter) -> None:
    from moto.rds.models import DBParameterGroup

    update_parameters = DBParameterGroup.update_parameters

    def update_as_user(self: Any, new_parameters: Any) -> None:
        update_parameters(self, [{"Source": "user", **parameter} for parameter in new_parameters])

    set_attribute(DBParameterGroup, "update_parameters", update_as_user)


# ECS -----------------------------------------------------------------------------------------------------------


ECS_SERVICE_FIELDS_MOTO_DROPS = {
    "enableECSManagedTags": "enable_ecs_managed_tags",
    "enableExecuteCommand": "enable_execute_command",
    "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
    "availabilityZoneRebalancing": "availability_zone_rebalancing",
}


@patch(
    "ecs-create-service-fields",
    service="ecs",
    restores="CreateService keeps " + ", ".join(ECS_SERVICE_FIELDS_MOTO_DROPS),
    moto_gap="CreateService drops them (UpdateService keeps them), so every re-plan wants to set them again",
    detector="test_ecs_create_service_still_drops_fields",
)
def _ecs_create_service_fields(set_attribute: Setter) -> None:
    from moto.ecs.responses import EC2ContainerServiceResponse

    create_service = EC2ContainerServiceResponse.create_service

    def create_keeping_fields(self: Any) -> Any:
        result = create_service(self)
        service = self.ecs_backend.describe_services(
            self._get_param("cluster", "default"), [self._get_param("serviceName")]
        )[0][0]
        for field, attribute in ECS_SERVICE_FIELDS_MOTO_DROPS.items():
            value = self._get_param(field)
            if value is not None:
                setattr(service, attribute, value)
        return result

    set_attribute(EC2ContainerServiceResponse, "create_service", create_keeping_fields)


UNHEALTHY_IMAGES: set[str] = set()
"""Images whose tasks never pass their health checks on the emulator (moto runs no container): a test or rehearsal
step adds an image here to rehearse a bad release, and removes it after."""


def _same_task_definition(requested: str, deployment: dict[str, Any]) -> bool:
    """`family:revision` or ARN against the deployment's ARN."""
    return bool(deployment["taskDefinition"].endswith(f"/{requested}") or deployment["taskDefinition"] == requested)


@patch(
    "ecs-update-service-deployment",
    service="ecs",
    restores="UpdateService with another task definition (or forceNewDeployment) starts a new PRIMARY deployment of "
    "it, IN_PROGRESS until its tasks run, the one before kept ACTIVE meanwhile; once every task runs it is COMPLETED "
    "and the older deployments are gone. How many tasks run: MOTO_ECS_SERVICE_RUNNING, as moto's CreateService "
    "reads it; none for an image in UNHEALTHY_IMAGES (they fail: a crash loop before the circuit breaker trips)",
    moto_gap="the service's task definition changes, but its one deployment keeps the task definition it was "
    "created with and its state: a rollout looks finished at once, on the old version",
    detector="test_ecs_update_service_still_keeps_the_first_deployment",
)
def _ecs_update_service_deployment(set_attribute: Setter) -> None:
    import os

    from moto.core.utils import utcnow
    from moto.ecs.models import EC2ContainerServiceBackend

    update_service = EC2ContainerServiceBackend.update_service

    def update_with_deployment(self: Any, service_properties: dict[str, Any]) -> Any:
        changed_to = service_properties.get("task_definition")
        forced = bool(service_properties.get("force_new_deployment"))
        service = update_service(self, service_properties)
        primary = next((d for d in service.deployments if d.get("status") == "PRIMARY"), None)
        if primary is None or not (forced or (changed_to and not _same_task_definition(changed_to, primary))):
            return service
        definition = self.describe_task_definition(service.task_definition)
        service.task_definition = definition.arn  # AWS answers with the ARN, whichever form the request used
        unhealthy = any(c.get("image") in UNHEALTHY_IMAGES for c in definition.container_definitions)
        desired = service.desired_count
        running = 0 if unhealthy else min(desired, max(int(os.environ.get("MOTO_ECS_SERVICE_RUNNING") or 0), 0))
        deployment_id = f"ecs-svc/{random.randint(0, 32**12)}"
        done = running >= desired
        now = utcnow()
        deployment = dict(
            primary,
            id=deployment_id,
            status="PRIMARY",
            taskDefinition=service.task_definition,
            createdAt=now,
            updatedAt=now,
            desiredCount=desired,
            runningCount=running,
            pendingCount=desired - running,
            failedTasks=desired if unhealthy else 0,
            rolloutState="COMPLETED" if done else "IN_PROGRESS",
            rolloutStateReason=f"ECS deployment {deployment_id} {'completed' if done else 'in progress'}.",
        )
        before = [] if done else [dict(d, status="ACTIVE") for d in service.deployments]
        service.deployments = [deployment, *before]
        service.running_count, service.pending_count = running, desired - running
        return service

    set_attribute(EC2ContainerServiceBackend, "update_service", update_with_deployment)


@patch(
    "ecs-run-task-task-memory",
    service="ecs",
    restores="RunTask starts a Fargate task whose memory is set for the task only (none per container), as ours are",
    moto_gap="RunTask adds up the containers' memory and fails (HTTP 500) on a container without one",
    detector="test_ecs_run_task_still_needs_container_memory",
)
def _ecs_run_task_task_memory(set_attribute: Setter) -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    calculate = EC2ContainerServiceBackend._calculate_task_resource_requirements

    def with_task_memory(task_definition: Any) -> dict[str, Any]:
        containers = task_definition.container_definitions
        if all(c.get("memory") or c.get("memoryReservation") for c in containers):
            return dict(calculate(task_definition))
        # The task's memory, shared by its containers: count it once, on the first container.
        shared = [dict(c, memory=int(task_definition.memory or 0) if i == 0 else 0) for i, c in enumerate(containers)]
        return dict(calculate(type("Shared", (), {"container_definitions": shared})()))

    set_attribute(
        EC2ContainerServiceBackend,
        "_calculate_task_resource_requirements",
        staticmethod(_counted("ecs-run-task-task-memory", with_task_memory)),
    )


# EC2 -----------------------------------------------------------------------------------------------------------


@patch(
    "ec2-security-group-rule-description",
    service="ec2",
    restores="DescribeSecurityGroupRules returns the description of a rule that references a security group",
    moto_gap="only rules with a CIDR carry their description",
    detector="test_ec2_referencing_rule_description_still_missing",
)
def _ec2_security_group_rule_description(set_attribute: Setter) -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    def description(self: Any) -> str | None:
        value: str | None = self.ip_range.get("Description") or (self.source_group or {}).get("Description")
        return value

    set_attribute(SecurityGroupRule, "description", property(description))


# CloudWatch Logs -----------------------------------------------------------------------------------------------


@patch(
    "logs-query-definitions",
    service="logs",
    restores="PutQueryDefinition creates (or, given its id, updates) a saved Logs Insights query; "
    "DescribeQueryDefinitions lists them, by name prefix; DeleteQueryDefinition removes one",
    moto_gap="none of the three actions is implemented (HTTP 500: the provider retries for minutes)",
    detector="test_logs_query_definitions_still_missing",
)
def _logs_query_definitions(set_attribute: Setter) -> None:
    import time
    import uuid

    from moto.logs.responses import LogsResponse

    def definitions_of(response: Any) -> dict[str, dict[str, Any]]:
        store: dict[str, dict[str, Any]] = response.logs_backend.__dict__.setdefault("rehearsal_query_definitions", {})
        return store

    def put_query_definition(self: Any) -> str:
        definition_id = self._get_param("queryDefinitionId") or str(uuid.uuid4())
        definitions_of(self)[definition_id] = {
            "queryDefinitionId": definition_id,
            "name": self._get_param("name"),
            "queryString": self._get_param("queryString"),
            "logGroupNames": self._get_param("logGroupNames") or [],
            "lastModified": int(time.time() * 1000),
        }
        return json.dumps({"queryDefinitionId": definition_id})

    def describe_query_definitions(self: Any) -> str:
        prefix = self._get_param("queryDefinitionNamePrefix") or ""
        found = [d for d in definitions_of(self).values() if str(d["name"]).startswith(prefix)]
        return json.dumps({"queryDefinitions": sorted(found, key=lambda d: str(d["name"]))})

    def delete_query_definition(self: Any) -> str:
        removed = definitions_of(self).pop(self._get_param("queryDefinitionId"), None)
        return json.dumps({"success": removed is not None})

    set_attribute(LogsResponse, "put_query_definition", put_query_definition)
    set_attribute(LogsResponse, "describe_query_definitions", describe_query_definitions)
    set_attribute(LogsResponse, "delete_query_definition", delete_query_definition)


# Budgets -------------------------------------------------------------------------------------------------------


@patch(
    "budgets-notification-subscribers",
    service="budgets",
    restores="DescribeSubscribersForNotification lists the subscribers (SNS topics, emails) of one notification",
    moto_gap="the action is not implemented (HTTP 500): the provider's read of every budget with a notification "
    "retries for minutes",
    detector="test_budgets_subscribers_still_missing",
)
def _budgets_notification_subscribers(set_attribute: Setter) -> None:
    from moto.budgets.responses import BudgetsResponse

    def describe_subscribers_for_notification(self: Any) -> str:
        budget = self.backend.budgets[self._get_param("AccountId")][self._get_param("BudgetName")]
        wanted = self._get_param("Notification")
        subscribers = [s for n in budget.notifications if n.details == wanted for s in n.subscribers]
        return json.dumps({"Subscribers": subscribers})

    set_attribute(BudgetsResponse, "describe_subscribers_for_notification", describe_subscribers_for_notification)


@patch(
    "budgets-tagging",
    service="budgets",
    restores="a budget keeps the ResourceTags given to CreateBudget; ListTagsForResource, TagResource and "
    "UntagResource work on its ARN",
    moto_gap="the three tagging actions are not implemented (HTTP 500: the provider retries for minutes) and "
    "CreateBudget drops ResourceTags (every re-plan then adds the provider's default tags again)",
    detector="test_budgets_tagging_still_missing",
)
def _budgets_tagging(set_attribute: Setter) -> None:
    from moto.budgets.responses import BudgetsResponse

    def tags_of(response: Any) -> dict[str, dict[str, str]]:
        store: dict[str, dict[str, str]] = response.backend.__dict__.setdefault("rehearsal_tags", {})
        return store

    create_budget = BudgetsResponse.create_budget

    def create_keeping_tags(self: Any) -> str:
        result: str = create_budget(self)
        name = self._get_param("Budget")["BudgetName"]
        arn = f"arn:{self.partition}:budgets::{self._get_param('AccountId')}:budget/{name}"
        tags_of(self)[arn] = {tag["Key"]: tag["Value"] for tag in self._get_param("ResourceTags") or []}
        return result

    def list_tags_for_resource(self: Any) -> str:
        tags = tags_of(self).get(self._get_param("ResourceARN"), {})
        return json.dumps({"ResourceTags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]})

    def tag_resource(self: Any) -> str:
        tags = tags_of(self).setdefault(self._get_param("ResourceARN"), {})
        tags.update({tag["Key"]: tag["Value"] for tag in self._get_param("ResourceTags") or []})
        return "{}"

    def untag_resource(self: Any) -> str:
        tags = tags_of(self).get(self._get_param("ResourceARN"), {})
        for key in self._get_param("ResourceTagKeys") or []:
            tags.pop(key, None)
        return "{}"

    set_attribute(BudgetsResponse, "create_budget", create_keeping_tags)
    set_attribute(BudgetsResponse, "list_tags_for_resource", list_tags_for_resource)
    set_attribute(BudgetsResponse, "tag_resource", tag_resource)
    set_attribute(BudgetsResponse, "untag_resource", untag_resource)


# CodeDeploy ----------------------------------------------------------------------------------------------------


@patch(
    "codedeploy-delete",
    service="codedeploy",
    restores="DeleteApplication (with its deployment groups) and DeleteDeploymentGroup",
    moto_gap="neither operation exists (the server answers 500), so Terraform cannot destroy or replace a "
    "blue/green deployment group or its application",
    detector="test_codedeploy_delete_still_missing",
    used_by="tests/emulator/test_moto_patches.py",  # the rehearsal never deletes or updates a deployment group
)
def _codedeploy_delete(set_attribute: Setter) -> None:
    from moto.codedeploy.responses import CodeDeployResponse
    from moto.core.responses import ActionResult, EmptyResult

    def delete_application(self: Any) -> EmptyResult:
        backend = self.codedeploy_backend
        name = self._get_param("applicationName")
        backend.get_application(name)  # ApplicationDoesNotExistException, as AWS
        backend.applications.pop(name)
        backend.deployment_groups.pop(name, None)
        return EmptyResult()

    def delete_deployment_group(self: Any) -> ActionResult:
        backend = self.codedeploy_backend
        application, group = self._get_param("applicationName"), self._get_param("deploymentGroupName")
        backend.get_deployment_group(application, group)  # DeploymentGroupDoesNotExistException, as AWS
        backend.deployment_groups[application].pop(group)
        return ActionResult({"hooksNotCleanedUp": []})

    set_attribute(CodeDeployResponse, "delete_application", delete_application)
    set_attribute(CodeDeployResponse, "delete_deployment_group", delete_deployment_group)


# UpdateDeploymentGroup's request fields and the model attributes they set (the rest keep their values).
_DEPLOYMENT_GROUP_FIELDS = {
    "deploymentConfigName": "deployment_config_name",
    "serviceRoleArn": "service_role_arn",
    "triggerConfigurations": "trigger_configurations",
    "alarmConfiguration": "alarm_configuration",
    "autoRollbackConfiguration": "auto_rollback_configuration",
    "outdatedInstancesStrategy": "outdated_instances_strategy",
    "deploymentStyle": "deployment_style",
    "blueGreenDeploymentConfiguration": "blue_green_deployment_configuration",
    "loadBalancerInfo": "load_balancer_info",
    "ecsServices": "ecs_services",
    "terminationHookEnabled": "termination_hook_enabled",
}


@patch(
    "codedeploy-update-deployment-group",
    service="codedeploy",
    restores="UpdateDeploymentGroup changes a deployment group in place (alarms, rollback, bake time, role, name)",
    moto_gap="the operation does not exist (500): any change to a deployment group fails to apply",
    detector="test_codedeploy_update_deployment_group_still_missing",
    used_by="tests/emulator/test_moto_patches.py",  # the rehearsal never deletes or updates a deployment group
)
def _codedeploy_update_deployment_group(set_attribute: Setter) -> None:
    from moto.codedeploy.responses import CodeDeployResponse
    from moto.core.responses import ActionResult

    def update_deployment_group(self: Any) -> ActionResult:
        backend = self.codedeploy_backend
        application = self._get_param("applicationName")
        current = self._get_param("currentDeploymentGroupName")
        group = backend.get_deployment_group(application, current)
        for field, attribute in _DEPLOYMENT_GROUP_FIELDS.items():
            value = self._get_param(field)
            if value is not None:
                setattr(group, attribute, value)
        new_name = self._get_param("newDeploymentGroupName")
        if new_name and new_name != current:
            groups = backend.deployment_groups[application]
            groups[new_name] = groups.pop(current)
            group.deployment_group_name = new_name
        return ActionResult({"hooksNotCleanedUp": []})

    set_attribute(CodeDeployResponse, "update_deployment_group", update_deployment_group)


@patch(
    "codedeploy-alarm-configuration",
    service="codedeploy",
    restores="GetDeploymentGroup answers the alarm configuration the group was created with",
    moto_gap="it stores the configuration but always answers `alarmConfiguration: {}`, so every plan wants to add "
    "the alarms again",
    detector="test_codedeploy_alarm_configuration_still_dropped",
)
def _codedeploy_alarm_configuration(set_attribute: Setter) -> None:
    from moto.codedeploy import responses

    group_info = responses._deployment_group_info

    def with_alarms(deployment_group: Any) -> dict[str, Any]:
        info: dict[str, Any] = group_info(deployment_group)
        info["alarmConfiguration"] = deployment_group.alarm_configuration or {}
        return info

    set_attribute(responses, "_deployment_group_info", with_alarms)


@patch(
    "codedeploy-stop-deployment",
    service="codedeploy",
    restores="StopDeployment stops a deployment (status Stopped), with a roll-back when `autoRollbackEnabled`",
    moto_gap="the operation does not exist (500): the rollout cannot stop a deployment that ran out of time",
    detector="test_codedeploy_stop_deployment_still_missing",
    used_by="tests/emulator/test_blue_green_apply.py",  # the rehearsal never stops a deployment
)
def _codedeploy_stop_deployment(set_attribute: Setter) -> None:
    from moto.codedeploy.responses import CodeDeployResponse
    from moto.core.responses import ActionResult

    def stop_deployment(self: Any) -> ActionResult:
        deployment = self.codedeploy_backend.get_deployment(self._get_param("deploymentId"))
        deployment.status = "Stopped"
        if self._get_param("autoRollbackEnabled"):
            deployment.deployment_status_messages.append("stopped by the user, with a roll-back")
        return ActionResult({"status": "Succeeded", "statusMessage": "the deployment was stopped"})

    set_attribute(CodeDeployResponse, "stop_deployment", stop_deployment)
