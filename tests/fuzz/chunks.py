"""Cutting a byte stream into chunks at arbitrary points, as a serial or TCP read does."""

from __future__ import annotations

import itertools


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    """``data`` cut at the points ``cuts`` (taken modulo its length; repeats ignored)."""
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points)]
