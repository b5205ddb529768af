"""Tests for __PACKAGE__.metrics: names, labels, buckets and helpers, on private registries."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest

from __PACKAGE__ import metrics as module
from __PACKAGE__.metrics import METRIC_NAMES, NAMESPACE, Metrics, timed


@pytest.fixture()
def m() -> Metrics:
    """Return a fresh set of metrics on its own registry."""
    return Metrics(registry=CollectorRegistry())


def value(m: Metrics, name: str, **labels: str) -> float | None:
    """Read one sample of ``m`` by its full name (namespace included)."""
    return m.registry.get_sample_value(f"{NAMESPACE}_{name}", labels)


def exposed_names(registry: CollectorRegistry) -> set[str]:
    """Return the metric family names a registry exposes, as Prometheus sees them."""
    names = set()
    for family in registry.collect():
        names.add(f"{family.name}_total" if family.type == "counter" else family.name)
        if family.type == "info":
            names.add(f"{family.name}_info")
    return names


def test_every_planned_metric_is_exposed(m: Metrics) -> None:
    """All twenty metrics of the plan exist with the namespace prefix."""
    assert len(METRIC_NAMES) == 20
    assert all(name.startswith(f"{NAMESPACE}_") for name in METRIC_NAMES)
    assert set(METRIC_NAMES) <= exposed_names(m.registry)


def test_module_metrics_are_on_the_default_registry() -> None:
    """Importing the module registers the metrics once, on the global registry."""
    assert set(METRIC_NAMES) <= exposed_names(REGISTRY)
    module.proposals_total.labels(intent="repair", action_type="edit_file").inc()
    assert REGISTRY.get_sample_value(
        f"{NAMESPACE}_proposals_total", {"intent": "repair", "action_type": "edit_file"}
    ) is not None


def test_two_private_registries_do_not_collide() -> None:
    """Each Metrics on its own registry counts separately."""
    first, second = Metrics(registry=CollectorRegistry()), Metrics(registry=CollectorRegistry())
    first.record_proposal("repair", "edit_file")
    assert value(first, "proposals_total", intent="repair", action_type="edit_file") == 1
    assert value(second, "proposals_total", intent="repair", action_type="edit_file") is None


def test_proposal_helpers(m: Metrics) -> None:
    """Proposals, acceptances and rejections are counted with their labels."""
    m.record_proposal("repair", "edit_file")
    m.record_proposal("repair", "edit_file")
    m.record_proposal_accepted("repair", "verify")
    m.record_proposal_rejected("unsafe_path", "gate")
    assert value(m, "proposals_total", intent="repair", action_type="edit_file") == 2
    assert value(m, "proposals_accepted_total", intent="repair", phase="verify") == 1
    assert value(m, "proposals_rejected_total", rejection_type="unsafe_path", phase="gate") == 1


def test_track_repair_success_and_error(m: Metrics) -> None:
    """track_repair times the session, tracks it as active and records the outcome."""
    with m.track_repair():
        assert value(m, "active_repairs") == 1
    with pytest.raises(TimeoutError), m.track_repair():
        raise TimeoutError
    with pytest.raises(ValueError), m.track_repair():
        raise ValueError("bad patch")
    assert value(m, "active_repairs") == 0
    assert value(m, "repair_duration_seconds_count") == 3
    assert value(m, "repair_outcomes_total", outcome="success") == 1
    assert value(m, "repair_outcomes_total", outcome="timeout") == 1
    assert value(m, "repair_outcomes_total", outcome="error") == 1


def test_repair_duration_time_context(m: Metrics) -> None:
    """The histogram's own .time() works as in the plan's usage example."""
    with m.repair_duration.time():
        pass
    assert value(m, "repair_duration_seconds_count") == 1
    assert value(m, "repair_duration_seconds_bucket", le="3600.0") == 1


def test_repair_iterations_buckets(m: Metrics) -> None:
    """Iterations land in small integer buckets."""
    m.record_repair_iterations(3)
    assert value(m, "repair_iterations_bucket", le="2.0") == 0
    assert value(m, "repair_iterations_bucket", le="3.0") == 1
    assert value(m, "repair_iterations_sum") == 3


def test_test_results(m: Metrics) -> None:
    """Test outcomes, durations and failures by path are recorded."""
    m.record_test_result("pass", duration=0.02)
    m.record_test_result("fail", duration=1.5, test_path="tests/test_x.py::test_y")
    m.record_test_result("skip")
    assert value(m, "tests_run_total", outcome="pass") == 1
    assert value(m, "tests_run_total", outcome="fail") == 1
    assert value(m, "test_duration_seconds_count") == 2
    assert value(m, "test_failures_total", test_path="tests/test_x.py::test_y") == 1


def test_cache_helpers(m: Metrics) -> None:
    """Cache hits, misses and size are tracked per tier."""
    m.record_cache_access("memory", hit=True)
    m.record_cache_access("disk", hit=False)
    m.set_cache_size("disk", 4096)
    assert value(m, "cache_hits_total", tier="memory") == 1
    assert value(m, "cache_misses_total", tier="disk") == 1
    assert value(m, "cache_size_bytes", tier="disk") == 4096


def test_track_llm_call_success(m: Metrics) -> None:
    """A successful call counts the call, its tokens and its latency."""
    with m.track_llm_call("gpt-4o") as call:
        call.prompt_tokens = 120
        call.completion_tokens = 30
    assert value(m, "llm_calls_total", model="gpt-4o", status="success") == 1
    assert value(m, "llm_tokens_total", model="gpt-4o", token_type="prompt") == 120
    assert value(m, "llm_tokens_total", model="gpt-4o", token_type="completion") == 30
    assert value(m, "llm_latency_seconds_count", model="gpt-4o") == 1


def test_track_llm_call_error(m: Metrics) -> None:
    """A failing call is counted as an error by exception type and re-raised."""
    with pytest.raises(ConnectionError), m.track_llm_call("local"):
        raise ConnectionError("refused")
    assert value(m, "llm_calls_total", model="local", status="error") == 1
    assert value(m, "llm_errors_total", model="local", error_type="ConnectionError") == 1
    assert value(m, "llm_latency_seconds_count", model="local") == 1


def test_gate_helpers(m: Metrics) -> None:
    """Gate validations are counted by result, rejections by type."""
    m.record_gate_validation(True)
    m.record_gate_validation(False, "forbidden_import")
    assert value(m, "gate_validations_total", result="pass") == 1
    assert value(m, "gate_validations_total", result="reject") == 1
    assert value(m, "gate_rejections_total", rejection_type="forbidden_import") == 1


def test_system_info(m: Metrics) -> None:
    """System info carries the version and Python's version."""
    m.set_system_info("1.2.3", planner="v5")
    text = generate_latest(m.registry).decode()
    assert f'{NAMESPACE}_system_info{{' in text
    assert 'version="1.2.3"' in text
    assert 'planner="v5"' in text
    assert "python_version=" in text


def test_timed_helper(m: Metrics) -> None:
    """timed() observes a block's duration on any histogram, with labels."""
    with timed(m.llm_latency, model="m1"):
        pass
    with timed(m.test_duration):
        pass
    assert value(m, "llm_latency_seconds_count", model="m1") == 1
    assert value(m, "test_duration_seconds_count") == 1


def test_custom_namespace() -> None:
    """A Metrics built with another namespace uses it as the prefix."""
    other = Metrics(registry=CollectorRegistry(), namespace="other")
    other.record_cache_access("memory", hit=True)
    assert other.registry.get_sample_value("other_cache_hits_total", {"tier": "memory"}) == 1
