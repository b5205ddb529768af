"""Mini controller."""
