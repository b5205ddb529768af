"""Prometheus metrics for __PACKAGE__.

Every metric is named ``__NAMESPACE___<name>``: proposals, repairs, tests, cache,
LLM calls, gate decisions and system info. Importing the module registers
them once on prometheus_client's default registry, so the usual names work::

    from __PACKAGE__.metrics import proposals_total, repair_duration, track_llm_call

    proposals_total.labels(intent="repair", action_type="edit_file").inc()
    with repair_duration.time():
        perform_repair()
    with track_llm_call("gpt-4o") as call:
        reply = client.complete(prompt)
        call.prompt_tokens, call.completion_tokens = reply.usage

For tests, or a second set of metrics in one process, build your own
:class:`Metrics` on a fresh :class:`~prometheus_client.CollectorRegistry`.
Serve them with ``__PACKAGE__.metrics_server``.
"""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, Info

logger = logging.getLogger(__name__)

#: Prefix of every metric name.
NAMESPACE = "__NAMESPACE__"

#: A repair session runs from seconds to an hour.
REPAIR_DURATION_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0)
#: Iterations of the repair loop per session.
REPAIR_ITERATIONS_BUCKETS = (1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 30.0, 50.0)
#: A test run from ten milliseconds (one unit test) to ten minutes (a suite).
TEST_DURATION_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)
#: An LLM answer from a cached hundred milliseconds to a two-minute completion.
LLM_LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)


def package_version() -> str:
    """Return the installed version of __PACKAGE__, or "unknown"."""
    try:
        return metadata.version("__PACKAGE__")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class LLMCall:
    """Token counts of one LLM call, filled in by the caller inside :meth:`Metrics.track_llm_call`."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class Metrics:
    """The full set of metrics, registered on one registry.

    Attribute names are the metric names without the namespace and, for
    histograms, without the unit (``repair_duration`` is
    ``__NAMESPACE___repair_duration_seconds``).
    """

    def __init__(self, registry: CollectorRegistry | None = None, namespace: str = NAMESPACE) -> None:
        """Create and register every metric on ``registry`` (default: the global one)."""
        self.registry = REGISTRY if registry is None else registry
        self.namespace = namespace
        reg = self.registry

        self.proposals_total = Counter(
            "proposals_total", "Proposals made, by intent and action type.",
            ["intent", "action_type"], namespace=namespace, registry=reg,
        )
        self.proposals_rejected_total = Counter(
            "proposals_rejected_total", "Proposals rejected, by rejection type and phase.",
            ["rejection_type", "phase"], namespace=namespace, registry=reg,
        )
        self.proposals_accepted_total = Counter(
            "proposals_accepted_total", "Proposals accepted, by intent and phase.",
            ["intent", "phase"], namespace=namespace, registry=reg,
        )

        self.repair_duration = Histogram(
            "repair_duration_seconds", "Duration of a repair session.",
            namespace=namespace, registry=reg, buckets=REPAIR_DURATION_BUCKETS,
        )
        self.repair_iterations = Histogram(
            "repair_iterations", "Iterations of the repair loop per session.",
            namespace=namespace, registry=reg, buckets=REPAIR_ITERATIONS_BUCKETS,
        )
        self.active_repairs = Gauge(
            "active_repairs", "Repair sessions running now.", namespace=namespace, registry=reg,
        )
        self.repair_outcomes_total = Counter(
            "repair_outcomes_total", "Finished repair sessions, by outcome (success, failure, timeout, error).",
            ["outcome"], namespace=namespace, registry=reg,
        )

        self.tests_run_total = Counter(
            "tests_run_total", "Tests run, by outcome (pass, fail, skip, error).",
            ["outcome"], namespace=namespace, registry=reg,
        )
        self.test_duration = Histogram(
            "test_duration_seconds", "Duration of a test run.",
            namespace=namespace, registry=reg, buckets=TEST_DURATION_BUCKETS,
        )
        self.test_failures_total = Counter(
            "test_failures_total", "Test failures, by test path.",
            ["test_path"], namespace=namespace, registry=reg,
        )

        self.cache_hits_total = Counter(
            "cache_hits_total", "Cache hits, by tier (memory, disk, semantic).",
            ["tier"], namespace=namespace, registry=reg,
        )
        self.cache_misses_total = Counter(
            "cache_misses_total", "Cache misses, by tier.", ["tier"], namespace=namespace, registry=reg,
        )
        self.cache_size_bytes = Gauge(
            "cache_size_bytes", "Cache size in bytes, by tier.", ["tier"], namespace=namespace, registry=reg,
        )

        self.llm_calls_total = Counter(
            "llm_calls_total", "LLM API calls, by model and status (success, error).",
            ["model", "status"], namespace=namespace, registry=reg,
        )
        self.llm_tokens_total = Counter(
            "llm_tokens_total", "LLM tokens, by model and token type (prompt, completion).",
            ["model", "token_type"], namespace=namespace, registry=reg,
        )
        self.llm_latency = Histogram(
            "llm_latency_seconds", "LLM response time, by model.",
            ["model"], namespace=namespace, registry=reg, buckets=LLM_LATENCY_BUCKETS,
        )
        self.llm_errors_total = Counter(
            "llm_errors_total", "LLM call errors, by model and error type.",
            ["model", "error_type"], namespace=namespace, registry=reg,
        )

        self.gate_validations_total = Counter(
            "gate_validations_total", "Gate validations, by result (pass, reject).",
            ["result"], namespace=namespace, registry=reg,
        )
        self.gate_rejections_total = Counter(
            "gate_rejections_total", "Gate rejections, by rejection type.",
            ["rejection_type"], namespace=namespace, registry=reg,
        )

        self.system_info = Info("system", "Version of the service and of Python.", namespace=namespace, registry=reg)
        self.set_system_info()

    def set_system_info(self, version: str | None = None, **extra: str) -> None:
        """Publish the version (default: the installed package's), Python's, and any ``extra`` labels."""
        labels = {"version": version or package_version(), "python_version": platform.python_version()}
        labels.update(extra)
        self.system_info.info(labels)

    def record_proposal(self, intent: str, action_type: str) -> None:
        """Count one proposal."""
        self.proposals_total.labels(intent=intent, action_type=action_type).inc()

    def record_proposal_accepted(self, intent: str, phase: str) -> None:
        """Count one accepted proposal."""
        self.proposals_accepted_total.labels(intent=intent, phase=phase).inc()

    def record_proposal_rejected(self, rejection_type: str, phase: str) -> None:
        """Count one rejected proposal."""
        self.proposals_rejected_total.labels(rejection_type=rejection_type, phase=phase).inc()

    @contextmanager
    def track_repair(self) -> Iterator[None]:
        """Time a repair session and count it as active while it runs.

        The outcome is "success" when the block ends normally, "timeout" for a
        :class:`TimeoutError` and "error" for any other exception (which
        propagates). Call :meth:`record_repair_outcome` yourself for finer ones.
        """
        self.active_repairs.inc()
        started = time.perf_counter()
        outcome = "success"
        try:
            yield
        except TimeoutError:
            outcome = "timeout"
            raise
        except BaseException:
            outcome = "error"
            raise
        finally:
            self.active_repairs.dec()
            self.repair_duration.observe(time.perf_counter() - started)
            self.repair_outcomes_total.labels(outcome=outcome).inc()

    def record_repair_iterations(self, iterations: int) -> None:
        """Record how many loop iterations one repair session took."""
        self.repair_iterations.observe(iterations)

    def record_repair_outcome(self, outcome: str) -> None:
        """Count one finished repair session with an explicit outcome."""
        self.repair_outcomes_total.labels(outcome=outcome).inc()

    def record_test_result(self, outcome: str, duration: float | None = None, test_path: str | None = None) -> None:
        """Count one test run; a "fail" or "error" with ``test_path`` also counts as a failure of that test."""
        self.tests_run_total.labels(outcome=outcome).inc()
        if duration is not None:
            self.test_duration.observe(duration)
        if test_path is not None and outcome in ("fail", "error"):
            self.test_failures_total.labels(test_path=test_path).inc()

    def record_cache_access(self, tier: str, hit: bool) -> None:
        """Count one cache lookup in ``tier`` as a hit or a miss."""
        counter = self.cache_hits_total if hit else self.cache_misses_total
        counter.labels(tier=tier).inc()

    def set_cache_size(self, tier: str, size_bytes: int) -> None:
        """Publish the current size of one cache tier."""
        self.cache_size_bytes.labels(tier=tier).set(size_bytes)

    @contextmanager
    def track_llm_call(self, model: str) -> Iterator[LLMCall]:
        """Time one LLM call and count it, its tokens and its errors.

        Set ``prompt_tokens`` and ``completion_tokens`` on the yielded object.
        An exception counts the call as an error (by exception class name)
        and propagates.
        """
        call = LLMCall()
        started = time.perf_counter()
        try:
            yield call
        except BaseException as exc:
            self.llm_calls_total.labels(model=model, status="error").inc()
            self.llm_errors_total.labels(model=model, error_type=type(exc).__name__).inc()
            raise
        else:
            self.llm_calls_total.labels(model=model, status="success").inc()
        finally:
            self.llm_latency.labels(model=model).observe(time.perf_counter() - started)
            if call.prompt_tokens:
                self.llm_tokens_total.labels(model=model, token_type="prompt").inc(call.prompt_tokens)
            if call.completion_tokens:
                self.llm_tokens_total.labels(model=model, token_type="completion").inc(call.completion_tokens)

    def record_gate_validation(self, passed: bool, rejection_type: str | None = None) -> None:
        """Count one gate decision; a rejection is also counted by its type."""
        self.gate_validations_total.labels(result="pass" if passed else "reject").inc()
        if not passed:
            self.gate_rejections_total.labels(rejection_type=rejection_type or "unspecified").inc()


@contextmanager
def timed(histogram: Histogram, **labels: str) -> Iterator[None]:
    """Observe the duration of the ``with`` block on ``histogram`` (with ``labels`` if it has any)."""
    target = histogram.labels(**labels) if labels else histogram
    started = time.perf_counter()
    try:
        yield
    finally:
        target.observe(time.perf_counter() - started)


#: The process-wide metrics, on prometheus_client's default registry.
METRICS = Metrics()

proposals_total = METRICS.proposals_total
proposals_rejected_total = METRICS.proposals_rejected_total
proposals_accepted_total = METRICS.proposals_accepted_total
repair_duration = METRICS.repair_duration
repair_iterations = METRICS.repair_iterations
active_repairs = METRICS.active_repairs
repair_outcomes_total = METRICS.repair_outcomes_total
tests_run_total = METRICS.tests_run_total
test_duration = METRICS.test_duration
test_failures_total = METRICS.test_failures_total
cache_hits_total = METRICS.cache_hits_total
cache_misses_total = METRICS.cache_misses_total
cache_size_bytes = METRICS.cache_size_bytes
llm_calls_total = METRICS.llm_calls_total
llm_tokens_total = METRICS.llm_tokens_total
llm_latency = METRICS.llm_latency
llm_errors_total = METRICS.llm_errors_total
gate_validations_total = METRICS.gate_validations_total
gate_rejections_total = METRICS.gate_rejections_total
system_info = METRICS.system_info

set_system_info = METRICS.set_system_info
record_proposal = METRICS.record_proposal
record_proposal_accepted = METRICS.record_proposal_accepted
record_proposal_rejected = METRICS.record_proposal_rejected
track_repair = METRICS.track_repair
record_repair_iterations = METRICS.record_repair_iterations
record_repair_outcome = METRICS.record_repair_outcome
record_test_result = METRICS.record_test_result
record_cache_access = METRICS.record_cache_access
set_cache_size = METRICS.set_cache_size
track_llm_call = METRICS.track_llm_call
record_gate_validation = METRICS.record_gate_validation

#: The metric names exposed on /metrics, as the Grafana dashboard queries them.
METRIC_NAMES = tuple(
    f"{NAMESPACE}_{name}"
    for name in (
        "proposals_total", "proposals_rejected_total", "proposals_accepted_total",
        "repair_duration_seconds", "repair_iterations", "active_repairs", "repair_outcomes_total",
        "tests_run_total", "test_duration_seconds", "test_failures_total",
        "cache_hits_total", "cache_misses_total", "cache_size_bytes",
        "llm_calls_total", "llm_tokens_total", "llm_latency_seconds", "llm_errors_total",
        "gate_validations_total", "gate_rejections_total", "system_info",
    )
)
