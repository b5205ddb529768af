from prometheus_client import Counter

RUNS = Counter("runs", "Runs")
