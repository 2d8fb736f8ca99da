"""Fuzzing the scanner framing: any byte stream, under every framer configuration, split
at any points, with half frames and garbage floods.

tests/drivers/test_scanner_framing.py checks chunking over a small alphabet with the
default encoding; here the bytes are the full range, the encodings and prefixes vary, and
the checks are the contract a reading thread relies on: no exception, bounded memory,
the same frames whatever the chunking, nothing corrupt delivered as a scan, and a good
scan read again after the reader gives up on a half frame.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.scanner import TERMINATORS, FrameError, Scan, ScanFramer
from drivers.scanner.framing import FrameResult
from tests.fuzz.budget import fuzz
from tests.fuzz.chunks import split

PREFIXES = [b"", b"\x02", b"#", b"\x02\x02", b"AB"]
ENCODINGS = ["latin-1", "utf-8", "ascii", "cp437"]


@st.composite
def framers(draw: st.DrawFn) -> dict[str, object]:
    terminator = draw(st.sampled_from(sorted(TERMINATORS.values())))
    reserved = set(terminator) | ({0x0A} if terminator == b"\r" else set())
    prefix = draw(st.sampled_from([p for p in PREFIXES if not set(p) & reserved]))
    return {
        "terminator": terminator,
        "prefix": prefix,
        "max_length": draw(st.integers(len(prefix) + 1, 64)),  # the prefix counts
        "encoding": draw(st.sampled_from(ENCODINGS)),
    }


@st.composite
def streams(draw: st.DrawFn, config: dict[str, object]) -> bytes:
    """Anything: random bytes, framing bytes, scans, half scans and floods mixed."""
    term, prefix = config["terminator"], config["prefix"]
    assert isinstance(term, bytes) and isinstance(prefix, bytes)
    piece = st.one_of(
        st.binary(max_size=20),
        st.sampled_from([term, prefix, b"\r", b"\n", b"\x1d", b"\xff", b"]E0", b"\xc3\xa9"]),
        st.text(max_size=12).map(lambda t: prefix + t.encode("utf-8") + term),
        st.binary(min_size=1, max_size=3).map(lambda b: b * 40),  # a flood
    )
    return b"".join(draw(st.lists(piece, max_size=16)))


@fuzz(300)
@given(data=st.data(), cuts=st.lists(st.integers(min_value=0), max_size=30))
def test_any_stream_frames_the_same_and_never_delivers_noise(
    data: st.DataObject, cuts: list[int]
) -> None:
    config = data.draw(framers())
    stream = data.draw(streams(config))
    whole = ScanFramer(**config)  # type: ignore[arg-type]
    expected = whole.feed(stream)
    chunked = ScanFramer(**config)  # type: ignore[arg-type]
    got: list[FrameResult] = []
    limit = chunked.max_length + len(chunked.terminator) - 1
    for chunk in split(stream, cuts):
        got += chunked.feed(chunk)
        assert chunked.pending <= limit  # a flood without terminator is never hoarded
    assert got == expected
    assert (chunked.frames, chunked.rejected, chunked.pending) == (
        whole.frames,
        whole.rejected,
        whole.pending,
    )
    assert chunked.frames == sum(isinstance(r, Scan) for r in got)
    assert chunked.rejected == sum(isinstance(r, FrameError) for r in got)
    for result in got:
        if isinstance(result, FrameError):
            assert len(result.raw) <= chunked.max_length
            continue
        assert result.data
        assert all(ch == "\x1d" or unicodedata.category(ch) != "Cc" for ch in result.data)
        sent = chunked.prefix + ((result.aim_id or "") + result.data).encode(chunked.encoding)
        assert sent + chunked.terminator in stream
        assert len(sent) <= chunked.max_length


@fuzz(300)
@given(data=st.data())
def test_after_any_garbage_a_dropped_half_frame_costs_no_further_scan(
    data: st.DataObject,
) -> None:
    """What a reader does when the line goes quiet mid-frame (drop_partial): whatever came
    before, including a flood or an OVERLONG still being discarded, the next scan is read."""
    config = data.draw(framers())
    assert_recovers(config, data.draw(streams(config)))


@pytest.mark.parametrize(
    ("config", "garbage"),
    [
        # an OVERLONG flood cut inside a CRLF terminator, and one cut after CR (skip LF)
        ({"terminator": b"\r\n", "max_length": 4}, b"x" * 50 + b"\r"),
        ({"terminator": b"\r", "max_length": 4}, b"x" * 50 + b"\r"),
        ({"terminator": b"\x03", "prefix": b"\x02"}, b"\x02\x02\x02" + b"\xff" * 600),
    ],
)
def test_recovery_after_known_awkward_garbage(config: dict[str, object], garbage: bytes) -> None:
    assert_recovers(config, garbage)


def assert_recovers(config: dict[str, object], garbage: bytes) -> None:
    framer = ScanFramer(**config)  # type: ignore[arg-type]
    framer.feed(garbage)
    framer.drop_partial()
    assert framer.pending == 0
    digits = b"8710398526434"[: framer.max_length - len(framer.prefix)]
    got = framer.feed(framer.prefix + digits + framer.terminator)
    assert got[-1:] == [Scan(digits.decode("ascii"))]


@pytest.mark.parametrize("terminator", [b"", b"\x1d", b"\r\x1d"])
def test_impossible_configurations_are_refused_with_value_error(terminator: bytes) -> None:
    with pytest.raises(ValueError, match="terminator"):
        ScanFramer(terminator=terminator)


@fuzz(100)
@given(
    terminator=st.binary(max_size=3),
    prefix=st.binary(max_size=3),
    max_length=st.integers(-2, 10),
    encoding=st.sampled_from([*ENCODINGS, "no-such-codec"]),
)
def test_any_configuration_builds_or_is_refused_clearly(
    terminator: bytes, prefix: bytes, max_length: int, encoding: str
) -> None:
    """The configuration file's values reach this constructor: a bad one must be a
    ValueError / LookupError the config loader can report, never a half-built framer."""
    try:
        framer = ScanFramer(
            terminator=terminator, prefix=prefix, max_length=max_length, encoding=encoding
        )
    except (ValueError, LookupError):
        return
    framer.feed(prefix + b"123" + terminator)
