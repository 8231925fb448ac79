"""The S3 bucket and DynamoDB table that hold every other stack's Terraform state.

    from modules.state_backend.construct import StateBackend
    from modules.state_backend.props import StateBackendProps

    StateBackend(self, "state", StateBackendProps(bucket_name="acme-mc-tfstate", lock_table_name="acme-mc-locks"))

Versioned, KMS-encrypted, private, TLS-only bucket whose old versions expire; an on-demand lock table with
point-in-time recovery. Both carry `prevent_destroy`: Terraform refuses any plan that would delete them.
"""
