"""What every ops command shares: AWS clients, exit codes, errors, output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

ClientFactory = Callable[[str], Any]
"""Makes a boto3 client for a service name (`"ecs"`, `"logs"`); tests pass one bound to the emulator."""

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 124
"""As `timeout(1)`: the wait ran out; the task or deployment may still finish."""
EXIT_NOT_STARTED = 125
"""As `docker run`: the command itself failed, the container never gave an exit code."""


class OpsError(Exception):
    """A failure the command reports in one message (with its fix) and an exit code, without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def boto3_clients(region: str | None) -> ClientFactory:
    """Clients from boto3's default credential chain; `region` None means boto3's own default (AWS_REGION, ...)."""
    import boto3

    session = boto3.session.Session(region_name=region)

    def client(service: str) -> Any:
        return session.client(service)

    return client


def say(message: str) -> None:
    """Progress and results go to stdout, unbuffered, so CI logs show them as they happen."""
    print(message, flush=True)


def append_step_summary(markdown: str, path: str | None) -> None:
    """Append to GitHub Actions' job summary (the file $GITHUB_STEP_SUMMARY names); nothing outside Actions."""
    if path:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(markdown + "\n")


def warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
