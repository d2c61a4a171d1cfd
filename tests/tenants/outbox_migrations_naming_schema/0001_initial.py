"""The outbox's real first migration, reused: this package is the outbox's
migrations as they would be after a deploy that adds 0002."""

from importlib import import_module

Migration = import_module("jisr.outbox.migrations.0001_initial").Migration
