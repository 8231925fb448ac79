"""An ECS Fargate service in private subnets behind a target group: cluster with Container Insights, task
definition with secrets from Secrets Manager, logs to a KMS-encrypted log group, deployment circuit breaker with
rollback, CPU and memory target-tracking autoscaling, and a one-off migration task definition.

    from modules.fargate_service.construct import FargateService
    from modules.fargate_service.props import FargateServiceProps

    service = FargateService(self, "service", FargateServiceProps(
        name="mission-control-dev", vpc_id=..., subnet_ids=[...], image="ghcr.io/acme/mc:1.4.2",
        target_group_arn=alb.target_group.arn, secrets={"MC_SECRET_KEY": secret.arn}))
"""
