"""AWS's naming rules for the resources we create, so a name derived from settings fails before Terraform runs.
No cdktf import.

    from modules.aws_names import check_derived_name

    check_derived_name("elasticache_replication_group", f"{prefix}-{env}", setting="name_prefix", typed_value=prefix)
    # InvalidSetting: name_prefix='mc-': it makes the ElastiCache replication group id 'mc--dev', which has two
    # hyphens in a row (AWS allows 1-40 letters, digits and hyphens, starting with a letter, ...). Fix: change
    # name_prefix so that the ElastiCache replication group id follows that rule.

A resource name is usually built from what the user typed (`name_prefix`, the environment name) plus a suffix
(`-redis`, `-alb`). AWS refuses a bad one only when Terraform applies it, often after other resources exist. One
`NameRule` per kind of name, from AWS's API reference for the operation that creates it (each rule names it);
`name_problems` lists what is wrong, `check_derived_name` reports it under the setting the user typed, `check_name`
reports a name the user typed whole (a lock table), and `check_bucket_name` is the one check of an S3 bucket name
typed directly (the state bucket).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from modules.validation import InvalidSetting, is_token

NameKind = Literal[
    "rds_instance",
    "rds_parameter_group",
    "rds_subnet_group",
    "rds_snapshot",
    "elasticache_replication_group",
    "elasticache_parameter_group",
    "elasticache_subnet_group",
    "alb",
    "target_group",
    "ecs_cluster",
    "ecs_service",
    "ecs_task_family",
    "log_group",
    "secret",
    "iam_role",
    "iam_role_name_prefix",
    "kms_alias",
    "sns_topic",
    "cloudwatch_alarm",
    "s3_bucket",
    "s3_bucket_prefix",
    "dynamodb_table",
    "lightsail_container_service",
    "lightsail_database",
    "lightsail_database_snapshot",
    "security_group",
]


@dataclass(frozen=True, kw_only=True)
class NameRule:
    """What AWS accepts as one kind of resource name."""

    resource: str
    """How a message names it: "the RDS DB instance identifier"."""
    source: str
    """Where AWS documents the rule (the API operation and parameter)."""
    max_length: int
    min_length: int = 1
    characters: str
    """The allowed characters, as the inside of a regex character class."""
    characters_text: str
    first: str | None = None
    """Allowed first characters (a character class), when stricter than `characters`."""
    first_text: str = ""
    last: str | None = None
    """Allowed last characters (a character class), when stricter than `characters`."""
    last_text: str = ""
    no_double_hyphen: bool = False
    required_prefix: str = ""
    reserved_prefixes: tuple[str, ...] = ()
    reserved_suffixes: tuple[str, ...] = ()
    reserved_names: tuple[str, ...] = ()
    """Refused names, compared case-insensitively (AWS stores these names in lowercase)."""
    extra: Callable[[str], list[str]] | None = None
    """Further problems, for rules that are not about characters (an S3 name formatted as an IP address)."""
    note: str = ""
    """The rules `extra` checks, as a phrase for `summary`."""

    def summary(self) -> str:
        """The rule in one phrase: "1-40 letters, digits and hyphens, starting with a letter, ..."."""
        length = f"{self.min_length}-{self.max_length}"
        parts = [f"{length} {self.characters_text}"]
        if self.required_prefix:
            parts.append(f"starting with {self.required_prefix!r}")
        if self.first_text:
            parts.append(f"starting with {self.first_text}")
        if self.last_text:
            parts.append(f"ending with {self.last_text}")
        if self.no_double_hyphen:
            parts.append("without two hyphens in a row")
        if self.reserved_prefixes:
            parts.append(f"not starting with {' or '.join(repr(p) for p in self.reserved_prefixes)}")
        if self.reserved_suffixes:
            parts.append(f"not ending with {' or '.join(repr(s) for s in self.reserved_suffixes)}")
        if self.reserved_names:
            parts.append(f"not {' or '.join(repr(n) for n in self.reserved_names)}")
        if self.note:
            parts.append(self.note)
        return ", ".join(parts)


def _secret_suffix(name: str) -> list[str]:
    # Secrets Manager appends "-" and six random characters to the ARN; a name that already ends that way is
    # mistaken for a full ARN's name when the secret is looked up by partial ARN.
    if len(name) >= 7 and name[-7] == "-":
        return [
            f"it ends with {name[-7:]!r} (a hyphen and six characters), like the random suffix Secrets Manager "
            "adds to the secret's ARN, so a lookup by partial ARN can find the wrong secret"
        ]
    return []


def _s3_shape(name: str) -> list[str]:
    problems = []
    if ".." in name or ".-" in name or "-." in name:
        problems.append("it has adjacent dots or a dot beside a hyphen")
    try:
        ipaddress.IPv4Address(name)
        problems.append("it is formatted as an IP address")
    except ValueError:
        pass
    if "." in name:
        # Our policy, not AWS's rule: a dotted name breaks virtual-hosted HTTPS (the certificate covers one label).
        problems.append("it has dots, which break HTTPS access to the bucket")
    return problems


_LETTER = "a-zA-Z"
_ALNUM = "a-zA-Z0-9"
_LOWER_ALNUM = "a-z0-9"
_S3_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_S3_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def _identifier(resource: str, source: str, max_length: int) -> NameRule:
    """RDS and ElastiCache identifiers: letters, digits and single hyphens, a letter first, no hyphen last."""
    return NameRule(
        resource=resource,
        source=source,
        max_length=max_length,
        characters="a-zA-Z0-9-",
        characters_text="letters, digits and hyphens",
        first=_LETTER,
        first_text="a letter",
        last=_ALNUM,
        last_text="a letter or digit",
        no_double_hyphen=True,
    )


def _ecs_name(resource: str, source: str) -> NameRule:
    return NameRule(
        resource=resource,
        source=source,
        max_length=255,
        characters="a-zA-Z0-9_-",
        characters_text="letters, digits, '-' and '_'",
    )


def _elb_name(resource: str, source: str, reserved_prefixes: tuple[str, ...] = ()) -> NameRule:
    return NameRule(
        resource=resource,
        source=source,
        max_length=32,
        characters="a-zA-Z0-9-",
        characters_text="letters, digits and hyphens",
        first=_ALNUM,
        first_text="a letter or digit",
        last=_ALNUM,
        last_text="a letter or digit",
        reserved_prefixes=reserved_prefixes,
    )


def _iam_name(resource: str, source: str, max_length: int) -> NameRule:
    return NameRule(
        resource=resource,
        source=source,
        max_length=max_length,
        characters=r"a-zA-Z0-9_+=,.@-",
        characters_text="letters, digits and _+=,.@-",
    )


def _lightsail_resource(resource: str, source: str) -> NameRule:
    return NameRule(
        resource=resource,
        source=source,
        min_length=2,
        max_length=255,
        characters="a-zA-Z0-9-",
        characters_text="letters, digits and hyphens",
        first=_ALNUM,
        first_text="a letter or digit",
        last=_ALNUM,
        last_text="a letter or digit",
    )


RULES: dict[NameKind, NameRule] = {
    "rds_instance": _identifier(
        "the RDS DB instance identifier", "RDS CreateDBInstance DBInstanceIdentifier", max_length=63
    ),
    "rds_parameter_group": _identifier(
        "the RDS DB parameter group name", "RDS CreateDBParameterGroup DBParameterGroupName", max_length=255
    ),
    "rds_subnet_group": NameRule(
        resource="the RDS DB subnet group name",
        source="RDS CreateDBSubnetGroup DBSubnetGroupName",
        max_length=255,
        characters="a-zA-Z0-9._ -",
        characters_text="letters, digits, periods, underscores, spaces and hyphens",
        first=_LETTER,
        first_text="a letter",
        reserved_names=("default",),
    ),
    "rds_snapshot": _identifier(
        "the RDS final snapshot identifier", "RDS CreateDBSnapshot DBSnapshotIdentifier", max_length=255
    ),
    "elasticache_replication_group": _identifier(
        "the ElastiCache replication group id", "ElastiCache CreateReplicationGroup ReplicationGroupId", max_length=40
    ),
    "elasticache_parameter_group": _identifier(
        "the ElastiCache parameter group name",
        "ElastiCache CreateCacheParameterGroup CacheParameterGroupName",
        max_length=255,
    ),
    "elasticache_subnet_group": NameRule(
        resource="the ElastiCache subnet group name",
        source="ElastiCache CreateCacheSubnetGroup CacheSubnetGroupName",
        max_length=255,
        characters="a-zA-Z0-9-",
        characters_text="letters, digits and hyphens",
    ),
    "alb": _elb_name("the load balancer name", "ELBv2 CreateLoadBalancer Name", reserved_prefixes=("internal-",)),
    "target_group": _elb_name("the target group name", "ELBv2 CreateTargetGroup Name"),
    "ecs_cluster": _ecs_name("the ECS cluster name", "ECS CreateCluster clusterName"),
    "ecs_service": _ecs_name("the ECS service name", "ECS CreateService serviceName"),
    "ecs_task_family": _ecs_name("the ECS task definition family", "ECS RegisterTaskDefinition family"),
    "log_group": NameRule(
        resource="the CloudWatch log group name",
        source="CloudWatch Logs CreateLogGroup logGroupName",
        max_length=512,
        characters=r"a-zA-Z0-9_\-/.#",
        characters_text="letters, digits and _ - / . #",
        reserved_prefixes=("aws/",),
    ),
    "secret": NameRule(
        resource="the Secrets Manager secret name",
        source="Secrets Manager CreateSecret Name",
        max_length=512,
        characters=r"a-zA-Z0-9/_+=.@-",
        characters_text="letters, digits and /_+=.@-",
        extra=_secret_suffix,
        note="not ending with a hyphen and six characters",
    ),
    "iam_role": _iam_name("the IAM role name", "IAM CreateRole RoleName", max_length=64),
    "iam_role_name_prefix": _iam_name(
        "the IAM role name prefix",
        "Terraform aws_iam_role name_prefix (64 minus the 26 characters Terraform appends)",
        max_length=38,
    ),
    "kms_alias": NameRule(
        resource="the KMS alias",
        source="KMS CreateAlias AliasName",
        max_length=256,
        min_length=len("alias/") + 1,
        characters="a-zA-Z0-9/_-",
        characters_text="letters, digits, '/', '_' and '-'",
        required_prefix="alias/",
        reserved_prefixes=("alias/aws/",),
    ),
    "sns_topic": NameRule(
        resource="the SNS topic name",
        source="SNS CreateTopic Name",
        max_length=256,
        characters="a-zA-Z0-9_-",
        characters_text="letters, digits, '_' and '-'",
    ),
    "cloudwatch_alarm": NameRule(
        resource="the CloudWatch alarm name",
        source="CloudWatch PutMetricAlarm AlarmName",
        max_length=255,
        characters=r"\x20-\x7e",
        characters_text="printable ASCII characters",
    ),
    "s3_bucket": NameRule(
        resource="the S3 bucket name",
        source="S3 general purpose bucket naming rules",
        min_length=3,
        max_length=63,
        characters="a-z0-9.-",
        characters_text="lowercase letters, digits, dots and hyphens",
        first=_LOWER_ALNUM,
        first_text="a lowercase letter or digit",
        last=_LOWER_ALNUM,
        last_text="a lowercase letter or digit",
        reserved_prefixes=_S3_RESERVED_PREFIXES,
        reserved_suffixes=_S3_RESERVED_SUFFIXES,
        extra=_s3_shape,
        note="no two dots in a row or dot beside a hyphen, not an IP address, and (our rule) no dots at all",
    ),
    "s3_bucket_prefix": NameRule(
        resource="the S3 bucket name prefix",
        source="Terraform aws_s3_bucket bucket_prefix (63 minus the 26 characters Terraform appends)",
        max_length=37,
        characters="a-z0-9.-",
        characters_text="lowercase letters, digits, dots and hyphens",
        first=_LOWER_ALNUM,
        first_text="a lowercase letter or digit",
        reserved_prefixes=_S3_RESERVED_PREFIXES,
    ),
    "dynamodb_table": NameRule(
        resource="the DynamoDB table name",
        source="DynamoDB CreateTable TableName",
        min_length=3,
        max_length=255,
        characters="a-zA-Z0-9_.-",
        characters_text="letters, digits, '_', '.' and '-'",
    ),
    "lightsail_container_service": NameRule(
        resource="the Lightsail container service name",
        source="Lightsail CreateContainerService serviceName",
        max_length=63,
        characters="a-z0-9-",
        characters_text="lowercase letters, digits and hyphens",
        first=_LOWER_ALNUM,
        first_text="a letter or digit",
        last=_LOWER_ALNUM,
        last_text="a letter or digit",
    ),
    "lightsail_database": _lightsail_resource(
        "the Lightsail database name", "Lightsail CreateRelationalDatabase relationalDatabaseName"
    ),
    "lightsail_database_snapshot": _lightsail_resource(
        "the Lightsail final snapshot name",
        "Lightsail CreateRelationalDatabaseSnapshot relationalDatabaseSnapshotName",
    ),
    "security_group": NameRule(
        resource="the security group name",
        source="EC2 CreateSecurityGroup GroupName",
        max_length=255,
        characters=r"a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*",
        characters_text="letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
        reserved_prefixes=("sg-",),
    ),
}


def longest_base(kind: NameKind, suffix: str = "") -> int:
    """The longest base name that still makes a valid `kind` name once `suffix` is appended: the one table every
    name limit is read from (`<name>-app` is a target group: 32 - 4 = 28)."""
    return RULES[kind].max_length - len(suffix)


def name_limit(*derived: tuple[NameKind, str]) -> int:
    """The longest base name that keeps every name made from it within its kind's limit: `derived` pairs each kind
    with the name made from the base, written with `{name}` (`("log_group", "/ecs/{name}")`)."""
    for kind, template in derived:
        if "{name}" not in template:
            raise ValueError(f"{template!r} ({kind}) does not contain {{name}}")
    return min(longest_base(kind, template.replace("{name}", "")) for kind, template in derived)


def name_problems(kind: NameKind, name: str) -> list[str]:
    """Everything AWS would refuse about `name` as a `kind` name, each as a clause ("it has two hyphens in a row");
    empty when the name is valid."""
    rule = RULES[kind]
    problems = []
    if len(name) > rule.max_length:
        problems.append(f"it is {len(name)} characters long, {len(name) - rule.max_length} over the limit")
    elif len(name) < rule.min_length:
        problems.append(f"it is {len(name)} characters long, the minimum is {rule.min_length}")
    body = name
    if rule.required_prefix:
        if name.startswith(rule.required_prefix):
            body = name[len(rule.required_prefix) :]
        else:
            problems.append(f"it does not start with {rule.required_prefix!r}")
    bad = sorted({char for char in body if not re.fullmatch(f"[{rule.characters}]", char)})
    if bad:
        problems.append(f"it has characters that are not allowed ({', '.join(repr(char) for char in bad)})")
    if body and rule.first and not re.fullmatch(f"[{rule.first}]", body[0]):
        problems.append(f"it starts with {body[0]!r}, not {rule.first_text}")
    if body and rule.last and not re.fullmatch(f"[{rule.last}]", body[-1]):
        problems.append(f"it ends with {body[-1]!r}, not {rule.last_text}")
    if rule.no_double_hyphen and "--" in name:
        problems.append("it has two hyphens in a row")
    problems += [f"it starts with {p!r}, a prefix AWS reserves" for p in rule.reserved_prefixes if name.startswith(p)]
    problems += [f"it ends with {s!r}, a suffix AWS reserves" for s in rule.reserved_suffixes if name.endswith(s)]
    if name.lower() in rule.reserved_names:
        problems.append("it is a name AWS reserves")
    if rule.extra is not None:
        problems += rule.extra(name)
    return problems


def check_derived_name(kind: NameKind, name: str, *, setting: str, typed_value: object) -> None:
    """Raise `InvalidSetting` when `name`, derived from what the user typed as `setting`, breaks AWS's rules for a
    `kind` name. The error names both: the setting with its typed value, and the derived name with what is wrong.
    A name that holds a token is skipped (its parts are unknown until Terraform runs).

    Example message: `name_prefix='mc-': it makes the ElastiCache replication group id 'mc--dev', which has two
    hyphens in a row (AWS allows 1-40 letters, digits and hyphens, starting with a letter, ending with a letter or
    digit, without two hyphens in a row). Fix: change name_prefix so that the ElastiCache replication group id
    follows that rule.` A name over the limit gets `Fix: shorten name_prefix by at least 3 characters.`
    """
    if is_token(name) or is_token(typed_value):
        return
    problems = name_problems(kind, name)
    if not problems:
        return
    rule = RULES[kind]
    excess = len(name) - rule.max_length
    fix = f"change {setting} so that {rule.resource} follows that rule"
    if excess > 0:
        fix = f"shorten {setting} by at least {excess} character{'s' if excess > 1 else ''}" + (
            "" if len(problems) == 1 else f", and change it so that {rule.resource} follows that rule"
        )
    raise InvalidSetting(
        setting=setting,
        value=typed_value,
        problem=f"it makes {rule.resource} {name!r}, which {_join(problems)} (AWS allows {rule.summary()})",
        fix=fix,
    )


def check_name(kind: NameKind, setting: str, value: str) -> None:
    """Raise `InvalidSetting` when `value`, typed as `setting` and used unchanged as a `kind` name, breaks AWS's
    rules. Tokens are skipped."""
    if is_token(value):
        return
    problems = name_problems(kind, value)
    if problems:
        rule = RULES[kind]
        raise InvalidSetting(
            setting=setting,
            value=value,
            problem=f"not a valid {rule.resource.removeprefix('the ')}: {'; '.join(problems)}",
            fix=f"use {rule.summary()}",
        )


def check_bucket_name(setting: str, value: str) -> None:
    """S3's bucket naming rules (general purpose buckets), plus no dots (they break HTTPS): checked here so a typo
    fails before `terraform init`. Tokens are skipped.

    Example message: `bucket='Acme_State': not a valid S3 bucket name: it has characters that are not allowed
    ('A', 'S', '_'). Fix: use lowercase letters, digits and single hyphens, e.g. 'acme-mission-control-tfstate'.`
    """
    if is_token(value):
        return
    problems = name_problems("s3_bucket", value)
    if problems:
        raise InvalidSetting(
            setting=setting,
            value=value,
            problem=f"not a valid S3 bucket name: {'; '.join(problems)}",
            fix="use lowercase letters, digits and single hyphens, e.g. 'acme-mission-control-tfstate' (3-63 "
            "characters, starting and ending with a letter or digit)",
        )


def _join(problems: list[str]) -> str:
    # "it is 41 characters long" + "it has two hyphens in a row" -> "is 41 characters long and has two hyphens ..."
    clauses = [problem.removeprefix("it ") for problem in problems]
    return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]
