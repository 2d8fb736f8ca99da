"""The sounds (made by tools/make_sounds.py) and the sound bridge."""

from __future__ import annotations

import os
import stat
import sys
import wave
from pathlib import Path

import pytest

from kiosk.ui.sound import (
    SOUND_DIR,
    SoundBridge,
    SoundKind,
    find_player,
    multimedia_available,
)

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
    assert bridge.audible is (multimedia_available() or find_player() is not None)
    bridge.play(SoundKind.SOFT)
    assert bridge.history == [SoundKind.SOFT]
    bridge.close()


# -- playing through a player command (a real process: a script that logs what it plays) --

PLAYER = """#!{python}
import signal, sys
log = {log!r}
def stopped(*_):
    with open(log, "a") as f:
        f.write("stopped " + sys.argv[-1] + "\\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, stopped)
with open(log, "a") as f:
    f.write(" ".join(sys.argv[1:]) + "\\n")
if {hold!r}:
    signal.pause()  # a long sound: plays until the bridge cuts it short
"""


def _player(folder: Path, name: str = "player", *, hold: bool = False) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}.log"
    log.touch()
    script = folder / name
    script.write_text(PLAYER.format(python=sys.executable, log=str(log), hold=hold))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines()


def test_a_player_command_plays_the_wav_of_each_kind(qtbot, tmp_path) -> None:
    script, log = _player(tmp_path)
    bridge = SoundBridge(player=[str(script), "-q"])
    assert bridge.audible and bridge.player == f"{script} -q"
    bridge.play(SoundKind.ADDED)
    qtbot.waitUntil(lambda: len(_lines(log)) == 1)
    assert _lines(log) == [f"-q {SoundKind.ADDED.path}"]
    bridge.muted = True
    bridge.play(SoundKind.ERROR)  # recorded, not played
    bridge.muted = False
    bridge.play(SoundKind.NEEDS_PERSON)
    qtbot.waitUntil(lambda: len(_lines(log)) == 2)
    assert _lines(log)[1] == f"-q {SoundKind.NEEDS_PERSON.path}"
    assert bridge.history == [SoundKind.ADDED, SoundKind.ERROR, SoundKind.NEEDS_PERSON]
    bridge.close()


def test_a_sound_still_playing_is_cut_short_and_restarted(qtbot, tmp_path) -> None:
    script, log = _player(tmp_path, hold=True)
    bridge = SoundBridge(player=[str(script)])
    bridge.play(SoundKind.NEEDS_PERSON)
    qtbot.waitUntil(lambda: len(_lines(log)) == 1)
    bridge.play(SoundKind.NEEDS_PERSON)
    qtbot.waitUntil(lambda: len(_lines(log)) == 3)
    path = str(SoundKind.NEEDS_PERSON.path)
    assert _lines(log) == [path, f"stopped {path}", path]
    bridge.close()  # stops the one still playing
    qtbot.waitUntil(lambda: len(_lines(log)) == 4)
    assert _lines(log)[3] == f"stopped {path}"


def test_players_with_a_volume_option_get_the_volume(qtbot, tmp_path) -> None:
    script, log = _player(tmp_path, name="pw-play")
    bridge = SoundBridge(player=[str(script)], volume=0.5)
    bridge.play(SoundKind.SOFT)
    qtbot.waitUntil(lambda: len(_lines(log)) == 1)
    assert _lines(log) == [f"--volume=0.50 {SoundKind.SOFT.path}"]
    bridge.close()


def test_a_player_that_cannot_start_leaves_the_lane_silent_not_broken(
    qtbot, tmp_path, caplog
) -> None:
    bridge = SoundBridge(player=[str(tmp_path / "no-such-player")])
    assert bridge.audible
    with qtbot.waitSignal(bridge.played):
        bridge.play(SoundKind.ADDED)
    assert not bridge.audible and bridge.player == "none"
    assert "cannot start" in caplog.text
    bridge.play(SoundKind.ADDED)  # no second attempt, no error
    assert bridge.history == [SoundKind.ADDED, SoundKind.ADDED]


def test_a_player_is_found_on_path(tmp_path, monkeypatch) -> None:
    _player(tmp_path, name="aplay")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_player() == ("aplay", "-q")
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert find_player() is None
    assert os.environ["PATH"] == str(empty)
