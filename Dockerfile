# The SEG Portal image: one image for the web (gunicorn), the Celery worker and Celery beat.
# docker-compose.yml chooses the command; settings come from the environment (README.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango (and its fonts) at run time; gettext compiles the French catalogues;
# curl serves the container healthcheck.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
        gettext curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Build-time only: a throwaway key so that settings load with DEBUG=0; the real one comes from .env.
RUN DEBUG=0 SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0000 \
        python manage.py compilemessages --ignore=.venv --verbosity 0 \
    && DEBUG=0 SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0000 \
        python manage.py collectstatic --no-input --verbosity 0

RUN useradd --system --uid 1000 --home-dir /app --shell /usr/sbin/nologin seg \
    && mkdir -p /app/media \
    && chown -R seg:seg /app/media
USER seg

ENV DEBUG=0 \
    MEDIA_ROOT=/app/media

EXPOSE 8000

CMD ["gunicorn", "seg_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
