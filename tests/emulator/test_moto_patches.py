"""The rehearsal's moto patches (rehearsal/moto_patches.py), each on both sides of its gap:

- `test_<gap>_still_...`: unpatched moto still does what the patch fixes. It fails once moto behaves like AWS by
  itself: then delete the patch (and this pair of tests).
- `test_patched_...`: with the patch installed, moto answers as AWS does.

In-process moto (`mock_aws`), no server: each test takes well under a second.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from importlib.metadata import version
from typing import Any

import boto3
import pytest
from boto3.session import Config  # botocore's, re-exported (boto3 is the typed entry point here)
from moto import mock_aws

from rehearsal.moto_patches import (
    MOTO_SETTINGS,
    MOTO_VERSION,
    PATCHES,
    UNHEALTHY_IMAGES,
    accepted_auth_tokens,
    installed,
)

REGION = "us-east-1"
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})
Client = Callable[..., Any]


def error_code(error: Exception) -> str:
    response: dict[str, Any] = getattr(error, "response", {})
    return str(response.get("Error", {}).get("Code", error))


def make_client(service: str, endpoint_url: str | None = None) -> Any:
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint_url, config=NO_RETRIES)


@pytest.fixture
def unpatched() -> Iterator[Client]:
    with mock_aws():
        yield make_client


@pytest.fixture
def patched() -> Iterator[Client]:
    with mock_aws(), installed():
        yield make_client


def test_patches_were_written_for_the_installed_moto() -> None:
    assert version("moto") == MOTO_VERSION, (
        f"moto {version('moto')} is installed, the patches were checked against {MOTO_VERSION}: run these tests, "
        "delete every patch whose `still` test fails, then update MOTO_VERSION"
    )


def test_every_patch_names_its_detector_here() -> None:
    missing = [p.detector for p in PATCHES if not callable(globals().get(p.detector))]
    assert not missing, missing


def test_patches_are_removed_after_the_block() -> None:
    from moto.s3.models import FakeBucket

    original = FakeBucket.get_permission
    with installed():
        assert FakeBucket.get_permission is not original
    assert FakeBucket.get_permission is original


def test_moto_still_needs_its_setting_for_aws_managed_policies(unpatched: Client) -> None:
    assert MOTO_SETTINGS == {"MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    with pytest.raises(Exception, match="NoSuchEntity"):
        unpatched("iam").get_policy(PolicyArn=arn)


# S3: aws:SecureTransport --------------------------------------------------------------------------------------


def put_behind_tls_only_policy(client: Client, endpoint_url: str | None = None) -> str:
    """Create a bucket with a TLS-only policy, then put an object (over `endpoint_url`): the error code or 'ok'."""
    s3 = client("s3")
    s3.create_bucket(Bucket="tls-only")
    statement = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::tls-only", "arn:aws:s3:::tls-only/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    s3.put_bucket_policy(Bucket="tls-only", Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    try:
        client("s3", endpoint_url).put_object(Bucket="tls-only", Key="state", Body=b"{}")
    except Exception as error:
        return error_code(error)
    return "ok"


def test_s3_tls_only_policy_still_denies_https(unpatched: Client) -> None:
    assert put_behind_tls_only_policy(unpatched) == "403"


def test_patched_s3_tls_only_policy_allows_https(patched: Client) -> None:
    assert put_behind_tls_only_policy(patched) == "ok"


def test_patched_s3_tls_only_policy_denies_plain_http(patched: Client) -> None:
    assert put_behind_tls_only_policy(patched, "http://s3.amazonaws.com") == "403"


def eventbridge_notification(client: Client) -> Any:
    s3 = client("s3")
    s3.create_bucket(Bucket="access-logs")
    s3.put_bucket_notification_configuration(
        Bucket="access-logs", NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    return s3.get_bucket_notification_configuration(Bucket="access-logs").get("EventBridgeConfiguration")


def test_s3_eventbridge_notification_still_missing(unpatched: Client) -> None:
    assert eventbridge_notification(unpatched) is None


def test_patched_s3_answers_the_eventbridge_notification(patched: Client) -> None:
    assert eventbridge_notification(patched) == {}


# ElastiCache --------------------------------------------------------------------------------------------------


def create_replication_group(client: Client, **extra: Any) -> dict[str, Any]:
    group: dict[str, Any] = client("elasticache").create_replication_group(
        ReplicationGroupId="cache",
        ReplicationGroupDescription="rehearsal",
        Engine="redis",
        CacheNodeType="cache.t3.small",
        NumCacheClusters=2,
        AutomaticFailoverEnabled=True,
        SecurityGroupIds=["sg-0123456789abcdef0"],
        SnapshotRetentionLimit=7,
        **extra,
    )["ReplicationGroup"]
    return group


def registered_members(client: Client) -> list[dict[str, Any]]:
    elasticache = client("elasticache")
    members = elasticache.describe_replication_groups(ReplicationGroupId="cache")["ReplicationGroups"][0]
    found = []
    for member in members["MemberClusters"]:
        with contextlib.suppress(Exception):
            found += elasticache.describe_cache_clusters(CacheClusterId=member)["CacheClusters"]
    return found


def test_elasticache_replication_group_members_still_unregistered(unpatched: Client) -> None:
    create_replication_group(unpatched)
    assert len(registered_members(unpatched)) < 2


def test_patched_elasticache_registers_every_member_cluster(patched: Client) -> None:
    create_replication_group(patched)
    members = registered_members(patched)
    assert [m["CacheClusterId"] for m in members] == ["cache-001", "cache-002"]
    assert {m["ReplicationGroupId"] for m in members} == {"cache"}
    assert members[0]["SecurityGroups"] == [{"SecurityGroupId": "sg-0123456789abcdef0", "Status": "active"}]


def test_elasticache_deleted_replication_group_still_listed(unpatched: Client) -> None:
    create_replication_group(unpatched)
    unpatched("elasticache").delete_replication_group(ReplicationGroupId="cache")
    groups = unpatched("elasticache").describe_replication_groups()["ReplicationGroups"]
    assert [g["Status"] for g in groups] == ["deleting"]


def test_patched_elasticache_deletes_the_group_and_takes_its_final_snapshot(patched: Client) -> None:
    create_replication_group(patched)
    elasticache = patched("elasticache")
    elasticache.delete_replication_group(ReplicationGroupId="cache", FinalSnapshotIdentifier="cache-final")
    with pytest.raises(Exception, match="ReplicationGroupNotFound"):
        elasticache.describe_replication_groups(ReplicationGroupId="cache")
    assert elasticache.describe_cache_clusters()["CacheClusters"] == []
    assert [s["SnapshotName"] for s in elasticache.describe_snapshots()["Snapshots"]] == ["cache-final"]


def test_elasticache_delete_cache_subnet_group_still_missing(unpatched: Client) -> None:
    elasticache = unpatched("elasticache")
    elasticache.create_cache_subnet_group(
        CacheSubnetGroupName="cache", CacheSubnetGroupDescription="rehearsal", SubnetIds=["subnet-0123456789abcdef0"]
    )
    with pytest.raises(Exception):  # noqa: B017 (moto answers 500: any error will do)
        elasticache.delete_cache_subnet_group(CacheSubnetGroupName="cache")


def test_patched_elasticache_deletes_a_cache_subnet_group(patched: Client) -> None:
    elasticache = patched("elasticache")
    elasticache.create_cache_subnet_group(
        CacheSubnetGroupName="cache", CacheSubnetGroupDescription="rehearsal", SubnetIds=["subnet-0123456789abcdef0"]
    )
    elasticache.delete_cache_subnet_group(CacheSubnetGroupName="cache")
    assert elasticache.describe_cache_subnet_groups()["CacheSubnetGroups"] == []
    with pytest.raises(Exception, match="CacheSubnetGroupNotFound"):
        elasticache.delete_cache_subnet_group(CacheSubnetGroupName="cache")


def modify_auth_token(client: Client, token: str, strategy: str) -> Any:
    elasticache = client("elasticache")
    elasticache.modify_replication_group(
        ReplicationGroupId="cache", AuthToken=token, AuthTokenUpdateStrategy=strategy, ApplyImmediately=True
    )
    return elasticache.describe_replication_groups(ReplicationGroupId="cache")["ReplicationGroups"][0]


def test_elasticache_auth_token_still_ignored_on_modify(unpatched: Client) -> None:
    created = create_replication_group(unpatched, AuthToken="a" * 32, TransitEncryptionEnabled=True)
    modified = modify_auth_token(unpatched, "b" * 32, "ROTATE")
    assert modified.get("AuthTokenLastModifiedDate") == created.get("AuthTokenLastModifiedDate")


def test_patched_elasticache_keeps_the_tokens_a_group_accepts(patched: Client) -> None:
    from moto.elasticache.models import elasticache_backends

    created = create_replication_group(patched, AuthToken="a" * 32, TransitEncryptionEnabled=True)
    group = elasticache_backends["123456789012"][REGION].replication_groups["cache"]
    assert accepted_auth_tokens(group) == ["a" * 32]
    rotated = modify_auth_token(patched, "b" * 32, "ROTATE")
    assert accepted_auth_tokens(group) == ["a" * 32, "b" * 32] and rotated["AuthTokenEnabled"]
    assert rotated["AuthTokenLastModifiedDate"] >= created["AuthTokenLastModifiedDate"]
    modify_auth_token(patched, "c" * 32, "ROTATE")
    assert accepted_auth_tokens(group) == ["b" * 32, "c" * 32]
    modify_auth_token(patched, "c" * 32, "SET")
    assert accepted_auth_tokens(group) == ["c" * 32]


# Application Auto Scaling -------------------------------------------------------------------------------------


def register_tagged_target(client: Client) -> str:
    arn: str = client("application-autoscaling").register_scalable_target(
        ServiceNamespace="dynamodb",
        ResourceId="table/locks",
        ScalableDimension="dynamodb:table:ReadCapacityUnits",
        MinCapacity=1,
        MaxCapacity=2,
        Tags={"Environment": "dev"},
    )["ScalableTargetARN"]
    return arn


def test_appautoscaling_tagging_still_missing(unpatched: Client) -> None:
    arn = register_tagged_target(unpatched)
    with pytest.raises(Exception):  # noqa: B017 (moto answers 500: any error will do)
        unpatched("application-autoscaling").list_tags_for_resource(ResourceARN=arn)


def test_patched_appautoscaling_keeps_and_changes_tags(patched: Client) -> None:
    arn = register_tagged_target(patched)
    autoscaling = patched("application-autoscaling")
    assert autoscaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Environment": "dev"}
    autoscaling.tag_resource(ResourceARN=arn, Tags={"Team": "ops"})
    autoscaling.untag_resource(ResourceARN=arn, TagKeys=["Environment"])
    assert autoscaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Team": "ops"}


# ELBv2 --------------------------------------------------------------------------------------------------------


def delete_protected_load_balancer(client: Client) -> tuple[str, int]:
    """Create a load balancer with deletion protection and try to delete it: (error code or 'ok', how many left)."""
    ec2, elbv2 = client("ec2"), client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"][
            "SubnetId"
        ]
        for i, zone in enumerate("ab")
    ]
    arn = elbv2.create_load_balancer(Name="protected", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
    )
    try:
        elbv2.delete_load_balancer(LoadBalancerArn=arn)
        answer = "ok"
    except Exception as error:
        answer = error_code(error)
    return answer, len(elbv2.describe_load_balancers()["LoadBalancers"])


def test_elbv2_deletion_protection_still_ignored(unpatched: Client) -> None:
    assert delete_protected_load_balancer(unpatched) == ("ok", 0)


def test_patched_elbv2_refuses_to_delete_a_protected_load_balancer(patched: Client) -> None:
    assert delete_protected_load_balancer(patched) == ("OperationNotPermitted", 1)


# RDS ----------------------------------------------------------------------------------------------------------


def create_instance(client: Client, name: str, **extra: Any) -> dict[str, Any]:
    instance: dict[str, Any] = client("rds").create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="mc",
        MasterUserPassword="a-long-enough-password",
        AllocatedStorage=20,
        **extra,
    )["DBInstance"]
    return instance


def test_rds_dbi_resource_id_still_shared(unpatched: Client) -> None:
    first, second = create_instance(unpatched, "first"), create_instance(unpatched, "second")
    assert first["DbiResourceId"] == second["DbiResourceId"]


def test_patched_rds_gives_each_instance_its_own_resource_id(patched: Client) -> None:
    first, second = create_instance(patched, "first"), create_instance(patched, "second")
    assert first["DbiResourceId"] != second["DbiResourceId"]
    assert first["DbiResourceId"].startswith("db-") and len(first["DbiResourceId"]) == 29


def performance_insights_after_create(client: Client) -> tuple[Any, Any]:
    create_instance(client, "insights", EnablePerformanceInsights=True, PerformanceInsightsRetentionPeriod=7)
    described = client("rds").describe_db_instances(DBInstanceIdentifier="insights")["DBInstances"][0]
    return described.get("PerformanceInsightsEnabled"), described.get("PerformanceInsightsRetentionPeriod")


def test_rds_performance_insights_still_dropped(unpatched: Client) -> None:
    assert performance_insights_after_create(unpatched) != (True, 7)


def test_patched_rds_keeps_performance_insights(patched: Client) -> None:
    assert performance_insights_after_create(patched) == (True, 7)


def modified_parameter(client: Client) -> dict[str, Any]:
    rds = client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="pg")
    rds.modify_db_parameter_group(
        DBParameterGroupName="pg",
        Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}],
    )
    parameters = rds.describe_db_parameters(DBParameterGroupName="pg")["Parameters"]
    found: dict[str, Any] = next(p for p in parameters if p["ParameterName"] == "rds.force_ssl")
    return found


def test_rds_modified_parameter_still_without_source(unpatched: Client) -> None:
    assert "Source" not in modified_parameter(unpatched)


def test_patched_rds_modified_parameter_has_source_user(patched: Client) -> None:
    assert modified_parameter(patched)["Source"] == "user"


# ECS ----------------------------------------------------------------------------------------------------------

ECS_SERVICE_SETTINGS = {
    "enableECSManagedTags": True,
    "enableExecuteCommand": True,
    "healthCheckGracePeriodSeconds": 60,
    "availabilityZoneRebalancing": "ENABLED",
}


def created_service(client: Client) -> dict[str, Any]:
    ecs = client("ecs")
    ecs.create_cluster(clusterName="app")
    ecs.register_task_definition(family="app", containerDefinitions=[{"name": "app", "image": "app", "memory": 512}])
    ecs.create_service(cluster="app", serviceName="app", taskDefinition="app", desiredCount=1, **ECS_SERVICE_SETTINGS)
    service: dict[str, Any] = ecs.describe_services(cluster="app", services=["app"])["services"][0]
    return service


def test_ecs_create_service_still_drops_fields(unpatched: Client) -> None:
    service = created_service(unpatched)
    assert any(service.get(field) != value for field, value in ECS_SERVICE_SETTINGS.items())


def test_patched_ecs_create_service_keeps_fields(patched: Client) -> None:
    service = created_service(patched)
    assert {field: service.get(field) for field in ECS_SERVICE_SETTINGS} == ECS_SERVICE_SETTINGS


# EC2 ----------------------------------------------------------------------------------------------------------


def referencing_rule_description(client: Client) -> str | None:
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    app, database = (ec2.create_security_group(GroupName=n, Description=n, VpcId=vpc)["GroupId"] for n in ("a", "d"))
    rule = ec2.authorize_security_group_ingress(
        GroupId=database,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "UserIdGroupPairs": [{"GroupId": app, "Description": "PostgreSQL from the app"}],
            }
        ],
    )["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    described: dict[str, Any] = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule])["SecurityGroupRules"][0]
    return described.get("Description")


def test_ec2_referencing_rule_description_still_missing(unpatched: Client) -> None:
    assert referencing_rule_description(unpatched) is None


def test_patched_ec2_referencing_rule_keeps_its_description(patched: Client) -> None:
    assert referencing_rule_description(patched) == "PostgreSQL from the app"


ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/"


def updated_service(client: Client, *, unhealthy: bool = False) -> dict[str, Any]:
    """A service of `app:1` (every task running), updated to `app:2`."""
    ecs = client("ecs")
    ecs.create_cluster(clusterName="app")
    for image in ("app:1", "app:2"):
        ecs.register_task_definition(family="app", containerDefinitions=[{"name": "app", "image": image, "memory": 8}])
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("MOTO_ECS_SERVICE_RUNNING", "2")
        ecs.create_service(cluster="app", serviceName="app", taskDefinition="app:1", desiredCount=2)
        with contextlib.ExitStack() as stack:
            if unhealthy:
                UNHEALTHY_IMAGES.add("app:2")
                stack.callback(UNHEALTHY_IMAGES.discard, "app:2")
            ecs.update_service(cluster="app", service="app", taskDefinition="app:2")
    service: dict[str, Any] = ecs.describe_services(cluster="app", services=["app"])["services"][0]
    return service


def test_ecs_update_service_still_keeps_the_first_deployment(unpatched: Client) -> None:
    service = updated_service(unpatched)
    assert service["taskDefinition"].endswith("app:2")
    assert [d["taskDefinition"].rsplit("/")[-1] for d in service["deployments"]] == ["app:1"]


def test_patched_ecs_update_service_starts_a_deployment_that_completes(patched: Client) -> None:
    service = updated_service(patched)
    assert service["taskDefinition"] == ARN + "app:2"
    assert [(d["taskDefinition"], d["status"], d["rolloutState"]) for d in service["deployments"]] == [
        (ARN + "app:2", "PRIMARY", "COMPLETED")
    ]
    assert service["deployments"][0]["runningCount"] == 2


def test_patched_ecs_update_to_an_unhealthy_image_stays_in_progress_beside_the_old_one(patched: Client) -> None:
    service = updated_service(patched, unhealthy=True)
    deployments = [(d["taskDefinition"], d["status"], d["rolloutState"]) for d in service["deployments"]]
    assert deployments == [(ARN + "app:2", "PRIMARY", "IN_PROGRESS"), (ARN + "app:1", "ACTIVE", "COMPLETED")]
    assert (service["deployments"][0]["runningCount"], service["deployments"][0]["failedTasks"]) == (0, 2)


def run_task_without_container_memory(client: Client) -> str:
    """A Fargate task definition with memory for the task only, run once: the task's last status, or the error."""
    ecs, ec2 = client("ecs"), client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    ecs.create_cluster(clusterName="app")
    ecs.register_task_definition(
        family="migrate", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
        containerDefinitions=[{"name": "app", "image": "app", "command": ["alembic", "upgrade", "head"]}],
    )  # fmt: skip
    try:
        task = ecs.run_task(
            cluster="app", taskDefinition="migrate", launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}},
        )["tasks"][0]  # fmt: skip
    except Exception as error:
        return error_code(error)
    return str(task["lastStatus"])


def test_ecs_run_task_still_needs_container_memory(unpatched: Client) -> None:
    assert run_task_without_container_memory(unpatched) == "unsupported operand type(s) for +=: 'int' and 'NoneType'"


def test_patched_ecs_run_task_takes_the_tasks_memory(patched: Client) -> None:
    assert run_task_without_container_memory(patched) == "RUNNING"


# CloudWatch Logs: saved queries ------------------------------------------------------------------------------


def test_logs_query_definitions_still_missing(unpatched: Client) -> None:
    with pytest.raises(Exception):  # noqa: B017 (moto raises NotImplementedError: any error will do)
        unpatched("logs").put_query_definition(name="mc-dev/errors", queryString="fields @message")


def test_patched_logs_saves_updates_lists_and_deletes_query_definitions(patched: Client) -> None:
    logs = patched("logs")
    first = logs.put_query_definition(name="mc-dev/errors", queryString="fields @message", logGroupNames=["/ecs/a"])
    logs.put_query_definition(name="mc-prod/errors", queryString="fields @message")
    definition_id = first["queryDefinitionId"]
    logs.put_query_definition(queryDefinitionId=definition_id, name="mc-dev/errors", queryString="limit 1")
    (found,) = logs.describe_query_definitions(queryDefinitionNamePrefix="mc-dev/")["queryDefinitions"]
    assert (found["queryDefinitionId"], found["queryString"]) == (definition_id, "limit 1")
    assert logs.delete_query_definition(queryDefinitionId=definition_id)["success"] is True
    assert logs.describe_query_definitions(queryDefinitionNamePrefix="mc-dev/")["queryDefinitions"] == []


# Budgets ---------------------------------------------------------------------------------------------------------

NOTIFICATION = {
    "NotificationType": "FORECASTED",
    "ComparisonOperator": "GREATER_THAN",
    "Threshold": 80.0,
    "ThresholdType": "PERCENTAGE",
}
TOPIC = "arn:aws:sns:us-east-1:123456789012:mc-dev-alarms"


def budget_with_notification(client: Client, tags: list[dict[str, str]] | None = None) -> tuple[Any, str]:
    budgets = client("budgets")
    account = client("sts").get_caller_identity()["Account"]
    budgets.create_budget(
        AccountId=account,
        Budget={
            "BudgetName": "mc-dev-monthly",
            "BudgetType": "COST",
            "TimeUnit": "MONTHLY",
            "BudgetLimit": {"Amount": "105", "Unit": "USD"},
        },
        NotificationsWithSubscribers=[
            {"Notification": NOTIFICATION, "Subscribers": [{"SubscriptionType": "SNS", "Address": TOPIC}]}
        ],
        **({"ResourceTags": tags} if tags else {}),
    )
    return budgets, account


def test_budgets_subscribers_still_missing(unpatched: Client) -> None:
    budgets, account = budget_with_notification(unpatched)
    with pytest.raises(Exception):  # noqa: B017
        budgets.describe_subscribers_for_notification(
            AccountId=account, BudgetName="mc-dev-monthly", Notification=NOTIFICATION
        )


def test_patched_budgets_list_a_notification_s_subscribers(patched: Client) -> None:
    budgets, account = budget_with_notification(patched)
    subscribers = budgets.describe_subscribers_for_notification(
        AccountId=account, BudgetName="mc-dev-monthly", Notification=NOTIFICATION
    )["Subscribers"]
    assert subscribers == [{"SubscriptionType": "SNS", "Address": TOPIC}]


def test_budgets_tagging_still_missing(unpatched: Client) -> None:
    budgets, account = budget_with_notification(unpatched)
    with pytest.raises(Exception):  # noqa: B017
        budgets.list_tags_for_resource(ResourceARN=f"arn:aws:budgets::{account}:budget/mc-dev-monthly")


def test_patched_budgets_keep_and_change_tags(patched: Client) -> None:
    budgets, account = budget_with_notification(patched, tags=[{"Key": "Environment", "Value": "dev"}])
    arn = f"arn:aws:budgets::{account}:budget/mc-dev-monthly"
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [{"Key": "Environment", "Value": "dev"}]
    budgets.tag_resource(ResourceARN=arn, ResourceTags=[{"Key": "Team", "Value": "ops"}])
    budgets.untag_resource(ResourceARN=arn, ResourceTagKeys=["Environment"])
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [{"Key": "Team", "Value": "ops"}]


# CodeDeploy


ALARMS = {"enabled": True, "alarms": [{"name": "mc-prod-target-5xx"}], "ignorePollAlarmFailure": False}


def deployment_group(client: Client, **extra: Any) -> Any:
    codedeploy = client("codedeploy")
    codedeploy.create_application(applicationName="mc-prod", computePlatform="ECS")
    codedeploy.create_deployment_group(
        applicationName="mc-prod",
        deploymentGroupName="mc-prod",
        serviceRoleArn="arn:aws:iam::123456789012:role/mc-prod-codedeploy",
        deploymentStyle={"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
        autoRollbackConfiguration={"enabled": True, "events": ["DEPLOYMENT_FAILURE"]},
        **extra,
    )
    return codedeploy


def test_codedeploy_delete_still_missing(unpatched: Client) -> None:
    codedeploy = deployment_group(unpatched)
    with pytest.raises(Exception):  # noqa: B017
        codedeploy.delete_deployment_group(applicationName="mc-prod", deploymentGroupName="mc-prod")
    with pytest.raises(Exception):  # noqa: B017
        codedeploy.delete_application(applicationName="mc-prod")


def test_patched_codedeploy_deletes_groups_and_applications(patched: Client) -> None:
    codedeploy = deployment_group(patched)
    codedeploy.delete_deployment_group(applicationName="mc-prod", deploymentGroupName="mc-prod")
    assert codedeploy.list_deployment_groups(applicationName="mc-prod")["deploymentGroups"] == []
    codedeploy.create_deployment_group(
        applicationName="mc-prod", deploymentGroupName="again", serviceRoleArn="arn:aws:iam::123456789012:role/x"
    )
    codedeploy.delete_application(applicationName="mc-prod")
    assert codedeploy.list_applications()["applications"] == []
    with pytest.raises(Exception, match="DoesNotExist"):
        codedeploy.get_deployment_group(applicationName="mc-prod", deploymentGroupName="again")


def test_codedeploy_update_deployment_group_still_missing(unpatched: Client) -> None:
    codedeploy = deployment_group(unpatched)
    with pytest.raises(Exception):  # noqa: B017
        codedeploy.update_deployment_group(applicationName="mc-prod", currentDeploymentGroupName="mc-prod")


def test_patched_codedeploy_updates_a_deployment_group_in_place(patched: Client) -> None:
    codedeploy = deployment_group(patched)
    rollback = {"enabled": True, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]}
    codedeploy.update_deployment_group(
        applicationName="mc-prod", currentDeploymentGroupName="mc-prod", autoRollbackConfiguration=rollback
    )
    info = codedeploy.get_deployment_group(applicationName="mc-prod", deploymentGroupName="mc-prod")
    assert info["deploymentGroupInfo"]["autoRollbackConfiguration"] == rollback
    assert info["deploymentGroupInfo"]["deploymentStyle"]["deploymentType"] == "BLUE_GREEN"  # kept


def test_codedeploy_alarm_configuration_still_dropped(unpatched: Client) -> None:
    codedeploy = deployment_group(unpatched, alarmConfiguration=ALARMS)
    info = codedeploy.get_deployment_group(applicationName="mc-prod", deploymentGroupName="mc-prod")
    assert info["deploymentGroupInfo"]["alarmConfiguration"] == {}


def test_patched_codedeploy_answers_the_alarm_configuration(patched: Client) -> None:
    codedeploy = deployment_group(patched, alarmConfiguration=ALARMS)
    info = codedeploy.get_deployment_group(applicationName="mc-prod", deploymentGroupName="mc-prod")
    assert info["deploymentGroupInfo"]["alarmConfiguration"] == ALARMS


def started_deployment(client: Client) -> tuple[Any, str]:
    codedeploy = deployment_group(client)
    content = json.dumps({"version": 1, "Resources": []})
    answer = codedeploy.create_deployment(
        applicationName="mc-prod",
        deploymentGroupName="mc-prod",
        revision={"revisionType": "AppSpecContent", "appSpecContent": {"content": content}},
    )
    return codedeploy, answer["deploymentId"]


def test_codedeploy_stop_deployment_still_missing(unpatched: Client) -> None:
    codedeploy, deployment_id = started_deployment(unpatched)
    with pytest.raises(Exception):  # noqa: B017
        codedeploy.stop_deployment(deploymentId=deployment_id, autoRollbackEnabled=True)


def test_patched_codedeploy_stops_a_deployment(patched: Client) -> None:
    codedeploy, deployment_id = started_deployment(patched)
    codedeploy.stop_deployment(deploymentId=deployment_id, autoRollbackEnabled=True)
    assert codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]["status"] == "Stopped"
