"""A receipt rendered to ESC/POS bytes with python-escpos, in blocks the driver can check.

What a receipt is (:class:`Receipt`): the text lines the kiosk laid out (42 columns on
80 mm paper), optional header lines printed centred, bold and double size (keep them
to half the columns), an optional logo image, an optional QR code and/or CODE128
barcode of the transaction, then a cut.

How it is rendered (:class:`ReceiptRenderer`): into a python-escpos ``Dummy`` printer
with a pinned profile (``TM-T88V`` by default: 42 columns in font A, 512 dots wide,
native QR, full and partial cut). Every receipt starts with ``ESC @`` (reset) and
selects **one** code page with ``ESC t n``; python-escpos's automatic code page
switching is never used, so what a receipt looks like does not depend on the text.
Characters the code page lacks are replaced before encoding: ``ĳ`` by ``ij``, ``…``
by ``.`` (one column, so the 42-column layout holds), typographic quotes and dashes by
their ASCII forms, ``€`` by ``EUR`` on a page without it, accents dropped where only
the base letter exists, ``?`` for anything else. Control characters in a line (an
``ESC`` in a product name) are replaced by ``?``: a line is text, never commands.
Lines longer than the columns are wrapped by us, not by the printer, so the line
count the driver reports is the one on paper.

The default code page is CP858 (Epson "PC858 Euro", ``ESC t 19``): CP850 with the euro
sign, the Western-European page every ESC/POS printer since the TM-T88 III knows.
CP1252 (``ESC t 16``), ISO 8859-15 (``ESC t 40``) and any other page of the profile
with a Python codec can be configured.

The output is a list of :class:`Block` objects (reset, logo, header line, text line,
QR, barcode, cut), each a whole number of ESC/POS commands, so a status query sent
between blocks never lands inside an image's data.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from drivers.printer._escpos import (
    CAPABILITIES,
    CodePages,
    Dummy,
    Encoder,
    NotSupported,
    get_profile,
)

__all__ = [
    "DEFAULT_CODE_PAGE",
    "DEFAULT_PROFILE",
    "Block",
    "Receipt",
    "ReceiptRenderer",
    "RenderedReceipt",
]

DEFAULT_PROFILE = "TM-T88V"
DEFAULT_CODE_PAGE = "CP858"

FALLBACKS: dict[str, str] = {
    "ĳ": "ij",
    "Ĳ": "IJ",
    "…": ".",
    "‘": "'",
    "’": "'",
    "‚": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "−": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "€": "EUR",
    "×": "x",
    "•": "*",
    "‰": "o/oo",
}
"""Replacements for characters a code page lacks (used only when it lacks them)."""

BARCODE_LIMIT = 60
"""Longest CODE128 payload accepted (a transaction id, not a document)."""


@dataclass(frozen=True)
class Receipt:
    """What the kiosk hands over; see the module docstring."""

    lines: Sequence[str]
    header: Sequence[str] = ()
    logo: Image.Image | str | os.PathLike[str] | None = None
    """An image (or its file) printed centred above the header; None: the configured logo."""
    qr: str | None = None
    """Printed as a QR code after the lines, e.g. the transaction id or a receipt URL."""
    barcode: str | None = None
    """Printed as a CODE128 barcode after the QR code; printable ASCII only."""


@dataclass(frozen=True, slots=True)
class Block:
    """A run of whole ESC/POS commands; ``line`` is the text line it ends (1-based)."""

    part: str
    """``start``, ``logo``, ``header``, ``line``, ``qr``, ``barcode`` or ``cut``."""
    data: bytes
    line: int = 0
    """The number of text lines (header and body) printed once this block is out."""


@dataclass(frozen=True, slots=True)
class RenderedReceipt:
    blocks: tuple[Block, ...]
    lines: int
    """Text lines on paper (header lines plus body lines, after wrapping)."""

    @property
    def data(self) -> bytes:
        return b"".join(block.data for block in self.blocks)

    @property
    def size(self) -> int:
        return sum(len(block.data) for block in self.blocks)


class _Fallback(dict[int, str]):
    """A ``str.translate`` table computed on demand: what a code page lacks -> stand-in."""

    def __init__(self, encoder: Encoder, encoding: str) -> None:
        super().__init__()
        self._encoder = encoder
        self._encoding = encoding

    def encodable(self, char: str) -> bool:
        return self._encoder.can_encode(self._encoding, char)

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code < 0x20 or 0x7F <= code < 0xA0:
            out = " " if char == "\t" else "?"
        elif code < 0x7F or self.encodable(char):
            out = char
        elif char in FALLBACKS and all(self.encodable(c) for c in FALLBACKS[char]):
            out = FALLBACKS[char]
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out = base if base and all(self.encodable(c) for c in base) else "?"
        self[code] = out
        return out


_ENCODERS: dict[str, Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def _encoder(profile: str) -> Encoder:
    """One python-escpos encoder per profile (its character maps are cached inside)."""
    with _ENCODERS_LOCK:
        encoder = _ENCODERS.get(profile)
        if encoder is None:
            encoder = Encoder(get_profile(profile).get_code_pages())
            _ENCODERS[profile] = encoder
        return encoder


def _load_image(source: Image.Image | str | os.PathLike[str], max_width: int) -> Image.Image:
    if isinstance(source, Image.Image):
        image = source
    else:
        try:
            with Image.open(Path(source)) as opened:
                image = opened.copy()
        except (OSError, ValueError) as error:
            raise ValueError(f"cannot read the logo {source}: {error}") from error
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height))
    return image


class ReceiptRenderer:
    """Renders :class:`Receipt` objects for one printer model and code page.

    Raises ``ValueError`` for a profile, code page, cut mode or logo it cannot use.
    """

    def __init__(
        self,
        *,
        profile: str = DEFAULT_PROFILE,
        code_page: str = DEFAULT_CODE_PAGE,
        columns: int | None = None,
        cut: str = "partial",
        qr_size: int = 6,
        logo: Image.Image | str | os.PathLike[str] | None = None,
    ) -> None:
        if profile not in CAPABILITIES["profiles"]:
            known = ", ".join(sorted(p for p in CAPABILITIES["profiles"] if p.startswith("TM-")))
            raise ValueError(f"unknown printer profile {profile!r}; Epson ones: {known}")
        self.profile = profile
        self._profile = get_profile(profile)
        code_pages = self._profile.get_code_pages()
        code_page = code_page.upper()
        if code_page not in code_pages:
            usable = ", ".join(sorted(c for c in code_pages if c != "Unknown"))
            raise ValueError(f"profile {profile} has no code page {code_page!r}; it has {usable}")
        data = CodePages.get_encoding(code_page)
        if "python_encode" not in data and "data" not in data:
            raise ValueError(f"code page {code_page} has no known character table")
        self.code_page = code_page
        self.code_page_number = int(code_pages[code_page])
        self._encoder = _encoder(profile)
        self._fallback = _Fallback(self._encoder, code_page)
        self._fallback_lock = threading.Lock()
        try:
            profile_columns = self._profile.get_columns("a")
        except (NotSupported, KeyError):
            profile_columns = 42
        self.columns = profile_columns if columns is None else columns
        if not 16 <= self.columns <= 80:
            raise ValueError(f"columns must be 16-80, not {self.columns}")
        if cut not in ("partial", "full"):
            raise ValueError(f"cut must be 'partial' or 'full', not {cut!r}")
        self.cut = cut
        if not 1 <= qr_size <= 16:
            raise ValueError(f"qr_size must be 1-16 dots per module, not {qr_size}")
        self.qr_size = qr_size
        try:
            self.dots = int(self._profile.profile_data["media"]["width"]["pixels"])
        except (KeyError, TypeError, ValueError):
            self.dots = 512
        self.native_qr = bool(self._profile.supports("qrCode"))
        self._logo_block = self._render_logo(logo) if logo is not None else None

    # -- text --

    def prepare(self, text: str) -> str:
        """``text`` with what the code page cannot print replaced (see the module docstring)."""
        with self._fallback_lock:
            return text.translate(self._fallback)

    def _wrap(self, line: str, columns: int) -> list[str]:
        line = self.prepare(line.rstrip())
        if len(line) <= columns:
            return [line]
        return [line[i : i + columns] for i in range(0, len(line), columns)]

    # -- rendering --

    def _printer(self) -> Dummy:
        return Dummy(profile=self.profile, magic_encode_args={"encoder": self._encoder})

    @staticmethod
    def _take(printer: Dummy) -> bytes:
        data = printer.output
        printer.clear()
        return data

    def _render_logo(self, logo: Image.Image | str | os.PathLike[str]) -> Block:
        printer = self._printer()
        printer.set(align="center")
        printer.image(_load_image(logo, self.dots), impl="bitImageRaster")
        printer.set(align="left")
        return Block("logo", self._take(printer))

    def render(self, receipt: Receipt) -> RenderedReceipt:
        """The receipt as blocks of ESC/POS bytes; ``ValueError`` for a bad QR or barcode."""
        if isinstance(receipt.lines, str) or isinstance(receipt.header, str):
            raise ValueError("lines and header are sequences of lines, not one string")
        if not all(isinstance(text, str) for text in [*receipt.header, *receipt.lines]):
            raise ValueError("every line of a receipt is text")
        if receipt.barcode is not None:
            code = receipt.barcode
            if not code or len(code) > BARCODE_LIMIT or not all(" " <= c <= "~" for c in code):
                raise ValueError(
                    f"a barcode holds 1-{BARCODE_LIMIT} printable ASCII characters: {code!r}"
                )
        if receipt.qr is not None and not receipt.qr:
            raise ValueError("an empty QR code")
        printer = self._printer()
        blocks: list[Block] = []
        printer.hw("INIT")
        printer.magic.force_encoding(self.code_page)
        blocks.append(Block("start", self._take(printer)))
        if receipt.logo is not None:
            blocks.append(self._render_logo(receipt.logo))
        elif self._logo_block is not None:
            blocks.append(self._logo_block)
        line = 0
        if receipt.header:
            printer.set(align="center", bold=True, double_width=True, double_height=True)
            for text in receipt.header:
                for piece in self._wrap(text, self.columns // 2):
                    printer.text(piece + "\n")
                    line += 1
                    blocks.append(Block("header", self._take(printer), line))
            printer.set(align="left", bold=False, normal_textsize=True)
        for text in receipt.lines:
            for piece in self._wrap(text, self.columns):
                printer.text(piece + "\n")
                line += 1
                blocks.append(Block("line", self._take(printer), line))
        if receipt.qr is not None:
            printer.set(align="center")
            printer.qr(receipt.qr, size=self.qr_size, native=self.native_qr)
            printer.text("\n")
            blocks.append(Block("qr", self._take(printer), line))
        if receipt.barcode is not None:
            printer.set(align="center")
            # barcode() prints "Using hardware barcode renderer" to stdout; _hw_barcode is
            # the same code without that. "{B": CODE128 code set B, as ESC/POS wants it.
            printer._hw_barcode(
                "{B" + receipt.barcode, "CODE128", height=80, width=2, function_type="B"
            )
            blocks.append(Block("barcode", self._take(printer), line))
        printer.set(align="left")
        printer.cut(mode="PART" if self.cut == "partial" else "FULL")
        blocks.append(Block("cut", self._take(printer), line))
        return RenderedReceipt(tuple(blocks), line)

    def test_page(self, facts: Sequence[tuple[str, str]] = ()) -> Receipt:
        """A test page: who the printer is, the code page test line, a ruler and a QR."""
        ruler = "".join(str(i % 10) for i in range(1, self.columns + 1))
        lines = [f"{name}: {value}" for name, value in facts]
        lines += [
            f"profile: {self.profile}",
            f"code page: {self.code_page} (ESC t {self.code_page_number})",
            "",
            "€ é ë ï ö ü ĳ  É Ë Ï Ö Ü",
            "",
            ruler,
            "-" * self.columns,
        ]
        return Receipt(lines=lines, header=["TEST PAGE"], qr="selfscan printer test")

    def describe(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "code_page": self.code_page,
            "columns": self.columns,
            "cut": self.cut,
            "qr_size": self.qr_size,
            "logo": self._logo_block is not None,
        }
