"""Test support: service probes, database fixtures, the simulator harness."""
