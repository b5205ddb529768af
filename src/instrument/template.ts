/**
 * The module `instrument --metrics` writes beside the scaffold's metrics.py
 * (as <package>/instrumentation.py): a counter and a histogram on the metrics
 * module's registry and namespace, and the `instrumented(name)` decorator
 * (sync and async) built on its `timed` helper. Kept here as text so that it
 * ships with the compiled code; __PACKAGE__ is the package's import name.
 */
export const INSTRUMENTATION_PY = `"""Call counts and durations of the functions "rfsn-upgrade instrument" wrapped.

Written by "rfsn-upgrade instrument --metrics"; it builds on __PACKAGE__.metrics
("rfsn-upgrade scaffold metrics"): its registry, its namespace and its timed()
helper. Each wrapped function counts its calls by outcome and observes its
duration, as <namespace>_function_calls_total{function, outcome} and
<namespace>_function_duration_seconds{function}.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, TypeVar

from prometheus_client import Counter, Histogram

from __PACKAGE__.metrics import METRICS, NAMESPACE, timed

F = TypeVar("F", bound=Callable[..., Any])

function_calls_total = Counter(
    "function_calls_total", "Calls of instrumented functions, by function and outcome (success, error).",
    ["function", "outcome"], namespace=NAMESPACE, registry=METRICS.registry,
)
function_duration = Histogram(
    "function_duration_seconds", "Duration of instrumented functions.",
    ["function"], namespace=NAMESPACE, registry=METRICS.registry,
)


def instrumented(name: str) -> Callable[[F], F]:
    """Count and time each call of the decorated function (sync or async) under name."""

    def decorate(func: F) -> F:
        """Wrap func."""
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                """Await the wrapped coroutine function, counted and timed."""
                with timed(function_duration, function=name):
                    try:
                        result = await func(*args, **kwargs)
                    except BaseException:
                        function_calls_total.labels(function=name, outcome="error").inc()
                        raise
                function_calls_total.labels(function=name, outcome="success").inc()
                return result

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            """Call the wrapped function, counted and timed."""
            with timed(function_duration, function=name):
                try:
                    result = func(*args, **kwargs)
                except BaseException:
                    function_calls_total.labels(function=name, outcome="error").inc()
                    raise
            function_calls_total.labels(function=name, outcome="success").inc()
            return result

        return wrapper  # type: ignore[return-value]

    return decorate
`;
