"""Shared test set-up: offscreen Qt, and no test may touch the developer's real data."""

from __future__ import annotations

import os

# Before anything imports Qt: render without a display, on every machine alike.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A throwaway PostgreSQL server for the tests that run our models on it (tests/postgres.py).
from tests.postgres import pg_database, postgres_server  # noqa: F401
