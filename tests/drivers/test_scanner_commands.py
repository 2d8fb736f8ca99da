"""Scanner enable/disable commands: the exact bytes, SSI packets, and answers on the line.

Pure tests of drivers.scanner.commands first (packets against known examples, the
splitter that takes answers out of the byte stream), then the SerialScanner sending them
over a real pty: the test plays the scanner on the master side and reads what arrived.
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.config import DeviceConfig
from drivers.device import DeviceState, ErrorEvent, FaultReason
from drivers.scanner import FrameErrorReason, Scan, ScanFramer, SerialScanner
from drivers.scanner.commands import (
    Action,
    CommandFamily,
    Reply,
    ReplyKind,
    ReplySplitter,
    ScannerCommands,
    SsiPacket,
    ssi_checksum,
)
from drivers.sim.pty import SimPty
from tests.drivers.test_serial_scanner import WAIT, Events

HEX = bytes.fromhex
SCAN_ENABLE = HEX("04 E9 04 00 FF 0F")
SCAN_DISABLE = HEX("04 EA 04 00 FF 0E")
REQUEST_REVISION = HEX("04 A3 04 00 FF 55")
SCANNER_ACK = HEX("04 D0 00 00 FF 2C")
HOST_ACK = HEX("04 D0 04 00 FF 28")
NAK_DENIED = HEX("05 D1 00 00 06 FF 24")
NAK_RESEND = HEX("05 D1 00 00 01 FF 29")


# ----- SSI packets


def test_ssi_checksum_matches_the_known_scan_enable_packet() -> None:
    # 0x04 + 0xE9 + 0x04 + 0x00 = 0xF1; 0x10000 - 0xF1 = 0xFF0F, high byte first
    assert ssi_checksum(HEX("04 E9 04 00")) == HEX("FF 0F")
    assert SsiPacket(0xE9).encode() == SCAN_ENABLE
    assert SsiPacket(0xEA).encode() == SCAN_DISABLE
    assert SsiPacket(0xA3).encode() == REQUEST_REVISION
    assert SsiPacket(0xD0, source=0x00).encode() == SCANNER_ACK
    assert SsiPacket(0xD1, source=0x00, data=b"\x06").encode() == NAK_DENIED


@given(
    opcode=st.integers(0, 255),
    status=st.integers(0, 255),
    data=st.binary(max_size=40),
)
def test_ssi_packets_decode_what_they_encode(opcode: int, status: int, data: bytes) -> None:
    packet = SsiPacket(opcode, 0x00, status, data)
    raw = packet.encode()
    assert raw[0] == len(raw) - 2
    assert (sum(raw[:-2]) + int.from_bytes(raw[-2:], "big")) & 0xFFFF == 0
    assert SsiPacket.decode(raw) == packet


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (HEX("04 D0 00 00 FF 2D"), "checksum"),
        (HEX("05 D0 00 00 FF 2C"), "length"),
        (HEX("04 D0 00"), "at least 6"),
    ],
)
def test_a_damaged_ssi_packet_is_refused(raw: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SsiPacket.decode(raw)


# ----- what each family sends


def test_each_family_sends_its_documented_bytes() -> None:
    ssi = ScannerCommands("zebra-ssi")
    assert ssi.enable().payload == SCAN_ENABLE and ssi.enable().answered
    assert ssi.disable().payload == SCAN_DISABLE
    assert ssi.revision_request().payload == REQUEST_REVISION
    honeywell = ScannerCommands("honeywell")
    assert honeywell.enable().payload == b"\x16M\rTRGMOD3!"
    assert honeywell.disable().payload == b"\x16M\rTRGMOD0!"
    assert honeywell.revision_request() is None
    custom = ScannerCommands("honeywell", enable_command="TRGMOD8")
    assert custom.enable().payload == b"\x16M\rTRGMOD8!"
    datalogic = ScannerCommands("datalogic")
    assert (datalogic.enable().payload, datalogic.disable().payload) == (b"E", b"D")
    assert not datalogic.enable().answered
    assert ScannerCommands("datalogic", enable_command="1b45").enable().payload == b"\x1bE"
    none = ScannerCommands()
    assert none.family is CommandFamily.NONE
    assert none.enable() is None and none.disable() is None


def test_an_ssi_retransmission_sets_the_retransmit_bit() -> None:
    ssi = ScannerCommands("zebra-ssi")
    again = ssi.retransmission(ssi.enable())
    assert again.payload == HEX("04 E9 04 01 FF 0E")
    assert again.action is Action.ENABLE


# ----- the splitter


def splitter(family: str, terminator: bytes = b"\r") -> ReplySplitter:
    return ReplySplitter(ScannerCommands(family), terminator=terminator)


def feed_all(split: ReplySplitter, chunks: list[bytes]) -> list[bytes | Reply]:
    """Feed chunks; join adjacent data so results compare across chunkings."""
    out: list[bytes | Reply] = []
    for chunk in chunks:
        for item in split.feed(chunk):
            if isinstance(item, bytes) and out and isinstance(out[-1], bytes):
                out[-1] += item
            else:
                out.append(item)
    held = split.release()
    if held:
        if out and isinstance(out[-1], bytes):
            out[-1] += held
        else:
            out.append(held)
    return out


def test_an_ssi_ack_between_scans_is_taken_out() -> None:
    split = splitter("zebra-ssi")
    got = feed_all(split, [b"]E0111\r" + SCANNER_ACK + b"]E0222\r"])
    assert got[0] == b"]E0111\r"
    assert isinstance(got[1], Reply) and got[1].kind is ReplyKind.ACK
    assert got[2] == b"]E0222\r"


def test_ssi_nak_revision_and_events_are_told_apart() -> None:
    split = splitter("zebra-ssi")
    split.expect(ScannerCommands("zebra-ssi").revision_request())
    revision = SsiPacket(0xA4, 0x00, 0, b"PAABLS00-003-R01D0 " * 2).encode()  # length >= 0x20
    got = feed_all(split, [NAK_DENIED + revision + SsiPacket(0xF6, 0, 0, b"\x01").encode()])
    kinds = [item.kind for item in got if isinstance(item, Reply)]
    assert kinds == [ReplyKind.NAK, ReplyKind.REVISION, ReplyKind.OTHER]
    assert got[0].detail == "CMD_NAK (denied)"
    assert got[1].detail == "PAABLS00-003-R01D0 PAABLS00-003-R01D0"
    assert not got[0].resend
    assert splitter("zebra-ssi").feed(NAK_RESEND)[0].resend


def test_what_only_looks_like_a_packet_stays_data() -> None:
    split = splitter("zebra-ssi")
    bad_checksum = HEX("04 D0 00 00 FF 2D")
    assert feed_all(split, [bad_checksum + b"\r]E0333\r"]) == [bad_checksum + b"\r]E0333\r"]
    # mid-frame (no terminator before it) a real packet is data too: the framer rejects it
    assert feed_all(splitter("zebra-ssi"), [b"12" + SCANNER_ACK]) == [b"12" + SCANNER_ACK]
    # a printable first byte is text unless the revision is awaited
    text = SsiPacket(0xA4, 0, 0, b"R" * 40).encode()
    assert feed_all(splitter("zebra-ssi"), [text]) == [text]


def test_a_honeywell_answer_is_taken_out_only_while_awaited() -> None:
    commands = ScannerCommands("honeywell")
    split = ReplySplitter(commands, terminator=b"\r")
    assert feed_all(split, [b"TRGMOD3\x06!"]) == [b"TRGMOD3\x06!"]  # nothing was sent
    split = ReplySplitter(commands, terminator=b"\r")
    split.expect(commands.enable())
    got = feed_all(split, [b"TRGM", b"OD3\x06!]E0444\r"])
    assert got == [Reply(ReplyKind.ACK, b"TRGMOD3\x06!", "ACK"), b"]E0444\r"]
    split.expect(commands.disable())
    (refused,) = feed_all(split, [b"TRGMOD0\x05!"])
    assert refused.kind is ReplyKind.NAK and "does not know" in refused.detail


def test_a_scan_that_starts_like_the_echo_is_handed_on() -> None:
    commands = ScannerCommands("honeywell")
    split = ReplySplitter(commands, terminator=b"\r")
    split.expect(commands.enable())
    assert split.feed(b"TRG") == []  # could be the answer: held
    assert split.held == 3
    assert split.feed(b"9\r") == [b"TRG9\r"]  # it was not


SCANS = st.lists(st.sampled_from([b"]E04006381333931", b"]C1\x1d0108712345678906", b"ABC-12"]))


@given(
    items=st.lists(
        st.one_of(
            st.sampled_from([SCANNER_ACK, NAK_DENIED, SsiPacket(0xF6, 0, 0, b"\x02").encode()]),
            st.sampled_from([b"]E04006381333931", b"]C1\x1d0108712345678906", b"ABC-12"]),
        ),
        max_size=10,
    ),
    cuts=st.lists(st.integers(0, 400), max_size=8),
)
def test_any_chunking_gives_the_same_scans_and_replies(items: list[bytes], cuts: list[int]) -> None:
    stream = b"".join(item if item[0] < 0x20 else item + b"\r" for item in items)
    points = sorted({0, len(stream), *(c % (len(stream) + 1) for c in cuts)})
    chunks = [stream[a:b] for a, b in itertools.pairwise(points)]
    got = feed_all(splitter("zebra-ssi"), chunks)
    replies = [item.raw for item in got if isinstance(item, Reply)]
    assert replies == [item for item in items if item[0] < 0x20]
    framer = ScanFramer()
    scans = [r for chunk in got if isinstance(chunk, bytes) for r in framer.feed(chunk)]
    assert scans == [
        Scan(item[3:].decode("latin-1"), item[:3].decode())
        if item.startswith(b"]")
        else Scan(item.decode())
        for item in items
        if item[0] >= 0x20
    ]


# ----- the driver sends them over a real pty


@pytest.fixture
def pty() -> Iterator[SimPty]:
    device = SimPty()
    yield device
    device.unplug()


@pytest.fixture
def start(pty: SimPty):
    made: list[SerialScanner] = []

    def make(**options: object) -> tuple[SerialScanner, Events]:
        options.setdefault("reply_timeout", WAIT)  # a slow test thread is not a silent scanner
        config = DeviceConfig(kind="scanner", driver="serial", url=pty.path, options=options)
        scanner = SerialScanner(config, reconnect_interval=0.02)
        made.append(scanner)
        events = Events()
        scanner.add_listener(events)
        scanner.open()
        assert events.status().state is DeviceState.ONLINE
        return scanner, events

    yield make
    for scanner in made:
        scanner.close()


def sent(pty: SimPty, size: int) -> bytes:
    """Exactly ``size`` bytes the driver wrote (fewer only if it never wrote them)."""
    got = b""
    for _ in range(100):
        if len(got) >= size:
            break
        got += pty.read(timeout=WAIT / 100, size=size - len(got))
    return got


def test_ssi_enable_and_disable_are_sent_and_acknowledged(pty: SimPty, start) -> None:
    scanner, events = start(commands="zebra-ssi")
    assert sent(pty, 6) == SCAN_DISABLE  # opened disabled: the scanner is told so
    pty.write(SCANNER_ACK)
    scanner.enable()
    assert sent(pty, 6) == SCAN_ENABLE
    pty.write(SCANNER_ACK + b"]E04006381333931\r")
    assert events.scan() == Scan("4006381333931", "]E0")
    scanner.disable()
    assert sent(pty, 6) == SCAN_DISABLE
    pty.write(SCANNER_ACK)
    scanner.close()
    assert pty.read(timeout=0.05) == b""  # already disabled: nothing more on close
    assert events.errors.empty()
    assert scanner.statistics.snapshot() == {"commands_sent": 3, "good_scans": 1}


def test_an_ssi_nak_is_reported_and_data_still_dropped(pty: SimPty, start) -> None:
    scanner, events = start(commands="zebra-ssi")
    assert sent(pty, 6) == SCAN_DISABLE
    pty.write(NAK_DENIED + b"]E0555\r")  # the scanner refuses, and keeps reading
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.PROTOCOL_ERROR
    assert error.detail == "scanner refused SCAN_DISABLE: CMD_NAK (denied)"
    assert isinstance(error.cause, Reply)
    scanner.enable()
    assert sent(pty, 6) == SCAN_ENABLE
    pty.write(SCANNER_ACK + b"]E0666\r")
    assert events.scan() == Scan("666", "]E0")  # 555 came while disabled: dropped
    stats = scanner.statistics.snapshot()
    assert stats["commands_refused"] == 1
    assert stats["dropped_while_disabled"] == 1


def test_an_ssi_nak_resend_gets_one_retransmission(pty: SimPty, start) -> None:
    _, events = start(commands="zebra-ssi")
    assert sent(pty, 6) == SCAN_DISABLE
    pty.write(NAK_RESEND)
    assert sent(pty, 6) == HEX("04 EA 04 01 FF 0D")  # the retransmit bit set
    pty.write(NAK_RESEND)  # damaged again: given up
    error = events.errors.get(timeout=WAIT)
    assert error.detail == "scanner refused SCAN_DISABLE: CMD_NAK (resend)"


def test_an_unanswered_command_is_reported_as_timeout(pty: SimPty, start) -> None:
    scanner, events = start(commands="zebra-ssi", reply_timeout=0.05)
    assert sent(pty, 6) == SCAN_DISABLE
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.TIMEOUT
    assert error.detail == "scanner did not answer SCAN_DISABLE within 0.05 s"
    scanner.reply_timeout = WAIT  # from now on the test answers, however slowly it runs
    scanner.enable()  # the next command goes out regardless
    assert sent(pty, 6) == SCAN_ENABLE
    pty.write(SCANNER_ACK + b"]E0777\r")
    assert events.scan() == Scan("777", "]E0")
    assert scanner.statistics["commands_unanswered"] == 1


def test_a_newer_state_replaces_one_not_yet_sent(pty: SimPty, start) -> None:
    scanner, _ = start(commands="zebra-ssi")
    assert sent(pty, 6) == SCAN_DISABLE  # awaiting its ACK: the rest waits
    scanner.enable()
    scanner.disable()
    scanner.enable()
    pty.write(SCANNER_ACK)
    assert sent(pty, 6) == SCAN_ENABLE  # only the state wanted last
    pty.write(SCANNER_ACK)
    assert pty.read(timeout=0.05) == b""


def test_honeywell_menu_commands_and_their_echo(pty: SimPty, start) -> None:
    scanner, events = start(commands="honeywell")
    assert sent(pty, 11) == b"\x16M\rTRGMOD0!"
    pty.write(b"TRGMOD0\x06!")
    scanner.enable()
    assert sent(pty, 11) == b"\x16M\rTRGMOD3!"
    pty.write(b"TRGMOD3\x06!]E08710398526434\r")  # the echo, then a scan right behind it
    assert events.scan() == Scan("8710398526434", "]E0")
    assert events.errors.empty()  # the echo never reached the framer
    scanner.close()
    assert sent(pty, 11) == b"\x16M\rTRGMOD0!"  # a closed lane's scanner stops reading


def test_honeywell_enq_is_reported(pty: SimPty, start) -> None:
    _, events = start(commands="honeywell", disable_command="SCNENA0")
    assert sent(pty, 11) == b"\x16M\rSCNENA0!"
    pty.write(b"SCNENA0\x05!")
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.PROTOCOL_ERROR
    assert "does not know" in error.detail


def test_datalogic_single_bytes(pty: SimPty, start) -> None:
    scanner, events = start(commands="datalogic")
    assert sent(pty, 1) == b"D"
    scanner.enable()
    assert sent(pty, 1) == b"E"
    pty.write(b"]E0888\r")
    assert events.scan() == Scan("888", "]E0")
    scanner.close()
    assert sent(pty, 1) == b"D"


def test_the_state_is_sent_again_after_a_replug(pty: SimPty, start) -> None:
    scanner, events = start(commands="datalogic")
    assert sent(pty, 1) == b"D"
    scanner.enable()
    assert sent(pty, 1) == b"E"
    pty.unplug()
    assert events.status().reason is FaultReason.UNPLUGGED
    pty.plug()  # a scanner powers up in its own default state: tell it ours
    assert events.status().state is DeviceState.ONLINE
    assert sent(pty, 1) == b"E"
    assert scanner.statistics["reconnects"] == 1


def test_none_sends_nothing_and_only_drops(pty: SimPty, start) -> None:
    scanner, events = start()
    scanner.enable()
    scanner.disable()
    pty.write(b"]E0999\r\x01\r")  # a scan, then noise: its error says the scan was read
    assert events.errors.get(timeout=WAIT).cause.reason is FrameErrorReason.CONTROL_CHARACTERS
    scanner.enable()
    pty.write(b"]E0111\r")
    assert events.scan() == Scan("111", "]E0")
    scanner.close()
    assert pty.read(timeout=0.05) == b""
    assert scanner.statistics["dropped_while_disabled"] == 1


def test_errors_are_error_events_with_frame_errors_unchanged(pty: SimPty, start) -> None:
    """The splitter in the path changes nothing for garbage: still one error per frame."""
    _, events = start(commands="zebra-ssi")
    assert sent(pty, 6) == SCAN_DISABLE
    pty.write(SCANNER_ACK + HEX("0F D0 00") + b"\r")
    error: ErrorEvent = events.errors.get(timeout=WAIT)
    assert error.cause.reason is FrameErrorReason.CONTROL_CHARACTERS
    with pytest.raises(queue.Empty):
        events.errors.get(timeout=0.05)
