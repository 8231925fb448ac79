"""ElastiCache Redis (a replication group) in private subnets: encrypted at rest and in transit, with an auth
token, so the app's URL is `rediss://`; automatic failover across zones when it has a replica.

    from modules.redis.construct import Redis
    from modules.redis.props import RedisProps

    cache = Redis(self, "cache", RedisProps(name="mc-dev", vpc_id=..., subnet_ids=[...],
                                            auth_token=token.value_in_state()))
    connect(service, cache, 6379, "Redis")        # modules.security: the egress and the matching ingress rule
"""
