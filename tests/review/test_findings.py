"""Each finding rule on the smallest plan that shows it, and the changes that must never be reported."""

from __future__ import annotations

import json
from typing import Any

from review.findings import Finding
from tests.review.builders import change, create, delete, document, reference, reviewed, update

DATABASE = {
    "identifier": "mc-prod",
    "engine": "postgres",
    "instance_class": "db.t3.small",
    "allocated_storage": 20,
    "storage_type": "gp3",
    "multi_az": True,
    "deletion_protection": True,
    "skip_final_snapshot": False,
    "final_snapshot_identifier": "mc-prod-final",
    "backup_retention_period": 7,
    "publicly_accessible": False,
    "storage_encrypted": True,
    "kms_key_id": "",
    "tags": {"Environment": "prod"},
}


def findings(*changes: dict[str, Any], **extra: Any) -> list[Finding]:
    return reviewed(document(*changes, **extra)).findings


def only(*changes: dict[str, Any], **extra: Any) -> Finding:
    found = findings(*changes, **extra)
    assert len(found) == 1, found
    return found[0]


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


# Data loss


def test_deleting_a_database_is_high_data_loss_and_names_the_final_snapshot() -> None:
    finding = only(delete("aws_db_instance.database", DATABASE))
    assert (finding.severity, finding.category, finding.action) == ("high", "data-loss", "delete")
    assert "mc-prod-final" in finding.why and "deletion protection is on" in finding.why


def test_a_customer_key_on_an_existing_database_forces_a_replacement_that_loses_the_data() -> None:
    arn = "arn:aws:kms:us-east-1:123456789012:key/0000"
    replaced = change(
        "aws_db_instance.database",
        ["delete", "create"],
        DATABASE,
        {**DATABASE, "kms_key_id": arn},
        replace_paths=[["kms_key_id"]],
        action_reason="replace_because_cannot_update",
    )
    finding = only(replaced)
    assert (finding.severity, finding.category, finding.action) == ("high", "data-loss", "replace")
    assert finding.attribute == "kms_key_id" and (finding.before, finding.after) == ("", arn)
    assert "looks like hardening" in finding.why and "cannot change in place" in finding.why


def test_every_data_store_type_is_judged_on_delete() -> None:
    for address in (
        "aws_rds_cluster.main",
        "aws_elasticache_replication_group.cache",
        "aws_elasticache_cluster.cache",
        "aws_s3_bucket.data",
        "aws_dynamodb_table.jobs",
        "aws_efs_file_system.files",
        "aws_lightsail_database.db",
        "aws_kms_key.key",
        "aws_ecr_repository.images",
    ):
        finding = only(delete(address, {"id": "x"}))
        assert (finding.severity, finding.category) == ("high", "data-loss"), address


def test_deleting_a_key_says_everything_encrypted_with_it_becomes_unreadable() -> None:
    finding = only(delete("aws_kms_key.key", {"deletion_window_in_days": 7}))
    assert "decrypt everything encrypted with it" in finding.why and "after 7 days" in finding.why


def test_replacing_a_resource_that_holds_no_data_is_not_a_finding() -> None:
    group = {"name": "app", "description": "old"}
    replaced = change(
        "aws_security_group.app",
        ["create", "delete"],
        group,
        {**group, "description": "new"},
        replace_paths=[["description"]],
    )
    assert findings(replaced) == []


def test_a_deposed_object_being_deleted_is_named_as_such() -> None:
    finding = only(delete("aws_db_instance.database", DATABASE, deposed="00000001"))
    assert finding.address == "aws_db_instance.database (deposed object 00000001)"


# Protection removed


def test_turning_deletion_protection_off_is_high() -> None:
    finding = only(update("aws_db_instance.database", DATABASE, {"deletion_protection": False}))
    assert (finding.severity, finding.category, finding.attribute) == ("high", "protection", "deletion_protection")


def test_skipping_the_final_snapshot_is_high() -> None:
    finding = only(update("aws_db_instance.database", DATABASE, {"skip_final_snapshot": True}))
    assert (finding.severity, finding.attribute) == ("high", "skip_final_snapshot")


def test_backups_reduced_to_none_is_high_and_a_shorter_window_is_low() -> None:
    assert only(update("aws_db_instance.database", DATABASE, {"backup_retention_period": 0})).severity == "high"
    assert only(update("aws_db_instance.database", DATABASE, {"backup_retention_period": 1})).severity == "low"
    assert findings(update("aws_db_instance.database", DATABASE, {"backup_retention_period": 14})) == []


def test_suspending_bucket_versioning_is_high() -> None:
    versioning = {"bucket": "data", "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]}
    suspended = {"versioning_configuration": [{"status": "Suspended", "mfa_delete": ""}]}
    finding = only(update("aws_s3_bucket_versioning.data", versioning, suspended))
    assert (finding.severity, finding.category, finding.after) == ("high", "protection", "Suspended")


def test_removing_the_versioning_resource_of_a_kept_bucket_is_high_but_a_torn_down_bucket_is_judged_once() -> None:
    versioning = {"bucket": "data", "versioning_configuration": [{"status": "Enabled"}]}
    assert only(delete("aws_s3_bucket_versioning.data", versioning)).category == "protection"
    teardown = findings(
        delete("aws_s3_bucket_versioning.data", versioning),
        delete("aws_s3_bucket.data", {"bucket": "data", "id": "data", "force_destroy": False}),
    )
    assert [(f.address, f.category) for f in teardown] == [("aws_s3_bucket.data", "data-loss")]


def test_turning_point_in_time_recovery_off_is_high() -> None:
    table = {"name": "jobs", "point_in_time_recovery": [{"enabled": True}], "deletion_protection_enabled": False}
    finding = only(update("aws_dynamodb_table.jobs", table, {"point_in_time_recovery": [{"enabled": False}]}))
    assert (finding.severity, finding.attribute) == ("high", "point_in_time_recovery[0].enabled")


def test_a_secret_deleted_without_recovery_window_is_high_and_with_one_medium() -> None:
    immediate = only(delete("aws_secretsmanager_secret.key", {"name": "k", "recovery_window_in_days": 0}))
    assert (immediate.severity, immediate.category) == ("high", "protection")
    windowed = only(delete("aws_secretsmanager_secret.key", {"name": "k", "recovery_window_in_days": 7}))
    assert (windowed.severity, windowed.category) == ("medium", "data-loss")
    assert "7 days" in windowed.why


# Exposure


def test_ssh_from_anywhere_is_high_but_https_from_anywhere_is_intended() -> None:
    web = {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": []}
    ssh = {**web, "from_port": 22, "to_port": 22}
    group = {"name": "app", "ingress": [web]}
    finding = only(update("aws_security_group.app", group, {"ingress": [web, ssh]}))
    assert (finding.severity, finding.category, finding.after) == ("high", "exposure", "tcp 22 from 0.0.0.0/0")
    assert findings(create("aws_security_group.alb", group)) == []


def test_an_opening_that_was_already_there_is_not_reported_again() -> None:
    ssh = {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
    group = {"name": "app", "ingress": [ssh], "description": "a"}
    assert findings(update("aws_security_group.app", group, {"description": "b"})) == []


def test_every_kind_of_ingress_rule_is_judged() -> None:
    all_traffic_v6 = create(
        "aws_vpc_security_group_ingress_rule.any",
        {"cidr_ipv4": None, "cidr_ipv6": "::/0", "ip_protocol": "-1", "from_port": None, "to_port": None},
    )
    assert only(all_traffic_v6).after == "all traffic from ::/0"
    postgres = create(
        "aws_security_group_rule.db",
        {"type": "ingress", "protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_blocks": ["0.0.0.0/0"]},
    )
    assert only(postgres).after == "tcp 5432 from 0.0.0.0/0"
    egress = create(
        "aws_security_group_rule.out",
        {"type": "egress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]},
    )
    assert findings(egress) == []


def test_a_port_range_that_merely_includes_443_is_not_web_only() -> None:
    wide = create(
        "aws_vpc_security_group_ingress_rule.wide",
        {"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": 80, "to_port": 443},
    )
    assert only(wide).after == "tcp 80-443 from 0.0.0.0/0"


def test_a_database_made_public_is_high_even_on_create() -> None:
    assert only(update("aws_db_instance.database", DATABASE, {"publicly_accessible": True})).category == "exposure"
    assert only(create("aws_db_instance.other", {**DATABASE, "publicly_accessible": True})).severity == "high"


def test_weakening_or_removing_the_public_access_block_is_high() -> None:
    block = dict.fromkeys(
        ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"), True
    )
    weakened = only(
        update("aws_s3_bucket_public_access_block.data", {"bucket": "d", **block}, {"block_public_policy": False})
    )
    assert (weakened.severity, weakened.attribute) == ("high", "block_public_policy")
    assert only(delete("aws_s3_bucket_public_access_block.data", {"bucket": "d", **block})).category == "exposure"


def test_a_bucket_policy_open_to_everyone_is_high_but_a_deny_or_a_conditioned_grant_is_not() -> None:
    public = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::d/*"}
    finding = only(create("aws_s3_bucket_policy.d", {"bucket": "d", "policy": policy(public)}))
    assert (finding.severity, finding.category) == ("high", "exposure")
    tls_only = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}
    from_cloudfront = {**public, "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::1:x"}}}
    assert (
        findings(create("aws_s3_bucket_policy.d", {"bucket": "d", "policy": policy(tls_only, from_cloudfront)})) == []
    )


def test_a_public_read_acl_is_high() -> None:
    assert only(create("aws_s3_bucket_acl.d", {"bucket": "d", "acl": "public-read"})).after == "acl public-read"


SERVICE = {"name": "app", "desired_count": 1, "network_configuration": [{"assign_public_ip": False}]}
PUBLIC_SERVICE = {"network_configuration": [{"assign_public_ip": True}]}
SERVICE_CONFIG = reference("aws_ecs_service.app", network_configuration=["aws_security_group.tasks"])


def test_tasks_with_public_ips_behind_a_closed_group_are_medium() -> None:
    tasks = create("aws_security_group.tasks", {"name": "tasks", "ingress": []})
    finding = only(update("aws_ecs_service.app", SERVICE, PUBLIC_SERVICE), tasks, resources=[SERVICE_CONFIG])
    assert (finding.severity, finding.category) == ("medium", "exposure")


def test_tasks_with_public_ips_whose_group_admits_the_world_are_high() -> None:
    tasks = create("aws_security_group.tasks", {"name": "tasks", "ingress": []})
    rule = create(
        "aws_vpc_security_group_ingress_rule.app_port",
        {"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": 8000, "to_port": 8000},
    )
    rule_config = reference(
        "aws_vpc_security_group_ingress_rule.app_port", security_group_id=["aws_security_group.tasks"]
    )
    found = findings(
        update("aws_ecs_service.app", SERVICE, PUBLIC_SERVICE), tasks, rule, resources=[SERVICE_CONFIG, rule_config]
    )
    service = [f for f in found if f.address == "aws_ecs_service.app"]
    assert [f.severity for f in service] == ["high"] and "tcp 8000 from 0.0.0.0/0" in service[0].why


# Privilege


def test_a_policy_widened_to_every_action_is_high() -> None:
    narrow = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::d/*"}
    admin = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    finding = only(update("aws_iam_role_policy.app", {"policy": policy(narrow)}, {"policy": policy(admin)}))
    assert (finding.severity, finding.category) == ("high", "privilege")
    assert finding.after == "Allow * on *" and finding.before == "Allow s3:GetObject on arn:aws:s3:::d/*"


def test_a_narrowed_policy_is_not_a_finding() -> None:
    wide = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}
    narrow = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::d/*"}
    assert findings(update("aws_iam_role_policy.app", {"policy": policy(wide)}, {"policy": policy(narrow)})) == []


def test_actions_moved_onto_every_resource_are_high() -> None:
    narrow = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::d/*"}
    wide = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}
    finding = only(update("aws_iam_policy.app", {"policy": policy(narrow)}, {"policy": policy(wide)}))
    assert finding.after == "s3:GetObject on *"


def test_pass_role_on_every_role_is_high_even_in_a_new_policy() -> None:
    passing = {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
    finding = only(create("aws_iam_role_policy.deployer", {"policy": policy(passing)}))
    assert "iam:PassRole" in finding.why


def test_a_trust_policy_open_to_everyone_is_high() -> None:
    ecs = {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ecs-tasks.amazonaws.com"}}
    anyone = {**ecs, "Principal": {"AWS": "*"}}
    role = {"name": "app", "assume_role_policy": policy(ecs)}
    finding = only(update("aws_iam_role.app", role, {"assume_role_policy": policy(anyone)}))
    assert (finding.category, finding.attribute) == ("privilege", "assume_role_policy")


def test_attaching_administrator_access_is_high() -> None:
    attachment = {"role": "app", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}
    assert only(create("aws_iam_role_policy_attachment.admin", attachment)).category == "privilege"


def test_a_policy_known_only_after_apply_is_a_note_not_a_finding() -> None:
    narrow = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::d/*"}
    unknown = change(
        "aws_iam_role_policy.app",
        ["update"],
        {"policy": policy(narrow)},
        {"policy": None},
        after_unknown={"policy": True},
    )
    review = reviewed(document(unknown))
    assert review.findings == []
    assert [(n.address, n.attribute) for n in review.notes] == [("aws_iam_role_policy.app", "policy")]


# Encryption weakened


def test_encryption_at_rest_turned_off_is_high() -> None:
    finding = only(update("aws_db_instance.database", DATABASE, {"storage_encrypted": False}))
    assert (finding.severity, finding.category) == ("high", "encryption")


def test_redis_tls_turned_off_is_high_with_the_provider_string_booleans() -> None:
    group = {"replication_group_id": "c", "transit_encryption_enabled": True, "at_rest_encryption_enabled": "true"}
    found = findings(
        update("aws_elasticache_replication_group.cache", group, {"at_rest_encryption_enabled": "false"}),
        update("aws_elasticache_replication_group.other", group, {"transit_encryption_enabled": False}),
    )
    assert sorted(f.attribute for f in found) == ["at_rest_encryption_enabled", "transit_encryption_enabled"]


def test_removing_the_https_listener_or_its_encryption_is_high() -> None:
    https = {
        "port": 443,
        "protocol": "HTTPS",
        "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "load_balancer_arn": "arn:lb",
    }
    assert only(delete("aws_lb_listener.https", https)).category == "encryption"
    assert (
        only(update("aws_lb_listener.https", https, {"protocol": "HTTP", "ssl_policy": None})).attribute == "protocol"
    )


def test_an_older_tls_policy_is_high_and_a_newer_one_is_not() -> None:
    https = {"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}
    older = only(update("aws_lb_listener.https", https, {"ssl_policy": "ELBSecurityPolicy-2016-08"}))
    assert "TLS 1" in older.why
    newer = update("aws_lb_listener.https", https, {"ssl_policy": "ELBSecurityPolicy-TLS13-1-3-2021-06"})
    assert findings(newer) == []


def test_removing_bucket_encryption_is_high() -> None:
    sse = {"bucket": "d", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}
    assert only(delete("aws_s3_bucket_server_side_encryption_configuration.d", sse)).category == "encryption"


def test_turning_force_ssl_off_is_high() -> None:
    group = {"name": "pg", "parameter": [{"name": "rds.force_ssl", "value": "1", "apply_method": "immediate"}]}
    off = {"parameter": [{"name": "rds.force_ssl", "value": "0", "apply_method": "immediate"}]}
    assert only(update("aws_db_parameter_group.pg", group, off)).attribute == "parameter[rds.force_ssl]"


# Lesser


def test_shorter_log_retention_is_medium_and_longer_is_nothing() -> None:
    group = {"name": "/ecs/app", "retention_in_days": 90}
    finding = only(update("aws_cloudwatch_log_group.app", group, {"retention_in_days": 7}))
    assert (finding.severity, finding.category) == ("medium", "retention")
    assert only(update("aws_cloudwatch_log_group.app", {**group, "retention_in_days": 0}, {"retention_in_days": 30}))
    assert findings(update("aws_cloudwatch_log_group.app", group, {"retention_in_days": 180})) == []


def test_a_removed_alarm_is_low() -> None:
    assert only(delete("aws_cloudwatch_metric_alarm.cpu", {"alarm_name": "cpu"})).severity == "low"


# Never noise


def test_tag_only_changes_creates_and_no_ops_are_never_findings() -> None:
    tagged = update("aws_db_instance.database", DATABASE, {"tags": {"Environment": "prod", "Team": "core"}})
    created = create("aws_db_instance.new", DATABASE)
    unchanged = change("aws_s3_bucket.data", ["no-op"], {"bucket": "d"}, {"bucket": "d"})
    assert findings(tagged, created, unchanged) == []


def test_refresh_drift_is_ignored() -> None:
    drifted = delete("aws_db_instance.database", DATABASE)
    assert findings(resource_drift=[drifted]) == []


def test_an_unknown_resource_type_is_counted_not_a_crash() -> None:
    review = reviewed(document(delete("aws_fancy_new_thing.x", {"id": "x"}), create("aws_fancy_new_thing.y", {})))
    assert review.unknown_types == {"aws_fancy_new_thing": 2} and review.findings == []


def test_a_sensitive_value_is_shown_as_sensitive() -> None:
    replaced = change(
        "aws_lightsail_database.db",
        ["delete", "create"],
        {"master_password": "hunter2-old", "bundle_id": "micro_2_0"},
        {"master_password": "hunter2-new", "bundle_id": "micro_2_0"},
        replace_paths=[["master_password"]],
        before_sensitive={"master_password": True},
        after_sensitive={"master_password": True},
    )
    finding = only(replaced)
    assert (finding.before, finding.after) == ("(sensitive)", "(sensitive)")


def test_a_sensitive_policy_is_judged_but_never_shown() -> None:
    admin = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    created = create("aws_iam_policy.admin", {"policy": policy(admin)}, after_sensitive={"policy": True})
    finding = only(created)
    assert (finding.category, finding.after) == ("privilege", "(sensitive)")


def test_an_errored_plan_is_reviewed_with_a_warning() -> None:
    from review.report import markdown

    review = reviewed(document(create("aws_vpc.main", {}), errored=True))
    assert "Terraform reported errors while planning" in markdown([review])


def test_forgetting_a_resource_is_counted_and_is_not_data_loss() -> None:
    forgotten = change("aws_db_instance.database", ["forget"], DATABASE, None)
    review = reviewed(document(forgotten))
    assert review.summary["forget"] == 1 and review.findings == []


def test_renaming_the_database_in_place_is_high() -> None:
    renamed = update("aws_db_instance.database", DATABASE, {"identifier": "mc-prod-restored"})
    finding = only(renamed)
    assert (finding.severity, finding.attribute, finding.after) == ("high", "identifier", "mc-prod-restored")
    assert "terraform state rm aws_db_instance.database" in finding.fix
