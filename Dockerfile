# Solidarity Hotline: production image (PostgreSQL + Redis configured through HOTLINE_*).
# Build: docker build -t solidarity-hotline .   Run: see README "Production".
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml ./
# Dependencies only: the app itself runs from /srv/hotline beside prompts/ and migrations/.
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -r requirements.txt

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH=/opt/venv/bin:$PATH \
    HOTLINE_ENV=production HOTLINE_QUEUE__BACKEND=redis
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
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
