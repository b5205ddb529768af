"""Call the instrumented functions; print the metrics and spans they produced as JSON."""
import asyncio
import json

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY

from shop import tracing
from shop.metrics import NAMESPACE

exporter = InMemorySpanExporter()
tracing.setup_tracing(exporter=exporter, set_global=False)

from shop import orders  # noqa: E402

out = {"total": orders.total([1, 2, 3]), "fetch": asyncio.run(orders.fetch(7))}
try:
    asyncio.run(orders.fetch(-1))
except ValueError as exc:
    out["fetch_error"] = str(exc)
cart = orders.Cart()
out["add"] = cart.add("apple")
out["empty"] = type(orders.Cart.empty()).__name__
out["is_coroutine_function"] = asyncio.iscoroutinefunction(orders.fetch)
out["name_kept"] = orders.total.__name__


def sample(name, **labels):
    return REGISTRY.get_sample_value(f"{NAMESPACE}_{name}", labels)


out["calls"] = {
    fn: {o: sample("function_calls_total", function=f"shop.orders.{fn}", outcome=o) for o in ("success", "error")}
    for fn in ("total", "fetch", "Cart.add", "Cart.empty")
}
out["duration_count"] = sample("function_duration_seconds_count", function="shop.orders.fetch")
out["spans"] = sorted(s.name for s in exporter.get_finished_spans())
out["error_span_status"] = [s.status.status_code.name for s in exporter.get_finished_spans() if s.name == "shop.orders.fetch"]
print(json.dumps(out, sort_keys=True))
