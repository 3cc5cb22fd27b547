"""Coordinator dashboard: the live queue and read-only aggregations."""
