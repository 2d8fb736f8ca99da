"""Make the kiosk's sounds: ``python tools/make_sounds.py`` writes ``assets/sounds/*.wav``.

Each sound is synthesised here from sine tones with a short attack and an exponential
decay (no samples from anywhere else), as 16-bit mono PCM at 22 050 Hz. The output is
deterministic: the same script gives the same bytes, and ``tests/ui/test_sound.py``
fails when a committed file differs from what this script makes.

* ``added``: a short rising two-note chime (an item went into the cart).
* ``unknown``: two falling notes (the scan was read but nothing was added).
* ``needs-person``: a three-note "ding-dong-ding" (a staff member is needed).
* ``error``: two low pulses (something went wrong).
* ``soft``: one quiet short tick (a scan that did not read well: try again).

Options: ``--output DIR`` (default ``assets/sounds``), ``--check`` (write nothing; exit 1
and name the files that differ).
"""

from __future__ import annotations

import argparse
import io
import math
import struct
import sys
import wave
from pathlib import Path

__all__ = ["RATE", "SOUNDS", "Note", "render", "wav_bytes"]

RATE = 22_050
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "assets" / "sounds"

Note = tuple[float, float, float, float]
"""(start seconds, frequency Hz, length seconds, loudness 0-1)."""

SOUNDS: dict[str, list[Note]] = {
    "added": [(0.000, 1046.5, 0.09, 0.45), (0.060, 1568.0, 0.14, 0.40)],
    "unknown": [(0.000, 659.3, 0.16, 0.45), (0.150, 440.0, 0.24, 0.45)],
    "needs-person": [
        (0.000, 987.8, 0.30, 0.45),
        (0.220, 784.0, 0.30, 0.45),
        (0.440, 987.8, 0.42, 0.45),
    ],
    "error": [(0.000, 233.1, 0.16, 0.55), (0.220, 233.1, 0.22, 0.55)],
    "soft": [(0.000, 1318.5, 0.05, 0.18)],
}
"""The notes of each sound."""

ATTACK = 0.005
"""Seconds of fade-in, so a note starts without a click."""


def render(notes: list[Note], rate: int = RATE) -> list[int]:
    """The 16-bit samples of ``notes`` mixed (each with two soft overtones)."""
    length = max(start + duration for start, _, duration, _ in notes) + 0.01
    mix = [0.0] * int(length * rate)
    for start, frequency, duration, loudness in notes:
        first = int(start * rate)
        count = int(duration * rate)
        for i in range(count):
            t = i / rate
            envelope = min(1.0, t / ATTACK) * math.exp(-5.0 * t / duration)
            tail = min(1.0, (count - i) / (ATTACK * rate))  # fade out the last 5 ms
            phase = 2 * math.pi * frequency * t
            tone = math.sin(phase) + 0.3 * math.sin(2 * phase) + 0.1 * math.sin(3 * phase)
            mix[first + i] += loudness * envelope * tail * tone / 1.4
    peak = max(1.0, max(abs(v) for v in mix))  # never clip
    return [round(32767 * v / peak) for v in mix]


def wav_bytes(samples: list[int], rate: int = RATE) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()


def made() -> dict[str, bytes]:
    """File name -> bytes of every sound."""
    return {f"{name}.wav": wav_bytes(render(notes)) for name, notes in SOUNDS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    differ = []
    for name, data in made().items():
        path = args.output / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                differ.append(name)
            continue
        args.output.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")
    if differ:
        print(f"differ from tools/make_sounds.py: {', '.join(differ)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
