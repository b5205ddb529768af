"""Distributed tracing for __PACKAGE__ with OpenTelemetry, and a no-op fallback.

With ``opentelemetry-api`` and ``opentelemetry-sdk`` installed,
:func:`setup_tracing` installs a tracer provider that exports spans over OTLP
when an endpoint is configured (``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` or
``OTEL_EXPORTER_OTLP_ENDPOINT``, protocol from ``OTEL_EXPORTER_OTLP_PROTOCOL``)
and to the console otherwise; ``OTEL_TRACES_EXPORTER=none`` exports nothing and
``OTEL_SDK_DISABLED=true`` turns tracing off. The service name comes from
``OTEL_SERVICE_NAME`` (default: ``__PACKAGE__``).

Without OpenTelemetry the module still imports and everything works: tracers
and spans are no-ops and one :class:`RuntimeWarning` says so.

Usage::

    from __PACKAGE__.tracing import setup_tracing, span, traced

    setup_tracing()

    @traced()
    def repair(issue: str) -> bool:
        with span("run_tests", suite="unit"):
            ...
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

try:
    from opentelemetry import trace as otel_trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
except ImportError:
    otel_trace = None
    OTEL_AVAILABLE = False
else:
    OTEL_AVAILABLE = True

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

#: Name of the instrumentation scope and default service name.
SERVICE_NAME = "__PACKAGE__"

_MISSING_MESSAGE = (
    "OpenTelemetry is not installed: tracing is disabled (no-op tracer). "
    "Install opentelemetry-api, opentelemetry-sdk and an OTLP exporter to enable it."
)


class NoOpSpan:
    """A span that records nothing: the stand-in when tracing is off."""

    def set_attribute(self, key: str, value: Any) -> None:
        """Ignore an attribute."""

    def set_attributes(self, attributes: Mapping[str, Any]) -> None:
        """Ignore attributes."""

    def add_event(self, name: str, attributes: Mapping[str, Any] | None = None) -> None:
        """Ignore an event."""

    def record_exception(self, exception: BaseException, attributes: Mapping[str, Any] | None = None) -> None:
        """Ignore an exception."""

    def set_status(self, status: Any, description: str | None = None) -> None:
        """Ignore a status."""

    def update_name(self, name: str) -> None:
        """Ignore a new name."""

    def is_recording(self) -> bool:
        """Return False: nothing is recorded."""
        return False

    def end(self, end_time: int | None = None) -> None:
        """Do nothing."""

    def __enter__(self) -> NoOpSpan:
        """Enter the span's block."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Leave the span's block."""


_NOOP_SPAN = NoOpSpan()


class NoOpTracer:
    """A tracer with OpenTelemetry's interface whose spans record nothing."""

    @contextmanager
    def start_as_current_span(self, name: str, attributes: Mapping[str, Any] | None = None, **options: Any) -> Iterator[NoOpSpan]:
        """Yield a no-op span for the ``with`` block."""
        yield _NOOP_SPAN

    def start_span(self, name: str, attributes: Mapping[str, Any] | None = None, **options: Any) -> NoOpSpan:
        """Return a no-op span."""
        return _NOOP_SPAN


_state: dict[str, Any] = {"tracer": None, "provider": None, "warned": False}


def _warn_missing() -> None:
    """Warn, once per process, that OpenTelemetry is missing."""
    if not _state["warned"]:
        _state["warned"] = True
        warnings.warn(_MISSING_MESSAGE, RuntimeWarning, stacklevel=3)


def _otlp_exporter(endpoint: str | None) -> Any:
    """Return an OTLP span exporter for the configured protocol, or None if none is installed."""
    protocol = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
    modules = ["opentelemetry.exporter.otlp.proto.http.trace_exporter", "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"]
    if protocol == "grpc":
        modules.reverse()
    for module_name in modules:
        try:
            module = __import__(module_name, fromlist=["OTLPSpanExporter"])
        except ImportError:
            continue
        # without an explicit endpoint the exporter reads the standard variables itself
        return module.OTLPSpanExporter(endpoint=endpoint) if endpoint else module.OTLPSpanExporter()
    return None


def _default_exporter(endpoint: str | None) -> Any:
    """Pick the exporter: OTLP when an endpoint is configured and an exporter is installed, else the console."""
    choice = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if choice == "none":
        return None
    if choice != "console" and (
        endpoint or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    ):
        exporter = _otlp_exporter(endpoint)
        if exporter is not None:
            return exporter
        logger.warning("an OTLP endpoint is configured but no OTLP exporter is installed; spans go to the console")
    return ConsoleSpanExporter()


def setup_tracing(
    service_name: str | None = None,
    endpoint: str | None = None,
    exporter: Any = None,
    set_global: bool = True,
) -> Any:
    """Configure tracing for the process and return the tracer.

    ``exporter`` replaces the default choice (OTLP or console) and exports
    each span as it ends, which suits tests. With ``set_global`` the provider
    also becomes OpenTelemetry's global one, so libraries instrumented with
    OpenTelemetry report into the same traces.
    """
    if not OTEL_AVAILABLE:
        _warn_missing()
        _state["tracer"] = NoOpTracer()
        return _state["tracer"]
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        logger.info("OTEL_SDK_DISABLED=true: tracing is off")
        _state["tracer"] = NoOpTracer()
        return _state["tracer"]
    name = service_name or os.environ.get("OTEL_SERVICE_NAME") or SERVICE_NAME
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        chosen = _default_exporter(endpoint)
        if chosen is not None:
            provider.add_span_processor(BatchSpanProcessor(chosen))
    if set_global:
        otel_trace.set_tracer_provider(provider)
    _state["provider"] = provider
    _state["tracer"] = provider.get_tracer(SERVICE_NAME)
    return _state["tracer"]


def get_tracer() -> Any:
    """Return the configured tracer; before :func:`setup_tracing`, OpenTelemetry's global one (or a no-op)."""
    if _state["tracer"] is not None:
        return _state["tracer"]
    if not OTEL_AVAILABLE:
        _warn_missing()
        return NoOpTracer()
    return otel_trace.get_tracer(SERVICE_NAME)


def shutdown_tracing() -> None:
    """Flush and stop the provider set up by :func:`setup_tracing`, and forget the tracer."""
    provider = _state["provider"]
    _state["provider"] = None
    _state["tracer"] = None
    if provider is not None:
        provider.shutdown()


@contextmanager
def span(name: str, **attributes: Any) -> Iterator[Any]:
    """Run the ``with`` block in a new span with ``attributes``; exceptions are recorded on it."""
    with get_tracer().start_as_current_span(name, attributes=attributes or None) as current:
        yield current


def current_span() -> Any:
    """Return the active span (a no-op span when there is none or tracing is off)."""
    if not OTEL_AVAILABLE:
        return _NOOP_SPAN
    return otel_trace.get_current_span()


def add_span_attributes(**attributes: Any) -> None:
    """Set attributes on the active span."""
    target = current_span()
    for key, val in attributes.items():
        target.set_attribute(key, val)


def traced(name: str | Callable[..., Any] | None = None, attributes: Mapping[str, Any] | None = None) -> Callable[..., Any]:
    """Decorate a function (sync or async) so each call runs in a span.

    ``@traced``, ``@traced()`` and ``@traced("span name", attributes={...})``
    all work; the default span name is the function's qualified name.
    """
    if callable(name):
        return traced()(name)

    def decorate(func: F) -> F:
        """Wrap ``func`` in a span."""
        span_name = name or f"{func.__module__}.{func.__qualname__}"
        attrs = dict(attributes or {})

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                """Await the wrapped coroutine function inside a span."""
                with get_tracer().start_as_current_span(span_name, attributes=attrs or None):
                    return await func(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            """Call the wrapped function inside a span."""
            with get_tracer().start_as_current_span(span_name, attributes=attrs or None):
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
