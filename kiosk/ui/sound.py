"""The sound bridge: every sound the kiosk makes goes through :class:`SoundBridge`.

``bridge.play(SoundKind.ADDED)`` records the request (:attr:`SoundBridge.history` and the
:attr:`SoundBridge.played` signal, so tests assert on what the shopper would hear) and
plays ``assets/sounds/<kind>.wav`` through the first way that works here:

1. a **player command** given in the configuration (``[sound] player = ["aplay", "-q"]``),
   started with the WAV file as its last argument;
2. **Qt Multimedia** (:class:`QSoundEffect`: low latency, preloaded) when it is installed.
   PySide6-Essentials, the project's dependency, does not ship it; ``PySide6-Addons`` does;
3. the first of ``pw-play`` (PipeWire), ``paplay`` (PulseAudio) or ``aplay`` (ALSA) found
   on ``PATH``, as a player command.

With none of them (or ``audible=False``: tests, screenshots) the bridge records and logs
only (:attr:`SoundBridge.audible` is False). A player command that cannot be started is
logged once and the bridge goes on silently; a sound of the same kind still playing is
cut short and restarted, as with Qt Multimedia.

The sounds are made by ``tools/make_sounds.py``: ``added`` (rising chime), ``unknown``
(two falling notes), ``needs-person`` (three-note bell), ``error`` (two low pulses) and
``soft`` (a quiet tick for a scan that did not read well).
"""

from __future__ import annotations

import enum
import importlib
import logging
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

from kiosk.ui import ASSETS_DIR

__all__ = [
    "PLAYER_COMMANDS",
    "SOUND_DIR",
    "SoundBridge",
    "SoundKind",
    "find_player",
    "multimedia_available",
]

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


PLAYER_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("pw-play",),
    ("paplay",),
    ("aplay", "-q"),
)
"""Players tried on ``PATH`` when Qt Multimedia is missing, in this order."""


def find_player() -> tuple[str, ...] | None:
    """The first of :data:`PLAYER_COMMANDS` installed here, or None."""
    for command in PLAYER_COMMANDS:
        if shutil.which(command[0]) is not None:
            return command
    return None


def _volume_options(command: Sequence[str], volume: float) -> list[str]:
    """The volume option of the players that have one (aplay has none)."""
    name = Path(command[0]).name
    if name == "pw-play":
        return [f"--volume={volume:.2f}"]
    if name == "paplay":
        return [f"--volume={round(volume * 65536)}"]
    return []


class _CommandPlayer:
    """Plays a WAV file by starting ``command + [file]``; one process per sound kind."""

    def __init__(self, command: Sequence[str], volume: float) -> None:
        self.command = tuple(command)
        self.volume = volume
        self.running: dict[SoundKind, subprocess.Popen[bytes]] = {}
        self.broken = False

    def play(self, kind: SoundKind, path: Path) -> bool:
        if self.broken:
            return False
        self.stop(kind)
        self._reap()
        argv = [*self.command, *_volume_options(self.command, self.volume), str(path)]
        try:
            self.running[kind] = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as error:
            self.broken = True
            log.warning("the sound player %s cannot start (%s): the lane is silent", argv[0], error)
            return False
        return True

    def stop(self, kind: SoundKind) -> None:
        process = self.running.pop(kind, None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _reap(self) -> None:
        for kind, process in list(self.running.items()):
            if process.poll() is not None:
                del self.running[kind]

    def close(self) -> None:
        for kind in list(self.running):
            self.stop(kind)


class SoundBridge(QObject):
    """Plays (when it can) and always records the sounds the kiosk is asked to make.

    ``volume`` is 0.0-1.0; ``muted`` keeps recording but plays nothing (a technician at
    the lane). ``audible=False`` forces the silent recorder (tests, screenshots).
    ``player``: a command to play with (see the module docstring); None picks Qt
    Multimedia or a player found on ``PATH``.
    """

    played = Signal(object)
    """Emitted with the :class:`SoundKind` after every :meth:`play`, played or not."""

    def __init__(
        self,
        *,
        volume: float = 0.8,
        audible: bool = True,
        player: Sequence[str] | None = None,
        directory: Path = SOUND_DIR,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0.0 <= volume <= 1.0:
            raise ValueError(f"volume is 0.0-1.0, not {volume}")
        self.history: list[SoundKind] = []
        self.muted = False
        self._volume = volume
        self._directory = directory
        self._effects: dict[SoundKind, Any] = {}
        self._command: _CommandPlayer | None = None
        if not audible:
            return
        for kind in SoundKind:
            path = directory / f"{kind.value}.wav"
            if not path.is_file():
                raise FileNotFoundError(f"sound {path} is missing: run tools/make_sounds.py")
        multimedia = _load_multimedia() if player is None else None
        if multimedia is not None:
            for kind in SoundKind:
                effect = multimedia.QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(directory / f"{kind.value}.wav")))
                effect.setVolume(volume)
                self._effects[kind] = effect
            log.info("sounds play through Qt Multimedia")
            return
        command = tuple(player) if player is not None else find_player()
        if command is None:
            log.info(
                "no way to play sounds (no Qt Multimedia, none of %s on PATH): sounds are "
                "recorded, not played",
                ", ".join(c[0] for c in PLAYER_COMMANDS),
            )
            return
        self._command = _CommandPlayer(command, volume)
        log.info("sounds play through %s", " ".join(command))

    @property
    def audible(self) -> bool:
        """Whether sounds really come out of a speaker (a way to play them was found)."""
        return bool(self._effects) or (self._command is not None and not self._command.broken)

    @property
    def player(self) -> str:
        """How sounds are played: ``"qt"``, the player command, or ``"none"``."""
        if self._effects:
            return "qt"
        if self._command is not None and not self._command.broken:
            return " ".join(self._command.command)
        return "none"

    @property
    def volume(self) -> float:
        return self._volume

    def set_volume(self, volume: float) -> None:
        if not 0.0 <= volume <= 1.0:
            raise ValueError(f"volume is 0.0-1.0, not {volume}")
        self._volume = volume
        for effect in self._effects.values():
            effect.setVolume(volume)
        if self._command is not None:
            self._command.volume = volume

    def play(self, kind: SoundKind | str) -> None:
        """Record ``kind`` and play it (a sound still playing is cut short and restarted)."""
        kind = SoundKind(kind)
        self.history.append(kind)
        effect = self._effects.get(kind)
        if self.muted:
            log.debug("sound %s (muted)", kind.value)
        elif effect is not None:
            effect.stop()
            effect.play()
        elif self._command is not None:
            self._command.play(kind, self._directory / f"{kind.value}.wav")
        else:
            log.debug("sound %s (not played)", kind.value)
        self.played.emit(kind)

    def clear(self) -> None:
        self.history.clear()

    def close(self) -> None:
        """Stop sounds still playing (the kiosk stops)."""
        for effect in self._effects.values():
            effect.stop()
        if self._command is not None:
            self._command.close()
