"""The sound bridge: every sound the kiosk makes goes through :class:`SoundBridge`.

``bridge.play(SoundKind.ADDED)`` records the request (:attr:`SoundBridge.history` and the
:attr:`SoundBridge.played` signal, so tests assert on what the shopper would hear) and,
when Qt Multimedia is installed, plays ``assets/sounds/<kind>.wav`` with a
:class:`QSoundEffect` (low latency, preloaded). PySide6-Essentials, the project's
dependency, does **not** ship QtMultimedia: without it the bridge records and logs only
(:attr:`SoundBridge.audible` is False), and the kiosk is silent. Installing the
``PySide6-Addons`` package makes it audible with no code change.

The sounds are made by ``tools/make_sounds.py``: ``added`` (rising chime), ``unknown``
(two falling notes), ``needs-person`` (three-note bell), ``error`` (two low pulses) and
``soft`` (a quiet tick for a scan that did not read well).
"""

from __future__ import annotations

import enum
import importlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

from kiosk.ui import ASSETS_DIR

__all__ = ["SOUND_DIR", "SoundBridge", "SoundKind", "multimedia_available"]

log = logging.getLogger("kiosk.ui.sound")

SOUND_DIR = ASSETS_DIR / "sounds"


class SoundKind(enum.StrEnum):
    """What a sound means; the value is the file name under ``assets/sounds``."""

    ADDED = "added"
    UNKNOWN = "unknown"
    NEEDS_PERSON = "needs-person"
    ERROR = "error"
    SOFT = "soft"

    @property
    def path(self) -> Path:
        return SOUND_DIR / f"{self.value}.wav"


def _load_multimedia() -> Any | None:
    try:
        return importlib.import_module("PySide6.QtMultimedia")
    except ImportError:
        return None


def multimedia_available() -> bool:
    """Whether Qt Multimedia (``QSoundEffect``) can be imported here."""
    return _load_multimedia() is not None


class SoundBridge(QObject):
    """Plays (when it can) and always records the sounds the kiosk is asked to make.

    ``volume`` is 0.0-1.0; ``muted`` keeps recording but plays nothing (a technician at
    the lane). ``audible=False`` forces the silent recorder even where Qt Multimedia
    exists (tests, screenshots).
    """

    played = Signal(object)
    """Emitted with the :class:`SoundKind` after every :meth:`play`, played or not."""

    def __init__(
        self,
        *,
        volume: float = 0.8,
        audible: bool = True,
        directory: Path = SOUND_DIR,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0.0 <= volume <= 1.0:
            raise ValueError(f"volume is 0.0-1.0, not {volume}")
        self.history: list[SoundKind] = []
        self.muted = False
        self._volume = volume
        self._effects: dict[SoundKind, Any] = {}
        multimedia = _load_multimedia() if audible else None
        if audible and multimedia is None:
            log.info("Qt Multimedia is not installed: sounds are recorded, not played")
        if multimedia is not None:
            for kind in SoundKind:
                path = directory / f"{kind.value}.wav"
                if not path.is_file():
                    raise FileNotFoundError(f"sound {path} is missing: run tools/make_sounds.py")
                effect = multimedia.QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(volume)
                self._effects[kind] = effect

    @property
    def audible(self) -> bool:
        """Whether sounds really come out of a speaker (Qt Multimedia present)."""
        return bool(self._effects)

    @property
    def volume(self) -> float:
        return self._volume

    def set_volume(self, volume: float) -> None:
        if not 0.0 <= volume <= 1.0:
            raise ValueError(f"volume is 0.0-1.0, not {volume}")
        self._volume = volume
        for effect in self._effects.values():
            effect.setVolume(volume)

    def play(self, kind: SoundKind | str) -> None:
        """Record ``kind`` and play it (a sound still playing is cut short and restarted)."""
        kind = SoundKind(kind)
        self.history.append(kind)
        effect = self._effects.get(kind)
        if effect is not None and not self.muted:
            effect.stop()
            effect.play()
        else:
            log.debug("sound %s (not played)", kind.value)
        self.played.emit(kind)

    def clear(self) -> None:
        self.history.clear()
