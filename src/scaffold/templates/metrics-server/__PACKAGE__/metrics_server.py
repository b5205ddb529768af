"""HTTP endpoint for the __PACKAGE__ metrics: ``/metrics`` and ``/health``.

``/metrics`` serves the Prometheus text format (OpenMetrics when the scraper
asks for it); ``/health`` answers JSON with the status, the uptime and the
result of optional health checks (503 when one fails).

Run it standalone::

    python -m __PACKAGE__.metrics_server --port 9090

in a background thread of your own process::

    from __PACKAGE__.metrics_server import start_metrics_server

    server = start_metrics_server(9090)
    ...
    server.stop()

or mount the app in an existing web server: :func:`make_wsgi_app` (Flask,
gunicorn) and :func:`make_asgi_app` (FastAPI, Starlette, uvicorn). The server
listens on 127.0.0.1 unless told otherwise: pass ``host="0.0.0.0"`` (or
``--host 0.0.0.0``) for a Prometheus on another machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder

from __PACKAGE__ import metrics

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9090

HealthCheck = Callable[[], bool]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
ASGIApp = Callable[
    [dict[str, Any], Callable[[], Awaitable[dict[str, Any]]], Callable[[dict[str, Any]], Awaitable[None]]],
    Awaitable[None],
]

_STATUS_TEXT = {200: "200 OK", 404: "404 Not Found", 405: "405 Method Not Allowed", 503: "503 Service Unavailable"}


class _Responder:
    """Answers one request path; shared by the WSGI and the ASGI app."""

    def __init__(self, registry: CollectorRegistry | None, health_checks: Mapping[str, HealthCheck] | None) -> None:
        """Serve ``registry`` (default: the one of __PACKAGE__.metrics) and run ``health_checks`` on /health."""
        self.registry = metrics.METRICS.registry if registry is None else registry
        self.health_checks = dict(health_checks or {})
        self.started = time.monotonic()

    def respond(self, method: str, path: str, accept: str | None) -> tuple[int, str, bytes]:
        """Return status code, content type and body for one request."""
        if path not in ("/metrics", "/health", "/"):
            return 404, "text/plain; charset=utf-8", b"not found: try /metrics or /health\n"
        if method not in ("GET", "HEAD"):
            return 405, "text/plain; charset=utf-8", b"method not allowed\n"
        if path == "/metrics":
            encoder, content_type = choose_encoder(accept or "")
            return 200, content_type, encoder(self.registry)
        return self.health()

    def health(self) -> tuple[int, str, bytes]:
        """Run the health checks and report them as JSON."""
        checks: dict[str, str] = {}
        for name, check in self.health_checks.items():
            try:
                checks[name] = "ok" if check() else "failing"
            except Exception as exc:  # a crashing check is a failing check, not a crashing endpoint
                logger.warning("health check %s raised %r", name, exc)
                checks[name] = f"error: {type(exc).__name__}"
        healthy = all(state == "ok" for state in checks.values())
        body = {
            "status": "ok" if healthy else "failing",
            "uptime_seconds": round(time.monotonic() - self.started, 3),
            "checks": checks,
        }
        return (200 if healthy else 503), "application/json", json.dumps(body).encode()


def make_wsgi_app(
    registry: CollectorRegistry | None = None,
    health_checks: Mapping[str, HealthCheck] | None = None,
) -> WSGIApp:
    """Return a WSGI application serving /metrics and /health."""
    responder = _Responder(registry, health_checks)

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one WSGI request."""
        method = environ.get("REQUEST_METHOD", "GET")
        status, content_type, body = responder.respond(method, environ.get("PATH_INFO", "/"), environ.get("HTTP_ACCEPT"))
        start_response(_STATUS_TEXT[status], [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [b"" if method == "HEAD" else body]

    return app


def make_asgi_app(
    registry: CollectorRegistry | None = None,
    health_checks: Mapping[str, HealthCheck] | None = None,
) -> ASGIApp:
    """Return an ASGI application serving /metrics and /health (no web framework needed)."""
    responder = _Responder(registry, health_checks)

    async def app(
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[dict[str, Any]]],
        send: Callable[[dict[str, Any]], Awaitable[None]],
    ) -> None:
        """Answer one ASGI HTTP request, and the lifespan protocol."""
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        accept = None
        for key, val in scope.get("headers", []):
            if key.lower() == b"accept":
                accept = val.decode("latin-1")
        method = scope.get("method", "GET")
        status, content_type, body = responder.respond(method, scope.get("path", "/"), accept)
        await send({
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())],
        })
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})

    return app


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """A WSGI server that answers each request in its own thread."""

    daemon_threads = True


class _LoggingHandler(WSGIRequestHandler):
    """Request handler that logs through ``logging`` instead of writing to stderr."""

    def log_message(self, fmt: str, *args: Any) -> None:
        """Log one request line at DEBUG level."""
        logger.debug(fmt, *args)


class MetricsServer:
    """A running metrics HTTP server; :meth:`stop` shuts it down."""

    def __init__(self, server: WSGIServer, thread: threading.Thread | None) -> None:
        """Wrap a bound server and the thread serving it (None when blocking)."""
        self._server = server
        self._thread = thread
        self.host, self.port = server.server_address[:2]

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:9090."""
        return f"http://{self.host}:{self.port}"

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` or Ctrl-C."""
        try:
            self._server.serve_forever()
        except KeyboardInterrupt:
            logger.info("metrics server interrupted")
        finally:
            self._server.server_close()

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._server.server_close()
            self._thread = None

    def __enter__(self) -> MetricsServer:
        """Use the server as a context manager that stops it on exit."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the server."""
        self.stop()


def start_metrics_server(
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    background: bool = True,
    registry: CollectorRegistry | None = None,
    health_checks: Mapping[str, HealthCheck] | None = None,
) -> MetricsServer:
    """Serve /metrics and /health on ``host:port`` (port 0 picks a free port).

    With ``background=True`` (the default) the server runs in a daemon thread
    and the call returns at once; otherwise it blocks until interrupted.
    """
    app = make_wsgi_app(registry, health_checks)
    server = make_server(host, port, app, server_class=_ThreadingWSGIServer, handler_class=_LoggingHandler)
    if not background:
        running = MetricsServer(server, None)
        logger.info("serving metrics on %s/metrics", running.url)
        running.serve_forever()
        return running
    # a short poll interval lets stop() return quickly; the idle cost is one select() per 0.1 s
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="metrics-server", daemon=True)
    running = MetricsServer(server, thread)
    thread.start()
    logger.info("serving metrics on %s/metrics", running.url)
    return running


def main(argv: Sequence[str] | None = None) -> int:
    """Run the metrics server from the command line; return the exit status."""
    # a server has nothing to dry-run and its machine-readable output is /metrics itself
    parser = argparse.ArgumentParser(  # noqa: CLI001
        prog="python -m __PACKAGE__.metrics_server", description="Serve the __PACKAGE__ metrics over HTTP."
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    parser.add_argument("--version", action="version", version=metrics.package_version())
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    start_metrics_server(args.port, args.host, background=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
