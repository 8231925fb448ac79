"""The `KmsKey` construct; see the package docstring."""

from __future__ import annotations

from typing import Any

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey as KmsKeyResource
from constructs import Construct

from modules.kms_key.props import KmsKeyProps
from modules.tokens import joined, json_document, optional_items


class KmsKey(Construct):
    """When `allow_cloudwatch_logs` or `allow_cloudwatch_alarms` is a Terraform token (the construct used as an HCL
    module), the key policy is Terraform's `jsonencode` of the statements, each optional one included by a
    conditional; with plain values (the stacks) it is JSON text."""

    key: KmsKeyResource
    _statements: Any
    alias: KmsAlias

    def __init__(self, scope: Construct, id: str, props: KmsKeyProps) -> None:
        super().__init__(scope, id)
        account = DataAwsCallerIdentity(self, "account")
        region = DataAwsRegion(self, "region")
        partition = DataAwsPartition(self, "partition")
        statements: list[Any] = [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition.partition}:iam::{account.account_id}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ]
        logs_statement = {
            "Sid": "CloudWatchLogsEncrypt",
            "Effect": "Allow",
            "Principal": {"Service": f"logs.{region.name}.amazonaws.com"},
            "Action": [
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ],
            "Resource": "*",
            "Condition": {
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn": (
                        f"arn:{partition.partition}:logs:{region.name}:{account.account_id}:*"
                    )
                }
            },
        }
        alarms_statement = {
            "Sid": "CloudWatchAlarmsPublish",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": "*",
        }
        # Plain flags: the statements' list, as JSON text. Flags given as tokens: `jsonencode` with conditionals.
        self._statements = joined(
            statements,
            optional_items(props.allow_cloudwatch_logs, [logs_statement]),
            optional_items(props.allow_cloudwatch_alarms, [alarms_statement]),
        )
        policy = json_document({"Version": "2012-10-17", "Statement": self._statements})
        self.key = KmsKeyResource(
            self,
            "this",
            description=f"Mission Control ({props.alias}): secrets, logs, alarms",
            enable_key_rotation=True,
            deletion_window_in_days=props.deletion_window_days,
            policy=policy,
        )
        self.alias = KmsAlias(self, "alias", name=f"alias/{props.alias}", target_key_id=self.key.key_id)

    def grant_topic_publishing(self, sid: str, service: str, source_account: str, source_arn: str) -> None:
        """Let the AWS service principal `service` publish to SNS topics encrypted with this key (it encrypts the
        message with a data key): AWS Budgets, for a budget that notifies the alarm topic. Only on behalf of
        `source_account`, from resources matching `source_arn`."""
        statement = {
            "Sid": sid,
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": "*",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": source_account},
                "ArnLike": {"aws:SourceArn": source_arn},
            },
        }
        self._statements = joined(self._statements, [statement])
        self.key.policy = json_document({"Version": "2012-10-17", "Statement": self._statements})
