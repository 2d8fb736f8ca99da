"""A minimal listener list: the controller's observable events, Qt-free.

``signal.connect(callback)``; ``signal.emit(*args)`` calls every callback in the order
they were connected. A callback that raises is logged and does not stop the others or
the controller (a broken widget must not stop a sale).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

__all__ = ["Signal"]

_log = logging.getLogger("kiosk.lane")


class Signal:
    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception:
                _log.exception("a listener of %s failed", self.name)

    def __repr__(self) -> str:
        return f"Signal({self.name!r}, {len(self._callbacks)} listeners)"
