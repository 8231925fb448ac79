"""moto, in this process, on two free loopback ports, with the patches in `rehearsal/moto_patches.py`.

    with running_emulator() as emulator:
        emulator.client("s3").list_buckets()          # emulator.url: what Terraform and the tests use

moto's `ThreadedMotoServer` serves plain HTTP only, and our state bucket's policy denies requests that do not come
over TLS. So the emulator answers on two ports from the same in-process moto backends:

- `url`: requests are taken as received over HTTPS by a TLS-terminating proxy in front of moto (the WSGI
  `url_scheme` is `https`, as werkzeug's ProxyFix sets it from `X-Forwarded-Proto`). The provider, the S3 backend
  and the tests use it: a TLS-only bucket policy allows them, as S3 allows HTTPS requests.
- `plain_url`: plain HTTP: the same TLS-only policy refuses requests here (403), as S3 refuses plain HTTP.

Both depend on the `s3-secure-transport` patch (moto never sets `aws:SecureTransport` otherwise). Real TLS is left
out on purpose: werkzeug's development server closes the connection after every response and performs each TLS
handshake on its one accepting thread, which doubled request times here and starved clients on a busy machine.
"""

from __future__ import annotations

import logging
import os
import ssl
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from rehearsal.moto_patches import MOTO_SETTINGS, Patch, installed

REGION = "us-east-1"
UNVERIFIED = ssl._create_unverified_context()
"""For callers that open `url` with urllib and an https emulator in mind; unused on plain HTTP."""


@dataclass
class Emulator:
    url: str
    """Requests here count as HTTPS (see the module docstring): what the provider and the S3 backend use."""
    plain_url: str
    """Plain HTTP, same backends: to prove that the TLS-only bucket policy refuses it."""
    patches: list[Patch] = field(default_factory=list)
    """The moto patches in force (empty when started with `patched=False`)."""

    _clients: dict[tuple[str, str, bool], Any] = field(default_factory=dict, repr=False)
    _clients_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def client(self, service: str, region: str = REGION, *, plain_http: bool = False) -> Any:
        """A boto3 client of the emulator, made once per service and kept (boto3 clients are thread-safe; making
        one costs tens of milliseconds of CPU, which the emulator in this same process needs more)."""
        import boto3

        key = (service, region, plain_http)
        with self._clients_lock:
            if key not in self._clients:
                self._clients[key] = boto3.client(
                    service,
                    endpoint_url=self.plain_url if plain_http else self.url,
                    region_name=region,
                    aws_access_key_id="test",
                    aws_secret_access_key="test",
                )
            return self._clients[key]

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
        urllib.request.urlopen(request, timeout=10)


def _servers() -> tuple[Any, Any]:
    """moto's ThreadedMotoServer twice, on free loopback ports: behind a (virtual) TLS-terminating proxy, and plain."""
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    class TlsTerminatedMotoServer(ThreadedMotoServer):
        """`ThreadedMotoServer._server_entry` of moto 5.2.5, with every request's WSGI `url_scheme` set to https."""

        def _server_entry(self) -> None:
            moto_app = DomainDispatcherApplication(create_backend_app)

            def app(environ: dict[str, Any], start_response: Any) -> Any:
                environ["wsgi.url_scheme"] = "https"
                return moto_app(environ, start_response)

            self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
            self._server_ready_event.set()
            self._server.serve_forever()

    # Port 0: the operating system picks a free port at bind time, so two emulators never race for one.
    return TlsTerminatedMotoServer("127.0.0.1", 0, verbose=False), ThreadedMotoServer("127.0.0.1", 0, verbose=False)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _quiet_request_log() -> Iterator[None]:
    """werkzeug logs every request to stderr; keep its errors only."""
    logger = logging.getLogger("werkzeug")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def running_emulator(*, patched: bool = True) -> Iterator[Emulator]:
    """moto on 127.0.0.1 for the duration of the block, its gaps patched (see `rehearsal/moto_patches.py`);
    stopped, its state reset and the patches removed after."""
    with ExitStack() as stack:
        stack.enter_context(_environment(MOTO_SETTINGS))
        stack.enter_context(_quiet_request_log())
        patches = stack.enter_context(installed()) if patched else []
        stack.callback(_reset_backends)
        secure, plain = _servers()
        for server in (secure, plain):
            server.start()
            stack.callback(server.stop)
        host, port = secure.get_host_and_port()
        plain_host, plain_port = plain.get_host_and_port()
        yield Emulator(url=f"http://{host}:{port}", plain_url=f"http://{plain_host}:{plain_port}", patches=patches)


def _reset_backends() -> None:
    """Forget every emulated resource: the backends live in this process and would outlive the servers."""
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()
