"""drivers.printer.status: DLE EOT 1-4 answers decoded after Epson's bit layout."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.device import DeviceState, FaultReason
from drivers.printer.status import (
    RECOVER_CLEAR_BUFFERS,
    RECOVER_RESTART,
    STATUS_QUERIES,
    PaperState,
    StatusByteError,
    decode_status,
    status_query,
)

FINE = 0x12  # bits 1 and 4 set: the fixed pattern and nothing else


def status(b1: int = FINE, b2: int = FINE, b3: int = FINE, b4: int = FINE):
    return decode_status(bytes((b1, b2, b3, b4)))


def test_the_queries_are_dle_eot_and_dle_enq() -> None:
    assert STATUS_QUERIES == b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"
    assert RECOVER_RESTART == b"\x10\x05\x01"
    assert RECOVER_CLEAR_BUFFERS == b"\x10\x05\x02"
    with pytest.raises(ValueError, match="1 to 4"):
        status_query(5)


def test_all_fine() -> None:
    decoded = status()
    assert decoded.online and decoded.can_print
    assert decoded.paper is PaperState.OK
    assert decoded.fault() == (DeviceState.ONLINE, None, "ready")
    assert not decoded.needs_recovery
    assert decoded.raw == b"\x12\x12\x12\x12"


@pytest.mark.parametrize(
    ("raw", "state", "reason"),
    [
        # paper end: offline (EOT1 bit 3), stopped by paper end (EOT2 bit 5), sensors (EOT4)
        ((0x1A, 0x32, FINE, 0x7E), DeviceState.ERROR, FaultReason.PAPER_OUT),
        # the roll sensor alone says paper end: still out, even if the printer stays online
        ((FINE, FINE, FINE, 0x72), DeviceState.ERROR, FaultReason.PAPER_OUT),
        ((0x1A, 0x16, FINE, FINE), DeviceState.ERROR, FaultReason.COVER_OPEN),
        ((0x1A, 0x52, 0x1A, FINE), DeviceState.ERROR, FaultReason.CUTTER_ERROR),
        ((0x1A, 0x52, 0x32, FINE), DeviceState.ERROR, FaultReason.UNRECOVERABLE_ERROR),
        ((0x1A, 0x52, 0x52, FINE), DeviceState.ERROR, FaultReason.MECHANICAL_ERROR),
        ((0x1A, FINE, FINE, FINE), DeviceState.ERROR, FaultReason.DEVICE_OFFLINE),
        ((0x1A, 0x52, FINE, FINE), DeviceState.ERROR, FaultReason.OTHER),
        ((FINE, FINE, FINE, 0x1E), DeviceState.ONLINE, None),  # near end: still printing
    ],
)
def test_each_fault_maps_to_its_reason(raw: tuple[int, ...], state, reason) -> None:
    decoded = status(*raw)
    assert decoded.fault()[:2] == (state, reason)
    assert decoded.can_print is (state is DeviceState.ONLINE)


def test_near_end_is_reported_but_printable() -> None:
    decoded = status(b4=0x1E)
    assert decoded.paper is PaperState.NEAR_END
    assert decoded.fault()[2] == "paper near end"
    assert ("paper", "near end") in decoded.facts()


def test_the_worst_fault_wins() -> None:
    # cover open while out of paper with a jammed cutter: the cutter is named first
    decoded = status(0x1A, 0x76, 0x1A, 0x7E)
    assert decoded.cover_open and decoded.paper_out and decoded.cutter_error
    assert decoded.fault()[1] is FaultReason.CUTTER_ERROR
    assert status(0x1A, 0x36, FINE, 0x7E).fault()[1] is FaultReason.COVER_OPEN


def test_every_bit_is_read() -> None:
    decoded = status(0x12 | 0x04 | 0x20 | 0x40, 0x12 | 0x08, 0x12 | 0x04, FINE)
    assert decoded.drawer_pin3_high
    assert decoded.waiting_for_online_recovery
    assert decoded.feed_button_pressed
    assert decoded.paper_fed_by_button
    assert decoded.recoverable_error
    assert decoded.online


def test_recovery_is_wanted_only_for_a_cleared_recoverable_error() -> None:
    assert status(0x1A, 0x52, 0x1A, FINE).needs_recovery  # cutter jam, cover closed
    assert not status(0x1A, 0x56, 0x1A, FINE).needs_recovery  # cover still open
    assert not status(0x1A, 0x52, 0x3A, FINE).needs_recovery  # also unrecoverable
    assert status(0x1A, 0x52, 0x16, FINE).needs_recovery  # EOT3 bit 2: recoverable error


@pytest.mark.parametrize("bad", [0x00, 0x02, 0x10, 0x13, 0x92, 0xFF, 0x5F])
@pytest.mark.parametrize("position", [1, 2, 3, 4])
def test_a_byte_with_wrong_fixed_bits_is_a_protocol_error(bad: int, position: int) -> None:
    raw = [FINE] * 4
    raw[position - 1] = bad
    with pytest.raises(StatusByteError) as caught:
        decode_status(bytes(raw))
    assert caught.value.query == position
    assert caught.value.value == bad
    assert f"DLE EOT {position}" in str(caught.value)


@pytest.mark.parametrize("raw", [b"", b"\x12\x12\x12", b"\x12" * 5])
def test_four_bytes_or_nothing(raw: bytes) -> None:
    with pytest.raises(ValueError, match="4 status bytes"):
        decode_status(raw)


@given(st.binary(min_size=4, max_size=4))
def test_decoding_accepts_exactly_the_bytes_with_the_fixed_pattern(raw: bytes) -> None:
    fits = all(byte & 0x93 == 0x12 for byte in raw)
    if fits:
        decoded = decode_status(raw)
        assert decoded.raw == raw
        assert decoded.online is not bool(raw[0] & 0x08)
    else:
        with pytest.raises(StatusByteError):
            decode_status(raw)
