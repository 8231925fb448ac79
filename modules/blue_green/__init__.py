"""Blue/green deployments of an ECS service behind an application load balancer, through CodeDeploy: an ECS
application, a deployment group that starts the new tasks beside the old ones, moves the production (and test)
listener to them, keeps the old ones for a bake time, and rolls back on a failed deployment or a firing alarm; and
CodeDeploy's service role.

    from modules.blue_green.construct import BlueGreenDeployment
    from modules.blue_green.props import BlueGreenDeploymentProps

    BlueGreenDeployment(self, "deployment", BlueGreenDeploymentProps(
        name="mc-prod", cluster_name=cluster.name, service_name=service.name,
        production_listener_arn=https.arn, test_listener_arn=test.arn,
        target_group_names=(app.name, alt.name), alarm_names=[alarm.alarm_name for alarm in deployment_alarms]))

The service must use the `CODE_DEPLOY` deployment controller, start with the first target group, and leave its task
definition, load balancer and network to CodeDeploy (`FargateServiceProps.deployment = "blue_green"` does all
three); both listeners must leave their default action to CodeDeploy (`LoadBalancerProps.enable_test_listener`).
A deployment is started by `ops.rollout` (`aws deploy create-deployment` with an AppSpec naming the new task
definition, the container and its port): Terraform never starts one.
"""
