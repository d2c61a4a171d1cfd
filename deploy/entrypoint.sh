#!/bin/sh
# The image's entry point: short names for the platform's processes, so that compose and the Helm chart say
# `worker` or `migrate` rather than repeating command lines. Anything else is run as given
# (`docker run jisr:tag python manage.py shell`). Every branch execs: the process is PID 1 and gets SIGTERM.
set -eu

case "${1:-web}" in
    web)
        exec gunicorn --config /app/deploy/gunicorn.conf.py jisr.wsgi
        ;;
    worker)
        # CELERY_CONCURRENCY: processes of this worker (the chart and compose set it). It consumes the default
        # queue (CELERY_TASK_DEFAULT_QUEUE in settings.py).
        exec celery -A jisr worker --loglevel "${LOG_LEVEL:-INFO}" --concurrency "${CELERY_CONCURRENCY:-2}"
        ;;
    beat)
        # One beat only, ever (the schedule lives in the database: django_celery_beat's DatabaseScheduler).
        exec celery -A jisr beat --loglevel "${LOG_LEVEL:-INFO}"
        ;;
    migrate)
        # The public schema, then every commune's schema, TENANT_MIGRATION_PROCESSES at a time
        # (settings.TENANT_MULTIPROCESSING_MAX_PROCESSES). Idempotent: a second run finds nothing to do.
        exec python manage.py migrate_schemas --executor multiprocessing --noinput
        ;;
    manage)
        shift
        exec python manage.py "$@"
        ;;
    *)
        exec "$@"
        ;;
esac
