"""Props of `LogQueries`. No cdktf import."""

from __future__ import annotations

from dataclasses import dataclass

from modules.options import Props
from modules.validation import check_pattern, check_range

STREAM_PREFIX = r"[A-Za-z0-9_-]{1,50}"


@dataclass(frozen=True, kw_only=True)
class LogQueriesProps(Props):
    """Where the logs are, how the streams are named, and what is slow."""

    name: str
    """Folder of the saved queries in the console: `<name>/errors`, ..."""
    log_group_name: str
    """The log group of the service, its one-off tasks and the worker."""
    app_stream_prefix: str = "app"
    """`awslogs-stream-prefix` of the app's tasks: each task writes `<prefix>/<container>/<task id>`."""
    migration_stream_prefix: str = "migrate"
    """`awslogs-stream-prefix` of the migration task (`make migrate`, rollouts)."""
    slow_request_ms: int = 1000
    """A request that took longer than this many milliseconds is slow (the app logs `<n>ms` or `<n> ms`)."""

    def validate(self) -> None:
        check_pattern("name", self.name, r"[A-Za-z0-9_./-]{1,200}", meaning="a query folder", example="mc-dev")
        for setting in ("app_stream_prefix", "migration_stream_prefix"):
            check_pattern(setting, getattr(self, setting), STREAM_PREFIX, meaning="a log stream prefix", example="app")
        check_range("slow_request_ms", self.slow_request_ms, 1, 3_600_000)
