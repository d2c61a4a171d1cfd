"""gunicorn's settings in the container image (deploy/Dockerfile's CMD).

Read by gunicorn itself; the numbers come from the environment so that compose and the chart size the
process to its container: WEB_CONCURRENCY worker processes (gunicorn's own variable), GUNICORN_THREADS threads
each. A thread holds a database connection for DATABASE_CONN_MAX_AGE seconds: processes x threads x replicas
must stay below PostgreSQL's max_connections.
"""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# The heartbeat files of the workers: /dev/shm is memory, and the root filesystem is read-only in the chart.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a tmpfs on purpose, not a shared temporary folder
# Slow pages (a large register's dry run) get a minute; PDFs and imports run in the Celery worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after a while: each database connection caches the catalog of every schema it visited,
# which grows with thousands of communes (settings.py, DATABASE_CONN_MAX_AGE); the jitter keeps them from
# restarting together.
max_requests = 5000
max_requests_jitter = 500
# Only the reverse proxy (Caddy, the ingress controller) reaches this port; it sets X-Forwarded-Proto. The
# client's address is read by the platform itself, from X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies.
forwarded_allow_ips = "*"
accesslog = "-"
errorlog = "-"
