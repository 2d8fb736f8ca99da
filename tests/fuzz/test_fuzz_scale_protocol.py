"""Fuzzing the Toledo 8217 scale protocol: arbitrary bytes on the line never raise, never
give a weight the scale did not send, and frame the same however they are chunked.

tests/drivers/test_scale_protocol.py checks the chunking with answer-shaped pieces; here
the stream is anything (the full byte range, floods without a CR), and every weight is
checked against a strict oracle of the answer format.
"""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from drivers.scale.protocol import (
    CR,
    MAX_FRAME,
    STX,
    AnswerFramer,
    Frame,
    FrameError,
    FramerResult,
    ProtocolError,
    ScaleStatus,
    StatusFlag,
    parse_frame,
    reading_for_status,
    reading_for_weight,
)
from tests.fuzz.budget import fuzz
from tests.fuzz.chunks import split

# The weight answer, read strictly: optional leading spaces, 1-3 digits, '.', 3 digits,
# and nothing else (re.fullmatch: a trailing newline is not "nothing else").
STRICT_WEIGHT = re.compile(rb" *([0-9]{1,3})\.([0-9]{3})")

ANSWERS = [b"\x0200.745\r", b"\x02?10\r", b"\x02 1.250\r\n", b"\x02?02\r", b"\x02?4\r"]
line_bytes = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.one_of(st.sampled_from(ANSWERS), st.binary(max_size=8), st.sampled_from([STX, CR])),
        max_size=20,
    ).map(b"".join),
)


@fuzz(400)
@given(body=st.one_of(st.binary(max_size=MAX_FRAME), st.from_regex(STRICT_WEIGHT, fullmatch=True)))
# Found with this test's strict oracle: '$' in the weight pattern also matched before a
# final newline, so "00.745\n" was taken as 745 g instead of being refused.
@example(body=b"00.745\n")
@example(body=b"01.23\n")
def test_any_frame_body_is_a_strict_weight_a_status_or_refused(body: bytes) -> None:
    try:
        value = parse_frame(body)
    except ProtocolError as error:
        refused: ProtocolError | None = error
    else:
        refused = None
    if refused is not None:
        assert refused.raw == body
        assert STRICT_WEIGHT.fullmatch(body) is None
        return
    if isinstance(value, int):
        match = STRICT_WEIGHT.fullmatch(body)
        assert match is not None, body
        assert value == int(match[1]) * 1000 + int(match[2])
        reading = reading_for_weight(value, body)
        assert reading.grams == value and reading.stable
        return
    assert isinstance(value, ScaleStatus)
    assert body[:1] == b"?" and 2 <= len(body) <= 4
    assert all(0x30 <= byte <= 0x3F for byte in body[1:])
    assert value.complete == (len(body) >= 3)
    if not value.complete:
        assert not value.flags & (StatusFlag.UNDER_ZERO | StatusFlag.OVER_CAPACITY)
    reading = reading_for_status(value)
    if reading is not None:
        assert reading.raw == body
        assert reading.grams in (None, 0)


@fuzz(300)
@given(data=line_bytes, cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_any_byte_stream_frames_the_same_however_it_is_chunked(
    data: bytes, cuts: list[int]
) -> None:
    whole = AnswerFramer()
    expected = whole.feed(data)
    chunked = AnswerFramer()
    got: list[FramerResult] = []
    for chunk in split(data, cuts):
        got += chunked.feed(chunk)
    assert got == expected
    assert chunked.pending == whole.pending
    for result in got:
        if isinstance(result, Frame):
            assert len(result.body) <= MAX_FRAME
            assert STX not in result.body and CR not in result.body
        else:
            assert isinstance(result, FrameError) and result.raw
    # An open frame never holds more than STX and MAX_FRAME bytes.
    if whole.pending.startswith(STX):
        assert len(whole.pending) <= MAX_FRAME + 1


@fuzz(50)
@given(noise=st.binary(min_size=1, max_size=64).filter(lambda b: STX[0] not in b))
def test_a_flood_of_noise_never_hides_the_next_answer(noise: bytes) -> None:
    """Noise without STX (a wrong baud rate, a cable in the wind), then a real answer: the
    answer is read, whatever the noise held (a CR in it only ends a garbage run)."""
    framer = AnswerFramer()
    results = framer.feed(noise * 50 + b"\x02 2.500\r")
    assert results[-1] == Frame(b" 2.500")
    assert parse_frame(results[-1].body) == 2500
    assert all(isinstance(r, FrameError) for r in results[:-1])
