"""Enable / disable commands for the common families of serial scanners, and their replies.

A disabled scanner should not read at all (no beep, no data), not just have its data
dropped: a customer who hears the beep expects the item on the receipt. Which bytes do
that depends on the scanner family, chosen with the driver option ``commands``:

``none`` (the default)
    Nothing is sent; while disabled the driver drops what the scanner sends.

``zebra-ssi``: Zebra (Symbol/Motorola) Simple Serial Interface
    A packet is ``length, opcode, source, status, data..., checksum``. ``length`` counts
    the bytes before the checksum (4 plus the data); ``source`` is 0x04 from the host,
    0x00 from the scanner ("decoder"); ``status`` bit 0 marks a retransmission, bit 1 a
    packet that more packets continue; the checksum is the 16-bit two's complement of
    the sum of all the bytes before it, high byte first. Sent: ``SCAN_ENABLE`` (0xE9)
    ``04 E9 04 00 FF 0F`` and ``SCAN_DISABLE`` (0xEA) ``04 EA 04 00 FF 0E``; the health
    check sends ``REQUEST_REVISION`` (0xA3) ``04 A3 04 00 FF 55`` and reads the
    ``REPLY_REVISION`` (0xA4) packet's text. The scanner answers a command with ``CMD_ACK``
    (0xD0, ``04 D0 00 00 FF 2C``) or ``CMD_NAK`` (0xD1) whose one data byte says why:
    1 resend (the packet arrived damaged; it is sent once more with the retransmit bit
    set), 2 bad context, 6 denied. The host acknowledges packets the scanner sends (the
    revision, unsolicited events) with ``04 D0 04 00 FF 28``.
    Assumed: the scanner is in SSI mode with ACK/NAK handshaking on and sends its decode
    data raw (SSI's "Decode Data Packet Format" = raw), so scans arrive as text with the
    configured prefix and terminator, interleaved with SSI packets. A ``DECODE_DATA``
    packet (0xF3; data = the SSI code type byte, then the code) is accepted too.

``honeywell``: Honeywell (and Metrologic-made Honeywell) menu commands
    ``SYN M CR`` (``16 4D 0D``), the command, then ``!``: the ``!`` makes the change
    temporary (active memory only, lost at power-down), so a kiosk never wears out the
    scanner's flash or leaves it disabled for the next host. By default enabling sends
    ``TRGMOD3`` (presentation mode: the scanner reads whatever is held in front of it)
    and disabling ``TRGMOD0`` (manual trigger: a fixed scanner nobody triggers reads
    nothing). Options ``enable_command`` / ``disable_command`` give other menu commands
    (e.g. ``TRGMOD8`` for streaming presentation). The scanner answers with the command
    echoed, then ACK (0x06), ENQ (0x05: unknown command) or NAK (0x15: value out of
    range), then the same ``!``; that answer is taken out of the data stream.

``datalogic``: Datalogic single-byte host commands (Magellan, Gryphon and others in their
standard RS-232 interface)
    ``E`` (0x45) enables, ``D`` (0x44) disables; no answer. The options give other bytes
    in hex (``enable_command = "45"``) for models configured otherwise.

Replies share the line with the scans. :class:`ReplySplitter` takes them out of the byte
stream before the :class:`~drivers.scanner.framing.ScanFramer` sees it, only where a
frame may start (after a terminator), and only what is provably a reply: an SSI packet
must have a scanner opcode and a correct checksum, a Honeywell answer must echo the
command just sent. Everything else goes on to the framer unchanged and in order.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

__all__ = [
    "ACK",
    "NAK",
    "REPLY_REVISION",
    "REQUEST_REVISION",
    "SCAN_DISABLE",
    "SCAN_ENABLE",
    "Action",
    "CommandFamily",
    "HostCommand",
    "Reply",
    "ReplyKind",
    "ReplySplitter",
    "ScannerCommands",
    "SsiPacket",
    "ssi_checksum",
]

# -- Zebra SSI --

ACK: Final = 0xD0
NAK: Final = 0xD1
REQUEST_REVISION: Final = 0xA3
REPLY_REVISION: Final = 0xA4
SCAN_ENABLE: Final = 0xE9
SCAN_DISABLE: Final = 0xEA
DECODE_DATA: Final = 0xF3
EVENT: Final = 0xF6
PARAM_SEND: Final = 0xC6

SOURCE_DECODER: Final = 0x00
SOURCE_HOST: Final = 0x04
STATUS_RETRANSMIT: Final = 0x01
STATUS_CONTINUATION: Final = 0x02

SSI_OPCODE_NAMES: Final[dict[int, str]] = {
    ACK: "CMD_ACK",
    NAK: "CMD_NAK",
    REQUEST_REVISION: "REQUEST_REVISION",
    REPLY_REVISION: "REPLY_REVISION",
    SCAN_ENABLE: "SCAN_ENABLE",
    SCAN_DISABLE: "SCAN_DISABLE",
    DECODE_DATA: "DECODE_DATA",
    EVENT: "EVENT",
    PARAM_SEND: "PARAM_SEND",
}
SCANNER_OPCODES: Final = frozenset({ACK, NAK, REPLY_REVISION, DECODE_DATA, EVENT, PARAM_SEND})
"""Opcodes a scanner sends; only these are taken out of the data stream."""
NAK_CAUSES: Final[dict[int, str]] = {1: "resend", 2: "bad context", 6: "denied"}
NAK_RESEND: Final = 1

# -- Honeywell --

SYN_M_CR: Final = b"\x16M\r"
HONEYWELL_STATUS: Final[dict[int, str]] = {
    0x06: "ACK",
    0x05: "ENQ (the scanner does not know this command)",
    0x15: "NAK (the value is out of range)",
}
HONEYWELL_TEMPORARY: Final = b"!"


def ssi_checksum(body: bytes) -> bytes:
    """Two bytes, high first: the two's complement of the 16-bit sum of ``body``."""
    return ((-sum(body)) & 0xFFFF).to_bytes(2, "big")


@dataclass(frozen=True, slots=True)
class SsiPacket:
    """One SSI packet; :meth:`encode` adds length and checksum."""

    opcode: int
    source: int = SOURCE_HOST
    status: int = 0
    data: bytes = b""

    @property
    def name(self) -> str:
        return SSI_OPCODE_NAMES.get(self.opcode, f"opcode 0x{self.opcode:02X}")

    def encode(self) -> bytes:
        body = bytes([4 + len(self.data), self.opcode, self.source, self.status]) + self.data
        if len(body) > 0xFF:
            raise ValueError(f"SSI data of {len(self.data)} bytes does not fit one packet")
        return body + ssi_checksum(body)

    @classmethod
    def decode(cls, raw: bytes) -> SsiPacket:
        """Parse one whole packet; ValueError when length or checksum do not fit."""
        if len(raw) < 6:
            raise ValueError(f"an SSI packet has at least 6 bytes, not {len(raw)}")
        length = raw[0]
        if length < 4 or len(raw) != length + 2:
            raise ValueError(f"SSI length byte {length} does not fit {len(raw)} bytes")
        body, checksum = raw[:-2], raw[-2:]
        if ssi_checksum(body) != checksum:
            raise ValueError(
                f"SSI checksum {checksum.hex()} is wrong (expected {ssi_checksum(body).hex()})"
            )
        return cls(opcode=raw[1], source=raw[2], status=raw[3], data=bytes(raw[4:-2]))


# -- commands --


class CommandFamily(enum.StrEnum):
    NONE = "none"
    ZEBRA_SSI = "zebra-ssi"
    HONEYWELL = "honeywell"
    DATALOGIC = "datalogic"


class Action(enum.StrEnum):
    ENABLE = "enable"
    DISABLE = "disable"
    REVISION = "revision"


@dataclass(frozen=True, slots=True)
class HostCommand:
    """Bytes for the scanner, and what answer to wait for."""

    action: Action
    name: str
    """For logs and errors: ``SCAN_ENABLE``, ``TRGMOD3``, ``E``."""
    payload: bytes
    answered: bool
    """Whether the scanner answers it (the driver then waits, and reports no answer)."""
    echo: bytes = b""
    """Honeywell: the command text the answer echoes."""


class ReplyKind(enum.StrEnum):
    ACK = "ack"
    NAK = "nak"
    """Refused: SSI CMD_NAK, Honeywell ENQ or NAK."""
    REVISION = "revision"
    DECODE_DATA = "decode_data"
    OTHER = "other"
    """An SSI packet the driver does not act on (an event, a parameter)."""


@dataclass(frozen=True, slots=True)
class Reply:
    kind: ReplyKind
    raw: bytes
    detail: str = ""
    """The NAK's cause, the revision text, the Honeywell status."""
    packet: SsiPacket | None = None

    @property
    def resend(self) -> bool:
        """An SSI NAK asking for the packet again (it arrived damaged)."""
        return (
            self.kind is ReplyKind.NAK
            and self.packet is not None
            and self.packet.data[:1] == bytes([NAK_RESEND])
        )


def _ssi_reply(packet: SsiPacket, raw: bytes) -> Reply:
    if packet.opcode == ACK:
        return Reply(ReplyKind.ACK, raw, "CMD_ACK", packet)
    if packet.opcode == NAK:
        cause = packet.data[0] if packet.data else None
        text = "no cause" if cause is None else NAK_CAUSES.get(cause, f"cause {cause}")
        return Reply(ReplyKind.NAK, raw, f"CMD_NAK ({text})", packet)
    if packet.opcode == REPLY_REVISION:
        return Reply(ReplyKind.REVISION, raw, packet.data.decode("latin-1").strip(), packet)
    if packet.opcode == DECODE_DATA:
        return Reply(ReplyKind.DECODE_DATA, raw, packet.name, packet)
    return Reply(ReplyKind.OTHER, raw, packet.name, packet)


class ScannerCommands:
    """The commands of one family (see the module docstring); None where it has none."""

    def __init__(
        self,
        family: CommandFamily | str = CommandFamily.NONE,
        *,
        enable_command: str | None = None,
        disable_command: str | None = None,
    ) -> None:
        try:
            self.family = CommandFamily(family)
        except ValueError:
            known = ", ".join(repr(f.value) for f in CommandFamily)
            raise ValueError(f"commands {family!r} is not one of {known}") from None
        given = enable_command is not None or disable_command is not None
        if given and self.family not in (CommandFamily.HONEYWELL, CommandFamily.DATALOGIC):
            raise ValueError(
                "enable_command / disable_command go with commands = 'honeywell' or "
                f"'datalogic', not {self.family.value!r}"
            )
        self._enable: HostCommand | None = None
        self._disable: HostCommand | None = None
        if self.family is CommandFamily.ZEBRA_SSI:
            self._enable = self._ssi(Action.ENABLE, SsiPacket(SCAN_ENABLE))
            self._disable = self._ssi(Action.DISABLE, SsiPacket(SCAN_DISABLE))
        elif self.family is CommandFamily.HONEYWELL:
            self._enable = _honeywell(Action.ENABLE, enable_command or "TRGMOD3")
            self._disable = _honeywell(Action.DISABLE, disable_command or "TRGMOD0")
        elif self.family is CommandFamily.DATALOGIC:
            self._enable = _single(Action.ENABLE, enable_command or "45")
            self._disable = _single(Action.DISABLE, disable_command or "44")

    @staticmethod
    def _ssi(action: Action, packet: SsiPacket) -> HostCommand:
        return HostCommand(action, packet.name, packet.encode(), answered=True)

    def enable(self) -> HostCommand | None:
        return self._enable

    def disable(self) -> HostCommand | None:
        return self._disable

    def for_state(self, enabled: bool) -> HostCommand | None:
        return self._enable if enabled else self._disable

    def revision_request(self) -> HostCommand | None:
        """A query the scanner answers (the external health check); SSI only."""
        if self.family is CommandFamily.ZEBRA_SSI:
            return self._ssi(Action.REVISION, SsiPacket(REQUEST_REVISION))
        return None

    def retransmission(self, command: HostCommand) -> HostCommand:
        """The same SSI packet with the retransmit bit set (after a NAK "resend")."""
        packet = SsiPacket.decode(command.payload)
        again = SsiPacket(packet.opcode, packet.source, packet.status | STATUS_RETRANSMIT)
        return HostCommand(command.action, command.name, again.encode(), command.answered)

    def acknowledgement(self, reply: Reply) -> bytes | None:
        """The host's ACK for a packet the scanner sent unasked (SSI), else None."""
        if (
            self.family is CommandFamily.ZEBRA_SSI
            and reply.packet is not None
            and reply.kind not in (ReplyKind.ACK, ReplyKind.NAK)
        ):
            return SsiPacket(ACK).encode()
        return None

    @property
    def has_packets(self) -> bool:
        """Whether the scanner may send replies unasked (SSI packets)."""
        return self.family is CommandFamily.ZEBRA_SSI


def _honeywell(action: Action, text: str) -> HostCommand:
    body = text.strip()
    if not body or not body.isascii() or not body.isalnum():
        raise ValueError(
            f"a Honeywell menu command is letters and digits such as 'TRGMOD3', not {text!r}"
        )
    echo = body.encode("ascii")
    return HostCommand(action, body, SYN_M_CR + echo + HONEYWELL_TEMPORARY, True, echo)


def _single(action: Action, hex_text: str) -> HostCommand:
    try:
        payload = bytes.fromhex(hex_text)
    except ValueError:
        payload = b""
    if not payload:
        raise ValueError(f"a Datalogic command is hex bytes such as '45', not {hex_text!r}")
    name = payload.decode("latin-1") if payload.isascii() and payload.isalnum() else payload.hex()
    return HostCommand(action, name, payload, answered=False)


# -- taking replies out of the byte stream --

_NONE, _PARTIAL, _MATCH = 0, 1, 2
_LF: Final = 0x0A
_PRINTABLE: Final = 0x20


class ReplySplitter:
    """Splits a scanner's bytes into data for the framer and :class:`Reply` objects.

    Pure: no threads, no I/O. :meth:`feed` returns, in order, ``bytes`` (for the framer)
    and ``Reply`` items. Replies are looked for only where a frame may start: at the
    beginning and right after a terminator byte (after CR or LF when the terminator is
    CR). While a possible reply is incomplete its bytes are held back; :meth:`release`
    hands them on as data (the driver calls it when the line has been quiet).
    """

    def __init__(self, commands: ScannerCommands, *, terminator: bytes) -> None:
        if not terminator:
            raise ValueError("the terminator must not be empty")
        self.commands = commands
        ends = {terminator[-1]}
        if terminator == b"\r":
            ends.add(_LF)
        self._ends = bytes(sorted(ends))
        self._awaited: HostCommand | None = None
        self._held = b""
        self._at_boundary = True

    @property
    def held(self) -> int:
        """Bytes held back as a possible reply."""
        return len(self._held)

    @property
    def awaited(self) -> HostCommand | None:
        return self._awaited

    def expect(self, command: HostCommand | None) -> list[bytes | Reply]:
        """Say which command's answer may come now (None: no answer is awaited).

        Returns what bytes held back for the previous expectation turn out to be.
        """
        self._awaited = command if command is not None and command.answered else None
        if not self._held:
            return []
        held, self._held = self._held, b""
        self._at_boundary = True
        return self.feed(held)

    def release(self) -> bytes:
        """Give up on a held possible reply: its bytes are data after all."""
        held, self._held = self._held, b""
        if held:
            self._at_boundary = held[-1] in self._ends
        return held

    def reset(self) -> None:
        """Forget held bytes and awaited answers (the port was closed)."""
        self._held = b""
        self._awaited = None
        self._at_boundary = True

    def feed(self, data: bytes) -> list[bytes | Reply]:
        buf = self._held + data if self._held else bytes(data)
        self._held = b""
        out: list[bytes | Reply] = []
        size = len(buf)
        pos = 0
        passed = 0  # start of the data not yet handed out
        while pos < size:
            if self._at_boundary:
                state, end, reply = self._match(buf, pos)
                if state == _PARTIAL:
                    if pos > passed:
                        out.append(buf[passed:pos])
                    self._held = buf[pos:]
                    return out
                if state == _MATCH:
                    assert reply is not None
                    if pos > passed:
                        out.append(buf[passed:pos])
                    out.append(reply)
                    pos = passed = end
                    continue
            nxt = self._next_end(buf, pos)
            if nxt < 0:
                pos = size
                self._at_boundary = False
            else:
                pos = nxt + 1
                self._at_boundary = True
        if size > passed:
            out.append(buf[passed:size])
        return out

    def _next_end(self, buf: bytes, pos: int) -> int:
        found = [i for i in (buf.find(end, pos) for end in self._ends) if i >= 0]
        return min(found) if found else -1

    def _match(self, buf: bytes, pos: int) -> tuple[int, int, Reply | None]:
        if self.commands.has_packets:
            state, end, reply = self._match_ssi(buf, pos)
            if state != _NONE:
                return state, end, reply
        awaited = self._awaited
        if awaited is not None and awaited.echo:
            return self._match_echo(buf, pos, awaited.echo)
        return _NONE, pos, None

    def _match_ssi(self, buf: bytes, pos: int) -> tuple[int, int, Reply | None]:
        length = buf[pos]
        revision = self._awaited is not None and self._awaited.action is Action.REVISION
        # A text scan starts with a printable character (or the prefix): an SSI length
        # byte that is printable is believed only for the revision reply being awaited.
        if length < 4 or (length >= _PRINTABLE and not revision):
            return _NONE, pos, None
        if len(buf) - pos < 2:
            return _PARTIAL, pos, None
        opcode = buf[pos + 1]
        if opcode not in SCANNER_OPCODES or (length >= _PRINTABLE and opcode != REPLY_REVISION):
            return _NONE, pos, None
        end = pos + length + 2
        if len(buf) < end:
            return _PARTIAL, pos, None
        raw = buf[pos:end]
        try:
            packet = SsiPacket.decode(raw)
        except ValueError:
            return _NONE, pos, None
        return _MATCH, end, _ssi_reply(packet, raw)

    @staticmethod
    def _match_echo(buf: bytes, pos: int, echo: bytes) -> tuple[int, int, Reply | None]:
        partial = False
        for lead in (echo, SYN_M_CR + echo):
            want = len(lead) + 2
            got = buf[pos : pos + want]
            if got[: len(lead)] != lead[: len(got)]:
                continue
            if len(got) > len(lead) and got[len(lead)] not in HONEYWELL_STATUS:
                continue
            if len(got) > len(lead) + 1 and got[len(lead) + 1 : len(lead) + 2] != b"!":
                continue
            if len(got) < want:
                partial = True
                continue
            status = got[len(lead)]
            kind = ReplyKind.ACK if status == 0x06 else ReplyKind.NAK
            return _MATCH, pos + want, Reply(kind, got, HONEYWELL_STATUS[status])
        return (_PARTIAL if partial else _NONE), pos, None
