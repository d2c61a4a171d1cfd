"""Arabic as Morocco writes it: the day first and a 24-hour clock (Django's Arabic says 12/07/2026 3:40 م).

The month names (ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر) come from our catalogue, see jisr.dates.
"""

from jisr.formats.moroccan import *  # noqa: F403
