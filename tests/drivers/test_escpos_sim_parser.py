"""drivers.sim.escpos_parser: ESC/POS bytes to operations, in any split, garbage included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

from drivers.printer._escpos import Dummy
from drivers.sim.escpos_parser import (
    MAX_DATA,
    Barcode,
    CodePage,
    Cut,
    EscposParser,
    Feed,
    IdentityQuery,
    Image,
    Initialize,
    LineFeed,
    Op,
    PaperSensorQuery,
    QrCode,
    Recover,
    Skipped,
    StatusQuery,
    Style,
    Text,
    Unknown,
)

# One of everything the parser knows, as a printer would receive it.
STREAM = b"".join(
    [
        b"\x1b@",  # initialize
        b"\x1bt\x13",  # PC858
        b"\x1b!\x18",  # bold, double height
        b"Kop\n",
        b"\x1b!\x00\x1ba\x01\x1dB\x01",  # normal, centred, inverted
        b"\xd5 \x82\n",  # € é in CP858
        b"\x1dB\x00\x1ba\x00\x1d!\x11",  # double width and height by GS !
        b"Gr\tOot\r\n",
        b"\x1d!\x00",
        b"\x1bD\x08\x10\x00",  # tab positions, NUL-terminated
        b"\x1b&\x03\x41\x42\x02" + bytes(6) + b"\x01" + bytes(3),  # two user characters
        b"\x1b*\x21\x02\x00" + bytes(6),  # 24-dot column bit image, 2 columns
        b"\x1d(k\x04\x00\x31\x41\x32\x00",  # QR model 2
        b"\x1d(k\x03\x00\x31\x43\x05",  # QR module size 5
        b"\x1d(k\x03\x00\x31\x45\x31",  # QR error correction M
        b"\x1d(k\x07\x00\x31\x50\x30ABCD",  # QR store "ABCD"
        b"\x1d(k\x03\x00\x31\x51\x30",  # QR print
        b"\x1dv0\x00\x01\x00\x02\x00\xf0\x0f",  # 8x2 raster image
        b"\x1d(L\x0c\x00\x30\x70\x30\x01\x01\x31\x08\x00\x02\x00\xaa\x55",  # store graphics
        b"\x1d(L\x02\x00\x30\x32",  # print graphics
        b"\x1dh\x50\x1dw\x02\x1dH\x02",  # barcode height, width, HRI below
        b"\x1dk\x02" + b"8710398526434\x00",  # EAN13, function A (NUL-terminated)
        b"\x1dkI\x05{BT-1",  # CODE128, function B (length-prefixed)
        b"\x10\x04\x01\x10\x04\x04",  # status queries
        b"\x10\x05\x02",  # recover, clear buffers
        b"\x10\x14\x01\x00\x01",  # real-time drawer pulse
        b"\x1dI\x43\x1dr\x01",  # model query, paper sensor query
        b"\x1bp\x00\x19\xfa",  # drawer kick
        b"\x1c(A\x02\x00\x30\x30",  # FS ( A
        b"\x1bd\x03",  # print and feed 3 lines
        b"\x1dV\x42\x00",  # feed and partial cut
        b"\x1dV\x00",  # full cut
    ]
)


def merged(ops: list[Op]) -> list[Op]:
    """Text runs that arrived in pieces, joined (the split of text is not meaningful)."""
    out: list[Op] = []
    for op in ops:
        if isinstance(op, Text) and out and isinstance(out[-1], Text) and out[-1].style == op.style:
            out[-1] = Text(out[-1].text + op.text, op.style)
        else:
            out.append(op)
    return out


def parse(data: bytes) -> list[Op]:
    parser = EscposParser()
    ops = parser.feed(data)
    assert parser.pending == 0
    return merged(ops)


def meaningful(ops: list[Op]) -> list[Op]:
    return [op for op in ops if not isinstance(op, Skipped)]


def test_one_of_everything() -> None:
    ops = parse(STREAM)
    assert not [op for op in ops if isinstance(op, Unknown)]
    bold_tall = Style(bold=True, height=2)
    centred_inverted = Style(align="center", inverted=True)
    big = Style(width=2, height=2)
    assert meaningful(ops) == [
        Initialize(),
        CodePage(19, "cp858"),
        Text("Kop", bold_tall),
        LineFeed(),
        Text("€ é", centred_inverted),
        LineFeed(),
        Text("Gr Oot", big),
        LineFeed(),
        QrCode(b"ABCD", 5, "M", "left"),
        Image(8, 2, b"\xf0\x0f", "left"),
        Image(8, 2, b"\xaa\x55", "left"),
        Barcode("EAN13", b"8710398526434", "left"),
        Barcode("CODE128", b"{BT-1", "left"),
        StatusQuery(1),
        StatusQuery(4),
        Recover(2),
        IdentityQuery(0x43),
        PaperSensorQuery(1),
        Feed(3),
        Cut(partial=True, feed=0),
        Cut(partial=False),
    ]
    skipped = [op.what for op in ops if isinstance(op, Skipped)]
    assert "tab positions" in skipped and "define user characters" in skipped
    assert "bit image" in skipped and "drawer kick pulse" in skipped
    assert "FS ( A" in skipped and "DLE DC4 1 real-time request" in skipped


def test_any_split_gives_the_same_operations() -> None:
    whole = parse(STREAM)
    for cut in range(1, len(STREAM)):
        parser = EscposParser()
        ops = parser.feed(STREAM[:cut]) + parser.feed(STREAM[cut:])
        assert merged(ops) == whole, cut
    parser = EscposParser()
    one_by_one = [op for i in range(len(STREAM)) for op in parser.feed(STREAM[i : i + 1])]
    assert merged(one_by_one) == whole


def test_a_half_command_waits_for_the_rest() -> None:
    parser = EscposParser()
    assert parser.feed(b"\x1d(k\x07\x00\x31\x50") == []
    assert parser.pending == 7
    assert parser.feed(b"\x30ABCD\x1d(k\x03\x00\x31\x51") == [
        Skipped(b"\x1d(k\x07\x00\x31\x50\x30ABCD", "QR function 80")
    ]
    assert parser.feed(b"\x30") == [QrCode(b"ABCD")]
    assert parser.pending == 0


def test_code_pages_decode_their_own_euro() -> None:
    for page, byte in ((19, b"\xd5"), (16, b"\x80"), (40, b"\xa4")):
        (text,) = [op for op in parse(b"\x1bt" + bytes((page,)) + byte) if isinstance(op, Text)]
        assert text.text == "€", page
    (default,) = [op for op in parse(b"\x82") if isinstance(op, Text)]
    assert default.text == "é"  # CP437 until told otherwise
    ops = parse(b"\x1bt\xfe\x82")
    assert CodePage(254, None) in ops  # a page we cannot decode: said so, read as CP437


def test_initialize_resets_styles_and_code_page() -> None:
    ops = parse(b"\x1bt\x10\x1bE\x01\x1ba\x02x\x1b@\x80")
    texts = [op for op in ops if isinstance(op, Text)]
    assert texts[0] == Text("x", Style(bold=True, align="right"))
    assert texts[1] == Text("Ç", Style())  # 0x80 in CP437 after the reset


@pytest.mark.parametrize(
    ("garbage", "unknown"),
    [
        (b"\x01\x02\x07", 3),  # stray control bytes
        (b"\x1bZ", 1),  # ESC with an unknown letter
        (b"\x1d\x99", 1),  # GS with an unknown letter
        (b"\x1c\x7f", 1),  # FS with an unknown letter
        (b"\x10\x99", 1),  # DLE without a real-time command (the 0x99 is text)
        (b"\x10\x04\x09", 1),  # DLE EOT with an unknown n
        (b"\x1dV\x07", 1),  # GS V with an unknown mode
        (b"\x1dk\x63", 1),  # GS k with an unknown barcode system
    ],
)
def test_garbage_is_recorded_and_parsing_goes_on(garbage: bytes, unknown: int) -> None:
    ops = parse(garbage + b"\x1b@hello\n")
    assert len([op for op in ops if isinstance(op, Unknown)]) == unknown
    assert ops[-3:] == [Initialize(), Text("hello", Style()), LineFeed()]


def test_an_implausible_length_is_garbage_not_a_swallowed_stream() -> None:
    huge = b"\x1dv0\x00\xff\xff\xff\xff"  # 65535 x 65535 bytes of "image"
    ops = parse(huge + b"after\n")
    assert ops[0] == Unknown(huge, "GS v 0: 65535x65535 is implausible")
    assert ops[1:] == [Text("after", Style()), LineFeed()]
    assert MAX_DATA < 65535 * 65535


def test_python_escpos_images_read_back_bit_for_bit() -> None:
    picture = PILImage.new("L", (20, 3), 255)
    picture.putpixel((0, 0), 0)
    picture.putpixel((19, 2), 0)
    printer = Dummy(profile="TM-T88V")
    printer.image(picture, impl="bitImageRaster")
    printer.image(picture, impl="graphics")
    images = [op for op in parse(printer.output) if isinstance(op, Image)]
    assert len(images) == 2
    for image in images:
        assert image.height == 3 and image.width in (20, 24)
        assert image.data == b"\x80\x00\x00" + b"\x00\x00\x00" + b"\x00\x00\x10"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=300))
def test_random_bytes_never_raise(data: bytes, split: int) -> None:
    parser = EscposParser()
    parser.feed(data[:split])
    parser.feed(data[split:])
    parser.feed(b"\x00" * 4)
    assert parser.pending <= len(data) + 4


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([b"\x01", b"\x1bZ", b"\x1d\x99", b"\x10\x99", b"abc", b"\n"])))
def test_short_garbage_never_hides_what_follows(pieces: list[bytes]) -> None:
    ops = parse(b"".join(pieces) + b"\n\x1b@tail\n")
    assert ops[-3:] == [Initialize(), Text("tail", Style()), LineFeed()]
