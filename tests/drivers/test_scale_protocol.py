"""drivers.scale.protocol: the Toledo 8217 framing and answers, byte for byte (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.scale.protocol import (
    AnswerFramer,
    Frame,
    FrameError,
    FrameErrorReason,
    ProtocolError,
    ScaleReading,
    ScaleState,
    ScaleStatus,
    StatusFlag,
    parse_frame,
    reading_for_status,
    reading_for_weight,
)


@pytest.mark.parametrize(
    ("body", "grams"),
    [
        (b"00.745", 745),
        (b"00.000", 0),
        (b" 1.250", 1250),
        (b"0.005", 5),
        (b"14.995", 14995),
        (b"100.000", 100000),
    ],
)
def test_kilogram_weights_with_three_decimals_are_exact_grams(body: bytes, grams: int) -> None:
    assert parse_frame(body) == grams


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"01.64", "pounds"),  # two decimals: lb mode (or 10 g divisions)
        (b"00745", "not a weight"),  # five bare digits
        (b"-0.100", "not a weight"),
        (b"00.7450", "not a weight"),
        (b"00.745 ", "not a weight"),
        (b"0O.745", "not a weight"),
        (b"\xb0.745", "not a weight"),  # 8N1 reading a 7E1 scale: the parity bit shows
        (b"", "not a weight"),
        (b"1000.000", "not a weight"),
    ],
)
def test_anything_else_is_refused_not_guessed(body: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message) as caught:
        parse_frame(body)
    assert caught.value.raw == body


@pytest.mark.parametrize(
    ("body", "flags", "complete"),
    [
        (b"?1", StatusFlag.MOTION, False),
        (b"?2", StatusFlag.AT_ZERO, False),
        (b"?0", StatusFlag.NONE, False),
        (b"?00", StatusFlag.NONE, True),
        (b"?10", StatusFlag.MOTION, True),
        (b"?01", StatusFlag.UNDER_ZERO, True),
        (b"?02", StatusFlag.OVER_CAPACITY, True),
        (b"?4<", StatusFlag.RAM_ERROR | StatusFlag.FAULTY_CALIBRATION | StatusFlag.ROM_ERROR, True),
        (b"?80", StatusFlag.EEPROM_ERROR, True),
        (
            b"??0",
            StatusFlag.MOTION | StatusFlag.AT_ZERO | StatusFlag.RAM_ERROR | StatusFlag.EEPROM_ERROR,
            True,
        ),
        (b"?107", StatusFlag.MOTION, True),  # a third status byte is checked, then ignored
    ],
)
def test_status_bytes(body: bytes, flags: StatusFlag, complete: bool) -> None:
    assert parse_frame(body) == ScaleStatus(flags, complete, body)


@pytest.mark.parametrize(
    "body",
    [b"?", b"?0000", b"?A", b"?\x01", b"?0\x7f", b"?p", b"?\xb0"],
)
def test_malformed_status_answers_are_refused(body: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse_frame(body)


@pytest.mark.parametrize(
    ("body", "state", "grams"),
    [
        (b"?42", ScaleState.ERROR, None),  # an error outranks everything
        (b"?12", ScaleState.OVERLOAD, None),
        (b"?11", ScaleState.UNDER_ZERO, None),
        (b"?10", ScaleState.MOVING, None),
        (b"?1", ScaleState.MOVING, None),
        (b"?20", ScaleState.ZERO, 0),
        (b"?2", ScaleState.ZERO, 0),
    ],
)
def test_a_status_answer_gives_the_reading_its_flags_say(
    body: bytes, state: ScaleState, grams: int | None
) -> None:
    status = parse_frame(body)
    assert isinstance(status, ScaleStatus)
    reading = reading_for_status(status)
    assert reading is not None
    assert (reading.state, reading.grams, reading.raw) == (state, grams, body)
    assert reading.stable is (state is ScaleState.ZERO)


def test_a_status_without_flags_decides_nothing() -> None:
    for body in (b"?0", b"?00"):
        status = parse_frame(body)
        assert isinstance(status, ScaleStatus)
        assert reading_for_status(status) is None
        assert status.describe() == "no status bits set"


def test_readings_describe_themselves() -> None:
    assert reading_for_weight(745, b"00.745") == ScaleReading(ScaleState.STABLE, 745, b"00.745")
    assert reading_for_weight(0, b"00.000") == ScaleReading(ScaleState.ZERO, 0, b"00.000")
    assert str(reading_for_weight(745, b"00.745")) == "stable 745 g"
    status = parse_frame(b"?48")
    assert isinstance(status, ScaleStatus)
    error = reading_for_status(status)
    assert error is not None
    assert str(error) == "error (RAM error, faulty calibration)"
    assert not error.stable


def test_framer_cuts_frames_and_reports_what_is_not_one() -> None:
    framer = AnswerFramer()
    results = framer.feed(b"\x0200.745\r\n\x13\xff\x02?10\r\x02 0.1\x0200.050\r")
    assert results == [
        Frame(b"00.745"),  # the LF after its CR is tolerated
        FrameError(FrameErrorReason.GARBAGE, b"\x13\xff"),
        Frame(b"?10"),
        FrameError(FrameErrorReason.HALF_FRAME, b"\x02 0.1"),
        Frame(b"00.050"),
    ]
    assert framer.pending == b""


def test_framer_keeps_a_half_frame_pending_until_reset() -> None:
    framer = AnswerFramer()
    assert framer.feed(b"\x0200.7") == []
    assert framer.pending == b"\x0200.7"
    assert framer.feed(b"45\r") == [Frame(b"00.745")]
    assert framer.feed(b"\x0201") == []
    framer.reset()
    assert framer.pending == b""
    assert framer.feed(b".000\r") == [FrameError(FrameErrorReason.GARBAGE, b".000\r")]


def test_framer_drops_an_overlong_frame_up_to_its_cr() -> None:
    framer = AnswerFramer()
    results = framer.feed(b"\x02" + b"9" * 40 + b"\r\x0200.001\r")
    assert results == [
        FrameError(FrameErrorReason.OVERLONG, b"\x02" + b"9" * 16),
        Frame(b"00.001"),
    ]


def test_noise_ending_in_cr_is_one_error_and_a_lone_lf_is_noise() -> None:
    framer = AnswerFramer()
    assert framer.feed(b"#~\r") == [FrameError(FrameErrorReason.GARBAGE, b"#~\r")]
    assert framer.feed(b"\n") == []  # right after a CR: a CRLF line end
    assert framer.pending == b""
    assert framer.feed(b"x\n") == []
    assert framer.pending == b"x\n"


_pieces = st.lists(
    st.one_of(
        st.sampled_from([b"\x0200.745\r", b"\x02?10\r", b"\x02 1.250\r\n", b"\x02?02\r"]),
        st.binary(max_size=6),
    ),
    max_size=12,
)


@given(pieces=_pieces, cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=8))
def test_any_split_of_the_stream_gives_the_same_results(
    pieces: list[bytes], cuts: list[int]
) -> None:
    stream = b"".join(pieces)
    whole = AnswerFramer()
    expected = whole.feed(stream)
    chunked = AnswerFramer()
    got = []
    start = 0
    for cut in sorted({min(c, len(stream)) for c in cuts}):
        got += chunked.feed(stream[start:cut])
        start = cut
    got += chunked.feed(stream[start:])
    assert got == expected
    assert chunked.pending == whole.pending


@given(pieces=_pieces)
def test_every_frame_body_is_parsed_or_refused_never_misread(pieces: list[bytes]) -> None:
    for result in AnswerFramer().feed(b"".join(pieces)):
        if isinstance(result, FrameError):
            continue
        try:
            value = parse_frame(result.body)
        except ProtocolError:
            continue
        if isinstance(value, int):
            assert value == int(result.body.replace(b".", b""))
