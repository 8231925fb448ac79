"""Mission Control on ECS Fargate, whole: KMS key, network, PostgreSQL, Redis, generated secrets, load balancer,
Fargate service and alarms, from one nested options object (the `LightsailApp` shape).

    from modules.ecs_app.construct import EcsApp
    from modules.ecs_app.props import EcsAppOptions, EcsAppProps
    from modules.postgres.props import PostgresOptions

    options = EcsAppOptions(database=PostgresOptions(instance_class="db.t3.small", multi_az=True))
    app = EcsApp(stack, "this", EcsAppProps(**options_values(options), name="mc-prod", region="us-east-1",
                                            image="ghcr.io/acme/mc:1.4.2"))
    app.load_balancer.url
"""
