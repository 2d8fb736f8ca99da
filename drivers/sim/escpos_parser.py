"""An incremental ESC/POS parser: bytes in, printer operations out (for the simulator).

Our own reading of Epson's ESC/POS command reference, independent of python-escpos
(which only writes ESC/POS), so that a test of driver against simulator checks the
bytes rather than one library against itself.

:meth:`EscposParser.feed` takes whatever arrived (any split: half a command waits for
the rest) and returns operations: :class:`Text` (decoded by the code page selected
with ``ESC t n``, with the style of the moment), :class:`LineFeed`, :class:`Feed`,
:class:`Cut`, :class:`Image` (``GS v 0`` and ``GS ( L`` / ``GS 8 L`` raster graphics),
:class:`QrCode` (``GS ( k``), :class:`Barcode` (``GS k``), the queries a printer
answers (:class:`StatusQuery` ``DLE EOT n``, :class:`Recover` ``DLE ENQ n``,
:class:`IdentityQuery` ``GS I n``, :class:`PaperSensorQuery` ``GS r n``),
:class:`Initialize` (``ESC @``) and :class:`CodePage`. Styles (``ESC !``, ``ESC E``,
``ESC -``, ``ESC a``, ``GS !``, ``GS B``, ``ESC {``, ``ESC M``) are kept by the parser
and carried by each :class:`Text`.

Every other command in the reference with a known length is passed over as
:class:`Skipped` (its bytes and name). Bytes that are no command at all become
:class:`Unknown` (an ``ESC`` / ``GS`` / ``FS`` with an unknown letter takes two bytes,
any other control byte one) and parsing goes on with the next byte: garbage never
stops the parser and never raises. A length field beyond :data:`MAX_DATA` is taken as
garbage too (its header is :class:`Unknown`), so a corrupt header cannot make the
parser swallow the rest of the stream.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "CODE_PAGES",
    "MAX_DATA",
    "Barcode",
    "CodePage",
    "Cut",
    "EscposParser",
    "Feed",
    "IdentityQuery",
    "Image",
    "Initialize",
    "LineFeed",
    "Op",
    "PaperSensorQuery",
    "QrCode",
    "Recover",
    "Skipped",
    "StatusQuery",
    "Style",
    "Text",
    "Unknown",
]

NUL, HT, LF, FF, CR, DLE, CAN, ESC, FS, GS = 0, 9, 10, 12, 13, 0x10, 0x18, 0x1B, 0x1C, 0x1D
EOT, ENQ, DC4 = 0x04, 0x05, 0x14

MAX_DATA = 1 << 20
"""Longest data block accepted after a length field (1 MiB); longer is garbage."""

CODE_PAGES: dict[int, str] = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    13: "cp857",
    14: "cp737",
    15: "iso8859_7",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
    32: "cp720",
    33: "cp775",
    34: "cp855",
    35: "cp861",
    36: "cp862",
    37: "cp864",
    38: "cp869",
    39: "iso8859_2",
    40: "iso8859_15",
    44: "cp1125",
    45: "cp1250",
    46: "cp1251",
    47: "cp1253",
    48: "cp1254",
    49: "cp1255",
    50: "cp1256",
    51: "cp1257",
    52: "cp1258",
    53: "kz1048",
}
"""``ESC t n`` -> Python codec, for the Epson code page numbers that have one."""

BARCODES: dict[int, str] = {
    0: "UPC-A",
    1: "UPC-E",
    2: "EAN13",
    3: "EAN8",
    4: "CODE39",
    5: "ITF",
    6: "CODABAR",
    65: "UPC-A",
    66: "UPC-E",
    67: "EAN13",
    68: "EAN8",
    69: "CODE39",
    70: "ITF",
    71: "CODABAR",
    72: "CODE93",
    73: "CODE128",
    74: "GS1-128",
    75: "GS1 DataBar Omnidirectional",
    76: "GS1 DataBar Truncated",
    77: "GS1 DataBar Limited",
    78: "GS1 DataBar Expanded",
    79: "CODE128 auto",
}

ALIGN = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right", 50: "right"}
QR_ERROR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}

# Commands with a fixed total length (prefix and letter included) and no effect we model.
ESC_FIXED = {
    FF: ("print in page mode", 2),
    0x20: ("right-side character spacing", 3),
    ord("$"): ("absolute print position", 4),
    ord("%"): ("user-defined character set on/off", 3),
    ord("2"): ("default line spacing", 2),
    ord("3"): ("line spacing", 3),
    ord("="): ("select peripheral device", 3),
    ord("?"): ("cancel user-defined character", 3),
    ord("G"): ("double-strike", 3),
    ord("L"): ("page mode", 2),
    ord("R"): ("international character set", 3),
    ord("S"): ("standard mode", 2),
    ord("T"): ("page mode print direction", 3),
    ord("U"): ("unidirectional printing", 3),
    ord("V"): ("90-degree rotation", 3),
    ord("W"): ("page mode print area", 10),
    ord("\\"): ("relative print position", 4),
    ord("c"): ("paper sensor / panel button settings", 4),
    ord("p"): ("drawer kick pulse", 5),
    ord("r"): ("print colour", 3),
    ord("u"): ("transmit peripheral status", 3),
    ord("v"): ("transmit paper sensor status", 2),
}
GS_FIXED = {
    ord("$"): ("absolute vertical position", 4),
    ord("/"): ("print downloaded bit image", 3),
    ord(":"): ("start/end macro definition", 2),
    ord("E"): ("head control", 3),
    ord("H"): ("HRI position", 3),
    ord("L"): ("left margin", 4),
    ord("P"): ("motion units", 4),
    ord("T"): ("print position to line start", 3),
    ord("W"): ("print area width", 4),
    ord("\\"): ("relative vertical position", 4),
    ord("^"): ("execute macro", 5),
    ord("a"): ("automatic status back", 3),
    ord("b"): ("smoothing", 3),
    ord("c"): ("print counter", 2),
    ord("f"): ("HRI font", 3),
    ord("h"): ("barcode height", 3),
    ord("j"): ("automatic ink status back", 3),
    ord("w"): ("barcode module width", 3),
}
FS_FIXED = {
    ord("!"): ("kanji print mode", 3),
    ord("&"): ("kanji mode on", 2),
    ord("-"): ("kanji underline", 3),
    ord("."): ("kanji mode off", 2),
    ord("2"): ("define user kanji", 76),
    ord("C"): ("kanji code system", 3),
    ord("S"): ("kanji spacing", 4),
    ord("W"): ("kanji quadruple size", 3),
    ord("p"): ("print NV bit image", 4),
}

_CONTROL = re.compile(rb"[\x00-\x1f]")


@dataclass(frozen=True, slots=True)
class Style:
    bold: bool = False
    underline: int = 0
    width: int = 1
    height: int = 1
    font: int = 0
    align: str = "left"
    inverted: bool = False
    upside_down: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    style: Style


@dataclass(frozen=True, slots=True)
class LineFeed:
    """``LF`` (or ``ESC J``): print the line buffer and feed one line."""


@dataclass(frozen=True, slots=True)
class Feed:
    """``ESC d n``: print the line buffer and feed ``lines`` lines."""

    lines: int


@dataclass(frozen=True, slots=True)
class Cut:
    partial: bool
    feed: int = 0
    """Dots fed before the cut (``GS V 65/66 n``)."""


@dataclass(frozen=True, slots=True)
class Image:
    """A raster image: ``width`` dots by ``height`` rows, rows of ``(width + 7) // 8`` bytes,
    most significant bit leftmost, 1 = a black dot."""

    width: int
    height: int
    data: bytes
    align: str = "left"


@dataclass(frozen=True, slots=True)
class QrCode:
    data: bytes
    module_size: int = 3
    error_correction: str = "L"
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Barcode:
    symbology: str
    data: bytes
    align: str = "left"

    @property
    def text(self) -> str:
        """The human-readable text (CODE128's code set prefixes ``{A`` / ``{B`` removed)."""
        raw = self.data
        if self.symbology in ("CODE128", "GS1-128"):
            out = []
            i = 0
            while i < len(raw):
                if raw[i] == 0x7B and i + 1 < len(raw) and raw[i + 1] in b"ABCS1234":
                    i += 2
                    continue
                out.append(chr(raw[i]))
                i += 1
            return "".join(out)
        return raw.decode("latin-1")


@dataclass(frozen=True, slots=True)
class StatusQuery:
    n: int


@dataclass(frozen=True, slots=True)
class Recover:
    n: int


@dataclass(frozen=True, slots=True)
class IdentityQuery:
    n: int


@dataclass(frozen=True, slots=True)
class PaperSensorQuery:
    n: int


@dataclass(frozen=True, slots=True)
class Initialize:
    pass


@dataclass(frozen=True, slots=True)
class CodePage:
    n: int
    encoding: str | None
    """The Python codec, or None for a page we cannot decode (decoded as cp437)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    data: bytes
    what: str


@dataclass(frozen=True, slots=True)
class Unknown:
    data: bytes
    why: str


Op: TypeAlias = (
    Text
    | LineFeed
    | Feed
    | Cut
    | Image
    | QrCode
    | Barcode
    | StatusQuery
    | Recover
    | IdentityQuery
    | PaperSensorQuery
    | Initialize
    | CodePage
    | Skipped
    | Unknown
)

Result: TypeAlias = tuple[int, list[Op]] | None
"""(bytes consumed, operations), or None when the command is not complete yet."""


def _le(data: bytes | bytearray, start: int, size: int) -> int:
    return int.from_bytes(data[start : start + size], "little")


class EscposParser:
    """Parses an ESC/POS stream incrementally; see the module docstring."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything: a half command, the styles, the code page (a power cycle)."""
        self._buffer = bytearray()
        self._initialize()

    def _initialize(self) -> None:
        self.style = Style()
        self.code_page = 0
        self.encoding = CODE_PAGES[0]
        self._qr_data = b""
        self._qr_size = 3
        self._qr_level = "L"
        self._graphics: Image | None = None

    @property
    def pending(self) -> int:
        """Bytes of an incomplete command waiting for the rest."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Op]:
        """The operations ``data`` completes (an incomplete command at the end waits)."""
        buf = self._buffer
        buf += data
        ops: list[Op] = []
        pos = 0
        end = len(buf)
        while pos < end:
            if buf[pos] >= 0x20:
                match = _CONTROL.search(buf, pos)
                stop = end if match is None else match.start()
                ops.append(Text(bytes(buf[pos:stop]).decode(self.encoding, "replace"), self.style))
                pos = stop
                continue
            result = self._command(buf, pos, end - pos)
            if result is None:
                break
            consumed, found = result
            ops.extend(found)
            pos += consumed
        del buf[:pos]
        return ops

    # -- dispatch --

    def _command(self, buf: bytearray, pos: int, avail: int) -> Result:
        byte = buf[pos]
        if byte == LF:
            return 1, [LineFeed()]
        if byte == HT:
            return 1, [Text(" ", self.style)]
        if byte in (CR, CAN, FF):
            return 1, [Skipped(bytes((byte,)), {CR: "CR", CAN: "CAN", FF: "FF"}[byte])]
        if byte == DLE:
            return self._dle(buf, pos, avail)
        if byte == ESC:
            return self._esc(buf, pos, avail)
        if byte == GS:
            return self._gs(buf, pos, avail)
        if byte == FS:
            return self._fs(buf, pos, avail)
        return 1, [Unknown(bytes((byte,)), f"control byte 0x{byte:02x}")]

    @staticmethod
    def _skip(buf: bytearray, pos: int, avail: int, size: int, what: str) -> Result:
        if avail < size:
            return None
        return size, [Skipped(bytes(buf[pos : pos + size]), what)]

    @staticmethod
    def _unknown(buf: bytearray, pos: int, size: int, why: str) -> Result:
        return size, [Unknown(bytes(buf[pos : pos + size]), why)]

    def _sized(
        self, buf: bytearray, pos: int, avail: int, header: int, length: int, what: str
    ) -> Result:
        """A command of ``header`` bytes followed by ``length`` data bytes, skipped."""
        if length > MAX_DATA:
            return self._unknown(buf, pos, header, f"{what}: length {length} is implausible")
        return self._skip(buf, pos, avail, header + length, what)

    # -- DLE: real-time commands --

    def _dle(self, buf: bytearray, pos: int, avail: int) -> Result:
        if avail < 2:
            return None
        second = buf[pos + 1]
        if second not in (EOT, ENQ, DC4):
            return self._unknown(buf, pos, 1, "DLE without a real-time command")
        if avail < 3:
            return None
        n = buf[pos + 2]
        if second == EOT:
            if n in (1, 2, 3, 4):
                return 3, [StatusQuery(n)]
            if n in (7, 8):
                return self._skip(buf, pos, avail, 4, "transmit extended status")
            return self._unknown(buf, pos, 3, f"DLE EOT {n}")
        if second == ENQ:
            return 3, [Recover(n)]
        sizes = {1: 5, 2: 5, 3: 5, 7: 4, 8: 10}
        if n not in sizes:
            return self._unknown(buf, pos, 3, f"DLE DC4 {n}")
        return self._skip(buf, pos, avail, sizes[n], f"DLE DC4 {n} real-time request")

    # -- ESC --

    def _esc(self, buf: bytearray, pos: int, avail: int) -> Result:
        if avail < 2:
            return None
        letter = buf[pos + 1]
        if letter == ord("@"):
            self._initialize()
            return 2, [Initialize()]
        if letter in (ord("i"), ord("m")):
            return 2, [Cut(partial=True)]
        if letter in ESC_FIXED:
            what, size = ESC_FIXED[letter]
            return self._skip(buf, pos, avail, size, what)
        if letter == ord("D"):
            end = buf.find(b"\x00", pos + 2, pos + 2 + 33)
            if end < 0:
                return None if avail < 35 else self._unknown(buf, pos, 2, "ESC D without NUL")
            return end + 1 - pos, [Skipped(bytes(buf[pos : end + 1]), "tab positions")]
        if letter == ord("*"):
            if avail < 5:
                return None
            m, count = buf[pos + 2], _le(buf, pos + 3, 2)
            if m not in (0, 1, 32, 33):
                return self._unknown(buf, pos, 3, f"ESC * mode {m}")
            return self._sized(buf, pos, avail, 5, count * (3 if m >= 32 else 1), "bit image")
        if letter == ord("&"):
            return self._user_characters(buf, pos, avail)
        if letter == ord("("):
            if avail < 5:
                return None
            return self._sized(
                buf, pos, avail, 5, _le(buf, pos + 3, 2), f"ESC ( {chr(buf[pos + 2])}"
            )
        if avail < 3:
            return None
        n = buf[pos + 2]
        style = self.style
        if letter == ord("!"):
            self.style = dataclasses.replace(
                style,
                font=n & 1,
                bold=bool(n & 0x08),
                height=2 if n & 0x10 else 1,
                width=2 if n & 0x20 else 1,
                underline=1 if n & 0x80 else 0,
            )
        elif letter == ord("E"):
            self.style = dataclasses.replace(style, bold=bool(n & 1))
        elif letter == ord("-"):
            self.style = dataclasses.replace(style, underline=n % 48 if n >= 48 else n & 3)
        elif letter == ord("M"):
            self.style = dataclasses.replace(style, font=n % 48 if n >= 48 else n)
        elif letter == ord("a"):
            self.style = dataclasses.replace(style, align=ALIGN.get(n, style.align))
        elif letter == ord("{"):
            self.style = dataclasses.replace(style, upside_down=bool(n & 1))
        elif letter == ord("t"):
            self.code_page = n
            encoding = CODE_PAGES.get(n)
            self.encoding = encoding or CODE_PAGES[0]
            return 3, [CodePage(n, encoding)]
        elif letter == ord("d"):
            return 3, [Feed(n)]
        elif letter == ord("J"):
            return 3, [LineFeed()]
        elif letter in (ord("K"), ord("e")):
            return self._skip(buf, pos, avail, 3, "reverse feed")
        else:
            return self._unknown(buf, pos, 2, f"ESC 0x{letter:02x}")
        return 3, [Skipped(bytes(buf[pos : pos + 3]), f"ESC {chr(letter)}")]

    def _user_characters(self, buf: bytearray, pos: int, avail: int) -> Result:
        """``ESC & y c1 c2 [x d1 ... d(y*x)] ...``: one block per character c1..c2."""
        if avail < 5:
            return None
        y, first, last = buf[pos + 2], buf[pos + 3], buf[pos + 4]
        if y not in (2, 3) or not 32 <= first <= last <= 126:
            return self._unknown(buf, pos, 2, "ESC & with bad parameters")
        cursor = pos + 5
        for _ in range(first, last + 1):
            if cursor >= pos + avail:
                return None
            cursor += 1 + y * buf[cursor]
        if cursor > pos + avail:
            return None
        return cursor - pos, [Skipped(bytes(buf[pos:cursor]), "define user characters")]

    # -- GS --

    def _gs(self, buf: bytearray, pos: int, avail: int) -> Result:
        if avail < 2:
            return None
        letter = buf[pos + 1]
        if letter in GS_FIXED:
            what, size = GS_FIXED[letter]
            return self._skip(buf, pos, avail, size, what)
        if letter == ord("("):
            return self._gs_paren(buf, pos, avail)
        if letter == ord("8"):
            if avail < 7:
                return None
            if buf[pos + 2] != ord("L"):
                return self._unknown(buf, pos, 3, "GS 8 without L")
            length = _le(buf, pos + 3, 4)
            if length > MAX_DATA:
                return self._unknown(buf, pos, 7, f"GS 8 L: length {length} is implausible")
            if avail < 7 + length:
                return None
            params = bytes(buf[pos + 7 : pos + 7 + length])
            return 7 + length, self._graphics_function(bytes(buf[pos : pos + 7 + length]), params)
        if letter == ord("v"):
            if avail < 8:
                return None
            if buf[pos + 2] != ord("0"):
                return self._unknown(buf, pos, 3, "GS v without 0")
            width_bytes, height = _le(buf, pos + 4, 2), _le(buf, pos + 6, 2)
            length = width_bytes * height
            if length > MAX_DATA:
                return self._unknown(buf, pos, 8, f"GS v 0: {width_bytes}x{height} is implausible")
            if avail < 8 + length:
                return None
            data = bytes(buf[pos + 8 : pos + 8 + length])
            return 8 + length, [Image(width_bytes * 8, height, data, self.style.align)]
        if letter == ord("*"):
            if avail < 4:
                return None
            length = buf[pos + 2] * buf[pos + 3] * 8
            return self._sized(buf, pos, avail, 4, length, "define downloaded bit image")
        if letter == ord("k"):
            return self._barcode(buf, pos, avail)
        if letter == ord("V"):
            if avail < 3:
                return None
            m = buf[pos + 2]
            if m in (0, 48, 1, 49):
                return 3, [Cut(partial=m in (1, 49))]
            if m in (65, 66, 97, 98, 103, 104):
                if avail < 4:
                    return None
                return 4, [Cut(partial=m in (66, 98, 104), feed=buf[pos + 3])]
            return self._unknown(buf, pos, 3, f"GS V {m}")
        if letter in (ord("g"), ord("z")):
            size = 6 if letter == ord("g") else 5
            return self._skip(buf, pos, avail, size, f"GS {chr(letter)} (maintenance counter)")
        if avail < 3:
            return None
        n = buf[pos + 2]
        if letter == ord("!"):
            self.style = dataclasses.replace(
                self.style, width=min((n >> 4) & 7, 7) + 1, height=min(n & 7, 7) + 1
            )
            return 3, [Skipped(bytes(buf[pos : pos + 3]), "GS !")]
        if letter == ord("B"):
            self.style = dataclasses.replace(self.style, inverted=bool(n & 1))
            return 3, [Skipped(bytes(buf[pos : pos + 3]), "GS B")]
        if letter == ord("I"):
            return 3, [IdentityQuery(n)]
        if letter == ord("r"):
            return 3, [PaperSensorQuery(n)]
        return self._unknown(buf, pos, 2, f"GS 0x{letter:02x}")

    def _gs_paren(self, buf: bytearray, pos: int, avail: int) -> Result:
        """``GS ( X pL pH data``: QR codes (k) and graphics (L) are read, the rest skipped."""
        if avail < 5:
            return None
        kind = buf[pos + 2]
        length = _le(buf, pos + 3, 2)
        if avail < 5 + length:
            return None
        whole = bytes(buf[pos : pos + 5 + length])
        params = whole[5:]
        if kind == ord("k"):
            return 5 + length, self._symbol(whole, params)
        if kind == ord("L"):
            return 5 + length, self._graphics_function(whole, params)
        return 5 + length, [Skipped(whole, f"GS ( {chr(kind)}")]

    def _symbol(self, whole: bytes, params: bytes) -> list[Op]:
        if len(params) < 2 or params[0] != 49:  # cn 49: QR code; other symbols are skipped
            return [Skipped(whole, "2D symbol")]
        fn = params[1]
        if fn == 67 and len(params) >= 3:
            self._qr_size = params[2]
        elif fn == 69 and len(params) >= 3:
            self._qr_level = QR_ERROR_LEVELS.get(params[2], "?")
        elif fn == 80 and len(params) >= 3:
            self._qr_data = params[3:]
        elif fn == 81:
            return [QrCode(self._qr_data, self._qr_size, self._qr_level, self.style.align)]
        return [Skipped(whole, f"QR function {fn}")]

    def _graphics_function(self, whole: bytes, params: bytes) -> list[Op]:
        """``GS ( L`` / ``GS 8 L`` ``m fn ...``: store a raster graphic (fn 112), print it (50)."""
        if len(params) < 2:
            return [Unknown(whole, "graphics command without a function")]
        fn = params[1]
        if fn == 112 and len(params) >= 10:
            width, height = _le(params, 6, 2), _le(params, 8, 2)
            data = params[10:]
            if len(data) == (width + 7) // 8 * height:
                self._graphics = Image(width, height, data, self.style.align)
                return [Skipped(whole, "store raster graphics")]
            return [Unknown(whole, f"raster graphics: {len(data)} bytes for {width}x{height}")]
        if fn in (50, 2):
            if self._graphics is None:
                return [Skipped(whole, "print graphics (none stored)")]
            image = dataclasses.replace(self._graphics, align=self.style.align)
            return [image]
        return [Skipped(whole, f"graphics function {fn}")]

    def _barcode(self, buf: bytearray, pos: int, avail: int) -> Result:
        if avail < 3:
            return None
        m = buf[pos + 2]
        if m <= 6:
            end = buf.find(b"\x00", pos + 3, pos + 3 + 256)
            if end < 0:
                return None if avail < 3 + 256 else self._unknown(buf, pos, 3, "GS k without NUL")
            data = bytes(buf[pos + 3 : end])
            return end + 1 - pos, [Barcode(BARCODES[m], data, self.style.align)]
        if 65 <= m <= 79:
            if avail < 4:
                return None
            n = buf[pos + 3]
            if avail < 4 + n:
                return None
            data = bytes(buf[pos + 4 : pos + 4 + n])
            return 4 + n, [Barcode(BARCODES[m], data, self.style.align)]
        return self._unknown(buf, pos, 3, f"GS k {m}")

    # -- FS --

    def _fs(self, buf: bytearray, pos: int, avail: int) -> Result:
        if avail < 2:
            return None
        letter = buf[pos + 1]
        if letter in FS_FIXED:
            what, size = FS_FIXED[letter]
            return self._skip(buf, pos, avail, size, what)
        if letter == ord("("):
            if avail < 5:
                return None
            return self._sized(
                buf, pos, avail, 5, _le(buf, pos + 3, 2), f"FS ( {chr(buf[pos + 2])}"
            )
        return self._unknown(buf, pos, 2, f"FS 0x{letter:02x}")
