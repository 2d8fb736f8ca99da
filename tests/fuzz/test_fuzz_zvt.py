"""Fuzzing the ZVT decoders: whatever a terminal (or a broken line) sends, the driver gets
APDUs, BMPs and TLVs or a ``ZvtProtocolError``, never another exception.

The round trips of well-formed data are in tests/drivers/test_zvt_protocol.py; here the
input is arbitrary or corrupted bytes, cut anywhere, and nested deeper than any terminal
would (a ``RecursionError`` there would escape every ``except ZvtProtocolError``).
"""

from __future__ import annotations

import contextlib
import logging

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from drivers.payment import zvt
from drivers.payment.zvt_protocol import (
    BMPS,
    MAX_TLV_DEPTH,
    Apdu,
    ApduReader,
    BmpFormat,
    Tlv,
    ZvtProtocolError,
    decode_bmps,
    decode_masked_pan,
    decode_tlvs,
    encode_bmps,
    encode_tlv_length,
    encode_tlvs,
    llvar,
)
from tests.fuzz.budget import fuzz
from tests.fuzz.chunks import split

_log = logging.getLogger("tests.fuzz.zvt")

# The classes a terminal's messages start with (as the driver's reader is set up).
PT_CLASSES = (0x80, 0x84, 0x04, 0x06)


def nested_tlv(depth: int, leaf: bytes = b"") -> bytes:
    """``depth`` constructed TLVs (tag 0x21), each holding the next: a deep container."""
    data = leaf
    for _ in range(depth):
        data = b"\x21" + encode_tlv_length(len(data)) + data
    return data


# Found by this fuzzing: TLV containers nested about a thousand deep (4 KiB, well within one
# APDU) made decode_tlvs recurse into RecursionError; now refused at MAX_TLV_DEPTH as a
# ZvtProtocolError.
DEEP_TLV = nested_tlv(2000)
DEEP_BMP06 = b"\x06" + encode_tlv_length(len(DEEP_TLV)) + DEEP_TLV


# -- strategies: arbitrary bytes, and bytes shaped like ZVT then corrupted ----------------

tlv_tags = st.sampled_from([0x07, 0x1F07, 0x1F16, 0x41, 0x01, 0xDF8101])  # primitive
tlv_trees: st.SearchStrategy[list[Tlv]] = st.recursive(
    st.lists(st.builds(Tlv, tlv_tags, st.binary(max_size=40)), max_size=3),
    lambda inner: st.lists(
        st.one_of(
            st.builds(Tlv, tlv_tags, st.binary(max_size=20)),
            st.builds(Tlv, st.sampled_from([0x24, 0x25, 0x21, 0x3F01]), inner.map(tuple)),
        ),
        max_size=3,
    ),
    max_leaves=12,
)


@st.composite
def bmp_field(draw: st.DrawFn) -> bytes:
    tag = draw(st.sampled_from(sorted(BMPS)))
    spec = BMPS[tag]
    if spec.format is BmpFormat.TLV:
        raw = encode_tlvs(draw(tlv_trees))
        return bytes([tag]) + encode_tlv_length(len(raw)) + raw
    if spec.format is BmpFormat.FIXED:
        return bytes([tag]) + draw(st.binary(min_size=spec.size, max_size=spec.size))
    digits = 2 if spec.format is BmpFormat.LLVAR else 3
    return bytes([tag]) + llvar(draw(st.binary(max_size=60)), digits)


@st.composite
def corrupted(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """``base`` with a few bytes replaced, inserted or cut off."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["flip", "insert", "truncate"]))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        else:
            del data[at:]
    return bytes(data)


bmp_streams = st.lists(bmp_field(), max_size=8).map(b"".join)
bmp_like = st.one_of(st.binary(max_size=400), bmp_streams, corrupted(bmp_streams))
tlv_like = st.one_of(
    st.binary(max_size=400),
    tlv_trees.map(encode_tlvs),
    corrupted(tlv_trees.map(encode_tlvs)),
    st.integers(0, 3000).map(nested_tlv),
)


# -- APDU framing --------------------------------------------------------------------------


@fuzz(300)
@given(data=st.binary(max_size=1200), cuts=st.lists(st.integers(min_value=0), max_size=20))
@example(data=b"\x80\x00\xff\xff\xff", cuts=[4])  # an extended length, all but cut off
def test_any_bytes_cut_anywhere_give_the_same_apdus(data: bytes, cuts: list[int]) -> None:
    whole = ApduReader()
    expected = whole.feed(data)
    chunked = ApduReader()
    got: list[Apdu] = []
    for chunk in split(data, cuts):
        got += chunked.feed(chunk)
    assert got == expected
    assert chunked.pending == whole.pending
    assert (got, whole.pending) == oracle_apdus(data)


def oracle_apdus(stream: bytes) -> tuple[list[Apdu], int]:
    """The APDUs in ``stream`` and the bytes left over, read straight from the spec's
    framing (``cls instr len data``, ``len`` ``FF lo hi`` for the extended form)."""
    found: list[Apdu] = []
    at = 0
    while len(stream) - at >= 3:
        size, header = stream[at + 2], 3
        if size == 0xFF:
            if len(stream) - at < 5:
                break
            size, header = stream[at + 3] | stream[at + 4] << 8, 5
        if len(stream) - at < header + size:
            break
        found.append(Apdu(stream[at], stream[at + 1], stream[at + header : at + header + size]))
        at += header + size
    return found, len(stream) - at


@fuzz(300)
@given(data=st.binary(max_size=600), cuts=st.lists(st.integers(min_value=0), max_size=10))
def test_a_reader_with_known_classes_refuses_or_frames_never_else(
    data: bytes, cuts: list[int]
) -> None:
    reader = ApduReader(PT_CLASSES)
    for chunk in split(data, cuts):
        try:
            for apdu in reader.feed(chunk):
                assert apdu.cls in PT_CLASSES
                assert apdu.name  # the log name is always printable, never the data
        except ZvtProtocolError:
            assert reader.pending == 0  # the stream cannot be resynchronised: dropped
            return


# -- BMP and TLV decoding ------------------------------------------------------------------


@fuzz(400)
@given(tlv_like)
@example(DEEP_TLV)
@example(b"\x1f")  # a long tag cut off after its first byte
@example(b"\x21\x83\x00\x00\x00")  # a three-byte length form
def test_tlvs_decode_or_refuse_and_re_encode_the_same(data: bytes) -> None:
    try:
        items = decode_tlvs(data)
    except ZvtProtocolError:
        return
    assert decode_tlvs(encode_tlvs(items)) == items


@fuzz(400)
@given(bmp_like)
@example(DEEP_BMP06)
@example(b"\x22\xf0")  # an LLVAR length cut off
@example(b"\x06\x82\x00")  # a TLV container's length cut off
def test_bmps_decode_or_refuse_and_re_encode_the_same(data: bytes) -> None:
    try:
        fields = decode_bmps(data)
    except ZvtProtocolError:
        return
    for bmp in fields:
        assert bmp.tag in BMPS
        assert (bmp.tlv != ()) <= (BMPS[bmp.tag].format is BmpFormat.TLV)
    assert decode_bmps(encode_bmps((b.tag, b.value) for b in fields)) == fields


@fuzz(200)
@given(st.binary(max_size=20))
def test_masked_card_numbers_decode_or_refuse(data: bytes) -> None:
    try:
        pan = decode_masked_pan(data)
    except ZvtProtocolError:
        return
    assert set(pan) <= set("0123456789*")


def test_deep_nesting_is_refused_as_a_protocol_error_not_a_crash() -> None:
    assert decode_tlvs(nested_tlv(MAX_TLV_DEPTH, b"\x07\x01x"))  # as deep as allowed: fine
    with pytest.raises(ZvtProtocolError, match="nested deeper"):
        decode_tlvs(nested_tlv(MAX_TLV_DEPTH + 1, b"\x07\x01x"))
    with pytest.raises(ZvtProtocolError, match="nested deeper"):
        decode_bmps(DEEP_BMP06)


# -- the driver's readers of the terminal's messages ---------------------------------------


@pytest.mark.parametrize("encoding", ["cp437", "utf-8"])
@fuzz(150)
@given(data=st.one_of(bmp_like, st.binary(max_size=3).map(lambda b: b + DEEP_BMP06)))
@example(data=b"\x17\x05" + DEEP_BMP06)  # intermediate status with a deep display text
def test_the_drivers_message_readers_refuse_only_with_protocol_errors(
    encoding: str, data: bytes
) -> None:
    """The driver catches ``ZvtProtocolError`` around these (zvt.py); anything else would
    end the connection thread mid-payment."""
    readers = [
        lambda: zvt._parse_intermediate(data, encoding),
        lambda: zvt._parse_record(data, encoding, _log),
        lambda: zvt._parse_text_block(data, encoding),
        lambda: zvt._parse_completion(data, encoding),
    ]
    for read in readers:
        with contextlib.suppress(ZvtProtocolError):
            read()
