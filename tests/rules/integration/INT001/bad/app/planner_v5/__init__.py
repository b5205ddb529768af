"""Planner v5, never wired in."""
from .engine import Engine
