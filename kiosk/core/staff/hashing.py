"""PIN hashing (argon2id with the staff key), the PIN rules and badge codes.

How a PIN is stored: ``argon2id(HMAC-SHA256(pin key, PIN))`` in argon2's standard
encoded form (``$argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>``), with a fresh 16-byte
salt per hash. argon2-cffi's high-level and low-level functions take no separate
"secret" (Argon2's optional key input K) argument, so the key is applied as an HMAC
before argon2id: a database stolen without the key file gives an attacker nothing to
test PIN guesses against, and argon2id makes each guess costly even with the key.

The encoded form carries its parameters, so they can be raised later: a successful
login whose hash was made with weaker parameters is re-hashed with the current ones
(``needs_rehash``: only upward, never to lower costs). Production parameters
(``PRODUCTION_PARAMETERS``): time cost 3, memory 64 MiB, parallelism 1 (the RFC 9106
"second recommended" option with a single lane, since a kiosk checks one PIN at a
time); bench/bench_staff.py measures one hash.
Tests inject cheaper parameters; production defaults are never lowered.

Comparisons are constant-time: libargon2 compares the hash in constant time, and badge
HMACs are compared with ``hmac.compare_digest``.

PIN rules (``check_pin``): 4 to 8 digits; not all one digit (``0000``), not a straight
run up or down (``1234``, ``9876``, ``01234567``), not one of a few very common PINs
(``1212``, ``2580``...), and not equal to the staff member's own login.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from itertools import pairwise

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import ARGON2_VERSION

from kiosk.core.staff.keys import StaffKey

__all__ = [
    "BADGE_MAX_LENGTH",
    "BADGE_MIN_LENGTH",
    "PIN_MAX_LENGTH",
    "PIN_MIN_LENGTH",
    "PRODUCTION_PARAMETERS",
    "BadgeRefused",
    "HashParameters",
    "PinHasher",
    "PinRefused",
    "check_badge",
    "check_pin",
]

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 8
BADGE_MIN_LENGTH = 4
BADGE_MAX_LENGTH = 128
COMMON_PINS = frozenset(
    {"1212", "2580", "0852", "1122", "1004", "2000", "6969", "1313", "4321", "2468", "1357"}
)


@dataclass(frozen=True, slots=True)
class HashParameters:
    """argon2id cost parameters. ``memory_cost`` is in KiB, as argon2 counts it."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 1
    hash_len: int = 32
    salt_len: int = 16

    def __post_init__(self) -> None:
        if self.time_cost < 1 or self.parallelism < 1:
            raise ValueError("time_cost and parallelism must be at least 1")
        if self.memory_cost < 8 * self.parallelism:
            raise ValueError("memory_cost must be at least 8 KiB per lane of parallelism")
        if self.hash_len < 16 or self.salt_len < 16:
            raise ValueError("hash_len and salt_len must be at least 16 bytes")


PRODUCTION_PARAMETERS = HashParameters()


class PinRefused(ValueError):
    """A PIN that may not be set; the message says why (and never repeats the PIN)."""


class BadgeRefused(ValueError):
    """A badge code that cannot be used."""


def _straight_run(pin: str) -> bool:
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    return steps in ({1}, {-1})


def check_pin(pin: str, *, login: str | None = None) -> None:
    """Raise ``PinRefused`` unless ``pin`` may be set as a staff PIN."""
    if not (pin.isascii() and pin.isdigit()):
        raise PinRefused("a PIN is digits only")
    if not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH:
        raise PinRefused(f"a PIN has {PIN_MIN_LENGTH} to {PIN_MAX_LENGTH} digits")
    if len(set(pin)) == 1:
        raise PinRefused("a PIN of one repeated digit is too easy to guess")
    if _straight_run(pin):
        raise PinRefused("a PIN of consecutive digits is too easy to guess")
    if pin in COMMON_PINS:
        raise PinRefused("this PIN is one of the most common ones; choose another")
    if login is not None and pin == login:
        raise PinRefused("a PIN may not be the same as the login")


def check_badge(code: str) -> str:
    """The badge code as it will be hashed (surrounding whitespace removed), or raise."""
    code = code.strip()
    if not BADGE_MIN_LENGTH <= len(code) <= BADGE_MAX_LENGTH:
        raise BadgeRefused(f"a badge code has {BADGE_MIN_LENGTH} to {BADGE_MAX_LENGTH} characters")
    if not code.isprintable():
        raise BadgeRefused("a badge code has printable characters only")
    return code


class PinHasher:
    """Hashes and verifies PINs with one key and one parameter set."""

    def __init__(self, key: StaffKey, parameters: HashParameters = PRODUCTION_PARAMETERS):
        self._key = key
        self.parameters = parameters
        self._argon2 = PasswordHasher(
            time_cost=parameters.time_cost,
            memory_cost=parameters.memory_cost,
            parallelism=parameters.parallelism,
            hash_len=parameters.hash_len,
            salt_len=parameters.salt_len,
            type=Type.ID,
        )
        self._dummy_hash: str | None = None

    def _keyed(self, pin: str) -> bytes:
        return self._key.mac("pin", pin.encode("utf-8"))

    def hash_pin(self, pin: str) -> str:
        """The encoded argon2id hash of the keyed PIN (the caller checks the PIN rules)."""
        return self._argon2.hash(self._keyed(pin))

    def verify_pin(self, encoded: str, pin: str) -> bool:
        """Whether ``pin`` matches ``encoded``; a malformed hash never matches."""
        try:
            return self._argon2.verify(encoded, self._keyed(pin))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, encoded: str) -> bool:
        """Whether ``encoded`` is weaker than the current parameters and may be raised.

        Only upward: a hash made with a higher time or memory cost (or a longer hash or
        salt) than this hasher's is kept as it is, so a tool or a lane started with lower
        parameters (the scenario runner's cheap ones, a misconfigured console) never
        weakens a stored PIN hash at the next login. When the current parameters are
        higher in one cost and lower in another, the hash is kept too: re-hashing would
        lower one of them. A hash of another argon2 type or an older version is
        re-hashed as argon2id.
        """
        try:
            stored = extract_parameters(encoded)
        except (InvalidHashError, ValueError):
            return True
        if stored.type is not Type.ID or stored.version < ARGON2_VERSION:
            return True
        current = self.parameters
        pairs = [
            (stored.time_cost, current.time_cost),
            (stored.memory_cost, current.memory_cost),
            (stored.hash_len, current.hash_len),
            (stored.salt_len, current.salt_len),
        ]
        raised = any(old < new for old, new in pairs)
        lowered = any(old > new for old, new in pairs)
        return raised and not lowered

    def spend_like_a_verify(self, pin: str) -> None:
        """Do the work of one verification, for a login that does not exist.

        An unknown login then takes as long to refuse as a wrong PIN, so the time of the
        answer does not tell whether a login exists.
        """
        if self._dummy_hash is None:
            self._dummy_hash = self.hash_pin("unknown login")
        self.verify_pin(self._dummy_hash, pin)

    def badge_hash(self, code: str) -> str:
        """The stored form of a badge code: HMAC-SHA256 under the badge key, hex."""
        return self._key.mac_hex("badge", code)

    @staticmethod
    def same(a: str, b: str) -> bool:
        """Constant-time equality of two stored hashes."""
        return hmac.compare_digest(a.encode(), b.encode())
