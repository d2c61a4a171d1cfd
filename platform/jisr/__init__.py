"""The Jisr platform: Django project, Celery app, embedded default and CLI.

It lives in `platform/jisr/`: `platform/` is a source root, never a package,
so `import platform` always reaches the standard library.
"""

from jisr.celery import app as celery_app

__all__ = ["celery_app"]
