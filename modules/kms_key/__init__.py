"""A customer-managed KMS key with yearly rotation, usable by the AWS services that encrypt for us.

from modules.kms_key.construct import KmsKey
from modules.kms_key.props import KmsKeyProps

key = KmsKey(self, "key", KmsKeyProps(alias="mission-control-dev", allow_cloudwatch_logs=True))
LogGroup(..., kms_key_id=key.key.arn)
"""
