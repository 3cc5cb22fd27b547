"""Before a request goes to neighbours: one errand per number, auto or triage."""
