"""drivers.payment.zvt_protocol: APDU framing, BCD, LLVAR, BMP and TLV, with spec-shaped bytes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.payment.interface import DeclineReason, PaymentOutcome
from drivers.payment.zvt import RESULT_REASONS, outcome_for_code
from drivers.payment.zvt_protocol import (
    ACK,
    Apdu,
    ApduReader,
    Bmp,
    Command,
    Tlv,
    ZvtProtocolError,
    bcd_decode,
    bcd_digits,
    bcd_encode,
    decode_bmps,
    decode_masked_pan,
    decode_tlvs,
    encode_apdu,
    encode_bmp,
    encode_bmps,
    encode_tlv_length,
    encode_tlvs,
    find_tlv,
    llvar,
    nak,
)

# -- APDU ------------------------------------------------------------------------------


def test_short_apdu_has_one_length_byte() -> None:
    assert encode_apdu(0x06, 0x01, bytes(7)) == b"\x06\x01\x07" + bytes(7)
    assert ACK == b"\x80\x00\x00"
    assert nak(0x9C) == b"\x84\x9c\x00"
    assert encode_apdu(*Command.ABORT_ECR.value) == b"\x06\xb0\x00"


def test_254_bytes_is_still_short_and_255_is_extended_little_endian() -> None:
    assert encode_apdu(0x06, 0xD3, bytes(254))[:3] == b"\x06\xd3\xfe"
    long = encode_apdu(0x06, 0xD3, bytes(255))
    assert long[:5] == b"\x06\xd3\xff\xff\x00"
    assert len(long) == 5 + 255
    assert encode_apdu(0x06, 0xD3, bytes(0x0123))[2:5] == b"\xff\x23\x01"


def test_too_long_apdu_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        encode_apdu(0x06, 0xD3, bytes(65536))


def test_reader_keeps_a_half_apdu_until_the_rest_comes() -> None:
    reader = ApduReader((0x80, 0x84, 0x04, 0x06))
    whole = ACK + encode_apdu(0x04, 0xFF, b"\x0a\x05") + encode_apdu(0x06, 0xD3, bytes(300))
    assert reader.feed(whole[:2]) == []
    assert reader.pending == 2
    got = reader.feed(whole[2:9])
    assert got == [Apdu(0x80, 0x00), Apdu(0x04, 0xFF, b"\x0a\x05")]
    assert reader.feed(whole[9:12]) == []  # the extended header is cut
    [block] = reader.feed(whole[12:])
    assert block.command == Command.PRINT_TEXT_BLOCK.value
    assert block.data == bytes(300)
    assert reader.pending == 0


def test_reader_refuses_a_message_that_cannot_start_a_zvt_apdu() -> None:
    reader = ApduReader((0x80, 0x84, 0x04, 0x06))
    with pytest.raises(ZvtProtocolError, match="13"):
        reader.feed(b"\x13\x37\xc0\xde")
    assert reader.pending == 0
    assert reader.feed(ACK) == [Apdu(0x80, 0x00)]  # usable again after a reset


def test_apdu_names_never_show_data() -> None:
    assert Apdu(0x04, 0x0F, b"\x22\xf1\xf0" + bytes(10)).name == "status_information"
    assert Apdu(0x84, 0x9C).name == "nak 9C"
    assert Apdu(0x80, 0x00).name == "ack"
    assert Apdu(0x06, 0xE0).name == "06 E0"


@given(
    st.lists(
        st.tuples(
            st.sampled_from([0x80, 0x84, 0x04, 0x06]),
            st.integers(0, 255),
            st.binary(max_size=600),
        ),
        max_size=6,
    ),
    st.lists(st.integers(1, 64), min_size=1, max_size=20),
)
def test_any_apdus_cut_anywhere_come_back_whole(
    apdus: list[tuple[int, int, bytes]], cuts: list[int]
) -> None:
    stream = b"".join(encode_apdu(*apdu) for apdu in apdus)
    reader = ApduReader((0x80, 0x84, 0x04, 0x06))
    got: list[Apdu] = []
    at = 0
    for size in cuts * (len(stream) // max(1, sum(cuts)) + 1):
        got += reader.feed(stream[at : at + size])
        at += size
        if at >= len(stream):
            break
    got += reader.feed(stream[at:])
    assert [(a.cls, a.instr, a.data) for a in got] == apdus


# -- BCD and LLVAR -----------------------------------------------------------------------


def test_bcd_examples_from_the_spec() -> None:
    assert bcd_encode(978, 2) == b"\x09\x78"  # currency EUR
    assert bcd_encode(1234, 6) == b"\x00\x00\x00\x00\x12\x34"  # 12,34 EUR
    assert bcd_encode(0, 3) == b"\x00\x00\x00"  # password 000000
    assert bcd_encode(999_999_999_999, 6) == b"\x99" * 6
    assert bcd_decode(b"\x00\x00\x00\x01\x00\x05") == 10005
    assert bcd_digits(b"\x00\x12") == "0012"  # leading zeros kept (receipt numbers)
    assert bcd_decode(b"") == 0


@pytest.mark.parametrize(
    ("value", "size"), [(1_000_000_000_000, 6), (100, 1), (-1, 2), (True, 1), (1.5, 2)]
)
def test_bcd_refuses_what_it_cannot_hold(value: object, size: int) -> None:
    with pytest.raises(ValueError, match="BCD"):
        bcd_encode(value, size)  # type: ignore[arg-type]


def test_a_non_decimal_nibble_is_not_bcd() -> None:
    with pytest.raises(ZvtProtocolError, match="not BCD"):
        bcd_decode(b"\x1a")


@given(
    st.integers(1, 8).flatmap(lambda n: st.tuples(st.integers(0, 10 ** (2 * n) - 1), st.just(n)))
)
def test_bcd_round_trip(case: tuple[int, int]) -> None:
    value, size = case
    encoded = bcd_encode(value, size)
    assert len(encoded) == size
    assert bcd_decode(encoded) == value


def test_llvar_writes_its_length_as_f_digits() -> None:
    assert llvar(b"Visa") == b"\xf0\xf4Visa"
    assert llvar(bytes(123), 3)[:3] == b"\xf1\xf2\xf3"
    with pytest.raises(ValueError, match="do not fit"):
        llvar(bytes(100))


def test_masked_card_number_uses_e_for_masked_and_f_for_padding() -> None:
    assert decode_masked_pan(bytes.fromhex("EEEEEEEEEEEE0010")) == "************0010"
    assert decode_masked_pan(bytes.fromhex("37EEEEEEEEE1005F")) == "37*********1005"
    with pytest.raises(ZvtProtocolError):
        decode_masked_pan(b"\xab")


# -- TLV -----------------------------------------------------------------------------------


def test_tlv_of_a_text_block_as_the_spec_shows_it() -> None:
    items = (Tlv(0x1F07, b"\x02"), Tlv(0x25, (Tlv(0x07, b"LINE 1"), Tlv(0x07, b"LINE 2"))))
    raw = encode_tlvs(items)
    assert raw == (b"\x1f\x07\x01\x02" + b"\x25\x10" + b"\x07\x06LINE 1" + b"\x07\x06LINE 2")
    assert decode_tlvs(raw) == items
    assert [t.data for t in find_tlv(decode_tlvs(raw), 0x07)] == [b"LINE 1", b"LINE 2"]


def test_tlv_lengths_use_81_and_82() -> None:
    assert encode_tlv_length(0x7F) == b"\x7f"
    assert encode_tlv_length(0x80) == b"\x81\x80"
    assert encode_tlv_length(0xFF) == b"\x81\xff"
    assert encode_tlv_length(0x100) == b"\x82\x01\x00"
    item = Tlv(0x07, bytes(300))
    assert encode_tlvs([item])[:4] == b"\x07\x82\x01\x2c"
    assert decode_tlvs(encode_tlvs([item])) == (item,)


def test_three_byte_tag() -> None:
    item = Tlv(0x1F8101, b"x")
    assert encode_tlvs([item]) == b"\x1f\x81\x01\x01x"
    assert decode_tlvs(b"\x1f\x81\x01\x01x") == (item,)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x07\x05abc", "announced"),
        (b"\x1f", "tag is cut off"),
        (b"\x1f\x81", "tag is cut off"),
        (b"\x07", "length is cut off"),
        (b"\x07\x83\x00\x00\x01", "not 00-7F"),
        (b"\x25\x03\x07\x05a", "announced"),  # the inner item lies
    ],
)
def test_broken_tlv_is_a_protocol_error(raw: bytes, message: str) -> None:
    with pytest.raises(ZvtProtocolError, match=message):
        decode_tlvs(raw)


def test_tlv_constructed_and_primitive_are_not_mixed_up() -> None:
    with pytest.raises(ValueError, match="constructed"):
        encode_tlvs([Tlv(0x25, b"raw")])
    with pytest.raises(ValueError, match="primitive"):
        encode_tlvs([Tlv(0x07, (Tlv(0x07, b"x"),))])


_primitive_tags = st.sampled_from([0x07, 0x09, 0x0A, 0x14, 0x1F07, 0x1F16, 0x1F8101])
_constructed_tags = st.sampled_from([0x24, 0x25, 0x26, 0x3F01])
_tlvs = st.recursive(
    st.builds(Tlv, _primitive_tags, st.binary(max_size=300)),
    lambda inner: st.builds(Tlv, _constructed_tags, st.lists(inner, max_size=4).map(tuple)),
    max_leaves=12,
)


@given(st.lists(_tlvs, max_size=5))
def test_tlv_round_trip(items: list[Tlv]) -> None:
    assert decode_tlvs(encode_tlvs(items)) == tuple(items)


# -- BMP -----------------------------------------------------------------------------------


def test_authorisation_bmps_as_the_spec_shows_them() -> None:
    data = encode_bmps([(0x04, bcd_encode(1234, 6)), (0x49, bcd_encode(978, 2))])
    assert data == bytes.fromhex("04000000001234" + "490978")
    assert encode_apdu(0x06, 0x01, data) == bytes.fromhex("06010A" + "04000000001234490978")


def test_status_information_decodes_fixed_llvar_and_tlv_fields() -> None:
    tlv = encode_tlvs([Tlv(0x1F16, b"\x01\x02")])
    data = (
        b"\x27\x00"
        + b"\x04"
        + bcd_encode(500, 6)
        + b"\x0b\x00\x01\x23"
        + b"\x22\xf0\xf8"
        + bytes.fromhex("EEEEEEEEEEEE0010")
        + b"\x8b\xf0\xf4Visa"
        + b"\x3c\xf0\xf0\xf3abc"
        + b"\x06"
        + bytes([len(tlv)])
        + tlv
    )
    bmps = decode_bmps(data)
    assert [b.tag for b in bmps] == [0x27, 0x04, 0x0B, 0x22, 0x8B, 0x3C, 0x06]
    assert bmps[3].value == bytes.fromhex("EEEEEEEEEEEE0010")
    assert bmps[4].value == b"Visa"
    assert bmps[5].value == b"abc"
    assert bmps[6].tlv == (Tlv(0x1F16, b"\x01\x02"),)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x04\x00\x00\x12", "6 bytes needed"),  # amount cut short (a bad length)
        (b"\x27", "1 bytes needed"),
        (b"\x22\xf1", "cut off"),
        (b"\x22\x01\x02", "not F0-F9"),
        (b"\x8b\xf0\xf9Visa", "9 bytes needed"),
        (b"\x55\x00", "unknown BMP 55"),
        (b"\x06\x85", "not 00-7F"),
    ],
)
def test_broken_bmps_are_protocol_errors(raw: bytes, message: str) -> None:
    with pytest.raises(ZvtProtocolError, match=message):
        decode_bmps(raw)


def test_encode_bmp_checks_lengths() -> None:
    with pytest.raises(ValueError, match="6 bytes"):
        encode_bmp(0x04, b"\x01")
    with pytest.raises(ValueError, match="unknown BMP"):
        encode_bmp(0x55, b"")
    assert encode_bmp(0x06, [Tlv(0x07, b"x")]) == b"\x06\x03\x07\x01x"
    long = encode_bmp(0x06, [Tlv(0x07, bytes(200))])
    assert long[:2] == b"\x06\x81" and long[2] == 203


_bmp_values = st.one_of(
    st.builds(lambda v: (0x04, bcd_encode(v, 6)), st.integers(0, 999_999_999_999)),
    st.builds(lambda v: (0x27, bytes([v])), st.integers(0, 255)),
    st.builds(lambda v: (0x0B, bcd_encode(v, 3)), st.integers(0, 999_999)),
    st.builds(lambda v: (0x8B, v), st.binary(max_size=99)),
    st.builds(lambda v: (0x3C, v), st.binary(max_size=999)),
    st.builds(lambda v: (0x06, encode_tlvs(v)), st.lists(_tlvs, max_size=3)),
)


@given(st.lists(_bmp_values, max_size=8))
def test_bmp_round_trip(fields: list[tuple[int, bytes]]) -> None:
    decoded = decode_bmps(encode_bmps(fields))
    assert decoded == [Bmp(tag, value) for tag, value in fields]


# -- result codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "outcome", "reason"),
    [
        (0x00, PaymentOutcome.APPROVED, None),
        (0x05, PaymentOutcome.DECLINED, DeclineReason.REFUSED),
        (0x51, PaymentOutcome.DECLINED, DeclineReason.INSUFFICIENT_FUNDS),
        (0x55, PaymentOutcome.DECLINED, DeclineReason.PIN_WRONG),
        (0x54, PaymentOutcome.DECLINED, DeclineReason.CARD_EXPIRED),
        (0x78, PaymentOutcome.DECLINED, DeclineReason.CARD_EXPIRED),
        (0x7A, PaymentOutcome.DECLINED, DeclineReason.CARD_NOT_SUPPORTED),
        (0x1A, PaymentOutcome.DECLINED, DeclineReason.INSERT_CARD),
        (0x64, PaymentOutcome.DECLINED, DeclineReason.CARD_UNREADABLE),
        (0x9C, PaymentOutcome.DECLINED, DeclineReason.TERMINAL_BUSY),
        (0xA1, PaymentOutcome.DECLINED, DeclineReason.TIMEOUT),
        (0x6C, PaymentOutcome.CANCELLED, DeclineReason.CANCELLED_BY_SHOPPER),
        (0x43, PaymentOutcome.DECLINED, DeclineReason.REFUSED),  # any other issuer code
        (0xFF, PaymentOutcome.DECLINED, DeclineReason.TERMINAL_ERROR),
        (0x6B, PaymentOutcome.DECLINED, DeclineReason.TERMINAL_ERROR),
    ],
)
def test_result_codes_map_to_outcomes(
    code: int, outcome: PaymentOutcome, reason: DeclineReason | None
) -> None:
    assert outcome_for_code(code) == (outcome, reason)


def test_our_own_abort_is_cancelled_by_the_kiosk() -> None:
    assert outcome_for_code(0x6C, cancel_sent=True) == (
        PaymentOutcome.CANCELLED,
        DeclineReason.CANCELLED_BY_KIOSK,
    )


def test_every_code_maps_to_something() -> None:
    for code in range(256):
        outcome, reason = outcome_for_code(code)
        assert (outcome is PaymentOutcome.APPROVED) == (code == 0)
        assert (reason is None) == (code == 0)
    assert set(RESULT_REASONS.values()) >= {
        DeclineReason.REFUSED,
        DeclineReason.INSUFFICIENT_FUNDS,
        DeclineReason.CARD_NOT_SUPPORTED,
        DeclineReason.PIN_WRONG,
        DeclineReason.INSERT_CARD,
        DeclineReason.CARD_EXPIRED,
        DeclineReason.TERMINAL_BUSY,
        DeclineReason.TIMEOUT,
    }
