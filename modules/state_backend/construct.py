"""The `StateBackend` construct; see the package docstring."""

from __future__ import annotations

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.dynamodb_table import (
    DynamodbTable,
    DynamodbTableAttribute,
    DynamodbTablePointInTimeRecovery,
    DynamodbTableServerSideEncryption,
)
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from constructs import Construct

from modules.kms_key.construct import KmsKey
from modules.kms_key.props import KmsKeyProps
from modules.private_bucket.construct import PrivateBucket
from modules.private_bucket.props import PrivateBucketProps
from modules.state_backend.props import StateBackendProps, state_key_alias


class StateBackend(Construct):
    bucket: S3Bucket
    lock_table: DynamodbTable
    key: KmsKey

    def __init__(self, scope: Construct, id: str, props: StateBackendProps) -> None:
        super().__init__(scope, id)
        self.key = KmsKey(
            self,
            "key",
            KmsKeyProps(
                alias=state_key_alias(props.bucket_name), allow_cloudwatch_logs=False, allow_cloudwatch_alarms=False
            ),
        )
        self.bucket = PrivateBucket(
            self,
            "bucket",
            PrivateBucketProps(
                name=props.bucket_name,
                kms_key_arn=self.key.key.arn,
                enable_versioning=True,
                noncurrent_version_expiration_days=props.noncurrent_version_expiration_days,
                prevent_destroy=True,
            ),
        ).bucket
        self.lock_table = DynamodbTable(
            self,
            "lock_table",
            name=props.lock_table_name,
            billing_mode="PAY_PER_REQUEST",
            hash_key="LockID",
            attribute=[DynamodbTableAttribute(name="LockID", type="S")],
            point_in_time_recovery=DynamodbTablePointInTimeRecovery(enabled=True),
            server_side_encryption=DynamodbTableServerSideEncryption(enabled=True, kms_key_arn=self.key.key.arn),
            deletion_protection_enabled=True,
            lifecycle=TerraformResourceLifecycle(prevent_destroy=True),
        )
