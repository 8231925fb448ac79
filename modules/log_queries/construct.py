"""The `LogQueries` construct; see the package docstring."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.cloudwatch_query_definition import CloudwatchQueryDefinition
from constructs import Construct

from modules.log_queries.props import LogQueriesProps


def queries(props: LogQueriesProps) -> dict[str, str]:
    """Query id -> Logs Insights query. The ids name the resources (`log_queries_errors`) and the saved queries."""
    app, migrate = props.app_stream_prefix, props.migration_stream_prefix
    return {
        # Every stream: the app, its migrations and the worker all log a traceback the same way.
        "errors": "fields @timestamp, @logStream, @message\n"
        "| filter @message like /(?i)\\b(error|exception|traceback|critical)\\b/\n"
        "| sort @timestamp desc\n"
        "| limit 200",
        "slow_requests": "fields @timestamp, @logStream, @message\n"
        f"| filter @logStream like /^{app}\\//\n"
        "| parse @message /(?<took_ms>\\d+(\\.\\d+)?) ?ms\\b/\n"
        f"| filter took_ms > {props.slow_request_ms}\n"
        "| sort took_ms desc\n"
        "| limit 100",
        # Each task writes its own stream (`<prefix>/<container>/<task id>`): a stream's first line is the task's
        # start. More starts than deploys and scale-outs explain are crashes or failed health checks.
        "task_restarts": f"filter @logStream like /^{app}\\//\n"
        "| stats earliest(@timestamp) as started, latest(@timestamp) as last_line, count(*) as lines by @logStream\n"
        "| sort started desc\n"
        "| limit 100",
        "migrations": "fields @timestamp, @logStream, @message\n"
        f"| filter @logStream like /^{migrate}\\//\n"
        "| sort @timestamp desc\n"
        "| limit 500",
    }


class LogQueries(Construct):
    """`definitions` by query id: errors, slow_requests, task_restarts, migrations."""

    definitions: dict[str, CloudwatchQueryDefinition]

    def __init__(self, scope: Construct, id: str, props: LogQueriesProps) -> None:
        super().__init__(scope, id)
        self.definitions = {
            query_id: CloudwatchQueryDefinition(
                self,
                query_id,
                name=f"{props.name}/{query_id.replace('_', '-')}",
                log_group_names=[props.log_group_name],
                query_string=query,
            )
            for query_id, query in queries(props).items()
        }
