"""RDS PostgreSQL in private subnets: encrypted, TLS forced, 7 days of automated backups, a final snapshot on
delete, Performance Insights and Enhanced Monitoring; reachable only from the security groups you allow.

    from modules.postgres.construct import Postgres
    from modules.postgres.props import PostgresProps

    db = Postgres(self, "database", PostgresProps(name="mc-dev", vpc_id=..., subnet_ids=[...],
                                                 password=secret.ephemeral_value))
    db.allow_from(service.security_group)
"""
