"""Tests for __PACKAGE__.metrics_server: a real server on a free loopback port, scraped over HTTP."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from __PACKAGE__.metrics import METRIC_NAMES, NAMESPACE, Metrics
from __PACKAGE__.metrics_server import MetricsServer, make_asgi_app, make_wsgi_app, start_metrics_server

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def fetch(url: str, accept: str | None = None) -> tuple[int, str, str]:
    """GET a URL; return status, content type and body, also for error statuses."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode()


@pytest.fixture(scope="module")
def server() -> Iterator[MetricsServer]:
    """Serve the default metrics on a free loopback port for this module's tests."""
    with start_metrics_server(0, host="127.0.0.1") as running:
        yield running


def test_metrics_endpoint_serves_every_metric(server: MetricsServer) -> None:
    """/metrics answers in the Prometheus text format with all generated metrics."""
    status, content_type, body = fetch(f"{server.url}/metrics")
    assert status == 200
    assert content_type.startswith("text/plain")
    assert "version=0.0.4" in content_type
    for name in METRIC_NAMES:
        assert f"# TYPE {name} " in body, name
    assert f"{NAMESPACE}_system_info{{" in body


def test_metrics_endpoint_shows_new_samples(server: MetricsServer) -> None:
    """A counter incremented in the process shows up at the next scrape."""
    from __PACKAGE__ import metrics

    metrics.record_cache_access("semantic", hit=True)
    _, _, body = fetch(f"{server.url}/metrics")
    assert f'{NAMESPACE}_cache_hits_total{{tier="semantic"}}' in body


def test_openmetrics_when_asked(server: MetricsServer) -> None:
    """A scraper that accepts OpenMetrics gets it."""
    status, content_type, body = fetch(f"{server.url}/metrics", accept="application/openmetrics-text; version=1.0.0")
    assert status == 200
    assert content_type.startswith("application/openmetrics-text")
    assert body.rstrip().endswith("# EOF")


def test_health_endpoint(server: MetricsServer) -> None:
    """/health answers JSON with status ok and the uptime."""
    status, content_type, body = fetch(f"{server.url}/health")
    assert status == 200
    assert content_type == "application/json"
    data = json.loads(body)
    assert data["status"] == "ok"
    assert data["uptime_seconds"] >= 0


def test_unknown_path_is_404(server: MetricsServer) -> None:
    """Other paths answer 404."""
    status, _, _ = fetch(f"{server.url}/nope")
    assert status == 404


def test_failing_health_check_gives_503() -> None:
    """A failing or crashing health check turns /health into a 503 that names it."""

    def broken() -> bool:
        """Crash like a database check that cannot connect."""
        raise ConnectionError("no database")

    checks = {"cache": lambda: False, "database": broken, "disk": lambda: True}
    with start_metrics_server(0, host="127.0.0.1", health_checks=checks) as running:
        status, _, body = fetch(f"{running.url}/health")
    assert status == 503
    data = json.loads(body)
    assert data["status"] == "failing"
    assert data["checks"] == {"cache": "failing", "database": "error: ConnectionError", "disk": "ok"}


def test_private_registry_is_served() -> None:
    """The server can serve a registry of its own instead of the default one."""
    private = Metrics(registry=CollectorRegistry(), namespace="isolated_test")
    private.record_proposal("repair", "edit_file")
    with start_metrics_server(0, host="127.0.0.1", registry=private.registry) as running:
        _, _, body = fetch(f"{running.url}/metrics")
    assert 'isolated_test_proposals_total{action_type="edit_file",intent="repair"} 1.0' in body
    assert f"{NAMESPACE}_proposals_total" not in body


def test_stop_releases_the_port() -> None:
    """After stop() nothing listens on the port any more."""
    running = start_metrics_server(0, host="127.0.0.1")
    port = running.port
    running.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_wsgi_app_directly() -> None:
    """The WSGI app factory works without any server."""
    app = make_wsgi_app()
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        """Record what the app answered."""
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": "/metrics"}, start_response))
    assert captured["status"] == "200 OK"
    assert f"# TYPE {NAMESPACE}_llm_calls_total counter".encode() in body


def test_asgi_app_directly() -> None:
    """The ASGI app factory answers /metrics and /health over the ASGI protocol."""
    app = make_asgi_app()

    async def call(path: str) -> list[dict[str, Any]]:
        """Run one request through the app and collect what it sends."""
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            """Deliver an empty request body."""
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            """Collect one message."""
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept", b"text/plain")]}
        await app(scope, receive, send)
        return sent

    metrics_messages = asyncio.run(call("/metrics"))
    assert metrics_messages[0]["status"] == 200
    assert f"# TYPE {NAMESPACE}_active_repairs gauge".encode() in metrics_messages[1]["body"]
    health_messages = asyncio.run(call("/health"))
    assert json.loads(health_messages[1]["body"])["status"] == "ok"


def test_module_entry_point_serves() -> None:
    """`python -m __PACKAGE__.metrics_server --port 0` serves on the port it logs, until stopped."""
    # the server process imports what this one does (the package, wherever pytest found it)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    # port 0: the server binds a free port itself (a port chosen here could be taken before it binds)
    process = subprocess.Popen(
        [sys.executable, "-m", "__PACKAGE__.metrics_server", "--port", "0", "--host", "127.0.0.1"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr or ()], daemon=True).start()
    try:
        deadline = time.monotonic() + 15
        seen: list[str] = []
        url = None
        while url is None:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"server did not start: {''.join(seen)}") from None
            seen.append(line)
            found = re.search(r"serving metrics on (http://127\.0\.0\.1:\d+)/metrics", line)
            url = found.group(1) if found else None
        status, _, body = fetch(f"{url}/health")
        assert status == 200
        assert json.loads(body)["status"] == "ok"
        _, _, text = fetch(f"{url}/metrics")
        assert f"{NAMESPACE}_repair_duration_seconds_bucket" in text
    finally:
        process.terminate()
        process.wait(timeout=10)
