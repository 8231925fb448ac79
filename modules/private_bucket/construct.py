"""The `PrivateBucket` construct; see the package docstring."""

from __future__ import annotations

import json
from typing import Any

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
)
from cdktf_cdktf_provider_aws.s3_bucket_notification import S3BucketNotification
from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
)
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
)
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA as SseByDefault,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from constructs import Construct

from modules.private_bucket.props import PrivateBucketProps
from modules.tokens import attribute, indexed_attribute


class PrivateBucket(Construct):
    """`count` (a Terraform expression giving 0 or 1) makes the bucket optional: every resource gets that count
    (an HCL module's switch, such as the load balancer's `enable_access_logs`); `bucket_id` and `bucket_arn` are
    then null when there is no bucket."""

    bucket: S3Bucket
    policy: S3BucketPolicy

    def __init__(self, scope: Construct, id: str, props: PrivateBucketProps, *, count: float | None = None) -> None:
        super().__init__(scope, id)
        self.bucket = S3Bucket(
            self,
            "this",
            count=count,
            bucket=props.name,
            bucket_prefix=props.name_prefix,
            force_destroy=False,
            lifecycle=TerraformResourceLifecycle(prevent_destroy=True) if props.prevent_destroy else None,
        )
        # Inside the bucket's own parts: its id (with a count: the id of the instance with the same index).
        bucket = self.bucket.id if count is None else indexed_attribute(self.bucket, "id")
        self._arn = self.bucket.arn if count is None else indexed_attribute(self.bucket, "arn")
        if props.enable_versioning:
            S3BucketVersioningA(
                self,
                "versioning",
                count=count,
                bucket=bucket,
                versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"),
            )
        if props.enable_eventbridge_notifications:
            S3BucketNotification(self, "notifications", count=count, bucket=bucket, eventbridge=True)
        S3BucketServerSideEncryptionConfigurationA(
            self,
            "encryption",
            count=count,
            bucket=bucket,
            rule=[
                S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=SseByDefault(
                        sse_algorithm="aws:kms" if props.kms_key_arn else "AES256",
                        kms_master_key_id=props.kms_key_arn,
                    ),
                    bucket_key_enabled=True if props.kms_key_arn else None,
                )
            ],
        )
        S3BucketPublicAccessBlock(
            self,
            "public_access",
            count=count,
            bucket=bucket,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
        )
        S3BucketOwnershipControls(
            self,
            "ownership",
            count=count,
            bucket=bucket,
            rule=S3BucketOwnershipControlsRule(object_ownership="BucketOwnerEnforced"),
        )
        self.policy = S3BucketPolicy(self, "policy", count=count, bucket=bucket, policy=json.dumps(self._policy(props)))
        S3BucketLifecycleConfiguration(
            self,
            "lifecycle",
            count=count,
            bucket=bucket,
            rule=[
                S3BucketLifecycleConfigurationRule(
                    id="expire",
                    status="Enabled",
                    filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                    expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=props.expiration_days)]
                    if props.expiration_days
                    else None,
                    noncurrent_version_expiration=[
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=props.noncurrent_version_expiration_days
                        )
                    ]
                    if props.noncurrent_version_expiration_days
                    else None,
                    abort_incomplete_multipart_upload=[
                        S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(days_after_initiation=7)
                    ],
                )
            ],
        )

    @property
    def bucket_id(self) -> str:
        """The bucket's name (null when `count` left it out)."""
        return str(attribute(self.bucket, "id"))

    @property
    def bucket_arn(self) -> str:
        return str(attribute(self.bucket, "arn"))

    def _policy(self, props: PrivateBucketProps) -> dict[str, Any]:
        arn = self._arn
        statements: list[dict[str, Any]] = [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ]
        if props.put_object_principals:
            statements.append(
                {
                    "Sid": "AllowPutObject",
                    "Effect": "Allow",
                    "Principal": dict(props.put_object_principals),
                    "Action": "s3:PutObject",
                    "Resource": f"{arn}/{props.put_object_prefix}*",
                }
            )
        return {"Version": "2012-10-17", "Statement": statements}
