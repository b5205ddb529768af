"""Tests for __PACKAGE__.tracing: the no-op path always, the OpenTelemetry path where it is installed."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType

import pytest

from __PACKAGE__ import tracing as installed_tracing


@pytest.fixture()
def no_otel(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Import a fresh copy of the tracing module as if OpenTelemetry were not installed."""
    for name in list(sys.modules):
        if name == "opentelemetry" or name.startswith("opentelemetry."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "opentelemetry", None)
    monkeypatch.delitem(sys.modules, "__PACKAGE__.tracing", raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module = importlib.import_module("__PACKAGE__.tracing")
    yield module


def test_imports_without_opentelemetry(no_otel: ModuleType) -> None:
    """The module imports (without warning) when OpenTelemetry is missing."""
    assert no_otel.OTEL_AVAILABLE is False


def test_one_warning_then_silence(no_otel: ModuleType) -> None:
    """Setting up, getting tracers and tracing warn once in total."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tracer = no_otel.setup_tracing()
        no_otel.shutdown_tracing()
        no_otel.get_tracer()
        no_otel.get_tracer()
        with no_otel.span("work"):
            pass
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1
    assert "OpenTelemetry is not installed" in messages[0]
    assert isinstance(tracer, no_otel.NoOpTracer)


@pytest.mark.filterwarnings("ignore:OpenTelemetry is not installed")
def test_traced_function_without_opentelemetry(no_otel: ModuleType) -> None:
    """A traced function returns its value, keeps its name and raises its errors."""

    @no_otel.traced
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    @no_otel.traced("divide", attributes={"unit": "none"})
    def divide(a: int, b: int) -> float:
        """Divide two numbers."""
        return a / b

    assert add(2, 3) == 5
    assert add.__name__ == "add"
    assert add.__doc__ == "Add two numbers."
    assert divide(6, 3) == 2
    with pytest.raises(ZeroDivisionError):
        divide(1, 0)


@pytest.mark.filterwarnings("ignore:OpenTelemetry is not installed")
def test_traced_coroutine_without_opentelemetry(no_otel: ModuleType) -> None:
    """A traced coroutine function stays a coroutine function."""

    @no_otel.traced()
    async def fetch(x: int) -> int:
        """Pretend to fetch something."""
        await asyncio.sleep(0)
        return x * 2

    assert inspect.iscoroutinefunction(fetch)
    assert asyncio.run(fetch(21)) == 42


@pytest.mark.filterwarnings("ignore:OpenTelemetry is not installed")
def test_span_helpers_without_opentelemetry(no_otel: ModuleType) -> None:
    """span(), current_span() and add_span_attributes() accept the usual calls."""
    with no_otel.span("step", attempt=1) as current:
        current.set_attribute("k", "v")
        current.add_event("checkpoint", {"n": 1})
        no_otel.add_span_attributes(result="ok")
        assert current.is_recording() is False
    assert no_otel.current_span().is_recording() is False
    with pytest.raises(KeyError), no_otel.span("failing"):
        raise KeyError("x")


@pytest.fixture()
def otel_exporter() -> Iterator[object]:
    """Set up the real OpenTelemetry SDK with an in-memory exporter (skipped when it is not installed)."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    installed_tracing.setup_tracing(service_name="test-service", exporter=exporter, set_global=False)
    yield exporter
    installed_tracing.shutdown_tracing()


def test_opentelemetry_records_spans(otel_exporter: object) -> None:
    """With OpenTelemetry installed, traced calls and spans are exported with their attributes."""

    @installed_tracing.traced("outer", attributes={"component": "test"})
    def outer() -> str:
        """Open a nested span."""
        with installed_tracing.span("inner", step=2):
            installed_tracing.add_span_attributes(done=True)
        return "ok"

    assert outer() == "ok"
    spans = {s.name: s for s in otel_exporter.get_finished_spans()}  # type: ignore[attr-defined]
    assert set(spans) == {"outer", "inner"}
    assert spans["outer"].attributes["component"] == "test"
    assert spans["inner"].attributes["step"] == 2
    assert spans["inner"].attributes["done"] is True
    assert spans["inner"].parent.span_id == spans["outer"].context.span_id
    assert spans["outer"].resource.attributes["service.name"] == "test-service"


def test_opentelemetry_records_exceptions(otel_exporter: object) -> None:
    """An exception inside a traced call marks its span as an error."""
    from opentelemetry.trace import StatusCode

    @installed_tracing.traced()
    def fail() -> None:
        """Raise."""
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    (recorded,) = otel_exporter.get_finished_spans()  # type: ignore[attr-defined]
    assert recorded.status.status_code == StatusCode.ERROR
    assert recorded.events[0].name == "exception"
