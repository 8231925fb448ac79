"""Start and stop moto's server on a free loopback port."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

REGION = "us-east-1"
UNVERIFIED = ssl._create_unverified_context()  # moto's self-signed certificate, on loopback only


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Emulator:
    url: str
    process: subprocess.Popen[bytes]

    def client(self, service: str, region: str = REGION) -> Any:
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            verify=False,  # moto's self-signed certificate
        )

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
        urllib.request.urlopen(request, timeout=10, context=UNVERIFIED)


@contextmanager
def running_emulator(startup_timeout_seconds: float = 60) -> Iterator[Emulator]:
    """moto on 127.0.0.1 and a free port, for the duration of the block; stopped (and its state gone) after.

    It serves HTTPS (a self-signed certificate) because our S3 bucket policies deny plain HTTP, and moto
    enforces them just as S3 does.
    """
    port = free_loopback_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port), "--ssl"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout_seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto exited with code {process.returncode} before answering on {url}")
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=2, context=UNVERIFIED)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"moto did not answer on {url} within {startup_timeout_seconds} s") from None
                time.sleep(0.2)
        yield Emulator(url=url, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
