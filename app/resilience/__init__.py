"""Resilience: webhooks that answer while the database is unreachable (and the
writes replayed once it is back), retries with backoff, redials of unanswered
callbacks and confirmation calls."""
