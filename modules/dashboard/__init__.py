"""A CloudWatch dashboard of one ECS environment: the service (CPU, memory, running tasks), the load balancer
(requests, 5xx, p95 latency, healthy targets), the database (CPU, connections, free storage), Redis (engine CPU,
memory, evictions) and, when it runs, the worker. Every widget names its resources by reference, so the dashboard
follows a renamed or replaced resource.

    from modules.dashboard.construct import Dashboard
    from modules.dashboard.props import DashboardProps

    dashboard = Dashboard(self, "dashboard", DashboardProps(name="mc-dev", region="us-east-1", cluster_name=...))
    dashboard.url     # the console URL, for a stack output
"""
