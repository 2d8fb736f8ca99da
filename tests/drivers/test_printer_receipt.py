"""drivers.printer.receipt: a receipt rendered to ESC/POS bytes by python-escpos (not mocked).

The bytes are checked directly (reset, one code page, the euro sign's code, the cut) and
read back with the simulator's own parser (an independent reading of ESC/POS).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image as PILImage

from drivers.printer.receipt import Receipt, ReceiptRenderer
from drivers.sim.escpos_parser import (
    Barcode,
    Cut,
    EscposParser,
    Image,
    LineFeed,
    QrCode,
    Text,
    Unknown,
)

DUTCH = "Kaas € 1,99 é ë ï ö ü ĳ"


def read_back(data: bytes) -> tuple[list[str], list[object]]:
    """The printed lines and the non-text operations, as the simulator's parser sees them."""
    lines: list[str] = []
    current: list[str] = []
    others: list[object] = []
    for op in EscposParser().feed(data):
        if isinstance(op, Text):
            current.append(op.text)
        elif isinstance(op, LineFeed):
            lines.append("".join(current))
            current = []
        elif isinstance(op, Image | QrCode | Barcode | Cut | Unknown):
            others.append(op)
    return lines, others


def test_reset_then_exactly_one_code_page() -> None:
    renderer = ReceiptRenderer()
    lines = [DUTCH, "Ελληνικά Жук őrült “quoted” – dash", "plain"]
    data = renderer.render(Receipt(lines=lines)).data
    assert data.startswith(b"\x1b@\x1bt\x13")  # ESC @, ESC t 19 (PC858 Euro)
    assert data.count(b"\x1bt") == 1  # no code page switch for the Greek or Cyrillic


def test_euro_and_dutch_characters_in_cp858() -> None:
    data = ReceiptRenderer().render(Receipt(lines=[DUTCH])).data
    assert "Kaas € 1,99 é ë ï ö ü ij\n".encode("cp858") in data
    assert b"\xd5 1,99 \x82 \x89 \x8b \x94 \x81 ij\n" in data  # the bytes themselves
    printed, _ = read_back(data)
    assert printed[0] == "Kaas € 1,99 é ë ï ö ü ij"


def test_cp1252_is_selected_by_its_own_number() -> None:
    renderer = ReceiptRenderer(code_page="cp1252")
    data = renderer.render(Receipt(lines=[DUTCH + " …"])).data
    assert data.startswith(b"\x1b@\x1bt\x10")  # ESC t 16 (WPC1252)
    assert b"Kaas \x80 1,99 \xe9 \xeb \xef \xf6 \xfc ij \x85\n" in data


def test_missing_characters_are_replaced_keeping_the_width() -> None:
    renderer = ReceiptRenderer()
    assert renderer.prepare("Appelsap…") == "Appelsap."
    assert renderer.prepare("‘a’ “b” – — ĳ Ĳ") == "'a' \"b\" - - ij IJ"
    assert renderer.prepare("őŰ") == "oU"  # Hungarian accents: the base letter
    assert renderer.prepare("Жλ") == "??"
    assert ReceiptRenderer(code_page="CP850").prepare("€ 2") == "EUR 2"  # CP850 lacks €


def test_control_characters_in_a_line_are_never_commands() -> None:
    data = ReceiptRenderer().render(Receipt(lines=["a\x1b@b\x1dV\x00c\tz"])).data
    printed, others = read_back(data)
    assert printed[0] == "a?@b?V?c z"
    assert [type(op) for op in others] == [Cut]  # only the real cut


def test_long_lines_are_wrapped_by_us() -> None:
    renderer = ReceiptRenderer(columns=42)
    rendered = renderer.render(Receipt(lines=["x" * 50, "y"]))
    assert rendered.lines == 3
    printed, _ = read_back(rendered.data)
    assert printed[:3] == ["x" * 42, "x" * 8, "y"]


def test_header_qr_barcode_and_cut() -> None:
    receipt = Receipt(
        lines=["line one", "line two"], header=["Super De Boer"], qr="T-000123", barcode="T-000123"
    )
    rendered = ReceiptRenderer().render(receipt)
    data = rendered.data
    assert rendered.lines == 3
    assert b"\x1b!0\x1bE\x01\x1ba\x01Super De Boer\n" in data  # double size, bold, centred
    assert b"\x1d(k\x0b\x001P0T-000123" in data  # QR: store the data
    assert b"\x1d(k\x03\x001Q0" in data  # QR: print it
    assert b"\x1dkI\x0a{BT-000123" in data  # CODE128, code set B
    assert data.endswith(b"\x1bd\x06\x1dV\x01")  # feed, partial cut
    assert [block.part for block in rendered.blocks] == [
        "start",
        "header",
        "line",
        "line",
        "qr",
        "barcode",
        "cut",
    ]
    _, others = read_back(data)
    assert [type(op) for op in others] == [QrCode, Barcode, Cut]
    assert others[0].data == b"T-000123" and others[1].text == "T-000123"


def test_full_cut() -> None:
    data = ReceiptRenderer(cut="full").render(Receipt(lines=["x"])).data
    assert data.endswith(b"\x1dV\x00")


def test_logo_is_scaled_to_the_paper_and_sent_as_a_raster_image(tmp_path: Path) -> None:
    logo = PILImage.new("L", (1024, 50), 255)
    logo.paste(0, (0, 0, 512, 50))  # left half black
    path = tmp_path / "logo.png"
    logo.save(path)
    renderer = ReceiptRenderer(logo=str(path))
    data = renderer.render(Receipt(lines=["x"])).data
    assert b"\x1dv0\x00\x40\x00\x19\x00" in data  # GS v 0: 64 bytes (512 dots) x 25 rows
    _, others = read_back(data)
    (image,) = [op for op in others if isinstance(op, Image)]
    assert (image.width, image.height) == (512, 25)
    row = image.data[:64]
    assert row == b"\xff" * 32 + b"\x00" * 32  # black left, white right


def test_a_receipt_logo_overrides_the_configured_one() -> None:
    renderer = ReceiptRenderer(logo=PILImage.new("L", (16, 8), 0))
    data = renderer.render(Receipt(lines=["x"], logo=PILImage.new("L", (32, 4), 0))).data
    assert b"\x1dv0\x00\x04\x00\x04\x00" + b"\xff" * 16 in data
    assert b"\x1dv0\x00\x02\x00\x08\x00" not in data


def test_every_block_is_whole_commands_and_nothing_is_unknown() -> None:
    receipt = Receipt(
        lines=[DUTCH] * 5,
        header=["Winkel"],
        qr="https://example.org/r/123",
        barcode="123",
        logo=PILImage.new("L", (40, 20), 0),
    )
    rendered = ReceiptRenderer().render(receipt)
    parser = EscposParser()
    for block in rendered.blocks:
        ops = parser.feed(block.data)
        assert parser.pending == 0, block.part  # a status query may follow any block
        assert not [op for op in ops if isinstance(op, Unknown)], block.part


def test_the_test_page_has_the_code_page_line_and_a_qr() -> None:
    renderer = ReceiptRenderer()
    page = renderer.test_page([("model", "TM-T88V")])
    printed, others = read_back(renderer.render(page).data)
    assert "€ é ë ï ö ü ij  É Ë Ï Ö Ü" in printed
    assert "model: TM-T88V" in printed
    assert "1234567890" * 4 + "12" in printed  # the 42-column ruler
    assert any(isinstance(op, QrCode) for op in others)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"profile": "TM-NONE"}, "unknown printer profile"),
        ({"code_page": "CP9999"}, "no code page"),
        ({"cut": "half"}, "cut must be"),
        ({"qr_size": 17}, "qr_size"),
        ({"columns": 8}, "columns"),
        ({"logo": "/nonexistent/logo.png"}, "cannot read the logo"),
    ],
)
def test_bad_settings_are_refused(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReceiptRenderer(**options)


@pytest.mark.parametrize(
    ("receipt", "message"),
    [
        (Receipt(lines="one string"), "sequences of lines"),
        (Receipt(lines=["x", 3]), "every line"),  # type: ignore[list-item]
        (Receipt(lines=["x"], barcode="T-€"), "printable ASCII"),
        (Receipt(lines=["x"], barcode=""), "printable ASCII"),
        (Receipt(lines=["x"], qr=""), "empty QR"),
    ],
)
def test_bad_receipts_are_refused_before_anything_is_sent(receipt: Receipt, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReceiptRenderer().render(receipt)
