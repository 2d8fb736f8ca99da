"""Fuzzing the barcode parser with barcode-shaped input: AIM identifiers, GS1 element
strings with GS separators, Digital Link URLs, store prefix tables, undecodable bytes.

tests/core/test_barcodes.py already feeds arbitrary text and Latin-1 bytes; this module
builds structured input that reaches deep into the GS1 paths (biip), and checks that a
valid GTIN comes back unchanged from every carrier, including through the scanner's
framing. ``parse_barcode`` never raises by design: a bug shows as ``INTERNAL_ERROR``,
which :func:`assert_well_formed` refuses.
"""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from drivers.scanner import TERMINATORS, Scan, ScanFramer
from kiosk.core import barcodes
from kiosk.core.barcodes import (
    DEFAULT_PREFIXES,
    EMPTY_PREFIXES,
    InvalidBarcode,
    InvalidReason,
    ParsedBarcode,
    PrefixRule,
    PrefixTable,
    parse_barcode,
)
from tests.core.test_barcodes import assert_well_formed, oracle_check_digit
from tests.fuzz.budget import fuzz
from tests.fuzz.chunks import split

GS = "\x1d"
barcodes.warm_up()  # import biip now, not inside the first example's deadline


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def with_check(body: str) -> str:
    return body + str(oracle_check_digit(body))


def gtins_of(length: int) -> st.SearchStrategy[str]:
    """Valid GTINs of ``length`` digits, never the all-zero one (no product has it)."""
    return digits(length - 1).map(lambda b: b if b.strip("0") else b[:-1] + "1").map(with_check)


gtins = st.sampled_from([8, 12, 13, 14]).flatmap(gtins_of)
text_values = st.text(
    alphabet=st.sampled_from("0123456789ABCXYZabcz-./_!%&'()*+,:;<=>?\"" + GS + "é "),
    max_size=24,
)

# (AI, value) pairs: mostly the right shape, sometimes not.
AI_VALUES = {
    "01": gtins.map(lambda g: g.zfill(14)) | digits(14),
    "00": digits(18),
    "10": text_values,
    "21": text_values,
    "17": digits(6),
    "15": digits(6),
    "11": digits(6) | text_values,
    "30": st.text(alphabet="0123456789", min_size=1, max_size=9),
    "3103": digits(6),
    "3922": st.text(alphabet="0123456789", min_size=1, max_size=16),
    "3932": st.text(alphabet="0123456789", min_size=4, max_size=18),
    "8020": text_values,
    "99": text_values,
    "7003": digits(10),
}


@st.composite
def element_strings(draw: st.DrawFn) -> str:
    parts = []
    for ai in draw(st.lists(st.sampled_from(sorted(AI_VALUES)), min_size=1, max_size=5)):
        value = draw(AI_VALUES[ai])
        parts.append(ai + value + draw(st.sampled_from([GS, GS, "", GS + GS])))
    return "".join(parts)


@st.composite
def gs1_scans(draw: st.DrawFn) -> str:
    body = draw(element_strings())
    form = draw(st.sampled_from(["aim", "bare", "hri", "composite", "leading-gs"]))
    if form == "aim":
        return draw(st.sampled_from(["]C1", "]d2", "]Q3", "]e0", "]J1", "]d1", "]Q1"])) + body
    if form == "hri":
        return "".join(f"({p[:2]}){p[2:]}" for p in body.split(GS) if p)
    if form == "composite":
        return "]E0" + draw(gtins_of(13)) + "|]e0" + body
    if form == "leading-gs":
        return GS + body
    return body


@st.composite
def digital_links(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https", "http", "HTTPS", "Https"]))
    host = draw(st.sampled_from(["id.gs1.org", "example.com", "a.b", "x:8080", "[::1]", ""]))
    prefix = draw(st.sampled_from(["", "/shop", "/01", "/a/b"]))
    gtin = draw(gtins | st.text(alphabet="0123456789", max_size=15))
    path = f"{prefix}/01/{gtin}"
    for ai in draw(st.lists(st.sampled_from(["10", "21", "22", "235"]), max_size=2)):
        path += f"/{ai}/" + quote(draw(text_values), safe=draw(st.sampled_from(["", "/"])))
    query = draw(
        st.lists(st.sampled_from(["17", "3103", "15", "x", "linkType"]), max_size=3).map(
            lambda keys: "&".join(f"{k}={i}2" for i, k in enumerate(keys))
        )
    )
    return (
        f"{scheme}://{host}{path}"
        + (f"?{query}" if query else "")
        + draw(st.sampled_from(["", "#top", "/", "%", "%zz"]))
    )


@fuzz(300)
@given(raw=st.one_of(gs1_scans(), digital_links()))
def test_gs1_shaped_input_never_hits_the_bug_path(raw: str) -> None:
    for prefixes in (DEFAULT_PREFIXES, EMPTY_PREFIXES):
        result = parse_barcode(raw, prefixes=prefixes)
        assert_well_formed(result, raw)


@fuzz(200)
@given(data=st.binary(max_size=80), aim=st.sampled_from(["", "]E0", "]C1", "]Q3", "]d2", "]X0"]))
def test_undecodable_bytes_as_the_wedge_passes_them_never_crash(data: bytes, aim: str) -> None:
    """UTF-8 decoding with surrogateescape leaves lone surrogates in the text, which
    cannot be encoded again: nothing on the parse path may try to."""
    raw = aim + data.decode("utf-8", "surrogateescape")
    assert_well_formed(parse_barcode(raw), raw)


def carriers(gtin: str, batch: str) -> list[str]:
    """The ways a scanner or the keypad hands over ``gtin`` (8, 12, 13 or 14 digits)."""
    gtin14 = gtin.zfill(14)
    out = [gtin, f"]C101{gtin14}", f"]d201{gtin14}{GS}10{batch}", f"(01){gtin14}"]
    out += [f"]Q301{gtin14}", f"https://id.gs1.org/01/{gtin}", f"]Q1https://a.b/01/{gtin14}"]
    if len(gtin) == 8:
        out.append(f"]E4{gtin}")
    if len(gtin) in (12, 13):
        out.append(f"]E0{gtin}")
    if len(gtin) == 14:
        out.append(f"]I1{gtin}")
    return out


@fuzz(200)
@given(gtin=gtins, batch=st.text(alphabet="0123456789ABCXYZ", min_size=1, max_size=20))
def test_a_valid_gtin_comes_back_from_every_carrier(gtin: str, batch: str) -> None:
    for raw in carriers(gtin, batch):
        result = parse_barcode(raw, prefixes=EMPTY_PREFIXES)
        assert isinstance(result, ParsedBarcode), (raw, result)
        assert result.gtin == result.lookup_gtin == gtin.zfill(14), raw


@fuzz(150)
@given(
    gtin=gtins,
    terminator=st.sampled_from(sorted(TERMINATORS.values())),
    aim=st.sampled_from(["]C1", "]d2", "]Q3"]),
    cuts=st.lists(st.integers(0, 40), max_size=6),
)
def test_a_valid_gtin_survives_the_scanner_line(
    gtin: str, terminator: bytes, aim: str, cuts: list[int]
) -> None:
    """Scanner bytes -> framing -> parser, the kiosk's scan path, for any chunking."""
    stream = f"{aim}01{gtin.zfill(14)}".encode("latin-1") + terminator
    framer = ScanFramer(terminator=terminator)
    scans = []
    for chunk in split(stream, cuts):
        scans += framer.feed(chunk)
    assert len(scans) == 1 and isinstance(scans[0], Scan)
    result = parse_barcode((scans[0].aim_id or "") + scans[0].data, prefixes=EMPTY_PREFIXES)
    assert isinstance(result, ParsedBarcode) and result.gtin == gtin.zfill(14)


@st.composite
def prefix_rules(draw: st.DrawFn) -> PrefixRule:
    prefix = draw(st.sampled_from(["02", "04", *(f"2{i}" for i in range(10))]))
    kind = draw(st.sampled_from(["price", "weight", "count"]))
    verifier = draw(st.booleans())
    value_digits = draw(st.sampled_from([4, 5]) if verifier else st.integers(1, 9))
    decimals = draw(st.none() | st.integers(0, {"price": 2, "weight": 3, "count": 0}[kind]))
    return PrefixRule(
        prefix,
        kind,  # type: ignore[arg-type]
        item_digits=10 - value_digits - int(verifier),
        value_digits=value_digits,
        verifier_digit=verifier,
        decimals=decimals,
    )


@fuzz(200)
@given(rule=prefix_rules(), body=digits(10), aim=st.sampled_from(["", "]E0", "]C101"]))
def test_any_store_prefix_layout_decodes_or_refuses_its_labels(
    rule: PrefixRule, body: str, aim: str
) -> None:
    table = PrefixTable.from_mapping({rule.prefix: rule.to_mapping()})
    assert table.to_mapping() == {rule.prefix: rule.to_mapping()}
    code = with_check(rule.prefix + body)
    raw = aim + (code.zfill(14) if aim == "]C101" else code)
    result = parse_barcode(raw, prefixes=table)
    assert_well_formed(result, raw)
    if isinstance(result, InvalidBarcode):
        assert result.reason is InvalidReason.BAD_VERIFIER_DIGIT
        assert rule.verifier_digit
        return
    assert result.embedded is not None and result.in_store_label
    start = 2 + rule.item_digits + int(rule.verifier_digit)
    unit_decimals = {"price": 2, "weight": 3, "count": 0}[rule.kind]
    decimals = unit_decimals if rule.decimals is None else rule.decimals
    assert result.embedded.value == int(code[start:12]) * 10 ** (unit_decimals - decimals)
    item_end = 2 + rule.item_digits  # the lookup keeps prefix and item, zeroes the rest
    assert result.lookup_gtin is not None
    assert result.lookup_gtin[: item_end + 1] == "0" + code[:item_end]
