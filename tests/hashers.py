"""Argon2 with the cheapest parameters, for the tests only: the same algorithm and format as production's
(`argon2$...`), at a thousandth of the cost. Django's own parameters take about 0.12 s and 100 MB a hash, and
the suite signs in hundreds of accounts."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
