"""Saved CloudWatch Logs Insights queries of one ECS environment, under `<name>/` in the console's query list:
errors, slow requests, task restarts and migrations, over the log group the app, its migrations and the worker
write to (streams `app/...`, `migrate/...`, `worker/...`).

    from modules.log_queries.construct import LogQueries
    from modules.log_queries.props import LogQueriesProps

    LogQueries(self, "log_queries", LogQueriesProps(name="mc-dev", log_group_name=service.log_group.name))
"""
