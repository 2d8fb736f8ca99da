"""Each broker account's password, one file per account in the store's secrets folder.

``<secrets>/<id>.password`` holds 32 random bytes as URL-safe base64 (43 characters, no
padding). It is created when missing, with mode 0600 in a 0700 folder, and never printed:
the kiosk's and console's ``broker.password_file`` points at it, and the broker's own
files (``selfscan_broker.mosquitto``) hold only a salted hash of it.
"""

from __future__ import annotations

import base64
import os
import secrets
import stat
from pathlib import Path

from .acl import Account

__all__ = ["PasswordError", "ensure_password", "password_path", "read_password"]

PASSWORD_BYTES = 32


class PasswordError(Exception):
    """A password file that cannot be used; the message names the file and says why."""


def password_path(secrets_dir: Path, account: Account | str) -> Path:
    ident = account.id if isinstance(account, Account) else account
    return secrets_dir / f"{ident}.password"


def _new_password() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(PASSWORD_BYTES)).rstrip(b"=").decode()


def ensure_password(secrets_dir: Path, account: Account | str) -> bool:
    """Create the account's password file when it is missing; ``True`` when created."""
    if not secrets_dir.exists():
        secrets_dir.mkdir(mode=0o700, parents=True)
        secrets_dir.chmod(0o700)  # mkdir's mode is cut by the umask
    path = password_path(secrets_dir, account)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        read_password(secrets_dir, account)  # an existing file must be usable
        return False
    except OSError as exc:
        raise PasswordError(f"{path}: cannot create: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(_new_password() + "\n")
        file.flush()
        os.fsync(file.fileno())
    return True


def read_password(secrets_dir: Path, account: Account | str) -> str:
    """The account's password; refused when missing, empty or readable by others."""
    path = password_path(secrets_dir, account)
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PasswordError(f"{path}: missing (run selfscan-broker accounts)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PasswordError(f"{path}: cannot read: {exc}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PasswordError(f"{path}: readable by others; chmod 600 it")
    password = text.strip()
    if not password or any(c.isspace() for c in password):
        raise PasswordError(f"{path}: not a password (empty, or more than one word)")
    return password
