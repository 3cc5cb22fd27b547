# Solidarity Hotline: production image (PostgreSQL + Redis configured through HOTLINE_*).
# Build: docker build -t solidarity-hotline .   Run: see README "Production".
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.lock ./
# Dependencies only, exactly the locked versions and hashes (scripts/lock writes the
# file): the app itself runs from /srv/hotline beside prompts/ and migrations/.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --require-hashes --no-deps -r requirements.lock

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH=/opt/venv/bin:$PATH \
    HOTLINE_ENV=production HOTLINE_QUEUE__BACKEND=redis \
    PROMETHEUS_MULTIPROC_DIR=/tmp/hotline-metrics
RUN useradd --create-home --uid 10001 hotline
WORKDIR /srv/hotline
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations ./migrations
COPY prompts ./prompts
COPY app ./app
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh
USER hotline
EXPOSE 8000
# Ready = database reachable and migrated to head, Redis reachable (urlopen raises on 503).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
