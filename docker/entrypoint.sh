#!/bin/sh
# Migrations first, then the server. Extra arguments go to uvicorn (e.g. --workers 2).
set -e
# Metrics of workers of an earlier run would add up with ours: start from empty.
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  rm -rf "$PROMETHEUS_MULTIPROC_DIR"
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi
python -m app.cli migrate
exec uvicorn --factory app.main:app_factory --host 0.0.0.0 --port 8000 --proxy-headers "$@"
