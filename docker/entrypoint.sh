#!/bin/sh
# Migrations first, then the server. Extra arguments go to uvicorn (e.g. --workers 2).
set -e
python -m app.cli migrate
exec uvicorn --factory app.main:app_factory --host 0.0.0.0 --port 8000 --proxy-headers "$@"
