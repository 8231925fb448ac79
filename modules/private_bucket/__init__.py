"""An S3 bucket with the baseline every bucket of ours gets: all public access blocked, ACLs disabled, default
encryption (SSE-KMS with a key, else SSE-S3), a policy refusing requests without TLS, lifecycle expiry.

    from modules.private_bucket.construct import PrivateBucket
    from modules.private_bucket.props import PrivateBucketProps

    logs = PrivateBucket(self, "logs", PrivateBucketProps(name_prefix="mc-dev-alb-logs-", expiration_days=90))
"""
