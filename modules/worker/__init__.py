"""The ARQ worker: a second Fargate service in the app's cluster, with the same image, secrets, roles and network
as the app, its own size, scaling and alarms, and no load balancer (it only connects out: Redis, the database,
HTTPS).

    from modules.worker.construct import Worker
    from modules.worker.props import WorkerProps

    worker = Worker(self, "worker", WorkerProps(command=("arq", "mission_control.worker.WorkerSettings"),
                                                name="mc-dev", cluster_arn=..., image=..., secrets=...))
    connect(worker, database, 5432, "PostgreSQL")
"""
