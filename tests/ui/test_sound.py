"""The sounds (made by tools/make_sounds.py) and the sound bridge."""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import pytest

from kiosk.ui.sound import SOUND_DIR, SoundBridge, SoundKind, multimedia_available

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_sounds  # noqa: E402  (a script in tools/)


def test_the_committed_sounds_are_what_the_script_makes() -> None:
    made = make_sounds.made()
    assert set(made) == {f"{kind.value}.wav" for kind in SoundKind}
    for name, data in made.items():
        assert (SOUND_DIR / name).read_bytes() == data, f"{name}: run tools/make_sounds.py"
    assert make_sounds.made() == made  # deterministic


@pytest.mark.parametrize("kind", list(SoundKind))
def test_each_sound_is_short_mono_16_bit_and_not_clipped(kind: SoundKind) -> None:
    with wave.open(str(kind.path), "rb") as sound:
        assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
        assert sound.getframerate() == make_sounds.RATE
        seconds = sound.getnframes() / sound.getframerate()
        frames = sound.readframes(sound.getnframes())
    assert 0.04 < seconds < 1.0
    samples = memoryview(frames).cast("h")
    peak = max(abs(s) for s in samples)
    assert 1000 < peak <= 32767  # audible (the soft tick is quiet on purpose), never clipped
    assert abs(samples[0]) < 500 and abs(samples[-1]) < 500  # starts and ends without a click


def test_the_sounds_are_told_apart_by_length() -> None:
    lengths = {}
    for kind in SoundKind:
        with wave.open(str(kind.path), "rb") as sound:
            lengths[kind] = sound.getnframes()
    assert lengths[SoundKind.SOFT] < lengths[SoundKind.ADDED] < lengths[SoundKind.UNKNOWN]
    assert lengths[SoundKind.NEEDS_PERSON] == max(lengths.values())


def test_the_bridge_records_every_request_without_an_audio_device(qtbot) -> None:
    bridge = SoundBridge(audible=False)
    assert not bridge.audible
    with qtbot.waitSignal(bridge.played) as played:
        bridge.play(SoundKind.ADDED)
    assert played.args == [SoundKind.ADDED]
    bridge.play("needs-person")
    bridge.muted = True
    bridge.play(SoundKind.ERROR)
    assert bridge.history == [SoundKind.ADDED, SoundKind.NEEDS_PERSON, SoundKind.ERROR]
    with pytest.raises(ValueError, match="fanfare"):
        bridge.play("fanfare")
    bridge.clear()
    assert bridge.history == []
    with pytest.raises(ValueError, match="volume"):
        bridge.set_volume(1.5)


def test_the_bridge_says_whether_it_can_play(qtbot) -> None:
    bridge = SoundBridge()
    assert bridge.audible is multimedia_available()
    bridge.play(SoundKind.SOFT)
    assert bridge.history == [SoundKind.SOFT]
