"""French as Morocco writes it: the day first and a 24-hour clock (Django's French already does; stated here
so that every staff language is set in one place)."""

from jisr.formats.moroccan import *  # noqa: F403
