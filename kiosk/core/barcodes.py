"""Barcode parsing for the scan path: from the scanner's text to what the catalog looks up.

One entry point, :func:`parse_barcode`, takes what the scanner driver delivered
(optionally led by an AIM symbology identifier such as ``]E0``, with GS1 FNC1
sent as ASCII GS, ``\\x1d``) or what a person keyed in, and returns either a
:class:`ParsedBarcode` or an :class:`InvalidBarcode`. It never raises.

What is handled here, and what is left to `biip <https://biip.readthedocs.io>`_:

* EAN-13 / EAN-8 / UPC-A / UPC-E / ITF-14 and keyed-in digits: our own fast path
  (no biip), since this is what nearly every scan is. Check digits per GS1 General
  Specifications section 7.9.1.
* Restricted-circulation EAN-13 (prefix 02, 20-29, ...) with an embedded price,
  weight or count: our own, driven by a per-store :class:`PrefixTable`, because
  the layouts are national or per retailer and biip only knows a few countries.
  Price/measure verifier digits per GS1 General Specifications 7.9.2-7.9.4.
* GS1 element strings (GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR, typed
  ``(01)...(10)...`` brackets) and GS1 Digital Link URIs: parsed by biip, then
  the application identifiers the kiosk needs (01, 10, 17, 21, 30, 310x, 392x,
  393x) are turned into plain Python values here.
* 4- and 5-digit keyed codes: IFPS produce PLU numbers.

See ``docs/barcodes.md`` for the rules, the default prefix table and its sources.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import unquote, urlsplit

from kiosk.core.money import round_half_up

if TYPE_CHECKING:
    from biip.gs1_element_strings import GS1ElementStrings

__all__ = [
    "DEFAULT_PREFIXES",
    "EMPTY_PREFIXES",
    "MAX_INPUT_LENGTH",
    "Embedded",
    "InvalidBarcode",
    "InvalidReason",
    "ParseResult",
    "ParsedBarcode",
    "PrefixRule",
    "PrefixTable",
    "Symbology",
    "format_gtin",
    "gtin_check_digit",
    "is_valid_gtin",
    "parse_barcode",
    "price_check_digit",
    "upce_to_upca",
    "warm_up",
]

_log = logging.getLogger(__name__)

MAX_INPUT_LENGTH: Final = 512
"""Longer input is refused unread (``TOO_LONG``): no retail barcode comes near it."""


class Symbology(enum.StrEnum):
    """Where the data came from, as far as the scanner (or the content) tells us."""

    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"  # also EAN-13 with a leading 0, and UPC-E expanded by the scanner
    UPCE = "upce"  # sent as 8 digits under ]E0 (scanners that do not expand it)
    ITF14 = "itf14"  # ITF (]I) carrying 14 digits
    GTIN14 = "gtin14"  # 14 digits without symbology identifier (keyed in)
    GS1_128 = "gs1_128"
    GS1_DATABAR = "gs1_databar"
    GS1_QR = "gs1_qr"
    GS1_DATAMATRIX = "gs1_datamatrix"
    GS1_DOTCODE = "gs1_dotcode"
    GS1_ELEMENT_STRING = "gs1_element_string"  # no symbology identifier: typed (01)... or raw
    QR = "qr"
    DATAMATRIX = "datamatrix"
    CODE128 = "code128"
    CODE39 = "code39"
    PLU = "plu"  # keyed-in produce code
    OTHER = "other"  # a symbology the kiosk does not interpret (PDF417, Codabar, ...)
    UNKNOWN = "unknown"  # no symbology identifier and no recognisable content


class InvalidReason(enum.StrEnum):
    """Why a scan or a keyed code was refused."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    CONTROL_CHARACTERS = "control_characters"
    BAD_SYMBOLOGY_IDENTIFIER = "bad_symbology_identifier"
    NOT_NUMERIC = "not_numeric"
    BAD_LENGTH = "bad_length"
    BAD_CHECK_DIGIT = "bad_check_digit"
    BAD_VERIFIER_DIGIT = "bad_verifier_digit"  # price/measure verifier inside a 2x EAN-13
    BAD_GS1_ELEMENT_STRING = "bad_gs1_element_string"
    BAD_DIGITAL_LINK = "bad_digital_link"
    UNSUPPORTED = "unsupported"  # well-formed, but nothing a checkout can sell
    INTERNAL_ERROR = "internal_error"  # a bug in this module; logged with a traceback


EmbeddedKind = Literal["price", "weight", "count"]
EmbeddedUnit = Literal["cents", "g", "pieces"]

_UNIT_OF: Final[Mapping[str, EmbeddedUnit]] = MappingProxyType(
    {"price": "cents", "weight": "g", "count": "pieces"}
)


@dataclass(frozen=True, slots=True)
class Embedded:
    """A value carried inside the barcode: a price in cents, a weight in grams, a count."""

    kind: EmbeddedKind
    value: int
    unit: EmbeddedUnit

    def __post_init__(self) -> None:
        if _UNIT_OF.get(self.kind) != self.unit:
            raise ValueError(f"an embedded {self.kind!r} cannot be in {self.unit!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedBarcode:
    """A successfully read barcode or keyed code.

    ``gtin`` is always the 14-digit form; the catalog is looked up by ``lookup_gtin``
    (which differs from ``gtin`` only for variable-measure EAN-13s, whose price or
    weight digits are zeroed) or, for keyed produce codes, by ``plu``.
    """

    raw: str
    """Exactly what the driver delivered."""
    data: str
    """The content without symbology identifier and surrounding whitespace."""
    symbology: Symbology
    aim_id: str | None = None
    gtin: str | None = None
    plu: str | None = None
    embedded: Embedded | None = None
    """The one value pricing uses: AI 392x/393x price first, else AI 310x weight, else
    AI 30 count, else the value in a variable-measure EAN-13."""
    lookup_gtin: str | None = None
    batch: str | None = None
    expiry: dt.date | None = None
    serial: str | None = None
    net_weight_g: int | None = None
    """From AI 310x (rounded half up to whole grams) or a weight EAN-13."""
    price_cents: int | None = None
    """From AI 392x/393x (exact, refused otherwise) or a price EAN-13."""
    count: int | None = None
    """Pieces, from AI 30 or a count EAN-13 (a prefix rule of kind ``count``)."""
    addon: str | None = None
    """The 2- or 5-digit add-on symbol of an EAN/UPC (]E3), e.g. a magazine issue."""
    digital_link: bool = False
    in_store_label: bool = False
    """True if ``embedded`` was read by the store's prefix table (an in-store price, weight
    or count label, a variable-measure EAN-13); False if it came from GS1 application
    identifiers (AI 30, 310x, 392x, 393x) or there is none. A weight from a label prices
    the item; an AI 310x weight on a fixed-price product is only its net content."""

    @property
    def is_variable_measure(self) -> bool:
        """True if the barcode states a price, weight or count, or is a GTIN-14 with
        indicator digit 9 (a variable measure trade item)."""
        return self.embedded is not None or (self.gtin is not None and self.gtin[0] == "9")

    @property
    def is_restricted_circulation(self) -> bool:
        """True for GS1 restricted circulation numbers: only meaningful in this store
        (or this country), never in the chain's global product data."""
        gtin = self.gtin
        if gtin is None or gtin[0] != "0":
            return False
        if gtin.startswith("000000"):  # GTIN-8: RCN-8 prefixes 0 and 2
            return gtin[6] in "02"
        return gtin[1:3] in _RCN_PREFIXES


@dataclass(frozen=True, slots=True, kw_only=True)
class InvalidBarcode:
    """A refused scan: ``detail`` is one English sentence for logs and the ``parse`` CLI."""

    raw: str
    """What the driver delivered (cut to MAX_INPUT_LENGTH characters for TOO_LONG)."""
    reason: InvalidReason
    detail: str
    symbology: Symbology | None = None


ParseResult = ParsedBarcode | InvalidBarcode


# --------------------------------------------------------------------------- check digits


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for ``body`` (a GTIN, SSCC, GLN ... without its check digit).

    Weights 3, 1, 3, ... from the right (GS1 General Specifications 7.9.1).
    Raises ``ValueError`` unless ``body`` is one or more ASCII digits.
    """
    if not (body.isascii() and body.isdigit()):
        raise ValueError(f"a check digit is computed over ASCII digits, got {body!r}")
    raw = body.encode("ascii")
    odd, even = raw[-1::-2], raw[-2::-2]  # odd positions from the right carry weight 3
    weighted = 3 * (sum(odd) - 48 * len(odd)) + sum(even) - 48 * len(even)
    return -weighted % 10


def is_valid_gtin(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit GTIN whose check digit is right. Never raises."""
    return (
        isinstance(code, str)
        and len(code) in (8, 12, 13, 14)
        and code.isascii()
        and code.isdigit()
        and gtin_check_digit(code[:-1]) == ord(code[-1]) - 48
    )


# Weighting factors of GS1 General Specifications 7.9.2, as "product digit" tables:
# entry d is the digit that weighting factor gives the digit d.
_W2_MINUS: Final = (0, 2, 4, 6, 8, 9, 1, 3, 5, 7)
_W3: Final = (0, 3, 6, 9, 2, 5, 8, 1, 4, 7)
_W5_PLUS: Final = (0, 5, 1, 6, 2, 7, 3, 8, 4, 9)
_W5_MINUS: Final = (0, 5, 9, 4, 8, 3, 7, 2, 6, 1)


def price_check_digit(digits: str) -> int:
    """The price/measure verifier digit for a 4- or 5-digit price or weight field.

    GS1 General Specifications 7.9.3 (four digits: weights 2-, 2-, 3, 5-; the sum
    times 3, last digit) and 7.9.4 (five digits: weights 5+, 2-, 5-, 5+, 2-; ten
    minus the last digit of the sum, mapped back through the 5- weighting).
    Raises ``ValueError`` for anything but 4 or 5 ASCII digits.
    """
    if not (digits.isascii() and digits.isdigit() and len(digits) in (4, 5)):
        raise ValueError(f"a price verifier digit covers 4 or 5 ASCII digits, got {digits!r}")
    d = [ord(c) - 48 for c in digits]
    if len(d) == 4:
        total = _W2_MINUS[d[0]] + _W2_MINUS[d[1]] + _W3[d[2]] + _W5_MINUS[d[3]]
        return total * 3 % 10
    total = _W5_PLUS[d[0]] + _W2_MINUS[d[1]] + _W5_MINUS[d[2]] + _W5_PLUS[d[3]] + _W2_MINUS[d[4]]
    return _W5_MINUS.index(-total % 10)


def upce_to_upca(code: str) -> str:
    """Expand a UPC-E to its 12-digit UPC-A (GS1 General Specifications 5.2.2.4.2).

    ``code`` is 6 digits (number system 0 implied, no check digit), 7 digits
    (number system first, no check digit) or 8 digits (number system, 6 digits,
    check digit). The number system must be 0 or 1. The result carries its check
    digit; an 8-digit input whose check digit disagrees raises ``ValueError``.
    The expansion is mechanical, as a scanner does it: the last of the six digits
    selects the rule (0-2: manufacturer ends in that digit and 00; 3: in 00;
    4: in 0; 5-9: the item number is that digit).
    """
    if not (code.isascii() and code.isdigit()):
        raise ValueError(f"a UPC-E is digits only, got {code!r}")
    if len(code) == 6:
        ns, six, check = "0", code, None
    elif len(code) == 7:
        ns, six, check = code[0], code[1:], None
    elif len(code) == 8:
        ns, six, check = code[0], code[1:7], code[7]
    else:
        raise ValueError(f"a UPC-E has 6, 7 or 8 digits, got {len(code)}")
    if ns not in "01":
        raise ValueError(f"a UPC-E has number system 0 or 1, got {ns}")
    last = six[5]
    if last in "012":
        body = f"{ns}{six[:2]}{last}0000{six[2:5]}"
    elif last == "3":
        body = f"{ns}{six[:3]}00000{six[3:5]}"
    elif last == "4":
        body = f"{ns}{six[:4]}00000{six[4]}"
    else:
        body = f"{ns}{six[:5]}0000{last}"
    expected = gtin_check_digit(body)
    if check is not None and int(check) != expected:
        raise ValueError(f"UPC-E {code} has check digit {check}, expected {expected}")
    return f"{body}{expected}"


def format_gtin(gtin14: str) -> str:
    """The shortest natural form of a 14-digit GTIN, for display.

    GTIN-14 (indicator digit not 0) stays 14 digits; otherwise the leading zeros go:
    13 digits (EAN-13), 12 (UPC-A, the 13-digit form starts with 0) or 8 (EAN-8,
    six leading zeros), the same split biip and GS1 use. Raises ``ValueError``
    for anything but 14 ASCII digits (the check digit is not checked).
    """
    if not (len(gtin14) == 14 and gtin14.isascii() and gtin14.isdigit()):
        raise ValueError(f"expected a 14-digit GTIN, got {gtin14!r}")
    if gtin14[0] != "0":
        return gtin14
    if gtin14[1] != "0":
        return gtin14[1:]
    if gtin14.startswith("000000"):
        return gtin14[6:]
    return gtin14[2:]


# --------------------------------------------------------------------------- prefix table

_RCN_PREFIXES: Final = frozenset(
    ["02", "04", *(f"2{i}" for i in range(10)), *(f"4{i}" for i in range(10))]
)
"""Two-digit starts of the 13-digit form that GS1 reserves for restricted circulation:
02 and 20-29 within a country (the GS1 member organisation defines them), 04 and
40-49 within one company (GS1 General Specifications, GS1 Prefix table and 2.1.11-2.1.12)."""

_UNIT_DECIMALS: Final[Mapping[str, int]] = MappingProxyType({"price": 2, "weight": 3, "count": 0})
"""Decimals of euros, kilograms and pieces that make whole cents, grams and pieces: the
default for a rule's ``decimals`` and its maximum (anything finer would need rounding)."""


@dataclass(frozen=True, slots=True)
class PrefixRule:
    """How one two-digit restricted-circulation prefix lays out an EAN-13.

    The 13 digits are: ``prefix`` (2) | item reference (``item_digits``) |
    verifier digit (1, if ``verifier_digit``) | value (``value_digits``) | check digit,
    so ``item_digits + verifier_digit + value_digits == 10``.

    The value is a price in euros, a weight in kilograms or a count, with
    ``decimals`` implied decimals (default 2, 3 and 0): it is turned into cents,
    grams or pieces. A verifier digit needs a 4- or 5-digit value (GS1 7.9.3/7.9.4).
    """

    prefix: str
    kind: EmbeddedKind
    item_digits: int
    value_digits: int
    verifier_digit: bool = False
    decimals: int | None = None
    description: str = ""
    _scale: int = field(init=False, repr=False, compare=False)
    _value_start: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        where = f"barcode prefix {self.prefix!r}"
        if not isinstance(self.prefix, str) or self.prefix not in _RCN_PREFIXES:
            allowed = "02, 04, 20-29 or 40-49"
            raise ValueError(f"{where}: not a restricted-circulation prefix ({allowed})")
        if not isinstance(self.kind, str) or self.kind not in _UNIT_OF:
            raise ValueError(f"{where}: kind must be 'price', 'weight' or 'count'")
        for name in ("item_digits", "value_digits"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{where}: {name} must be a positive whole number")
        if not isinstance(self.verifier_digit, bool):
            raise ValueError(f"{where}: verifier_digit must be true or false")
        total = self.item_digits + int(self.verifier_digit) + self.value_digits
        if total != 10:
            raise ValueError(
                f"{where}: item_digits + verifier digit + value_digits must be 10 "
                f"(the EAN-13 minus prefix and check digit), got {total}"
            )
        if self.verifier_digit and self.value_digits not in (4, 5):
            raise ValueError(f"{where}: a verifier digit needs a 4- or 5-digit value")
        decimals = _UNIT_DECIMALS[self.kind] if self.decimals is None else self.decimals
        if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
            raise ValueError(f"{where}: decimals must be a whole number >= 0")
        if decimals > _UNIT_DECIMALS[self.kind]:
            unit = _UNIT_OF[self.kind]
            raise ValueError(
                f"{where}: a {self.kind} with {decimals} decimals is finer than {unit}"
            )
        if not isinstance(self.description, str):
            raise ValueError(f"{where}: description must be text")
        object.__setattr__(self, "_scale", 10 ** (_UNIT_DECIMALS[self.kind] - decimals))
        object.__setattr__(self, "_value_start", 2 + self.item_digits + int(self.verifier_digit))

    @property
    def unit(self) -> EmbeddedUnit:
        return _UNIT_OF[self.kind]

    def to_mapping(self) -> dict[str, object]:
        """The TOML-shaped form :meth:`PrefixTable.from_mapping` reads back."""
        out: dict[str, object] = {
            "kind": self.kind,
            "item_digits": self.item_digits,
            "value_digits": self.value_digits,
            "verifier_digit": self.verifier_digit,
        }
        if self.decimals is not None:
            out["decimals"] = self.decimals
        if self.description:
            out["description"] = self.description
        return out

    def decode(self, gtin13: str) -> tuple[Embedded, str] | str:
        """Split a valid 13-digit code: ``(embedded value, lookup GTIN-13)`` or, if the
        verifier digit is wrong, an English sentence saying so."""
        start = self._value_start
        digits = gtin13[start:12]
        if self.verifier_digit:
            expected = price_check_digit(digits)
            if ord(gtin13[start - 1]) - 48 != expected:
                return (
                    f"The {self.kind} verifier digit of {gtin13} should be {expected}, "
                    f"not {gtin13[start - 1]} (prefix {self.prefix} layout)."
                )
            zero_verifier = str(price_check_digit("0" * self.value_digits))
            body = f"{gtin13[: start - 1]}{zero_verifier}{'0' * self.value_digits}"
        else:
            body = f"{gtin13[:start]}{'0' * self.value_digits}"
        embedded = Embedded(self.kind, int(digits) * self._scale, _UNIT_OF[self.kind])
        return embedded, f"{body}{gtin_check_digit(body)}"


_RULE_KEYS: Final = frozenset(
    {"kind", "item_digits", "value_digits", "verifier_digit", "decimals", "description"}
)


@dataclass(frozen=True, slots=True)
class PrefixTable:
    """The store's variable-measure EAN-13 layouts, one :class:`PrefixRule` per prefix.

    Prefixes not in the table are still read as (restricted) GTINs, with nothing
    embedded and ``lookup_gtin == gtin``.
    """

    rules: tuple[PrefixRule, ...] = ()
    _by_prefix: Mapping[str, PrefixRule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rules = tuple(self.rules)
        by_prefix: dict[str, PrefixRule] = {}
        for rule in rules:
            if not isinstance(rule, PrefixRule):
                raise TypeError(f"expected PrefixRule, got {type(rule).__name__}")
            if rule.prefix in by_prefix:
                raise ValueError(f"barcode prefix {rule.prefix!r} is defined twice")
            by_prefix[rule.prefix] = rule
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "_by_prefix", MappingProxyType(by_prefix))

    def get(self, prefix: str) -> PrefixRule | None:
        return self._by_prefix.get(prefix)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, prefix: object) -> bool:
        return prefix in self._by_prefix

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Mapping[str, object]]) -> PrefixTable:
        """Build a table from the store's TOML, e.g.::

            [barcodes.prefixes]
            "21" = { kind = "price", item_digits = 5, value_digits = 5 }
            "29" = { kind = "weight", item_digits = 4, value_digits = 5, verifier_digit = true }

        The result replaces the default table (copy the defaults you want to keep).
        Every mistake raises ``ValueError`` naming the prefix and the problem.
        """
        if not isinstance(mapping, Mapping):
            raise ValueError("barcode prefixes must be a table of prefix = { ... } entries")
        rules = []
        for prefix, spec in mapping.items():
            if not isinstance(prefix, str):
                raise ValueError(f'barcode prefix {prefix!r} must be written as text, e.g. "21"')
            if not isinstance(spec, Mapping):
                raise ValueError(f"barcode prefix {prefix!r}: expected a table of settings")
            unknown = sorted(str(key) for key in spec if key not in _RULE_KEYS)
            if unknown:
                allowed = ", ".join(sorted(_RULE_KEYS))
                raise ValueError(
                    f"barcode prefix {prefix!r}: unknown setting(s) {', '.join(unknown)}"
                    f" (allowed: {allowed})"
                )
            missing = sorted({"kind", "item_digits", "value_digits"} - set(spec))
            if missing:
                raise ValueError(f"barcode prefix {prefix!r}: missing {', '.join(missing)}")
            settings = {str(key): value for key, value in spec.items()}
            rules.append(PrefixRule(prefix, **settings))  # type: ignore[arg-type]  # it validates
        return cls(tuple(rules))

    def to_mapping(self) -> dict[str, dict[str, object]]:
        return {rule.prefix: rule.to_mapping() for rule in self.rules}


EMPTY_PREFIXES: Final = PrefixTable()

DEFAULT_PREFIXES: Final = PrefixTable(
    (
        PrefixRule(
            "21",
            "price",
            item_digits=5,
            value_digits=5,
            description="in-store label: 5-digit item, price in euro cents",
        ),
        PrefixRule(
            "22",
            "price",
            item_digits=4,
            value_digits=5,
            verifier_digit=True,
            description="in-store label: 4-digit item, price verifier, price in euro cents",
        ),
        PrefixRule(
            "28",
            "weight",
            item_digits=5,
            value_digits=5,
            description="in-store label: 5-digit item, weight in grams",
        ),
        PrefixRule(
            "29",
            "weight",
            item_digits=4,
            value_digits=5,
            verifier_digit=True,
            description="in-store label: 4-digit item, weight verifier, weight in grams",
        ),
    )
)
"""An assumed default, NOT a published GS1 Nederland layout: see docs/barcodes.md."""


# --------------------------------------------------------------------------- parsing

_FRAMING: Final = " \t\r\n"
_GS: Final = "\x1d"
# C0 and C1 controls except GS (FNC1), plus DEL.
_CONTROL_RE: Final = re.compile(r"[\x00-\x1c\x1e-\x1f\x7f-\x9f]")
# ISO/IEC 15424 code characters (the letter after "]").
_AIM_CODES: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUXYZcdeghopsz")
_DL_SCHEMES: Final = frozenset({"http", "https", "HTTP", "HTTPS"})  # GS1 DL: no mixed case
_EUR_NUMERIC: Final = "978"
_ZERO_GTIN: Final = "0" * 14
_GTIN_LENGTHS: Final = (8, 12, 13, 14)


def parse_barcode(raw: str, *, prefixes: PrefixTable = DEFAULT_PREFIXES) -> ParseResult:
    """Read one scan or keyed code. Never raises (a bug gives ``INTERNAL_ERROR``, logged)."""
    try:
        return _parse(raw, prefixes)
    except Exception:  # the scan path must survive anything, including our own bugs
        text = raw if isinstance(raw, str) else repr(raw)
        _log.exception("barcode parser failed on %r", text[:MAX_INPUT_LENGTH])
        return InvalidBarcode(
            raw=text[:MAX_INPUT_LENGTH],
            reason=InvalidReason.INTERNAL_ERROR,
            detail="The barcode parser failed unexpectedly; the traceback is in the log.",
        )


def _invalid(
    raw: str, reason: InvalidReason, detail: str, symbology: Symbology | None = None
) -> InvalidBarcode:
    return InvalidBarcode(raw=raw, reason=reason, detail=detail, symbology=symbology)


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _parse(raw: str, prefixes: PrefixTable) -> ParseResult:
    if len(raw) > MAX_INPUT_LENGTH:
        return _invalid(
            raw[:MAX_INPUT_LENGTH],
            InvalidReason.TOO_LONG,
            f"The input is {len(raw)} characters long; the limit is {MAX_INPUT_LENGTH}.",
        )
    data = raw.strip(_FRAMING)
    if not data:
        return _invalid(raw, InvalidReason.EMPTY, "The input is empty.")
    if _is_digits(data):
        return _parse_untagged_digits(raw, data, prefixes)
    control = _CONTROL_RE.search(data)
    if control is not None:
        return _invalid(
            raw,
            InvalidReason.CONTROL_CHARACTERS,
            f"The input contains the control character {control.group()!r} "
            f"at position {control.start()}.",
        )
    if data[0] == "]":
        return _parse_tagged(raw, data, prefixes)
    return _parse_untagged_text(raw, data, prefixes)


# ----- digits (EAN/UPC/ITF/keyed)


def _gtin_length_symbology(digits: str) -> Symbology:
    n = len(digits)
    if n == 8:
        return Symbology.EAN8
    if n == 12:
        return Symbology.UPCA
    if n == 13:
        return Symbology.UPCA if digits[0] == "0" else Symbology.EAN13
    return Symbology.GTIN14


def _parse_untagged_digits(raw: str, data: str, prefixes: PrefixTable) -> ParseResult:
    n = len(data)
    if n in (4, 5):
        return ParsedBarcode(raw=raw, data=data, symbology=Symbology.PLU, plu=data)
    if n in _GTIN_LENGTHS:  # 8 digits are an EAN-8; a UPC-E only comes with ]E0
        return _checked_gtin(raw, data, data, _gtin_length_symbology(data), None, prefixes)
    if n >= 16 and data.startswith("01"):  # a GS1 element string from a scanner without AIM ids
        return _parse_gs1(raw, data, None, Symbology.GS1_ELEMENT_STRING, prefixes)
    return _invalid(
        raw,
        InvalidReason.BAD_LENGTH,
        f"{n} digits is neither a produce code (4 or 5 digits) nor a GTIN (8, 12, 13 or 14).",
    )


def _checked_gtin(
    raw: str,
    data: str,
    digits: str,
    symbology: Symbology,
    aim: str | None,
    prefixes: PrefixTable,
    addon: str | None = None,
) -> ParseResult:
    expected = gtin_check_digit(digits[:-1])
    if ord(digits[-1]) - 48 != expected:
        return _invalid(
            raw,
            InvalidReason.BAD_CHECK_DIGIT,
            f"The check digit of {digits} should be {expected}, not {digits[-1]}.",
            symbology,
        )
    return _gtin_result(raw, data, symbology, aim, digits.zfill(14), prefixes, addon)


def _gtin_result(
    raw: str,
    data: str,
    symbology: Symbology,
    aim: str | None,
    gtin14: str,
    prefixes: PrefixTable,
    addon: str | None = None,
    *,
    refuse_as: InvalidReason = InvalidReason.UNSUPPORTED,
) -> ParseResult:
    """The one funnel every GTIN goes through (EAN/UPC/ITF, keyed, GS1 data, Digital Link).

    ``refuse_as`` is the reason given for the all-zero GTIN: its check digit is right,
    but GS1 never allocates it, so it is a test pattern or a misread, not a product.
    """
    if gtin14 == _ZERO_GTIN:
        return _invalid(
            raw, refuse_as, "The GTIN is all zeros, which is no product's number.", symbology
        )
    embedded: Embedded | None = None
    lookup = gtin14
    rule = prefixes.get(gtin14[1:3]) if gtin14[0] == "0" else None
    if rule is not None:
        decoded = rule.decode(gtin14[1:])
        if isinstance(decoded, str):
            return _invalid(raw, InvalidReason.BAD_VERIFIER_DIGIT, decoded, symbology)
        embedded, lookup13 = decoded
        lookup = "0" + lookup13
    return ParsedBarcode(
        raw=raw,
        data=data,
        symbology=symbology,
        aim_id=aim,
        gtin=gtin14,
        embedded=embedded,
        lookup_gtin=lookup,
        net_weight_g=embedded.value if embedded is not None and embedded.kind == "weight" else None,
        price_cents=embedded.value if embedded is not None and embedded.kind == "price" else None,
        count=embedded.value if embedded is not None and embedded.kind == "count" else None,
        addon=addon,
        in_store_label=embedded is not None,
    )


def _numeric_symbol(
    raw: str,
    body: str,
    aim: str,
    symbology: Symbology,
    lengths: tuple[int, ...],
    name: str,
    prefixes: PrefixTable,
) -> ParseResult:
    """EAN/UPC/ITF data after the symbology identifier: fixed length, digits, check digit."""
    if not body:
        return _invalid(raw, InvalidReason.EMPTY, f"{name} ({aim}) without data.", symbology)
    if not _is_digits(body):
        return _invalid(
            raw, InvalidReason.NOT_NUMERIC, f"{name} ({aim}) data must be digits only.", symbology
        )
    if len(body) not in lengths:
        want = " or ".join(map(str, lengths))
        return _invalid(
            raw,
            InvalidReason.BAD_LENGTH,
            f"{name} ({aim}) data must be {want} digits, got {len(body)}.",
            symbology,
        )
    if symbology is Symbology.EAN13 and (len(body) == 12 or body[0] == "0"):
        symbology = Symbology.UPCA
    return _checked_gtin(raw, body, body, symbology, aim, prefixes)


# ]E0 is specified as 13 digits (UPC-A with a leading 0, UPC-E expanded), which is what
# GS1's own scan-data processing accepts; common scanners by default send UPC-A as 12
# digits and UPC-E as 8 under ]E0, so those are accepted too (docs/barcodes.md).
_E0_LENGTHS: Final = (13, 12)


def _upce(raw: str, digits: str, aim: str, prefixes: PrefixTable) -> ParseResult:
    """A UPC-E sent as 8 digits (number system, six digits, check digit) under ]E0."""
    if digits[0] not in "01":
        return _invalid(
            raw,
            InvalidReason.UNSUPPORTED,
            f"8 digits under {aim} must be a UPC-E with number system 0 or 1, not {digits[0]}.",
            Symbology.UPCE,
        )
    try:
        upca = upce_to_upca(digits)
    except ValueError:
        expected = upce_to_upca(digits[:7])[-1]
        return _invalid(
            raw,
            InvalidReason.BAD_CHECK_DIGIT,
            f"The check digit of UPC-E {digits} should be {expected}, not {digits[-1]}.",
            Symbology.UPCE,
        )
    return _gtin_result(raw, digits, Symbology.UPCE, aim, "00" + upca, prefixes)


# ----- symbology identifiers


def _parse_tagged(raw: str, data: str, prefixes: PrefixTable) -> ParseResult:
    if len(data) < 3 or data[1] not in _AIM_CODES or not (data[2].isascii() and data[2].isalnum()):
        return _invalid(
            raw,
            InvalidReason.BAD_SYMBOLOGY_IDENTIFIER,
            f"{data[:3]!r} is not a symbology identifier (']' + code letter + modifier).",
        )
    aim = data[:3]
    body = data[3:]
    key = aim[1:]
    if key == "E0" or key == "E4":
        main, sep, composite = body.partition("|]e0")
        if key == "E4":
            result = _numeric_symbol(raw, main, aim, Symbology.EAN8, (8,), "EAN-8", prefixes)
        elif len(main) == 8 and _is_digits(main):
            result = _upce(raw, main, aim, prefixes)
        else:
            result = _numeric_symbol(
                raw, main, aim, Symbology.EAN13, _E0_LENGTHS, "EAN/UPC", prefixes
            )
        if sep and isinstance(result, ParsedBarcode):
            return _with_composite(raw, result, composite)
        return result
    if key == "E3":
        return _parse_with_addon(raw, body, aim, prefixes)
    if key in ("E1", "E2"):
        return _invalid(
            raw,
            InvalidReason.UNSUPPORTED,
            "An EAN add-on symbol was read without its main barcode.",
            Symbology.OTHER,
        )
    if aim[1] == "I" and len(body) == 14:
        return _numeric_symbol(raw, body, aim, Symbology.ITF14, (14,), "ITF-14", prefixes)
    gs1 = _GS1_SYMBOLOGIES.get(key)
    if gs1 is not None:
        if not body:
            return _invalid(raw, InvalidReason.EMPTY, f"GS1 data ({aim}) without content.", gs1)
        if _looks_like_url(body):
            return _parse_url(raw, body, aim, gs1, prefixes)
        return _parse_gs1(raw, body, aim, gs1, prefixes)
    symbology = _TEXT_SYMBOLOGIES.get(aim[1], Symbology.OTHER)
    if not body:
        return _invalid(raw, InvalidReason.EMPTY, f"A barcode ({aim}) without data.", symbology)
    if _looks_like_url(body):
        return _parse_url(raw, body, aim, symbology, prefixes)
    return ParsedBarcode(raw=raw, data=body, symbology=symbology, aim_id=aim)


_GS1_SYMBOLOGIES: Final[Mapping[str, Symbology]] = MappingProxyType(
    {
        "C1": Symbology.GS1_128,
        "e0": Symbology.GS1_DATABAR,
        "e1": Symbology.GS1_DATABAR,
        "e2": Symbology.GS1_DATABAR,
        "d2": Symbology.GS1_DATAMATRIX,
        "Q3": Symbology.GS1_QR,
        "J1": Symbology.GS1_DOTCODE,
    }
)
_TEXT_SYMBOLOGIES: Final[Mapping[str, Symbology]] = MappingProxyType(
    {"Q": Symbology.QR, "d": Symbology.DATAMATRIX, "C": Symbology.CODE128, "A": Symbology.CODE39}
)


def _parse_with_addon(raw: str, body: str, aim: str, prefixes: PrefixTable) -> ParseResult:
    """]E3: EAN-13/UPC data (13 digits) followed by a 2- or 5-digit add-on."""
    if len(body) not in (15, 18):
        if not body:
            return _invalid(raw, InvalidReason.EMPTY, f"EAN with add-on ({aim}) without data.")
        return _invalid(
            raw,
            InvalidReason.BAD_LENGTH,
            f"EAN with add-on ({aim}) data must be 15 or 18 digits, got {len(body)}.",
            Symbology.EAN13,
        )
    if not _is_digits(body):
        return _invalid(
            raw,
            InvalidReason.NOT_NUMERIC,
            f"EAN with add-on ({aim}) data must be digits only.",
            Symbology.EAN13,
        )
    main, addon = body[:13], body[13:]
    symbology = Symbology.UPCA if main[0] == "0" else Symbology.EAN13
    return _checked_gtin(raw, body, main, symbology, aim, prefixes, addon)


# ----- text without symbology identifier


def _parse_untagged_text(raw: str, data: str, prefixes: PrefixTable) -> ParseResult:
    if data[0] == "(":
        return _parse_gs1(raw, data, None, Symbology.GS1_ELEMENT_STRING, prefixes, hri=True)
    if data[0] == _GS or (data[0].isdigit() and _GS in data):
        return _parse_gs1(raw, data, None, Symbology.GS1_ELEMENT_STRING, prefixes)
    if data.startswith("01") and len(data) > 16 and _is_digits(data[2:16]):
        return _parse_gs1(raw, data, None, Symbology.GS1_ELEMENT_STRING, prefixes)
    if _looks_like_url(data):
        # Assumed: a web address comes from a QR code (the usual GS1 Digital Link carrier).
        return _parse_url(raw, data, None, Symbology.QR, prefixes)
    return ParsedBarcode(raw=raw, data=data, symbology=Symbology.UNKNOWN)


# ----- GS1 element strings and Digital Link (biip)


@dataclass(frozen=True, slots=True)
class _AiValues:
    gtin: str | None
    gtin_error: str | None
    batch: str | None
    expiry: dt.date | None
    serial: str | None
    net_weight_g: int | None
    price_cents: int | None
    count: int | None


def _read_ais(element_strings: GS1ElementStrings) -> _AiValues | tuple[InvalidReason, str]:
    """Pick out the application identifiers the kiosk uses; first occurrence wins."""
    gtin = gtin_error = batch = serial = None
    expiry: dt.date | None = None
    weight: int | None = None
    price: int | None = None
    count: int | None = None
    for es in element_strings:
        ai = es.ai.ai
        if ai == "30" or ai[:3] in ("310", "392", "393"):
            number = es.pattern_groups[-1] if es.pattern_groups else ""
            if not _is_digits(number):
                return (
                    InvalidReason.BAD_GS1_ELEMENT_STRING,
                    f"AI ({ai}) holds no number ({es.value!r}).",
                )
        if ai == "01" and gtin is None and gtin_error is None:
            if es.gtin is None:
                gtin_error = es.gtin_error or f"{es.value} is not a valid GTIN."
            else:
                gtin = es.value
        elif ai == "10" and batch is None:
            batch = es.value
        elif ai == "21" and serial is None:
            serial = es.value
        elif ai == "17" and expiry is None:
            expiry = es.date
        elif ai == "30" and count is None:
            count = int(es.pattern_groups[-1])
        elif len(ai) == 4 and ai.startswith("310") and weight is None:
            # Net weight in kg with ai[3] decimals; whole grams, half up (documented).
            decimals = int(ai[3])
            amount = int(es.pattern_groups[-1])
            weight = (
                amount * 10 ** (3 - decimals)
                if decimals <= 3
                else round_half_up(amount, 10 ** (decimals - 3))
            )
        elif len(ai) == 4 and ai[:3] in ("392", "393") and price is None:
            if ai[:3] == "393" and es.pattern_groups[0] != _EUR_NUMERIC:
                return (
                    InvalidReason.UNSUPPORTED,
                    f"The price is in currency {es.pattern_groups[0]} (ISO 4217); "
                    "only euros (978) are accepted.",
                )
            decimals = int(ai[3])
            amount = int(es.pattern_groups[-1])
            if decimals <= 2:
                price = amount * 10 ** (2 - decimals)
            else:
                price, fraction = divmod(amount, 10 ** (decimals - 2))
                if fraction:
                    return (
                        InvalidReason.BAD_GS1_ELEMENT_STRING,
                        f"The price ({ai}) {es.pattern_groups[-1]} has fractions of a cent.",
                    )
    return _AiValues(gtin, gtin_error, batch, expiry, serial, weight, price, count)


def _embedded_from_ais(ais: _AiValues) -> Embedded | None:
    if ais.price_cents is not None:
        return Embedded("price", ais.price_cents, "cents")
    if ais.net_weight_g is not None:
        return Embedded("weight", ais.net_weight_g, "g")
    if ais.count is not None:
        return Embedded("count", ais.count, "pieces")
    return None


def _from_element_strings(
    raw: str,
    data: str,
    aim: str | None,
    symbology: Symbology,
    element_strings: GS1ElementStrings,
    prefixes: PrefixTable,
    *,
    digital_link: bool,
) -> ParseResult:
    bad = InvalidReason.BAD_DIGITAL_LINK if digital_link else InvalidReason.BAD_GS1_ELEMENT_STRING
    ais = _read_ais(element_strings)
    if isinstance(ais, tuple):
        reason, detail = ais
        return _invalid(raw, reason, detail, symbology)
    if ais.gtin_error is not None:
        return _invalid(raw, InvalidReason.BAD_CHECK_DIGIT, ais.gtin_error, symbology)
    gtin = ais.gtin
    if gtin is None:
        return _invalid(
            raw,
            InvalidReason.UNSUPPORTED,
            "The GS1 data carries no GTIN (AI 01), so there is nothing to sell.",
            symbology,
        )
    if not (len(gtin) == 14 and is_valid_gtin(gtin)):  # biip checked; belt and braces
        return _invalid(raw, bad, f"{gtin!r} is not a 14-digit GTIN.", symbology)
    base = _gtin_result(raw, data, symbology, aim, gtin, prefixes, refuse_as=bad)
    if isinstance(base, InvalidBarcode):
        return base
    return _merge_ais(base, ais, digital_link=digital_link)


def _merge_ais(base: ParsedBarcode, ais: _AiValues, *, digital_link: bool) -> ParsedBarcode:
    from_ais = _embedded_from_ais(ais)
    return replace(
        base,
        embedded=from_ais or base.embedded,
        in_store_label=base.in_store_label and from_ais is None,
        batch=ais.batch,
        expiry=ais.expiry,
        serial=ais.serial,
        net_weight_g=ais.net_weight_g if ais.net_weight_g is not None else base.net_weight_g,
        price_cents=ais.price_cents if ais.price_cents is not None else base.price_cents,
        count=ais.count if ais.count is not None else base.count,
        digital_link=digital_link,
    )


@cache
def _biip() -> Any:
    """biip and our parse configuration, imported at the first GS1 element string or
    Digital Link (plain EAN/UPC scans, nearly all of them, never need it; importing it
    costs about 0.1 s of the kiosk's start). Returns ``(GS1Message,
    GS1DigitalLinkURI, config)``; :func:`warm_up` loads it ahead of time."""
    from biip import ParseConfig
    from biip.gs1_digital_link_uris import GS1DigitalLinkURI
    from biip.gs1_messages import GS1Message

    config = ParseConfig(
        gs1_element_strings_verify_date=True,
        rcn_region=None,
        separator_chars=(_GS,),
    )
    return GS1Message, GS1DigitalLinkURI, config


def warm_up() -> None:
    """Import what the rarer barcodes need (biip) now, so that the first GS1 scan is as
    quick as the others (without it that scan pays the import, about 0.1 s, once)."""
    _biip()


def _biip_failure(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith(".") else f"{text}."


def _parse_gs1(
    raw: str,
    data: str,
    aim: str | None,
    symbology: Symbology,
    prefixes: PrefixTable,
    *,
    hri: bool = False,
) -> ParseResult:
    if not data.isascii():
        return _invalid(
            raw,
            InvalidReason.BAD_GS1_ELEMENT_STRING,
            "GS1 element strings hold ASCII characters only.",
            symbology,
        )
    body = data.lstrip(_GS)  # a leading FNC1 sent as GS
    if not body:
        return _invalid(raw, InvalidReason.EMPTY, "GS1 data without content.", symbology)
    try:
        gs1_message, _, config = _biip()
        if hri:
            message = gs1_message.parse_hri(body, config=config)
        else:
            message = gs1_message.parse(body, config=config)
    except Exception as exc:  # biip raises ParseError, and on odd input also ValueError & co.
        return _invalid(
            raw,
            InvalidReason.BAD_GS1_ELEMENT_STRING,
            f"Not a valid GS1 element string: {_biip_failure(exc)}",
            symbology,
        )
    return _from_element_strings(
        raw, data, aim, symbology, message.element_strings, prefixes, digital_link=False
    )


def _with_composite(raw: str, base: ParsedBarcode, composite: str) -> ParseResult:
    """EAN/UPC with a GS1 Composite component ("|]e0" + element string), ISO/IEC 24723."""
    if not composite.isascii() or not composite.strip(_GS):
        return _invalid(
            raw,
            InvalidReason.BAD_GS1_ELEMENT_STRING,
            "The composite part of the barcode is empty or not ASCII.",
            base.symbology,
        )
    gs1_message, _, config = _biip()
    try:
        message = gs1_message.parse(composite.lstrip(_GS), config=config)
    except Exception as exc:
        return _invalid(
            raw,
            InvalidReason.BAD_GS1_ELEMENT_STRING,
            f"The composite part is not a valid GS1 element string: {_biip_failure(exc)}",
            base.symbology,
        )
    ais = _read_ais(message.element_strings)
    if isinstance(ais, tuple):
        reason, detail = ais
        return _invalid(raw, reason, detail, base.symbology)
    return replace(_merge_ais(base, ais, digital_link=False), data=f"{base.data}|]e0{composite}")


def _looks_like_url(text: str) -> bool:
    head = text[:8].lower()
    return head.startswith(("http://", "https://"))


def _mentions_gtin_key(url: str) -> bool:
    """True if the URL has a path segment "01": it was meant as a GS1 Digital Link."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return "01" in path.split("/")


def _parse_url(
    raw: str, body: str, aim: str | None, symbology: Symbology, prefixes: PrefixTable
) -> ParseResult:
    scheme = body.partition(":")[0]
    plain = ParsedBarcode(raw=raw, data=body, symbology=symbology, aim_id=aim)
    if scheme not in _DL_SCHEMES:  # GS1 Digital Link forbids a mixed-case scheme
        return plain
    if not body.isascii() or any(c.isspace() for c in body):
        if _mentions_gtin_key(body):
            return _invalid(
                raw,
                InvalidReason.BAD_DIGITAL_LINK,
                "A GS1 Digital Link holds ASCII characters only, without spaces.",
                symbology,
            )
        return plain
    _, digital_link_uri, config = _biip()
    try:
        uri = digital_link_uri.parse(body, config=config)
    except Exception as exc:  # biip raises ParseError; urllib may raise ValueError
        if _mentions_gtin_key(body):
            return _invalid(
                raw,
                InvalidReason.BAD_DIGITAL_LINK,
                f"Not a valid GS1 Digital Link: {_biip_failure(exc)}",
                symbology,
            )
        return plain  # an ordinary web address, e.g. a marketing QR code on the pack
    problem = _digital_link_gtin_problem(body, uri.element_strings)
    if problem is not None:
        return _invalid(raw, InvalidReason.BAD_DIGITAL_LINK, problem, symbology)
    return _from_element_strings(
        raw, body, aim, symbology, uri.element_strings, prefixes, digital_link=True
    )


def _digital_link_gtin_problem(url: str, element_strings: GS1ElementStrings) -> str | None:
    """What is wrong with the path segment a Digital Link's GTIN came from, if anything.

    biip zero-pads the value after ``/01/`` to 14 digits, so ``/01/``, ``/01/0`` and
    ``/01/123`` would read as GTINs. GS1 Digital Link allows a GTIN-8, -12, -13 or -14
    there (the shorter ones zero-suppressed), nothing else. The segment is found by what
    biip made of it (the first AI 01), so a path prefix holding ``01`` is no trap.
    """
    gtin = next((es.value for es in element_strings if es.ai.ai == "01"), None)
    if gtin is None:
        return None
    parts = urlsplit(url).path.split("/")
    for key, segment in pairwise(parts):
        if key != "01":
            continue
        value = unquote(segment)
        if value.zfill(14) == gtin and not (_is_digits(value) and len(value) in _GTIN_LENGTHS):
            return (
                f"The GTIN in the path ({value!r}) must be 8, 12, 13 or 14 digits, "
                f"not {len(value)}."
            )
    return None
