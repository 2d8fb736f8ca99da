"""Tests for kiosk.core.barcodes (plain pytest + hypothesis, no Qt).

Known-good and known-bad data come from GS1's own published material; each case names
its source. Abbreviations used in those comments:

* SCANDATA: GS1 Barcode Syntax Engine (https://github.com/gs1/gs1-syntax-engine),
  src/c-lib/scandata.c, test cases ``test_scandata_processScanData`` (scanner output
  with AIM symbology identifiers) and ``test_scandata_validateParity`` (check digits).
* DL-SPEC: the GS1 Digital Link URI Syntax standard's examples, as reproduced in the same
  engine's src/c-lib/dl.c, ``test_dl_parseDLuri``, block "Examples from DL specification".
* GENSPECS: GS1 General Specifications; section numbers as given in the text.

Properties are checked against oracles written here from the specification text, not
by calling the code under test (and, where biip implements the same thing, against biip
too, as a third opinion).
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from decimal import Decimal

import pytest
from biip import ParseConfig, ParseError
from biip.checksums import gs1_price_weight_check_digit
from biip.gtin import Gtin
from biip.rcn import Rcn
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core import barcodes
from kiosk.core.barcodes import (
    DEFAULT_PREFIXES,
    EMPTY_PREFIXES,
    MAX_INPUT_LENGTH,
    Embedded,
    InvalidBarcode,
    InvalidReason,
    ParsedBarcode,
    PrefixRule,
    PrefixTable,
    Symbology,
    format_gtin,
    gtin_check_digit,
    is_valid_gtin,
    parse_barcode,
    price_check_digit,
    upce_to_upca,
)

GS = "\x1d"

# --------------------------------------------------------------------------- oracles


def oracle_check_digit(body: str) -> int:
    """GENSPECS 7.9.1, literally: weights 3, 1, 3, ... from the right; ten minus the
    last digit of the sum (0 stays 0)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        weight = 3 if position % 2 == 0 else 1
        total += int(char) * weight
    return (10 - total % 10) % 10


def oracle_valid(code: str) -> bool:
    return oracle_check_digit(code[:-1]) == int(code[-1])


def with_check(body: str) -> str:
    return body + str(oracle_check_digit(body))


# GENSPECS 7.9.2 weighting factors, written as the arithmetic the text describes
# rather than as the lookup tables the implementation uses.
def two_minus(d: int) -> int:  # multiply by 2; two-digit results: units minus tens
    p = 2 * d
    return p if p < 10 else (p % 10 - p // 10) % 10


def three(d: int) -> int:  # multiply by 3, keep the units
    return 3 * d % 10


def five_plus(d: int) -> int:  # multiply by 5, add units and tens
    p = 5 * d
    return (p % 10 + p // 10) % 10


def five_minus(d: int) -> int:  # multiply by 5, units minus tens
    p = 5 * d
    return (p % 10 - p // 10) % 10


def oracle_price_check_digit(digits: str) -> int:
    d = [int(c) for c in digits]
    if len(d) == 4:  # GENSPECS 7.9.3: 2-, 2-, 3, 5-; sum times 3, units digit
        return 3 * (two_minus(d[0]) + two_minus(d[1]) + three(d[2]) + five_minus(d[3])) % 10
    # GENSPECS 7.9.4: 5+, 2-, 5-, 5+, 2-; ten minus the units digit of the sum; the
    # check digit is the digit whose 5- product equals that.
    total = five_plus(d[0]) + two_minus(d[1]) + five_minus(d[2]) + five_plus(d[3]) + two_minus(d[4])
    target = (10 - total % 10) % 10
    return next(c for c in range(10) if five_minus(c) == target)


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


gtin_bodies = st.sampled_from([7, 11, 12, 13]).flatmap(digits)


def parsed(raw: str, prefixes: PrefixTable = DEFAULT_PREFIXES) -> ParsedBarcode:
    result = parse_barcode(raw, prefixes=prefixes)
    assert isinstance(result, ParsedBarcode), result
    return result


def invalid(raw: str, prefixes: PrefixTable = DEFAULT_PREFIXES) -> InvalidBarcode:
    result = parse_barcode(raw, prefixes=prefixes)
    assert isinstance(result, InvalidBarcode), result
    return result


# --------------------------------------------------------------------------- check digits


def test_genspecs_check_digit_example() -> None:
    # GENSPECS 7.9.1, worked example of the standard check digit: GTIN-13 629104150021 + 3.
    assert gtin_check_digit("629104150021") == 3
    assert oracle_check_digit("629104150021") == 3
    assert is_valid_gtin("6291041500213")


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        # SCANDATA test_scandata_validateParity: good and bad GTIN-14/13/12/8.
        ("24012345678905", "24012345678909"),
        ("2112233789657", "2112233789658"),
        ("416000336108", "416000336107"),
        ("02345680", "02345689"),
    ],
)
def test_gs1_parity_vectors(good: str, bad: str) -> None:
    assert is_valid_gtin(good)
    assert not is_valid_gtin(bad)
    assert gtin_check_digit(bad[:-1]) == int(good[-1])


@pytest.mark.parametrize(
    "code", ["", "1234567", "123456789", "abcdefgh", "٠٢٣٤٥٦٨٠", None, 12345670]
)
def test_is_valid_gtin_rejects_non_gtins_without_raising(code: object) -> None:
    assert is_valid_gtin(code) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("body", ["", "12a4", "１２３", "٠١٢"])
def test_gtin_check_digit_refuses_non_ascii_digits(body: str) -> None:
    with pytest.raises(ValueError, match="ASCII digits"):
        gtin_check_digit(body)


@given(gtin_bodies)
def test_check_digit_matches_oracle(body: str) -> None:
    assert gtin_check_digit(body) == oracle_check_digit(body)


@given(gtin_bodies)
def test_every_single_digit_substitution_is_caught(body: str) -> None:
    code = with_check(body)
    assert is_valid_gtin(code)
    for i, original in enumerate(code):
        for d in "0123456789":
            if d != original:
                assert not is_valid_gtin(f"{code[:i]}{d}{code[i + 1 :]}")


@given(gtin_bodies)
def test_adjacent_transpositions_caught_unless_digits_differ_by_five(body: str) -> None:
    # Weights 3 and 1 differ by 2: swapping a and b changes the sum by 2(a-b), which
    # is a multiple of 10 exactly when a == b or |a - b| == 5.
    code = with_check(body)
    for i in range(len(code) - 1):
        a, b = code[i], code[i + 1]
        swapped = f"{code[:i]}{b}{a}{code[i + 2 :]}"
        caught = a != b and abs(int(a) - int(b)) != 5
        assert is_valid_gtin(swapped) is not caught


# --------------------------------------------------------------------------- price verifier


def test_genspecs_price_check_digit_examples() -> None:
    assert price_check_digit("2875") == 9  # GENSPECS 7.9.3, four-digit price field example
    assert price_check_digit("14685") == 6  # GENSPECS 7.9.4, five-digit price field example
    assert oracle_price_check_digit("2875") == 9
    assert oracle_price_check_digit("14685") == 6


def test_price_check_digit_agrees_with_biip_on_every_input() -> None:
    # Exhaustive: all 110 000 four- and five-digit fields, against biip's implementation.
    for width in (4, 5):
        for n in range(10**width):
            field = f"{n:0{width}d}"
            assert price_check_digit(field) == gs1_price_weight_check_digit(field), field


@given(st.sampled_from([4, 5]).flatmap(digits))
def test_price_check_digit_matches_oracle(field: str) -> None:
    assert price_check_digit(field) == oracle_price_check_digit(field)


@pytest.mark.parametrize("field", ["", "123", "123456", "12a4", "١٢٣٤"])
def test_price_check_digit_refuses_other_widths(field: str) -> None:
    with pytest.raises(ValueError, match="4 or 5"):
        price_check_digit(field)


# --------------------------------------------------------------------------- UPC-E, format


def test_upce_example() -> None:
    # SCANDATA: UPC-E 0 012345 7 travels as ]E0 0001234000057, i.e. UPC-A 001234000057.
    assert upce_to_upca("00123457") == "001234000057"
    assert upce_to_upca("0012345") == "001234000057"
    assert upce_to_upca("012345") == "001234000057"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("21234565", "number system"),
        ("00123458", "check digit"),
        ("12345", "6, 7 or 8"),
        ("0012345a", "digits only"),
    ],
)
def test_upce_refusals(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        upce_to_upca(code)


@st.composite
def zero_suppressible(draw: st.DrawFn) -> tuple[str, str]:
    """(UPC-E 8 digits, UPC-A 12 digits), built from the UPC-A side by the zero-suppression
    table of GENSPECS 5.2.2.4.1: number system, 5-digit manufacturer, 5-digit item."""
    ns = draw(st.sampled_from("01"))
    case = draw(st.sampled_from("ABCD"))
    if case == "A":  # manufacturer X1 X2 {0,1,2} 0 0, item 0 0 X3 X4 X5
        x12, d, x345 = draw(digits(2)), draw(st.sampled_from("012")), draw(digits(3))
        manufacturer, item, six = f"{x12}{d}00", f"00{x345}", f"{x12}{x345}{d}"
    elif case == "B":  # manufacturer X1 X2 {3..9} 0 0, item 0 0 0 X4 X5
        x12, x3, x45 = draw(digits(2)), draw(st.sampled_from("3456789")), draw(digits(2))
        manufacturer, item, six = f"{x12}{x3}00", f"000{x45}", f"{x12}{x3}{x45}3"
    elif case == "C":  # manufacturer X1 X2 X3 {1..9} 0, item 0 0 0 0 X5
        x123, x4, x5 = draw(digits(3)), draw(st.sampled_from("123456789")), draw(digits(1))
        manufacturer, item, six = f"{x123}{x4}0", f"0000{x5}", f"{x123}{x4}{x5}4"
    else:  # manufacturer X1..X4 {1..9}, item 0 0 0 0 {5..9}
        x1234, x5, d = (
            draw(digits(4)),
            draw(st.sampled_from("123456789")),
            draw(st.sampled_from("56789")),
        )
        manufacturer, item, six = f"{x1234}{x5}", f"0000{d}", f"{x1234}{x5}{d}"
    upca = with_check(f"{ns}{manufacturer}{item}")
    return f"{ns}{six}{upca[-1]}", upca


@given(zero_suppressible())
def test_upce_round_trip(pair: tuple[str, str]) -> None:
    upce, upca = pair
    assert upce_to_upca(upce) == upca
    assert upce_to_upca(upce[:7]) == upca
    if upce[0] == "0":
        assert upce_to_upca(upce[1:7]) == upca
    if upca == "0" * 12:  # expands fine, but the all-zero GTIN is no product
        for raw in (upca, "]E0" + upce, upce):
            assert invalid(raw, EMPTY_PREFIXES).reason is InvalidReason.UNSUPPORTED
        return
    assert parsed(upca, EMPTY_PREFIXES).gtin == "00" + upca
    scanned = parsed("]E0" + upce, EMPTY_PREFIXES)  # as scanners send an unexpanded UPC-E
    assert (scanned.symbology, scanned.gtin) == (Symbology.UPCE, "00" + upca)
    # Without symbology identifier, 8 digits are an EAN-8, never silently a UPC-E.
    keyed = parse_barcode(upce, prefixes=EMPTY_PREFIXES)
    if oracle_valid(upce):
        assert isinstance(keyed, ParsedBarcode)
        assert (keyed.symbology, keyed.gtin) == (Symbology.EAN8, "000000" + upce)
    else:
        assert isinstance(keyed, InvalidBarcode)
        assert keyed.reason is InvalidReason.BAD_CHECK_DIGIT


@pytest.mark.parametrize(
    ("gtin14", "shown"),
    [
        ("09520123456788", "9520123456788"),  # DL-SPEC GTIN-13
        ("00416000336108", "416000336108"),  # SCANDATA UPC-A
        ("00000002345673", "02345673"),  # SCANDATA EAN-8
        ("24012345678905", "24012345678905"),  # SCANDATA GTIN-14
    ],
)
def test_format_gtin(gtin14: str, shown: str) -> None:
    assert format_gtin(gtin14) == shown


@pytest.mark.parametrize("bad", ["9520123456788", "0952012345678x", ""])
def test_format_gtin_refuses_non_gtin14(bad: str) -> None:
    with pytest.raises(ValueError, match="14-digit"):
        format_gtin(bad)


gtin14s = (
    st.sampled_from([8, 12, 13, 14])
    .flatmap(lambda n: digits(n - 1))
    .map(lambda body: with_check(body).zfill(14))
    .filter(lambda gtin14: gtin14 != "0" * 14)  # refused: test_all_zero_gtin_is_refused
)


@given(gtin14s)
def test_gtin_format_parse_round_trip(gtin14: str) -> None:
    result = parsed(format_gtin(gtin14), EMPTY_PREFIXES)
    assert result.gtin == gtin14
    assert result.lookup_gtin == gtin14


# --------------------------------------------------------------------------- EAN / UPC scans


@pytest.mark.parametrize(
    ("raw", "symbology", "gtin"),
    [
        ("]E02112345678900", Symbology.EAN13, "02112345678900"),  # SCANDATA EAN-13
        ("]E402345673", Symbology.EAN8, "00000002345673"),  # SCANDATA EAN-8
        ("]E00416000336108", Symbology.UPCA, "00416000336108"),  # SCANDATA UPC-A
        ("]E00001234000057", Symbology.UPCA, "00001234000057"),  # SCANDATA UPC-E, expanded
        ("]E000123457", Symbology.UPCE, "00001234000057"),  # the same UPC-E, not expanded
        ("]E0416000336108", Symbology.UPCA, "00416000336108"),  # SCANDATA UPC-A as 12 digits
        ("]E09520123456788", Symbology.EAN13, "09520123456788"),  # DL-SPEC GTIN, as EAN-13
        ("6291041500213", Symbology.EAN13, "06291041500213"),  # GENSPECS 7.9.1, keyed in
        ("416000336108", Symbology.UPCA, "00416000336108"),  # SCANDATA parity, no AIM id
        ("02345680", Symbology.EAN8, "00000002345680"),  # SCANDATA parity, no AIM id
        ("24012345678905", Symbology.GTIN14, "24012345678905"),  # SCANDATA parity, keyed
        ("]I124012345678905", Symbology.ITF14, "24012345678905"),  # same GTIN-14 on ITF-14
        ("  9520123456788\r\n", Symbology.EAN13, "09520123456788"),  # framing is ignored
    ],
)
def test_known_good_scans(raw: str, symbology: Symbology, gtin: str) -> None:
    # Deviation from SCANDATA: GS1's engine wants ]E0 data normalised to 13 digits and
    # rejects "]E0123456789012" as short; common scanners send UPC-A as 12 digits and
    # UPC-E as 8, so we accept those (and 123456789012 is a valid UPC-A).
    result = parsed(raw, EMPTY_PREFIXES)
    assert (result.symbology, result.gtin, result.lookup_gtin) == (symbology, gtin, gtin)
    assert result.embedded is None
    assert result.aim_id == (raw.strip()[:3] if raw.startswith("]") else None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("]E0", InvalidReason.EMPTY),  # SCANDATA
        ("]E01234567890", InvalidReason.BAD_LENGTH),  # 11 digits
        ("]E01234567", InvalidReason.BAD_LENGTH),  # 7 digits
        ("]E021234565", InvalidReason.UNSUPPORTED),  # 8 digits, number system 2: no UPC-E
        ("]E000123458", InvalidReason.BAD_CHECK_DIGIT),  # SCANDATA UPC-E, last digit +1
        ("]E012345678901234", InvalidReason.BAD_LENGTH),  # SCANDATA "Long"
        ("]E01234ABC890123", InvalidReason.NOT_NUMERIC),  # SCANDATA "Non-numeric"
        ("]E02112345678901", InvalidReason.BAD_CHECK_DIGIT),  # SCANDATA "Bad check digit"
        ("]E4", InvalidReason.EMPTY),  # SCANDATA
        ("]E41234567", InvalidReason.BAD_LENGTH),  # SCANDATA "Short"
        ("]E4123456789", InvalidReason.BAD_LENGTH),  # SCANDATA "Long"
        ("]E412ABC678", InvalidReason.NOT_NUMERIC),  # SCANDATA "Non-numeric"
        ("]E402345674", InvalidReason.BAD_CHECK_DIGIT),  # SCANDATA "Bad check digit"
        ("]", InvalidReason.BAD_SYMBOLOGY_IDENTIFIER),  # SCANDATA "Short"
        ("]X", InvalidReason.BAD_SYMBOLOGY_IDENTIFIER),  # SCANDATA "Short"
        ("]!0123", InvalidReason.BAD_SYMBOLOGY_IDENTIFIER),
        ("]E٠8710400311140", InvalidReason.BAD_SYMBOLOGY_IDENTIFIER),
        ("]e0", InvalidReason.EMPTY),  # SCANDATA "Empty GS1 data"
        ("]C1", InvalidReason.EMPTY),  # SCANDATA "Empty GS1 data"
        ("]I124012345678909", InvalidReason.BAD_CHECK_DIGIT),  # SCANDATA parity, bad GTIN-14
        ("]E1", InvalidReason.UNSUPPORTED),  # an add-on without its EAN
        ("]E212345", InvalidReason.UNSUPPORTED),
        ("]E395201234567881", InvalidReason.BAD_LENGTH),  # add-on packet must be 15/18 digits
        ("]E3952012345678X12", InvalidReason.NOT_NUMERIC),
        ("]E3952012345678912", InvalidReason.BAD_CHECK_DIGIT),
    ],
)
def test_known_bad_scans(raw: str, reason: InvalidReason) -> None:
    result = invalid(raw)
    assert result.reason is reason
    assert result.detail.endswith(".")


@pytest.mark.parametrize(
    "good",
    [
        "2112345678900",  # SCANDATA
        "2112233789657",  # SCANDATA parity
        "416000336108",  # SCANDATA parity
        "02345680",  # SCANDATA parity
        "24012345678905",  # SCANDATA parity
        "6291041500213",  # GENSPECS 7.9.1
    ],
)
def test_wrong_check_digit_is_never_a_plu_or_anything_else(good: str) -> None:
    for d in "0123456789":
        if d != good[-1]:
            result = invalid(good[:-1] + d, EMPTY_PREFIXES)
            assert result.reason is InvalidReason.BAD_CHECK_DIGIT
            assert f"should be {good[-1]}" in result.detail


def test_ean_with_add_on() -> None:
    result = parsed("]E3952012345678812")  # DL-SPEC GTIN-13 with a 2-digit add-on "12"
    assert (result.gtin, result.addon, result.symbology) == (
        "09520123456788",
        "12",
        Symbology.EAN13,
    )
    assert parsed("]E3952012345678812345").addon == "12345"


def test_ean_with_composite_component() -> None:
    # SCANDATA: EAN-13 followed by a GS1 Composite component (AIs 99 and 98).
    result = parsed("]E02112345678900|]e099COMPOSITE" + GS + "98XYZ", EMPTY_PREFIXES)
    assert (result.gtin, result.symbology) == ("02112345678900", Symbology.EAN13)
    # Constructed on the same pattern: the composite carries expiry and batch.
    result = parsed("]E09520123456788|]e01725020010ABC")
    assert (result.expiry, result.batch) == (dt.date(2025, 2, 28), "ABC")
    assert invalid("]E09520123456788|]e0XYZ").reason is InvalidReason.BAD_GS1_ELEMENT_STRING


# --------------------------------------------------------------------------- PLU and keyed input


@pytest.mark.parametrize("code", ["4011", "3000", "4999", "94011", "93000", " 4011\n"])
def test_plu(code: str) -> None:
    result = parsed(code)
    assert (result.symbology, result.plu, result.gtin, result.lookup_gtin) == (
        Symbology.PLU,
        code.strip(),
        None,
        None,
    )


@pytest.mark.parametrize(
    "code", ["1", "123", "123456", "1234567", "123456789", "87104003111", "1" * 512]
)
def test_digit_strings_of_no_known_length(code: str) -> None:
    assert invalid(code).reason is InvalidReason.BAD_LENGTH


# --------------------------------------------------------------------------- garbage in


@pytest.mark.parametrize("raw", ["", " ", "\r\n", "\t \n"])
def test_empty(raw: str) -> None:
    assert invalid(raw).reason is InvalidReason.EMPTY


def test_too_long_is_refused_unread_and_truncated() -> None:
    raw = "1" * (MAX_INPUT_LENGTH + 1)
    result = invalid(raw)
    assert result.reason is InvalidReason.TOO_LONG
    assert result.raw == raw[:MAX_INPUT_LENGTH]


@pytest.mark.parametrize(
    "raw", ["9520123456788\x00", "\x1b[A", "]E0952012345678\x7f", "ABC\x85", "(01)0952\x1e"]
)
def test_control_characters(raw: str) -> None:
    assert invalid(raw).reason is InvalidReason.CONTROL_CHARACTERS


def test_non_ascii_digits_are_not_digits() -> None:
    # Arabic-Indic digits satisfy str.isdigit() but are no barcode.
    result = parsed("٩٥٢٠١٢٣٤٥٦٧٨٨")
    assert (result.symbology, result.gtin) == (Symbology.UNKNOWN, None)
    assert invalid("]E0٩٥٢٠١٢٣٤٥٦٧٨٨").reason is InvalidReason.NOT_NUMERIC
    assert invalid("(01)٠٩٥٢٠١٢٣٤٥٦٧٨٨").reason is InvalidReason.BAD_GS1_ELEMENT_STRING


@pytest.mark.parametrize(
    ("raw", "symbology"),
    [
        ("]Q1TESTING", Symbology.QR),  # SCANDATA
        ("]d1TESTING", Symbology.DATAMATRIX),  # SCANDATA
        ("]C0STAFF-0042", Symbology.CODE128),
        ("]A0ABC-123", Symbology.CODE39),
        ("]L0PDF417 DATA", Symbology.OTHER),
        ("ABC-123", Symbology.UNKNOWN),
    ],
)
def test_other_symbologies_are_read_but_carry_no_gtin(raw: str, symbology: Symbology) -> None:
    result = parsed(raw)
    assert (result.symbology, result.gtin, result.lookup_gtin) == (symbology, None, None)
    assert result.data == (raw[3:] if raw.startswith("]") else raw)


# --------------------------------------------------------------------------- GS1 element strings

SCANDATA_AI = "011231231231233310ABC123" + GS + "99TESTING"  # SCANDATA AI data


@pytest.mark.parametrize(
    ("aim", "symbology"),
    [
        ("]C1", Symbology.GS1_128),  # SCANDATA
        ("]e0", Symbology.GS1_DATABAR),  # SCANDATA
        ("]d2", Symbology.GS1_DATAMATRIX),  # SCANDATA
        ("]Q3", Symbology.GS1_QR),  # SCANDATA
        ("]J1", Symbology.GS1_DOTCODE),
    ],
)
def test_gs1_element_strings_by_symbology(aim: str, symbology: Symbology) -> None:
    result = parsed(aim + SCANDATA_AI)
    assert (result.symbology, result.aim_id, result.gtin, result.batch) == (
        symbology,
        aim,
        "12312312312333",
        "ABC123",
    )
    assert not result.digital_link


def test_gs1_element_string_with_fixed_length_ai_before_composite() -> None:
    # SCANDATA: DataBar Expanded with (11) production date and (98)/(97) after FNC1.
    raw = "]e0011231231231233310ABC123" + GS + "1199122598TESTING" + GS + "97XYZ"
    assert parsed(raw).batch == "ABC123"


def test_gs1_element_string_forms_without_symbology_identifier() -> None:
    # The element string of DL-SPEC ".../10/ABC1/21/12345?17=180426", as typed brackets,
    # as raw FNC1-separated data, and with a leading FNC1.
    expected = ("09520123456788", "ABC1", "12345", dt.date(2018, 4, 26))
    for raw in (
        "(01)09520123456788(10)ABC1(21)12345(17)180426",
        "(01) 09520123456788 (10) ABC1 (21) 12345 (17) 180426",
        "010952012345678810ABC1" + GS + "2112345" + GS + "17180426",
        GS + "010952012345678817180426" + "10ABC1" + GS + "2112345",
    ):
        result = parsed(raw)
        assert (result.gtin, result.batch, result.serial, result.expiry) == expected, raw
        assert result.symbology is Symbology.GS1_ELEMENT_STRING
    assert parsed("010952012345678817180426").expiry == dt.date(2018, 4, 26)  # digits only


@pytest.mark.parametrize(
    ("expiry", "date"),
    [
        # GENSPECS, AI (17): a day of "00" means the last day of the month.
        ("250200", dt.date(2025, 2, 28)),
        ("240200", dt.date(2024, 2, 29)),
        ("251200", dt.date(2025, 12, 31)),
        ("250415", dt.date(2025, 4, 15)),
    ],
)
def test_expiry_day_zero_is_last_day_of_month(expiry: str, date: dt.date) -> None:
    assert parsed(f"(01)09520123456788(17){expiry}").expiry == date


@pytest.mark.parametrize(
    ("ai", "grams"),
    [
        ("(3103)000195", 195),  # DL-SPEC "?3103=000195": 0.195 kg
        ("(3100)000002", 2000),
        ("(3102)000150", 1500),
        ("(3104)001955", 196),  # 195.5 g: half rounds up
        ("(3104)001954", 195),
        ("(3105)012345", 123),  # 123.45 g
        ("(3105)012350", 124),  # 123.50 g: half rounds up
    ],
)
def test_net_weight_in_whole_grams(ai: str, grams: int) -> None:
    result = parsed(f"(01)09520123456788{ai}")
    assert result.net_weight_g == grams
    assert result.embedded == Embedded("weight", grams, "g")
    assert result.is_variable_measure


@pytest.mark.parametrize(
    ("ai", "cents"),
    [
        ("(3922)0299", 299),  # DL-SPEC "?3922=0299": 2.99
        ("(3920)3", 300),
        ("(3921)35", 350),
        ("(3923)12340", 1234),
        ("(3932)9780299", 299),  # with ISO 4217 currency 978, euro
    ],
)
def test_price_in_cents(ai: str, cents: int) -> None:
    result = parsed(f"(01)09520123456788{ai}")
    assert (result.price_cents, result.embedded) == (cents, Embedded("price", cents, "cents"))


def test_price_refusals() -> None:
    assert invalid("(01)09520123456788(3923)12345").reason is InvalidReason.BAD_GS1_ELEMENT_STRING
    assert invalid("(01)09520123456788(3932)8400299").reason is InvalidReason.UNSUPPORTED


def test_count_and_price_precedence() -> None:
    assert parsed("(01)09520123456788(30)12").embedded == Embedded("count", 12, "pieces")
    both = parsed("(01)09520123456788(3103)000195(3922)0299")
    assert both.embedded == Embedded("price", 299, "cents")
    assert (both.net_weight_g, both.price_cents) == (195, 299)


def test_variable_measure_indicator_nine() -> None:
    gtin = with_check("9952012345678")
    result = parsed(f"(01){gtin}(3103)000500")
    assert result.is_variable_measure
    assert not result.is_restricted_circulation
    assert parsed(f"(01){gtin}").is_variable_measure


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("]C10112312312312334", InvalidReason.BAD_CHECK_DIGIT),  # SCANDATA GTIN, last digit +1
        ("]C101123", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("]C1ABC", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("(01)09520123456788(17)251301", InvalidReason.BAD_GS1_ELEMENT_STRING),  # month 13
        ("(10)ABC123", InvalidReason.UNSUPPORTED),  # nothing to sell: no AI (01)
        ("]C100106141411234567897", InvalidReason.UNSUPPORTED),  # an SSCC, no GTIN
        ("(", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("]C1" + GS, InvalidReason.EMPTY),
    ],
)
def test_bad_gs1_element_strings(raw: str, reason: InvalidReason) -> None:
    assert invalid(raw).reason is reason


# --------------------------------------------------------------------------- GS1 Digital Link


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("https://id.gs1.org/01/09520123456788", {}),  # DL-SPEC
        ("https://id.gs1.org/01/09520123456788/22/2A", {}),  # DL-SPEC
        ("https://id.gs1.org/01/09520123456788/10/ABC123", {"batch": "ABC123"}),  # DL-SPEC
        ("https://id.gs1.org/01/09520123456788/21/12345", {"serial": "12345"}),  # DL-SPEC
        (  # DL-SPEC
            "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426",
            {"batch": "ABC1", "serial": "12345", "expiry": dt.date(2018, 4, 26)},
        ),
        (  # DL-SPEC
            "https://id.gs1.org/01/09520123456788?3103=000195",
            {"net_weight_g": 195, "embedded": Embedded("weight", 195, "g")},
        ),
        (  # DL-SPEC
            "https://example.com/01/09520123456788?3103=000195&3922=0299&17=201225",
            {
                "net_weight_g": 195,
                "price_cents": 299,
                "embedded": Embedded("price", 299, "cents"),
                "expiry": dt.date(2020, 12, 25),
            },
        ),
        (  # DL-SPEC, zero-suppressed GTIN-13 in the path (accepted, as the engine can)
            "https://brand.example.com/some-extra/pathinfo/01/9520123456788",
            {},
        ),
        ("HTTPS://ID.GS1.ORG/01/09520123456788", {}),  # upper-case scheme is allowed
    ],
)
def test_digital_link_spec_examples(uri: str, expected: dict[str, object]) -> None:
    for raw, symbology in (
        (uri, Symbology.QR),
        ("]Q1" + uri, Symbology.QR),
        ("]d1" + uri, Symbology.DATAMATRIX),
    ):
        result = parsed(raw)
        assert (result.gtin, result.digital_link, result.symbology) == (
            "09520123456788",
            True,
            symbology,
        )
        for name, value in expected.items():
            assert getattr(result, name) == value, name


def test_digital_link_examples_from_scandata_and_brief() -> None:
    # SCANDATA: QR and DataMatrix with a Digital Link, upper-case scheme allowed ...
    for raw in (
        "]Q1https://example.com/01/12312312312333?99=TEST",
        "]Q1HTTPS://example.com/01/12312312312333?99=TEST",
        "]d1https://example.com/01/12312312312333?99=TEST",
    ):
        assert parsed(raw).gtin == "12312312312333"
    # ... but a mixed-case scheme is not a Digital Link: just a QR code with text.
    mixed = parsed("]Q1HtTps://example.com/01/12312312312333?99=TEST")
    assert (mixed.gtin, mixed.digital_link) == (None, False)
    # The GTIN used in GS1 Digital Link documents and our brief (check digit verified here).
    assert oracle_valid("09506000134352")
    result = parsed("https://id.gs1.org/01/09506000134352/10/ABC")
    assert (result.gtin, result.batch) == ("09506000134352", "ABC")


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("https://id.gs1.org/01/09520123456789", InvalidReason.BAD_CHECK_DIGIT),
        ("https://id.gs1.org/01/0952012345678X", InvalidReason.BAD_DIGITAL_LINK),
        ("https://id.gs1.org/01/09520123456788/10", InvalidReason.BAD_DIGITAL_LINK),
        ("https://id.gs1.org/01/09520123456788?17=201399", InvalidReason.BAD_DIGITAL_LINK),
        ("https://id.gs1.org/01/0952 0123456788", InvalidReason.BAD_DIGITAL_LINK),
        ("https://id.gs1.org/00/952012345678912345", InvalidReason.UNSUPPORTED),  # DL-SPEC SSCC
        ("https://id.gs1.org/414/9520123456788", InvalidReason.UNSUPPORTED),  # DL-SPEC GLN
    ],
)
def test_bad_digital_links(uri: str, reason: InvalidReason) -> None:
    assert invalid(uri).reason is reason


@pytest.mark.parametrize(
    "uri",
    [
        # Review finding: biip zero-pads the GTIN segment to 14 digits, so these read as
        # GTIN 00000000000000 (or 00000000000123, whose check digit happens to be right).
        "https://x/01/",
        "https://x/01/?x=1",
        "https://id.gs1.org/01/0",
        "https://id.gs1.org/01/0?x=1",
        "https://id.gs1.org/01/123",
        "https://id.gs1.org/01/123?x=1",
        "https://x/01//10/ABC",  # empty GTIN segment followed by a batch
        "https://x/01/%30",  # percent-encoded "0": biip decodes it first
        # Lengths no GTIN has, each with a check digit that is right once zero-padded:
        "https://id.gs1.org/01/" + with_check("12345678"),  # 9 digits
        "https://id.gs1.org/01/" + with_check("1234567890"),  # 11 digits
        "https://id.gs1.org/01/" + with_check("09520123456788"),  # 15 digits
        "https://id.gs1.org/01/00000000000000",  # 14 digits, all zeros
        "https://id.gs1.org/01/00000000",  # GTIN-8 of zeros
        "HTTPS://ID.GS1.ORG/01/0?17=201225",
    ],
)
def test_digital_link_with_empty_short_or_zero_gtin_is_refused(uri: str) -> None:
    for raw in (uri, "]Q1" + uri, "]d1" + uri):
        result = invalid(raw)
        assert result.reason is InvalidReason.BAD_DIGITAL_LINK, result
        assert result.detail.endswith(".")


@pytest.mark.parametrize(
    ("uri", "gtin"),
    [
        ("https://id.gs1.org/01/96385074", "00000096385074"),  # GTIN-8, zero-suppressed
        ("https://id.gs1.org/01/416000336108", "00416000336108"),  # GTIN-12 (UPC-A)
        ("https://id.gs1.org/01/9520123456788?x=1", "09520123456788"),  # GTIN-13
        ("https://id.gs1.org/01/%39520123456788", "09520123456788"),  # percent-encoded 9
        ("https://id.gs1.org/01/09520123456788", "09520123456788"),  # GTIN-14
    ],
)
def test_digital_link_gtin_segment_lengths(uri: str, gtin: str) -> None:
    result = parsed(uri)
    assert (result.gtin, result.digital_link) == (gtin, True)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("(01)00000000000000", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("(01)00000000000000(10)ABC", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("0100000000000000" + GS + "10ABC", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("]C10100000000000000", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("]e00100000000000000" + "3103000500", InvalidReason.BAD_GS1_ELEMENT_STRING),
        ("https://id.gs1.org/01/00000000000000", InvalidReason.BAD_DIGITAL_LINK),
        ("00000000", InvalidReason.UNSUPPORTED),  # keyed: EAN-8
        ("000000000000", InvalidReason.UNSUPPORTED),  # UPC-A
        ("0000000000000", InvalidReason.UNSUPPORTED),  # EAN-13
        ("00000000000000", InvalidReason.UNSUPPORTED),  # GTIN-14
        ("]E00000000000000", InvalidReason.UNSUPPORTED),
        ("]E0000000000000", InvalidReason.UNSUPPORTED),  # UPC-A as 12 digits
        ("]E000000000", InvalidReason.UNSUPPORTED),  # UPC-E 0000000 expands to zeros
        ("]E400000000", InvalidReason.UNSUPPORTED),
        ("]E3000000000000012", InvalidReason.UNSUPPORTED),  # with an add-on
        ("]I100000000000000", InvalidReason.UNSUPPORTED),  # ITF-14
    ],
)
def test_all_zero_gtin_is_refused(raw: str, reason: InvalidReason) -> None:
    """Its check digit is right, but GS1 never allocates it: a test pattern or a misread."""
    for prefixes in (DEFAULT_PREFIXES, EMPTY_PREFIXES):
        result = invalid(raw, prefixes)
        assert (result.reason, result.detail) == (
            reason,
            "The GTIN is all zeros, which is no product's number.",
        )


@pytest.mark.parametrize(
    "uri", ["https://example.com/products/42", "http://[", "https://shop.example/0123?x=01"]
)
def test_ordinary_web_addresses_are_plain_qr(uri: str) -> None:
    result = parsed("]Q1" + uri)
    assert (result.symbology, result.gtin, result.digital_link, result.data) == (
        Symbology.QR,
        None,
        False,
        uri,
    )


# --------------------------------------------------------------------------- variable-measure EAN


def test_scandata_ean13_under_default_prefix_21() -> None:
    # SCANDATA's EAN-13 2112345678900 starts with 21: under the default table it is an
    # in-store price label, item 12345, price 678.90.
    result = parsed("]E02112345678900")
    assert result.embedded == Embedded("price", 67890, "cents")
    assert result.price_cents == 67890
    assert result.gtin == "02112345678900"
    assert result.lookup_gtin == "0" + with_check("211234500000")
    assert result.is_variable_measure
    assert result.is_restricted_circulation


def test_default_prefixes_examples() -> None:
    price = parsed("2212341012347")  # 22 | 1234 | verifier 1 | 01234
    assert (price.embedded, price.lookup_gtin) == (
        Embedded("price", 1234, "cents"),
        "0" + with_check("221234000000"),
    )
    plain_weight = parsed("2800042015004")  # 28 | 00042 | 01500 (docs/barcodes.md example)
    assert plain_weight.embedded == Embedded("weight", 1500, "g")
    assert plain_weight.lookup_gtin == "0" + with_check("280004200000")
    weight = parsed("2900421015004")  # 29 | 0042 | verifier 1 | 01500
    assert (weight.embedded, weight.net_weight_g, weight.price_cents) == (
        Embedded("weight", 1500, "g"),
        1500,
        None,
    )
    assert weight.lookup_gtin == "0" + with_check("290042000000")
    bad = invalid(with_check("221234201234"))  # verifier 2 where 1 belongs
    assert (bad.reason, bad.symbology) == (InvalidReason.BAD_VERIFIER_DIGIT, Symbology.EAN13)
    assert "should be 1" in bad.detail


def test_in_store_label_says_where_the_embedded_value_came_from() -> None:
    # From the prefix table: an in-store price or weight label.
    assert parsed("2112345678900").in_store_label
    assert parsed("]E02800042015004").in_store_label
    # From GS1 application identifiers, or nothing embedded at all: not a label.
    assert not parsed("9520123456788").in_store_label
    assert not parsed("(01)09520123456788(3103)000195").in_store_label
    assert not parsed("(01)09520123456788(30)12").in_store_label
    assert not parsed("https://id.gs1.org/01/09520123456788?3103=000195").in_store_label
    # An in-store label GTIN inside GS1 data: the AI value wins, else the label's own.
    label = "02800042015004"
    weighed = parsed(f"(01){label}(3103)000250")
    assert (weighed.embedded, weighed.in_store_label) == (Embedded("weight", 250, "g"), False)
    plain = parsed(f"(01){label}(10)LOT7")
    assert (plain.embedded, plain.in_store_label) == (Embedded("weight", 1500, "g"), True)
    composite = parsed("]E02800042015004|]e03103000250")
    assert (composite.embedded, composite.in_store_label) == (Embedded("weight", 250, "g"), False)
    assert not parsed("2800042015004", EMPTY_PREFIXES).in_store_label


@pytest.mark.parametrize("body", ["200000000000", "230012345678", "270012345678", "020000000000"])
def test_restricted_prefixes_outside_the_table_are_plain_gtins(body: str) -> None:
    code = with_check(body)
    result = parsed(code)
    assert (result.gtin, result.lookup_gtin, result.embedded) == ("0" + code, "0" + code, None)
    assert result.is_restricted_circulation
    assert not result.is_variable_measure


def test_restricted_circulation_flags() -> None:
    assert parsed(with_check("2000000")).is_restricted_circulation  # RCN-8, prefix 2
    assert parsed(with_check("0000001")).is_restricted_circulation  # RCN-8, prefix 0
    assert parsed(with_check("400000000000")).is_restricted_circulation  # 40: one company
    assert parsed("02345673").is_restricted_circulation  # GS1-8 prefix 0: an RCN-8
    assert not parsed("9520123456788").is_restricted_circulation
    assert not parsed("24012345678905").is_restricted_circulation  # GTIN-14 never is


@given(item=st.integers(0, 99_999), cents=st.integers(0, 99_999))
def test_price_label_round_trip(item: int, cents: int) -> None:
    code = with_check(f"21{item:05d}{cents:05d}")
    result = parsed("]E0" + code)
    assert result.embedded == Embedded("price", cents, "cents")
    assert result.price_cents == cents
    assert result.gtin == "0" + code
    assert result.lookup_gtin == "0" + with_check(f"21{item:05d}00000")


@given(
    prefix_kind=st.sampled_from([("22", "price"), ("29", "weight")]),
    item=st.integers(0, 9_999),
    value=st.integers(0, 99_999),
    wrong=st.integers(1, 9),
)
def test_verifier_label_round_trip(
    prefix_kind: tuple[str, str], item: int, value: int, wrong: int
) -> None:
    prefix, kind = prefix_kind
    field = f"{value:05d}"
    verifier = oracle_price_check_digit(field)
    code = with_check(f"{prefix}{item:04d}{verifier}{field}")
    result = parsed(code)
    assert result.embedded == Embedded(kind, value, "cents" if kind == "price" else "g")  # type: ignore[arg-type]
    zero = with_check(f"{prefix}{item:04d}{oracle_price_check_digit('00000')}00000")
    assert result.lookup_gtin == "0" + zero
    # Any other verifier digit (with the GTIN check digit made right again) is refused.
    tampered = with_check(f"{prefix}{item:04d}{(verifier + wrong) % 10}{field}")
    assert invalid(tampered).reason is InvalidReason.BAD_VERIFIER_DIGIT


@given(prefix=st.sampled_from(["22", "29"]), rest=digits(10))
def test_prefixes_22_and_29_agree_with_biip_german_rules(prefix: str, rest: str) -> None:
    # Our 22 and 29 defaults use the layout GS1 Germany publishes for those prefixes;
    # biip implements that independently (RcnRegion.GERMANY).
    code = with_check(prefix + rest)
    ours = parse_barcode(code)
    try:
        theirs = Gtin.parse(code, config=ParseConfig(rcn_region="de"))
    except ParseError:
        assert isinstance(ours, InvalidBarcode)
        assert ours.reason is InvalidReason.BAD_VERIFIER_DIGIT
        return
    assert isinstance(ours, ParsedBarcode)
    assert isinstance(theirs, Rcn)
    if prefix == "22":
        assert theirs.price is not None
        assert Decimal(ours.price_cents or 0) == theirs.price * 100
    else:
        assert theirs.weight is not None
        assert Decimal(ours.net_weight_g or 0) == theirs.weight * 1000
    assert ours.lookup_gtin == theirs.without_variable_measure().as_gtin_14()


# --------------------------------------------------------------------------- prefix table


def test_default_table_contents() -> None:
    assert [rule.prefix for rule in DEFAULT_PREFIXES.rules] == ["21", "22", "28", "29"]
    assert "21" in DEFAULT_PREFIXES
    assert "20" not in DEFAULT_PREFIXES
    assert len(EMPTY_PREFIXES) == 0


def test_from_mapping_round_trip_and_override() -> None:
    assert PrefixTable.from_mapping(DEFAULT_PREFIXES.to_mapping()) == DEFAULT_PREFIXES
    store = PrefixTable.from_mapping(
        {
            "23": {"kind": "weight", "item_digits": 5, "value_digits": 5},
            "24": {"kind": "price", "item_digits": 6, "value_digits": 4, "decimals": 1},
            "25": {"kind": "count", "item_digits": 4, "value_digits": 5, "verifier_digit": True},
        }
    )
    weight = parsed(with_check("230012301234"), store)
    assert weight.embedded == Embedded("weight", 1234, "g")
    tenths = parsed(with_check("240012340123"), store)  # 012.3 euro
    assert tenths.embedded == Embedded("price", 1230, "cents")
    count = parsed(with_check(f"250012{oracle_price_check_digit('00007')}00007"), store)
    assert count.embedded == Embedded("count", 7, "pieces")
    # 21 is not in the store's table any more: a plain restricted GTIN.
    assert parsed("2112345678900", store).embedded is None


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"87": {"kind": "price", "item_digits": 5, "value_digits": 5}}, "restricted"),
        ({"2": {"kind": "price", "item_digits": 5, "value_digits": 5}}, "restricted"),
        ({21: {"kind": "price", "item_digits": 5, "value_digits": 5}}, "as text"),
        ({"21": "price"}, "table of settings"),
        ({"21": {"kind": "volume", "item_digits": 5, "value_digits": 5}}, "kind"),
        ({"21": {"kind": ["price"], "item_digits": 5, "value_digits": 5}}, "kind"),
        ({"21": {"kind": "price", "item_digits": 5}}, "missing value_digits"),
        ({"21": {"kind": "price", "item_digits": 5, "value_digits": 5, "digits": 1}}, "unknown"),
        ({"21": {"kind": "price", "item_digits": 4, "value_digits": 5}}, "must be 10"),
        ({"21": {"kind": "price", "item_digits": True, "value_digits": 5}}, "whole number"),
        (
            {"21": {"kind": "price", "item_digits": 4, "value_digits": 6, "verifier_digit": 1}},
            "true or false",
        ),
        (
            {"21": {"kind": "price", "item_digits": 3, "value_digits": 6, "verifier_digit": True}},
            "4- or 5-digit",
        ),
        ({"21": {"kind": "price", "item_digits": 5, "value_digits": 5, "decimals": 3}}, "finer"),
        (
            {"21": {"kind": "weight", "item_digits": 5, "value_digits": 5, "decimals": -1}},
            "decimals",
        ),
        ("21=price", "table"),
    ],
)
def test_from_mapping_names_each_mistake(mapping: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PrefixTable.from_mapping(mapping)  # type: ignore[arg-type]


def test_duplicate_prefix_rejected() -> None:
    rule = PrefixRule("21", "price", item_digits=5, value_digits=5)
    with pytest.raises(ValueError, match="twice"):
        PrefixTable((rule, rule))


def test_embedded_unit_must_match_kind() -> None:
    with pytest.raises(ValueError, match="cannot be"):
        Embedded("price", 1, "g")


# --------------------------------------------------------------------------- robustness


def assert_well_formed(result: object, raw: str) -> None:
    if isinstance(result, InvalidBarcode):
        assert result.reason is not InvalidReason.INTERNAL_ERROR, result
        assert isinstance(result.detail, str)
        assert result.detail.endswith(".")
        assert result.raw == raw[:MAX_INPUT_LENGTH]
        return
    assert isinstance(result, ParsedBarcode), result
    assert result.raw == raw
    assert isinstance(result.symbology, Symbology)
    for gtin in (result.gtin, result.lookup_gtin):
        if gtin is not None:
            assert len(gtin) == 14
            assert gtin.isascii()
            assert gtin.isdigit()
            assert oracle_valid(gtin)
    assert (result.gtin is None) == (result.lookup_gtin is None)
    if result.plu is not None:
        assert result.plu.isascii()
        assert result.plu.isdigit()
        assert len(result.plu) in (4, 5)
    if result.embedded is not None:
        assert result.embedded.value >= 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=MAX_INPUT_LENGTH + 20))
def test_never_raises_on_any_text(raw: str) -> None:
    assert_well_formed(parse_barcode(raw), raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=MAX_INPUT_LENGTH + 20))
def test_never_raises_on_any_bytes_as_latin1(data: bytes) -> None:
    raw = data.decode("latin-1")
    assert_well_formed(parse_barcode(raw), raw)


_STARTS = [
    "", "]E0", "]E3", "]E4", "]E1", "]C1", "]C0", "]e0", "]d1", "]d2", "]Q1", "]Q3", "]I1",
    "]A0", "]J1", "]Y3", "(01)", "(01)0952012345678", "01", GS, "https://id.gs1.org/01/",
    "HTTPS://a/01/", "http://x/00/", "]E09520123456788|]e0", "21", "22", "29",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    start=st.sampled_from(_STARTS),
    rest=st.text(alphabet="0123456789()/?=&%+#|]eABC \x1d\x00é", max_size=60),
)
def test_never_raises_on_barcode_shaped_text(start: str, rest: str) -> None:
    raw = start + rest
    assert_well_formed(parse_barcode(raw), raw)
    assert_well_formed(parse_barcode(raw, prefixes=EMPTY_PREFIXES), raw)


def test_internal_errors_are_contained_and_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(raw: str, prefixes: PrefixTable) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(barcodes, "_parse", broken)
    with caplog.at_level(logging.ERROR, logger="kiosk.core.barcodes"):
        result = parse_barcode("9520123456788")
    assert isinstance(result, InvalidBarcode)
    assert result.reason is InvalidReason.INTERNAL_ERROR
    assert "boom" in caplog.text


def test_ean_fast_path_does_not_touch_biip(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_biip() -> None:
        raise AssertionError("biip used on the fast path")

    monkeypatch.setattr(barcodes, "_biip", no_biip)
    for raw in ("]E09520123456788", "]E402345673", "9520123456788", "2112345678900", "4011"):
        assert isinstance(parse_barcode(raw), ParsedBarcode), raw


def test_biip_is_imported_only_for_gs1_data() -> None:
    # Importing biip costs about 0.1 s of the kiosk's start: a fresh interpreter parses
    # plain EAN/UPC scans without it, and loads it for the first GS1 element string.
    code = (
        "import sys\n"
        "from kiosk.core.barcodes import ParsedBarcode, parse_barcode\n"
        "assert 'biip' not in sys.modules, 'biip imported with the module'\n"
        "for raw in (']E09520123456788', '9520123456788', '2112345678900', '4011'):\n"
        "    assert isinstance(parse_barcode(raw), ParsedBarcode), raw\n"
        "assert 'biip' not in sys.modules, 'biip imported for a plain EAN'\n"
        "parsed = parse_barcode(']C101095201234567881715010110ABC')\n"
        "assert isinstance(parsed, ParsedBarcode) and parsed.batch == 'ABC', parsed\n"
        "assert 'biip' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_module_is_qt_free() -> None:
    code = "import sys, kiosk.core.barcodes; sys.exit('PySide6' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], check=False, timeout=60)
    assert completed.returncode == 0
