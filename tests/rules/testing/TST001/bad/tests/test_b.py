"""b is tested by name only."""
