"""How hard the fuzz tests try: a sample in the suite, more with ``SELFSCAN_FUZZ=full``.

The deadline is per example and generous (the parsers take microseconds): it exists to
turn a hang or a quadratic blow-up into a failure with the input that caused it, not to
benchmark, so a busy 2-core CI machine does not make it flaky.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

FULL = os.environ.get("SELFSCAN_FUZZ", "").strip().lower() == "full"
"""True for the full run (``SELFSCAN_FUZZ=full``)."""

FULL_FACTOR = 25
"""How many times more examples the full run draws than the suite's sample."""


def fuzz(examples: int, *, deadline_ms: int = 1000) -> settings:
    """Settings for one fuzz property: ``examples`` in the suite, ``FULL_FACTOR`` times
    that in the full run, each example within ``deadline_ms``."""
    return settings(
        max_examples=examples * (FULL_FACTOR if FULL else 1),
        deadline=timedelta(milliseconds=deadline_ms),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
