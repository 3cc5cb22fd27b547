"""Running it in production: metrics, readiness, structured logs."""
