"""Metrics of the controller: its own, not the scaffold's (no METRICS, NAMESPACE or timed)."""
from prometheus_client import Counter, Histogram

proposals_total = Counter("mini_proposals_total", "Proposals", ["intent", "action_type"])
repair_duration = Histogram("mini_repair_duration_seconds", "Repair time")


def record_proposal(intent: str, action_type: str) -> None:
    """Count one proposal."""
    proposals_total.labels(intent=intent, action_type=action_type).inc()
