"""The staff secret key: a file of 32 random bytes, kept outside every database.

``selfscan-staff init`` creates it (``create_key_file``) with mode 0600 in a directory
of mode 0700; ``load_key_file`` refuses a file that the group or others may read or
write, or that does not hold exactly 32 bytes. Whoever steals the store database without
this file cannot test a single PIN guess offline.

From the one key, ``StaffKey`` derives separate sub-keys (HMAC-SHA256 of a fixed label),
one per use, so no value computed for one purpose can stand in for another:

- ``pin``: the PIN is HMAC'd with it before argon2id (see ``hashing``);
- ``badge``: badge codes are stored as HMAC-SHA256(badge key, code), hex;
- ``login``: the throttle table names a typed login by its HMAC, never in clear;
- ``audit``: the audit log's hash chain is an HMAC chain under this key;
- ``check``: a key check value kept in the store database, so a wrong key file is
  reported as such at start instead of failing every login.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

__all__ = ["KEY_BYTES", "KeyFileError", "StaffKey", "create_key_file", "load_key_file"]

KEY_BYTES = 32
_LABELS = ("pin", "badge", "login", "audit", "check")


class KeyFileError(Exception):
    """The key file is missing, unsafe or malformed; the message says which and what to do."""


class StaffKey:
    """The secret key and its derived sub-keys. Never printed, never stored in a database."""

    __slots__ = ("_subkeys",)

    def __init__(self, key: bytes):
        if len(key) != KEY_BYTES:
            raise ValueError(f"the staff key must be {KEY_BYTES} bytes, not {len(key)}")
        self._subkeys = {
            label: hmac.new(key, f"selfscan staff {label} v1".encode(), hashlib.sha256).digest()
            for label in _LABELS
        }

    def __repr__(self) -> str:
        return "StaffKey(<secret>)"

    def mac(self, label: str, message: bytes) -> bytes:
        """HMAC-SHA256 of ``message`` under the sub-key ``label``."""
        return hmac.new(self._subkeys[label], message, hashlib.sha256).digest()

    def mac_hex(self, label: str, text: str) -> str:
        return self.mac(label, text.encode("utf-8")).hex()

    @property
    def check_value(self) -> str:
        """A value that identifies the key without revealing it (stored in the database)."""
        return self.mac_hex("check", "key check")


def create_key_file(path: str | Path) -> StaffKey:
    """Write a new random key to ``path`` (mode 0600); refuse to replace an existing file."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"{path}: a key file already exists; not replaced") from None
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)  # whatever the umask said
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    return StaffKey(key)


def load_key_file(path: str | Path) -> StaffKey:
    """Read the key at ``path``; refuse it if the group or others have any access to it."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise KeyFileError(
            f"{path}: no staff key file (create one with `selfscan-staff init`)"
        ) from None
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read the staff key file: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise KeyFileError(f"{path}: the staff key must be a regular file")
        if info.st_mode & 0o077:
            raise KeyFileError(
                f"{path}: the staff key file is open to the group or others "
                f"(mode {stat.S_IMODE(info.st_mode):04o}); run `chmod 600 {path}`"
            )
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise KeyFileError(f"{path}: not a staff key file (it must hold {KEY_BYTES} bytes)")
    return StaffKey(key)
