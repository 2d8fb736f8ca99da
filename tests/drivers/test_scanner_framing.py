"""drivers.scanner.framing.ScanFramer: bytes in any chunks -> exactly the scans sent."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.scanner import (
    TERMINATORS,
    FrameError,
    FrameErrorReason,
    Scan,
    ScanFramer,
    split_aim_id,
)

R = FrameErrorReason
STX = b"\x02"
ETX = b"\x03"
GS = "\x1d"


def feed_all(framer: ScanFramer, chunks: list[bytes]) -> list:
    results = []
    for chunk in chunks:
        results += framer.feed(chunk)
    return results


def bytewise(data: bytes) -> list[bytes]:
    return [data[i : i + 1] for i in range(len(data))]


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


# ----- properties

AIM_IDS = st.sampled_from([None, "]E0", "]E4", "]C1", "]e0", "]Q3", "]d2", "]A0", "]X5"])
DATA = st.text(
    alphabet=st.sampled_from("0123456789ABCXYZabc ]-/.%+éü" + GS), min_size=1, max_size=40
)


@st.composite
def scans(draw: st.DrawFn) -> Scan:
    aim = draw(AIM_IDS)
    data = draw(DATA)
    if aim is None and data.startswith("]"):
        data = "0" + data
    return Scan(data, aim)


def encode(scan: Scan, prefix: bytes, terminator: bytes) -> bytes:
    return prefix + ((scan.aim_id or "") + scan.data).encode("latin-1") + terminator


@given(
    sent=st.lists(scans(), max_size=12),
    terminator=st.sampled_from(sorted(TERMINATORS.values())),
    prefix=st.sampled_from([b"", STX, b"#"]),
    extra_lf=st.booleans(),
    cuts=st.lists(st.integers(min_value=0), max_size=40),
)
def test_any_chunking_of_valid_scans_gives_exactly_those_scans(
    sent: list[Scan], terminator: bytes, prefix: bytes, extra_lf: bool, cuts: list[int]
) -> None:
    # Scanners configured for CR that send CRLF anyway: the LF must vanish.
    suffix = terminator + b"\n" if terminator == b"\r" and extra_lf else terminator
    stream = b"".join(encode(s, prefix, suffix) for s in sent)
    framer = ScanFramer(terminator=terminator, prefix=prefix)
    assert feed_all(framer, split(stream, cuts)) == sent
    assert (framer.frames, framer.rejected, framer.pending) == (len(sent), 0, 0)


@given(
    stream=st.lists(st.sampled_from(b"\r\n\x02\x03\t\x1d\xff\x00A]E0"), max_size=80).map(bytes),
    terminator=st.sampled_from(sorted(TERMINATORS.values())),
    prefix=st.sampled_from([b"", STX]),
    max_length=st.integers(min_value=1, max_value=10),
    cuts=st.lists(st.integers(min_value=0), max_size=30),
)
def test_any_byte_stream_frames_the_same_whatever_the_chunking(
    stream: bytes, terminator: bytes, prefix: bytes, max_length: int, cuts: list[int]
) -> None:
    whole = ScanFramer(terminator=terminator, prefix=prefix, max_length=max_length)
    chunked = ScanFramer(terminator=terminator, prefix=prefix, max_length=max_length)
    expected = whole.feed(stream)
    got = feed_all(chunked, split(stream, cuts))
    assert got == expected
    assert (chunked.frames, chunked.rejected) == (whole.frames, whole.rejected)
    assert chunked.frames == sum(isinstance(r, Scan) for r in got)
    assert chunked.rejected == sum(isinstance(r, FrameError) for r in got)
    for result in got:
        if isinstance(result, Scan):
            assert len(result.data) + len(result.aim_id or "") <= max_length
            assert all(ch == GS or ch >= " " for ch in result.data)


# ----- bursts and line endings


def test_a_burst_of_scans_in_one_chunk_gives_each_once_in_order() -> None:
    codes = [f"87{i:011d}" for i in range(50)]
    framer = ScanFramer()
    assert framer.feed(b"".join(c.encode() + b"\r" for c in codes)) == [Scan(c) for c in codes]


def test_a_scan_fed_byte_by_byte_gives_one_result_at_the_terminator() -> None:
    framer = ScanFramer()
    chunks = bytewise(b"]E08712345678906\r")
    assert [framer.feed(c) for c in chunks[:-1]] == [[]] * (len(chunks) - 1)
    assert framer.feed(chunks[-1]) == [Scan("8712345678906", "]E0")]


@pytest.mark.parametrize("stream", [b"123\r\n456\r\n", b"123\r\n\r456\r\n\n"])
def test_cr_terminator_skips_one_lf_after_the_cr_even_in_the_next_chunk(stream: bytes) -> None:
    whole = ScanFramer(terminator=b"\r").feed(stream)
    assert feed_all(ScanFramer(terminator=b"\r"), bytewise(stream)) == whole
    if stream == b"123\r\n456\r\n":
        assert whole == [Scan("123"), Scan("456")]
    else:  # a second CR or a second LF is a real (empty / noisy) frame, not skipped
        assert whole == [Scan("123"), FrameError(R.EMPTY, b""), Scan("456")]


def test_cr_terminator_rejects_an_lf_that_does_not_follow_the_cr() -> None:
    assert ScanFramer().feed(b"12\n3\r") == [FrameError(R.CONTROL_CHARACTERS, b"12\n3")]


@pytest.mark.parametrize("lone", [b"\r", b"\n"])
def test_crlf_terminator_a_lone_cr_or_lf_neither_splits_nor_passes(lone: bytes) -> None:
    framer = ScanFramer(terminator=b"\r\n")
    stream = b"123" + lone + b"456\r\n789\r\n"
    expected = [FrameError(R.CONTROL_CHARACTERS, b"123" + lone + b"456"), Scan("789")]
    assert feed_all(framer, bytewise(stream)) == expected


def test_crlf_split_between_chunks_is_one_terminator() -> None:
    framer = ScanFramer(terminator=b"\r\n")
    assert framer.feed(b"123\r") == []
    assert framer.feed(b"\n4") == [Scan("123")]
    assert framer.feed(b"56\r\n") == [Scan("456")]


def test_lf_terminator_drops_a_cr_right_before_the_lf() -> None:
    framer = ScanFramer(terminator=b"\n")
    assert framer.feed(b"123\r\n456\n") == [Scan("123"), Scan("456")]


@pytest.mark.parametrize("name", ["ETX", "TAB"])
def test_etx_and_tab_terminators(name: str) -> None:
    term = TERMINATORS[name]
    framer = ScanFramer(terminator=term)
    assert framer.feed(b"12" + term + b"34" + term) == [Scan("12"), Scan("34")]


def test_empty_frames_are_reported_as_empty_and_counted() -> None:
    framer = ScanFramer()
    assert framer.feed(b"\r") == [FrameError(R.EMPTY, b"")]
    assert (framer.frames, framer.rejected) == (0, 1)


# ----- prefix


def test_stx_prefix_is_stripped() -> None:
    framer = ScanFramer(terminator=ETX, prefix=STX)
    assert framer.feed(b"\x02]C1\x1d0187123456789012\x03") == [Scan(GS + "0187123456789012", "]C1")]


def test_a_frame_without_the_configured_prefix_is_rejected_and_the_next_one_is_not() -> None:
    framer = ScanFramer(terminator=ETX, prefix=STX)
    assert framer.feed(b"123\x03\x02456\x03") == [
        FrameError(R.MISSING_PREFIX, b"123"),
        Scan("456"),
    ]


def test_a_prefix_alone_is_empty() -> None:
    assert ScanFramer(terminator=ETX, prefix=STX).feed(b"\x02\x03") == [
        FrameError(R.EMPTY, b"\x02")
    ]


def test_a_lost_terminator_never_merges_two_scans() -> None:
    # The first scan's ETX was lost: the second STX inside the frame gives it away.
    framer = ScanFramer(terminator=ETX, prefix=STX)
    assert framer.feed(b"\x02123\x02456\x03\x02789\x03") == [
        FrameError(R.CONTROL_CHARACTERS, b"\x02123\x02456"),
        Scan("789"),
    ]


# ----- AIM symbology identifiers


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (b"]E08712345678906", Scan("8712345678906", "]E0")),
        (b"]C1\x1d0108712345678906", Scan(GS + "0108712345678906", "]C1")),
        (b"]e00108712345678906", Scan("0108712345678906", "]e0")),
        (
            b"]Q3https://id.gs1.org/01/08712345678906",
            Scan("https://id.gs1.org/01/08712345678906", "]Q3"),
        ),
        (b"]d2010871234567890610AB\x1d17261231", Scan("010871234567890610AB\x1d17261231", "]d2")),
        (b"8712345678906", Scan("8712345678906", None)),
        (b"12]E0", Scan("12]E0", None)),  # a bracket later on is data
    ],
)
def test_aim_identifier_is_split_off(frame: bytes, expected: Scan) -> None:
    assert ScanFramer().feed(frame + b"\r") == [expected]


@pytest.mark.parametrize("frame", [b"]", b"]E", b"]W0123", b"]1012", b"]E-123", b"]e\xe90"])
def test_a_bracket_without_a_valid_identifier_is_bad_aim(frame: bytes) -> None:
    assert ScanFramer().feed(frame + b"\r") == [FrameError(R.BAD_AIM, frame)]


def test_an_identifier_without_data_is_empty() -> None:
    assert ScanFramer().feed(b"]E0\r") == [FrameError(R.EMPTY, b"]E0")]


# ----- overlong and noise


@pytest.mark.parametrize("terminator", [b"\r", b"\r\n"], ids=["CR", "CRLF"])
@pytest.mark.parametrize("chunker", [lambda b: [b], bytewise], ids=["whole", "bytewise"])
def test_an_overlong_line_is_reported_once_and_the_next_scan_still_arrives(
    chunker, terminator: bytes
) -> None:
    framer = ScanFramer(max_length=16, terminator=terminator)
    stream = b"9" * 100 + terminator + b"]E08712345678906" + terminator
    assert feed_all(framer, chunker(stream)) == [
        FrameError(R.OVERLONG, b"9" * 16),
        Scan("8712345678906", "]E0"),
    ]
    assert (framer.frames, framer.rejected, framer.pending) == (1, 1, 0)


def test_overlong_is_reported_before_the_terminator_comes_and_only_once() -> None:
    framer = ScanFramer(max_length=4)
    assert framer.feed(b"1234") == []
    assert framer.feed(b"5") == [FrameError(R.OVERLONG, b"1234")]
    assert framer.feed(b"6" * 1000) == []
    assert framer.pending == 0
    assert framer.feed(b"7\r42\r") == [Scan("42")]


def test_exactly_max_length_is_accepted_with_a_crlf_half_arrived() -> None:
    framer = ScanFramer(terminator=b"\r\n", max_length=4)
    assert framer.feed(b"1234\r") == []
    assert framer.feed(b"\n") == [Scan("1234")]


@pytest.mark.parametrize(
    "noise", [b"\xff\xff\xfe", b"\x00", b"\x7f", b"\x1b[A", b"\x85", b"\xff"], ids=repr
)
def test_noise_between_scans_is_one_error_and_the_next_scan_is_clean(noise: bytes) -> None:
    framer = ScanFramer()
    stream = b"111\r" + noise + b"\r222\r"
    assert feed_all(framer, bytewise(stream)) == [
        Scan("111"),
        FrameError(R.CONTROL_CHARACTERS, noise),
        Scan("222"),
    ]
    assert (framer.frames, framer.rejected) == (2, 1)


def test_bytes_that_do_not_decode_are_noise() -> None:
    framer = ScanFramer(encoding="utf-8")
    assert framer.feed("é".encode() + b"\r\xc3\r") == [
        Scan("é"),
        FrameError(R.CONTROL_CHARACTERS, b"\xc3"),
    ]


# ----- reset and counters


def test_reset_drops_a_half_frame_and_counts_it() -> None:
    framer = ScanFramer()
    assert framer.feed(b"8712") == []
    assert framer.pending == 4
    framer.reset()
    assert framer.dropped_partials == 1
    assert framer.feed(b"345\r") == [Scan("345")]


def test_reset_with_nothing_pending_counts_nothing() -> None:
    framer = ScanFramer()
    framer.feed(b"1\r")
    framer.reset()
    framer.reset()
    assert framer.dropped_partials == 0


def test_reset_forgets_a_pending_lf_skip_and_an_overlong_discard() -> None:
    framer = ScanFramer(max_length=2)
    assert framer.feed(b"1\r") == [Scan("1")]
    framer.reset()
    assert framer.feed(b"\n") == []  # no longer skipped: it starts a (noisy) frame
    framer.reset()
    assert framer.dropped_partials == 1
    assert framer.feed(b"123") == [FrameError(R.OVERLONG, b"12")]
    framer.reset()  # the overlong line was already reported: not counted again
    assert framer.dropped_partials == 1
    assert framer.feed(b"45\r") == [Scan("45")]


def test_reset_during_an_overlong_discard_counts_nothing_with_crlf() -> None:
    framer = ScanFramer(terminator=b"\r\n", max_length=2)
    assert framer.feed(b"12345") == [FrameError(R.OVERLONG, b"12")]
    framer.reset()
    assert framer.dropped_partials == 0
    assert framer.feed(b"6\r\n") == [Scan("6")]


def test_counters_add_up() -> None:
    framer = ScanFramer(max_length=8)
    framer.feed(b"1\r\r2\r]x\r123456789\r3")
    assert (framer.frames, framer.rejected, framer.dropped_partials) == (2, 3, 0)
    framer.reset()
    assert framer.dropped_partials == 1


# ----- configuration


@pytest.mark.parametrize(
    "kwargs",
    [
        {"terminator": b""},
        {"terminator": b"\x1d"},
        {"terminator": ETX, "prefix": b"\x03"},
        {"terminator": b"\r", "prefix": b"\n"},
        {"max_length": 0},
    ],
)
def test_bad_configuration_is_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError, match=r"."):
        ScanFramer(**kwargs)


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(LookupError):
        ScanFramer(encoding="no-such-codec")


# ----- giving up a half frame (the reader saw the line go quiet)


def test_drop_partial_turns_a_half_frame_into_an_incomplete_error() -> None:
    framer = ScanFramer()
    assert framer.feed(b"]E04006") == []
    assert framer.drop_partial() == FrameError(R.INCOMPLETE, b"]E04006")
    assert framer.pending == 0
    assert framer.rejected == 1
    assert framer.drop_partial() is None
    assert framer.feed(b"]E05400141288766\r") == [Scan("5400141288766", "]E0")]


def test_drop_partial_keeps_the_lf_skip_of_a_finished_frame() -> None:
    framer = ScanFramer(terminator=b"\r")
    assert framer.feed(b"111\r") == [Scan("111")]
    assert framer.drop_partial() is None  # nothing half: the LF of CRLF may still come
    assert framer.feed(b"\n222\r") == [Scan("222")]


def test_drop_partial_ends_the_discard_after_overlong() -> None:
    framer = ScanFramer(max_length=4)
    assert framer.feed(b"123456") == [FrameError(R.OVERLONG, b"1234")]
    assert framer.drop_partial() is None  # reported already
    assert framer.feed(b"99\r") == [Scan("99")]  # not discarded with the overlong frame


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("]E04006381333931", ("]E0", "4006381333931")),
        ("]C1\x1d01", ("]C1", "\x1d01")),
        ("]x04006", (None, "]x04006")),
        ("]E", (None, "]E")),
        ("4006381333931", (None, "4006381333931")),
    ],
)
def test_split_aim_id(text: str, split: tuple) -> None:
    assert split_aim_id(text) == split
