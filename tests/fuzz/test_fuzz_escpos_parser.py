"""Fuzzing the ESC/POS simulator's parser: any byte stream, cut at any points, parses
without an exception, to the same operations and the same printer state however it was
chunked.

tests/drivers/test_escpos_sim_parser.py feeds random bytes cut once; here the streams are
also built from command headers with random parameters (raster images, QR codes, bar
codes, user characters, length fields), so the deep branches are reached, and cut many
times.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drivers.sim.escpos_parser import (
    MAX_DATA,
    EscposParser,
    Initialize,
    LineFeed,
    Op,
    Style,
    Text,
)
from tests.fuzz.budget import fuzz
from tests.fuzz.chunks import split

ESC, GS, FS, DLE = b"\x1b", b"\x1d", b"\x1c", b"\x10"
HEADERS = [
    ESC + b"@", ESC + b"!", ESC + b"E", ESC + b"-", ESC + b"a", ESC + b"t", ESC + b"d",
    ESC + b"J", ESC + b"D", ESC + b"*", ESC + b"&", ESC + b"(", ESC + b"{", ESC + b"M",
    ESC + b"i", ESC + b"K", GS + b"(k", GS + b"(L", GS + b"8L", GS + b"v0", GS + b"*",
    GS + b"k", GS + b"V", GS + b"!", GS + b"B", GS + b"I", GS + b"r", GS + b"g", GS + b"z",
    FS + b"(", FS + b"p", DLE + b"\x04", DLE + b"\x05", DLE + b"\x14", ESC, GS, FS, DLE,
    GS + b"(k\x03\x00\x311", GS + b"(k\x03\x00\x31Q0", GS + b"(L\x02\x00\x30\x32",
]  # fmt: skip

pieces = st.one_of(
    st.sampled_from(HEADERS).flatmap(lambda h: st.binary(max_size=12).map(lambda b: h + b)),
    st.text(max_size=20).map(lambda t: t.encode("utf-8")),
    st.binary(max_size=16),
    st.sampled_from([b"\n", b"\t", b"\r", b"\x00"]),
)
escpos_streams = st.one_of(st.binary(max_size=600), st.lists(pieces, max_size=30).map(b"".join))


def merged(ops: list[Op]) -> list[Op]:
    """Adjacent texts in the same style joined: where a chunk ended inside a run of text
    is not the printer's business."""
    out: list[Op] = []
    for op in ops:
        last = out[-1] if out else None
        if isinstance(op, Text) and isinstance(last, Text) and last.style == op.style:
            out[-1] = Text(last.text + op.text, op.style)
        elif not (isinstance(op, Text) and op.text == ""):
            out.append(op)
    return out


def state(parser: EscposParser) -> tuple[object, ...]:
    return (parser.style, parser.code_page, parser.encoding, parser.pending)


@fuzz(300)
@given(data=escpos_streams, cuts=st.lists(st.integers(min_value=0), max_size=40))
def test_any_stream_parses_the_same_however_it_is_chunked(data: bytes, cuts: list[int]) -> None:
    whole = EscposParser()
    expected = whole.feed(data)
    chunked = EscposParser()
    got: list[Op] = []
    for chunk in split(data, cuts):
        got += chunked.feed(chunk)
    assert merged(got) == merged(expected)
    assert state(chunked) == state(whole)
    # A command still waiting holds at most its header and a plausible data block.
    assert whole.pending <= min(len(data), 7 + MAX_DATA)


@fuzz(200)
@given(data=escpos_streams)
def test_after_any_stream_a_power_cycle_prints_normally(data: bytes) -> None:
    parser = EscposParser()
    parser.feed(data)
    parser.reset()
    assert parser.pending == 0
    assert parser.feed(b"\x1b@Total\n") == [Initialize(), Text("Total", Style()), LineFeed()]


@fuzz(30, deadline_ms=3000)
@given(header=st.sampled_from(HEADERS), filler=st.binary(min_size=1, max_size=1))
def test_a_flood_fed_byte_by_byte_stays_linear(header: bytes, filler: bytes) -> None:
    """A half command re-examined on every byte of a long flood must not make parsing
    quadratic: 20 KiB a byte at a time within the deadline."""
    parser = EscposParser()
    stream = header + filler * 20_000
    for i in range(len(stream)):
        parser.feed(stream[i : i + 1])
    assert parser.pending <= len(stream)
