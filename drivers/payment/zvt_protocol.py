"""ZVT (PA00P015, "ZVT protocol" 13.x) encoding: APDUs, BMP fields, TLV containers, BCD.

Pure functions and value classes, no I/O; :mod:`drivers.payment.zvt` speaks with them.

APDU
    ``CCRC INSTR LEN DATA`` (ECR -> PT: class and instruction; PT -> ECR answers: APRC).
    ``LEN`` is one byte for 0-254 bytes of data; for more, ``0xFF`` then two bytes of
    length, little-endian (at most 65535). Over TCP/IP the APDUs go as they are: no
    DLE/STX/ETX/CRC (that transport layer is for RS-232 only). ``80 00 00`` is the ACK;
    ``84 xx 00`` a NAK, ``xx`` saying why (a result code, see :data:`RESULT_TEXTS`).

BMP fields
    ``tag value`` one after another. Each tag has a fixed length or a variable one
    (:data:`BMPS`): ``LLVAR`` / ``LLLVAR`` prefix the value with 2 / 3 length digits,
    each in its own byte as ``0xF0 | digit`` (``F1 F2`` = 12 bytes); BMP ``06`` holds a
    TLV container whose length is coded as in TLV. An unknown tag cannot be skipped (its
    length is unknown), so it is a protocol error.

TLV
    BER-like: the tag's first byte has class bits 8-7, "constructed" bit 6 and number
    bits 5-1; number bits all 1 (``xx x1 1111``) means more tag bytes follow, each with
    bit 8 set when yet another follows (``1F 07``). Length: ``00``-``7F`` as is, ``81 nn``,
    ``82 nn nn`` (big-endian). A constructed tag's value is again a list of TLVs.

BCD
    Two decimal digits per byte, most significant first (amount ``04``: 6 bytes =
    12 digits of cents; currency ``49``: ``09 78`` for EUR; trace ``0B``: 3 bytes;
    receipt ``87``: 2 bytes; terminal id ``29``: 4 bytes; password: 3 bytes). A masked
    card number (BMP ``22``) is BCD padded with ``F`` and masked digits as ``E``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = [
    "ACK",
    "BMPS",
    "INTERMEDIATE_STATUS_TEXTS",
    "MAX_APDU_DATA",
    "MAX_TLV_DEPTH",
    "RESULT_TEXTS",
    "Apdu",
    "ApduReader",
    "Bmp",
    "BmpFormat",
    "Command",
    "Tlv",
    "ZvtProtocolError",
    "bcd_decode",
    "bcd_digits",
    "bcd_encode",
    "decode_bmps",
    "decode_masked_pan",
    "decode_tlvs",
    "encode_apdu",
    "encode_bmp",
    "encode_bmps",
    "encode_tlv_length",
    "encode_tlvs",
    "find_tlv",
    "llvar",
    "nak",
]

MAX_APDU_DATA = 0xFFFF
MAX_TLV_DEPTH = 32
"""Deepest nesting of TLV containers accepted (real terminals use three or four levels)."""


class ZvtProtocolError(ValueError):
    """Bytes that are not ZVT: a bad class byte, a truncated field, a non-BCD digit..."""


class Command(enum.Enum):
    """The commands this module knows, as (class, instruction)."""

    # ECR -> PT
    REGISTRATION = (0x06, 0x00)
    AUTHORISATION = (0x06, 0x01)
    LOG_OFF = (0x06, 0x02)
    REPEAT_RECEIPT = (0x06, 0x20)
    REVERSAL = (0x06, 0x30)
    END_OF_DAY = (0x06, 0x50)
    DIAGNOSIS = (0x06, 0x70)
    ABORT_ECR = (0x06, 0xB0)
    STATUS_ENQUIRY = (0x05, 0x01)
    # PT -> ECR
    STATUS_INFORMATION = (0x04, 0x0F)
    INTERMEDIATE_STATUS = (0x04, 0xFF)
    COMPLETION = (0x06, 0x0F)
    ABORT = (0x06, 0x1E)
    PRINT_LINE = (0x06, 0xD1)
    PRINT_TEXT_BLOCK = (0x06, 0xD3)


_COMMAND_NAMES = {command.value: command.name.lower() for command in Command}


@dataclass(frozen=True, slots=True)
class Apdu:
    """One ZVT message: class byte, instruction byte, data."""

    cls: int
    instr: int
    data: bytes = b""

    @property
    def command(self) -> tuple[int, int]:
        return (self.cls, self.instr)

    @property
    def is_ack(self) -> bool:
        return self.cls == 0x80 and self.instr == 0x00

    @property
    def is_nak(self) -> bool:
        return self.cls == 0x84

    @property
    def name(self) -> str:
        """A readable name for logs (never the data: it may hold card data)."""
        if self.is_ack:
            return "ack"
        if self.is_nak:
            return f"nak {self.instr:02X}"
        return _COMMAND_NAMES.get(self.command, f"{self.cls:02X} {self.instr:02X}")

    def encode(self) -> bytes:
        return encode_apdu(self.cls, self.instr, self.data)

    def is_command(self, command: Command) -> bool:
        return self.command == command.value


ACK = bytes([0x80, 0x00, 0x00])


def nak(code: int) -> bytes:
    """A negative acknowledgement ``84 code 00``."""
    return encode_apdu(0x84, code)


def encode_apdu(cls: int, instr: int, data: bytes = b"") -> bytes:
    """``cls instr len data`` with the extended length (``FF lo hi``) from 255 bytes on."""
    if not (0 <= cls <= 0xFF and 0 <= instr <= 0xFF):
        raise ValueError("class and instruction are bytes")
    size = len(data)
    if size > MAX_APDU_DATA:
        raise ValueError(f"an APDU holds at most {MAX_APDU_DATA} bytes of data, not {size}")
    if size < 0xFF:
        return bytes([cls, instr, size]) + data
    return bytes([cls, instr, 0xFF]) + size.to_bytes(2, "little") + data


class ApduReader:
    """Cuts a byte stream into APDUs; keeps a partial one until the rest comes.

    ``classes``: the class bytes that may start an APDU (None: any). A message starting
    with another byte is garbage: :meth:`feed` raises :class:`ZvtProtocolError` and the
    buffer is dropped (the stream cannot be resynchronised).
    """

    def __init__(self, classes: Iterable[int] | None = None) -> None:
        self.classes = None if classes is None else frozenset(classes)
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        """Bytes held of an APDU that has not completely arrived."""
        return len(self._buffer)

    def reset(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes) -> list[Apdu]:
        self._buffer.extend(data)
        out: list[Apdu] = []
        while True:
            buffer = self._buffer
            if not buffer:
                return out
            if self.classes is not None and buffer[0] not in self.classes:
                bad = buffer[0]
                self.reset()
                raise ZvtProtocolError(f"a message cannot start with byte {bad:02X}")
            if len(buffer) < 3:
                return out
            size, header = buffer[2], 3
            if size == 0xFF:
                if len(buffer) < 5:
                    return out
                size, header = int.from_bytes(buffer[3:5], "little"), 5
            if len(buffer) < header + size:
                return out
            out.append(Apdu(buffer[0], buffer[1], bytes(buffer[header : header + size])))
            del buffer[: header + size]


# -- BCD and variable lengths ----------------------------------------------------------


def bcd_encode(value: int, size: int) -> bytes:
    """``value`` as ``size`` bytes of BCD (``bcd_encode(1234, 3) == b"\\x00\\x12\\x34"``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"BCD holds a non-negative whole number, not {value!r}")
    digits = str(value)
    if len(digits) > 2 * size:
        raise ValueError(f"{value} does not fit in {size} bytes of BCD")
    return bytes.fromhex(digits.zfill(2 * size))


def bcd_digits(data: bytes) -> str:
    """The decimal digits of BCD bytes, leading zeros kept; raises on a non-digit nibble."""
    text = data.hex()
    if not text.isdigit() and text:
        raise ZvtProtocolError(f"not BCD: {text.upper()}")
    return text


def bcd_decode(data: bytes) -> int:
    """BCD bytes as a number (``b""`` is 0)."""
    return int(bcd_digits(data) or "0")


def llvar(data: bytes, digits: int = 2) -> bytes:
    """``data`` with its length as ``digits`` bytes ``F0|d`` (LLVAR: 2, LLLVAR: 3)."""
    if len(data) >= 10**digits:
        raise ValueError(f"{len(data)} bytes do not fit a {digits}-digit length")
    return bytes(0xF0 | int(d) for d in str(len(data)).zfill(digits)) + data


def _read_var_length(data: bytes, at: int, digits: int, tag: int) -> tuple[int, int]:
    if at + digits > len(data):
        raise ZvtProtocolError(f"BMP {tag:02X}: its length is cut off")
    size = 0
    for byte in data[at : at + digits]:
        if byte & 0xF0 != 0xF0 or byte & 0x0F > 9:
            raise ZvtProtocolError(f"BMP {tag:02X}: length byte {byte:02X} is not F0-F9")
        size = size * 10 + (byte & 0x0F)
    return size, at + digits


def decode_masked_pan(data: bytes) -> str:
    """A card number from BMP 22: BCD, ``E`` nibbles masked (shown ``*``), ``F`` padding."""
    out: list[str] = []
    for nibble in data.hex().upper():
        if nibble.isdigit():
            out.append(nibble)
        elif nibble == "E":
            out.append("*")
        elif nibble == "F":
            continue
        else:
            raise ZvtProtocolError(f"card number nibble {nibble} is neither BCD, E nor F")
    return "".join(out)


# -- TLV -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tlv:
    """One TLV item; a constructed tag's ``value`` is the tuple of its items."""

    tag: int
    value: bytes | tuple[Tlv, ...] = b""

    @property
    def constructed(self) -> bool:
        return bool(_tag_bytes(self.tag)[0] & 0x20)

    @property
    def items(self) -> tuple[Tlv, ...]:
        return self.value if isinstance(self.value, tuple) else ()

    @property
    def data(self) -> bytes:
        return self.value if isinstance(self.value, bytes) else b""


def _tag_bytes(tag: int) -> bytes:
    if tag < 0:
        raise ValueError("a tag is a non-negative number")
    size = max(1, (tag.bit_length() + 7) // 8)
    raw = tag.to_bytes(size, "big")
    if size == 1:
        if raw[0] & 0x1F == 0x1F:
            raise ValueError(f"tag {tag:02X} announces more tag bytes but has none")
        return raw
    if raw[0] & 0x1F != 0x1F:
        raise ValueError(f"tag {tag:X}: a long tag starts with number bits 11111")
    for index, byte in enumerate(raw[1:], start=1):
        last = index == len(raw) - 1
        if bool(byte & 0x80) == last:
            raise ValueError(f"tag {tag:X}: bit 8 must be set on every tag byte but the last")
    return raw


def encode_tlv_length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    if size <= 0xFF:
        return bytes([0x81, size])
    if size <= 0xFFFF:
        return bytes([0x82]) + size.to_bytes(2, "big")
    raise ValueError(f"a TLV length is at most 65535, not {size}")


def encode_tlvs(items: Iterable[Tlv]) -> bytes:
    out = bytearray()
    for item in items:
        tag = _tag_bytes(item.tag)
        constructed = bool(tag[0] & 0x20)
        if isinstance(item.value, tuple):
            if not constructed:
                raise ValueError(f"tag {item.tag:X} is primitive but holds TLV items")
            value = encode_tlvs(item.value)
        else:
            if constructed:
                raise ValueError(f"tag {item.tag:X} is constructed: give it TLV items")
            value = bytes(item.value)
        out += tag + encode_tlv_length(len(value)) + value
    return bytes(out)


def _read_tlv_length(data: bytes, at: int) -> tuple[int, int]:
    if at >= len(data):
        raise ZvtProtocolError("TLV length is cut off")
    first = data[at]
    if first < 0x80:
        return first, at + 1
    count = first & 0x7F
    if count not in (1, 2):
        raise ZvtProtocolError(f"TLV length byte {first:02X} is not 00-7F, 81 or 82")
    if at + 1 + count > len(data):
        raise ZvtProtocolError("TLV length is cut off")
    return int.from_bytes(data[at + 1 : at + 1 + count], "big"), at + 1 + count


def decode_tlvs(data: bytes) -> tuple[Tlv, ...]:
    """Every TLV item in ``data``, constructed ones decoded recursively.

    Containers nested deeper than :data:`MAX_TLV_DEPTH` are refused: a 64 KiB APDU
    could otherwise nest thousands deep and end in ``RecursionError`` (found by fuzzing).
    """
    return _decode_tlvs(data, 0)


def _decode_tlvs(data: bytes, depth: int) -> tuple[Tlv, ...]:
    if depth > MAX_TLV_DEPTH:
        raise ZvtProtocolError(f"TLV containers nested deeper than {MAX_TLV_DEPTH} levels")
    items: list[Tlv] = []
    at = 0
    while at < len(data):
        start = at
        first = data[at]
        at += 1
        if first & 0x1F == 0x1F:
            while True:
                if at >= len(data):
                    raise ZvtProtocolError("TLV tag is cut off")
                byte = data[at]
                at += 1
                if not byte & 0x80:
                    break
        tag = int.from_bytes(data[start:at], "big")
        size, at = _read_tlv_length(data, at)
        if at + size > len(data):
            raise ZvtProtocolError(f"TLV {tag:X}: {size} bytes announced, {len(data) - at} left")
        value = data[at : at + size]
        at += size
        items.append(Tlv(tag, _decode_tlvs(value, depth + 1) if first & 0x20 else value))
    return tuple(items)


def find_tlv(items: Iterable[Tlv], tag: int) -> Iterator[Tlv]:
    """Every item with ``tag``, searching constructed items depth-first."""
    for item in items:
        if item.tag == tag:
            yield item
        if isinstance(item.value, tuple):
            yield from find_tlv(item.value, tag)


# -- BMP fields ----------------------------------------------------------------------


class BmpFormat(enum.Enum):
    FIXED = "fixed"
    LLVAR = "llvar"
    LLLVAR = "lllvar"
    TLV = "tlv"


@dataclass(frozen=True, slots=True)
class _BmpSpec:
    name: str
    format: BmpFormat
    size: int = 0


def _fixed(name: str, size: int) -> _BmpSpec:
    return _BmpSpec(name, BmpFormat.FIXED, size)


BMPS: dict[int, _BmpSpec] = {
    0x01: _fixed("timeout", 1),
    0x02: _fixed("max status infos", 1),
    0x03: _fixed("service byte", 1),
    0x04: _fixed("amount", 6),
    0x05: _fixed("pump number", 1),
    0x06: _BmpSpec("TLV container", BmpFormat.TLV),
    0x0B: _fixed("trace number", 3),
    0x0C: _fixed("time", 3),
    0x0D: _fixed("date", 2),
    0x0E: _fixed("expiry date", 2),
    0x17: _fixed("card sequence number", 2),
    0x19: _fixed("status byte / payment type", 1),
    0x22: _BmpSpec("card number", BmpFormat.LLVAR),
    0x23: _BmpSpec("track 2", BmpFormat.LLVAR),
    0x24: _BmpSpec("track 3", BmpFormat.LLLVAR),
    0x27: _fixed("result code", 1),
    0x29: _fixed("terminal id", 4),
    0x2A: _fixed("VU number", 15),
    0x2D: _BmpSpec("track 1", BmpFormat.LLVAR),
    0x2E: _BmpSpec("synchronous chip data", BmpFormat.LLLVAR),
    0x37: _fixed("original trace number", 3),
    0x3A: _fixed("CVV", 2),
    0x3B: _fixed("authorisation attribute (AID)", 8),
    0x3C: _BmpSpec("additional data", BmpFormat.LLLVAR),
    0x3D: _fixed("password", 3),
    0x49: _fixed("currency code", 2),
    0x60: _BmpSpec("individual totals", BmpFormat.LLLVAR),
    0x87: _fixed("receipt number", 2),
    0x88: _fixed("turnover number", 3),
    0x8A: _fixed("card type", 1),
    0x8B: _BmpSpec("card name", BmpFormat.LLVAR),
    0x8C: _fixed("card type id of the network operator", 1),
    0x92: _BmpSpec("additional data ec-Cash", BmpFormat.LLLVAR),
    0x9A: _BmpSpec("Geldkarte payment data", BmpFormat.LLLVAR),
    0xA0: _fixed("result code AS", 1),
    0xA7: _BmpSpec("chip data EF_ID", BmpFormat.LLVAR),
    0xAA: _fixed("date YYMMDD", 3),
    0xAF: _BmpSpec("EF_Info", BmpFormat.LLLVAR),
    0xBA: _fixed("AID parameter", 5),
    0xD0: _fixed("algorithm key", 1),
    0xD1: _BmpSpec("card offset / PIN data", BmpFormat.LLVAR),
    0xD2: _fixed("direction", 1),
    0xD3: _fixed("key position", 1),
    0xE0: _fixed("minimum input length", 1),
    **{tag: _BmpSpec(f"display line {tag - 0xE0}", BmpFormat.LLVAR) for tag in range(0xE1, 0xE9)},
    0xE9: _fixed("maximum input length", 1),
    0xEA: _fixed("echo input", 1),
    0xEB: _fixed("MAC", 8),
    0xF0: _fixed("display duration", 1),
    **{tag: _BmpSpec(f"text line {tag - 0xF0}", BmpFormat.LLVAR) for tag in range(0xF1, 0xF9)},
}
"""BMP tag -> name and length rule, from the spec's BMP table (the fields an ECR meets)."""


@dataclass(frozen=True, slots=True)
class Bmp:
    """One BMP field: its tag and value (the TLV container's value is its raw TLV bytes)."""

    tag: int
    value: bytes
    tlv: tuple[Tlv, ...] = field(default=(), compare=False)


def encode_bmp(tag: int, value: bytes | Iterable[Tlv]) -> bytes:
    """One BMP: tag, length prefix where the format has one, value (TLVs for tag 06)."""
    spec = BMPS.get(tag)
    if spec is None:
        raise ValueError(f"unknown BMP {tag:02X}")
    if spec.format is BmpFormat.TLV:
        raw = value if isinstance(value, bytes) else encode_tlvs(value)
        return bytes([tag]) + encode_tlv_length(len(raw)) + raw
    if not isinstance(value, bytes):
        raise ValueError(f"BMP {tag:02X} ({spec.name}) holds bytes")
    if spec.format is BmpFormat.FIXED:
        if len(value) != spec.size:
            raise ValueError(f"BMP {tag:02X} ({spec.name}) is {spec.size} bytes, not {len(value)}")
        return bytes([tag]) + value
    digits = 2 if spec.format is BmpFormat.LLVAR else 3
    return bytes([tag]) + llvar(value, digits)


def encode_bmps(fields: Iterable[tuple[int, bytes | Iterable[Tlv]]]) -> bytes:
    return b"".join(encode_bmp(tag, value) for tag, value in fields)


def decode_bmps(data: bytes) -> list[Bmp]:
    """Every BMP in ``data``; raises :class:`ZvtProtocolError` on an unknown or cut field."""
    out: list[Bmp] = []
    at = 0
    while at < len(data):
        tag = data[at]
        at += 1
        spec = BMPS.get(tag)
        if spec is None:
            raise ZvtProtocolError(f"unknown BMP {tag:02X} (its length cannot be known)")
        if spec.format is BmpFormat.FIXED:
            size = spec.size
        elif spec.format is BmpFormat.TLV:
            size, at = _read_tlv_length(data, at)
        else:
            size, at = _read_var_length(data, at, 2 if spec.format is BmpFormat.LLVAR else 3, tag)
        if at + size > len(data):
            raise ZvtProtocolError(
                f"BMP {tag:02X} ({spec.name}): {size} bytes needed, {len(data) - at} left"
            )
        value = data[at : at + size]
        at += size
        tlv = decode_tlvs(value) if spec.format is BmpFormat.TLV else ()
        out.append(Bmp(tag, value, tlv))
    return out


# -- texts ---------------------------------------------------------------------------

RESULT_TEXTS: dict[int, str] = {
    0x00: "no error",
    0x05: "declined by the card issuer (do not honour)",
    0x1A: "additional authentication required (issuer code 1A)",
    0x33: "expired card (issuer)",
    0x38: "PIN tries exceeded (issuer)",
    0x51: "insufficient funds (issuer)",
    0x54: "expired card (issuer)",
    0x55: "incorrect PIN (issuer)",
    0x57: "transaction not permitted to the cardholder (issuer)",
    0x61: "exceeds withdrawal amount limit (issuer)",
    0x62: "restricted card (issuer)",
    0x64: "card not readable (LRC/parity error)",
    0x65: "card data not present",
    0x66: "processing error",
    0x67: "function not permitted for ec and Maestro cards",
    0x68: "function not permitted for credit and tank cards",
    0x6A: "turnover file full",
    0x6B: "function deactivated (PT not registered)",
    0x6C: "abort via timeout or abort key",
    0x6E: "card in blocked list",
    0x6F: "wrong currency",
    0x71: "credit not sufficient (chip card)",
    0x72: "chip error",
    0x73: "card data incorrect",
    0x77: "end-of-day batch not possible",
    0x78: "card expired",
    0x79: "card not yet valid",
    0x7A: "card unknown",
    0x7B: "fallback to magnetic stripe not possible (girocard)",
    0x7C: "fallback to magnetic stripe not possible",
    0x7D: "communication error",
    0x7E: "fallback to magnetic stripe not possible, debit advice possible",
    0x83: "function not possible",
    0x85: "key missing",
    0x89: "PIN pad defective",
    0x9A: "ZVT protocol error",
    0x9B: "error from dial-up / communication fault",
    0x9C: "please wait",
    0xA0: "receiver not ready",
    0xA1: "remote station does not respond",
    0xA3: "no connection",
    0xA4: "submission of Geldkarte not possible",
    0xA5: "function not allowed due to PCI-DSS/P2PE rules",
    0xB1: "memory full",
    0xB2: "merchant journal full",
    0xB4: "already reversed",
    0xB5: "reversal not possible",
    0xB7: "pre-authorisation incorrect (amount too high) or amount wrong",
    0xB8: "error pre-authorisation",
    0xBF: "voltage supply too low",
    0xC0: "card locking mechanism defective",
    0xC1: "merchant card locked",
    0xC2: "diagnosis required",
    0xC3: "maximum amount exceeded",
    0xC4: "card profile invalid",
    0xC5: "payment method not supported",
    0xC6: "currency not applicable",
    0xC8: "amount too small",
    0xC9: "maximum transaction amount too small",
    0xCB: "function only allowed in euro",
    0xCC: "printer not ready",
    0xCD: "cashback not possible",
    0xD2: "function not permitted for service cards",
    0xDC: "card inserted",
    0xDD: "error during card eject",
    0xDE: "error during card insertion",
    0xE0: "remote maintenance activated",
    0xE2: "card reader does not answer",
    0xE3: "shutter closed",
    0xE4: "terminal activation required",
    0xE7: "goods group not found",
    0xE8: "no goods groups table loaded",
    0xE9: "restriction code not permitted",
    0xEA: "card code not permitted",
    0xEB: "function not executable (PIN algorithm unknown)",
    0xEC: "PIN processing not possible",
    0xED: "PIN pad defective",
    0xF0: "open end-of-day batch present",
    0xF1: "ec-cash/Maestro offline error",
    0xF5: "OPT error",
    0xF6: "OPT data not available",
    0xFA: "error transmitting offline transactions",
    0xFB: "turnover data set defective",
    0xFC: "necessary device not present or defective",
    0xFD: "baud rate not supported",
    0xFE: "register unknown",
    0xFF: "system error",
}
"""Result codes (chapter 10 of the spec). 01-63 pass the card issuer's two-digit
response code through as hexadecimal digits (``51`` -> ``0x51``); 64 onwards are the
terminal's own. Only the issuer codes we map are listed."""

INTERMEDIATE_STATUS_TEXTS: dict[int, str] = {
    0x00: "Waiting for amount confirmation",
    0x01: "Please watch the PIN pad",
    0x02: "Please watch the PIN pad",
    0x03: "Not accepted",
    0x04: "Waiting for the host",
    0x05: "Sending auto-reversal",
    0x06: "Sending post-bookings",
    0x07: "Card not admitted",
    0x08: "Card unknown",
    0x09: "Card expired",
    0x0A: "Insert card",
    0x0B: "Please remove the card",
    0x0C: "Card not readable",
    0x0D: "Processing error",
    0x0E: "Please wait",
    0x0F: "Starting the automatic end-of-day batch",
    0x10: "Invalid card",
    0x11: "Balance display",
    0x12: "System malfunction",
    0x13: "Payment not possible",
    0x14: "Credit not sufficient",
    0x15: "Incorrect PIN",
    0x16: "Limit not sufficient",
    0x17: "Please wait",
    0x18: "PIN try limit exceeded",
    0x19: "Card data incorrect",
    0x1A: "Service mode",
    0x1B: "Approved, please fill up",
    0x1C: "Approved, please take the goods",
    0x1D: "Declined",
}
"""The intermediate status codes of ``04 FF`` (English, after the spec's table)."""
