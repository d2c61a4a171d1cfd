"""English for Moroccan offices: the day first and a 24-hour clock (Django's English says 12/07/2026 for
7 December and 3:40 p.m.)."""

from jisr.formats.moroccan import *  # noqa: F403

# Figures as English readers write them.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
