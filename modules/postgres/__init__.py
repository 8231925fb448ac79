"""RDS PostgreSQL in private subnets: encrypted, TLS forced, 7 days of automated backups, a final snapshot on
delete, Performance Insights and Enhanced Monitoring; reachable only from the security groups you allow.

    from modules.postgres.construct import Postgres
    from modules.postgres.props import PostgresProps

    db = Postgres(self, "database", PostgresProps(name="mc-dev", vpc_id=..., subnet_ids=[...],
                                                 password=db_password.stored_value))
    connect(service, db, 5432, "PostgreSQL")      # modules.security: the egress and the matching ingress rule
"""
