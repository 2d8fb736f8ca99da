"""``selfscan-staff``: set up the store database and manage the staff roster.

Usage::

    selfscan-staff --config examples/kiosk-1.toml init
    selfscan-staff --store var/store.db --key var/secrets/staff.key add 1042 Sam --role attendant
    selfscan-staff --config kiosk.toml list --json
    selfscan-staff --config kiosk.toml audit --verify

``--config`` (a kiosk's or the console's TOML file) takes the store database and the key
file from its ``[paths]`` section; ``--store`` and ``--key`` give them directly, or
override the file's. PINs are asked twice on the terminal (not echoed), or read from one
line of standard input with ``--pin-stdin`` (for scripts). No command prints a PIN, a badge
code or a hash. Every change is written to the audit log, by
"selfscan-staff (os user NAME)".

Exit status: 0 done, 1 refused (a rule, a missing or unsafe key file, an unknown login,
a broken audit chain...), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn, TextIO

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import SQLAlchemyError

from kiosk.config import ConfigError, Paths, load_toml_model, resolve_paths
from kiosk.core.staff import (
    PRODUCTION_PARAMETERS,
    AuditEntry,
    HashParameters,
    KeyFileError,
    PinRefused,
    Role,
    Roster,
    StaffError,
    StaffMember,
    StoreNotInitialised,
    SystemActor,
    WrongKey,
    create_key_file,
    open_store,
)
from kiosk.core.staff.store import timestamp

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class Refused(Exception):
    """The command cannot be done; the message says why (exit status 1)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="selfscan-staff",
        description="Set up the store database and manage the staff roster and audit log.",
        epilog="Exit status: 0 done, 1 refused, 2 usage error. See docs/staff.md.",
    )
    parser.add_argument("--config", type=Path, help="a kiosk or console TOML file ([paths])")
    parser.add_argument("--store", help="store database: a SQLite file or postgresql:// URL")
    parser.add_argument("--key", type=Path, help="the staff key file")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("init", help="create the store database and the key file (if missing)")

    def pin_source(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--pin-stdin",
            action="store_true",
            help="read the PIN from one line of standard input instead of asking twice",
        )

    p = sub.add_parser("add", help="add a staff member")
    p.add_argument("login", help="staff number / login typed at the lane")
    p.add_argument("name", help="display name the shopper sees, e.g. Sam")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--badge", help="badge code (what the scanner reads from the badge)")
    pin_source(p)

    p = sub.add_parser("reset-pin", help="give a staff member a new PIN (lifts a lock)")
    p.add_argument("login")
    pin_source(p)

    p = sub.add_parser("set-role", help="change a staff member's role")
    p.add_argument("login")
    p.add_argument("role", choices=[r.value for r in Role])

    p = sub.add_parser("set-badge", help="give a staff member a badge")
    p.add_argument("login")
    p.add_argument("badge")

    p = sub.add_parser("clear-badge", help="take a staff member's badge away")
    p.add_argument("login")

    for name, text in (("disable", "refuse this login from now on"), ("enable", "allow again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("login")

    p = sub.add_parser("unlock", help="lift a lock after failed logins")
    p.add_argument("login")
    p.add_argument("--kiosk", help="also lift the lock on this lane")

    p = sub.add_parser("list", help="list the staff")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("audit", help="show or verify the audit log")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--verify", action="store_true", help="check the hash chain (exit 1: broken)")
    p.add_argument("--limit", type=int, help="only the newest N entries")
    p.add_argument("--action", help="only entries of this action")
    p.add_argument("--kiosk", help="only entries of this kiosk")
    return parser


class _PathsOnly(BaseModel):
    """The part of a kiosk's or console's file this tool reads."""

    model_config = ConfigDict(extra="ignore")
    paths: Paths = Paths()


def _locations(args: argparse.Namespace, parser: argparse.ArgumentParser) -> tuple[str, Path]:
    store, key = args.store, args.key
    if args.config is not None:
        paths = resolve_paths(
            load_toml_model(args.config, _PathsOnly).paths, args.config.resolve().parent
        )
        store = store or paths.store
        key = key or paths.staff_key
    if store is None or key is None:
        parser.error("give --config FILE, or both --store and --key")
    return store, key


def _actor() -> SystemActor:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        user = f"uid {os.getuid()}"
    return SystemActor(f"selfscan-staff (os user {user})")


def _read_pin(args: argparse.Namespace, stdin: TextIO) -> str:
    if args.pin_stdin:
        line = stdin.readline()
        if not line:
            raise Refused("no PIN on standard input")
        return line.rstrip("\r\n")
    first = getpass.getpass("New PIN: ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        raise Refused("the two PINs differ; nothing changed")
    return first


def _member_dict(member: StaffMember, roster: Roster) -> dict[str, Any]:
    locked = roster.locked_until(login=member.login)
    return {
        "id": member.id,
        "login": member.login,
        "name": member.name,
        "role": member.role.value,
        "active": member.active,
        "badge": member.has_badge,
        "locked_until": None if locked is None else timestamp(locked),
    }


def _entry_line(entry: AuditEntry) -> str:
    who = f"{entry.actor_name} [{entry.actor_role}"
    who += f" #{entry.actor_staff_id}]" if entry.actor_staff_id is not None else "]"
    where = "".join(
        part
        for part in (
            f" kiosk={entry.kiosk_id}" if entry.kiosk_id else "",
            f" transaction={entry.transaction_id}" if entry.transaction_id else "",
        )
    )
    detail = json.dumps(entry.detail, sort_keys=True, ensure_ascii=False)
    return f"{entry.id:>6} {entry.at} {who} {entry.action}{where} {detail}"


def _init(store: str, key_path: Path, parameters: HashParameters, out: TextIO) -> None:
    created = not key_path.exists()
    key: Any = create_key_file(key_path) if created else key_path
    with Roster(store, key, parameters=parameters) as roster:
        roster.audit.record(_actor(), "store_initialised", detail={"new_key": created})
    print(f"store database ready: {store}", file=out)
    if created:
        print(
            f"staff key created: {key_path} (mode 0600); back it up, apart from the database",
            file=out,
        )
    else:
        print(f"staff key: {key_path} (kept)", file=out)


def _run(
    args: argparse.Namespace,
    parser: argparse.ArgumentParser,
    parameters: HashParameters,
    stdin: TextIO,
    out: TextIO,
) -> int:
    store, key_path = _locations(args, parser)
    if args.command == "init":
        _init(store, key_path, parameters, out)
        return EXIT_OK
    engine = open_store(store, create=False)
    try:
        with Roster(engine, key_path, parameters=parameters) as roster:
            return _command(args, roster, stdin, out)
    finally:
        engine.dispose()


def _command(args: argparse.Namespace, roster: Roster, stdin: TextIO, out: TextIO) -> int:
    actor = _actor()
    command = args.command
    if command == "add":
        pin = _read_pin(args, stdin)
        member = roster.add_staff(actor, args.login, args.name, args.role, pin, badge=args.badge)
        print(f"added {member.login} ({member.name}, {member.role.value})", file=out)
    elif command == "reset-pin":
        member = roster.reset_pin(actor, args.login, _read_pin(args, stdin))
        print(f"new PIN set for {member.login}", file=out)
    elif command == "set-role":
        member = roster.set_role(actor, args.login, args.role)
        print(f"{member.login} is now {member.role.value}", file=out)
    elif command == "set-badge":
        member = roster.set_badge(actor, args.login, args.badge)
        print(f"badge set for {member.login}", file=out)
    elif command == "clear-badge":
        member = roster.set_badge(actor, args.login, None)
        print(f"badge removed from {member.login}", file=out)
    elif command == "disable":
        member = roster.disable(actor, args.login)
        print(f"{member.login} disabled", file=out)
    elif command == "enable":
        member = roster.enable(actor, args.login)
        print(f"{member.login} enabled", file=out)
    elif command == "unlock":
        roster.unlock(actor, args.login, kiosk_id=args.kiosk)
        print(f"{args.login} unlocked", file=out)
    elif command == "list":
        rows = [_member_dict(m, roster) for m in roster.members()]
        if args.json:
            print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
        else:
            for row in rows:
                flags = [] if row["active"] else ["disabled"]
                if row["badge"]:
                    flags.append("badge")
                if row["locked_until"]:
                    flags.append(f"locked until {row['locked_until']}")
                print(
                    f"{row['login']:<12} {row['name']:<20} {row['role']:<11} {' '.join(flags)}",
                    file=out,
                )
    elif command == "audit":
        return _audit(args, roster, out)
    return EXIT_OK


def _audit(args: argparse.Namespace, roster: Roster, out: TextIO) -> int:
    if args.verify:
        result = roster.audit.verify()
        if args.json:
            print(
                json.dumps(
                    {
                        "ok": result.ok,
                        "checked": result.checked,
                        "head": result.head,
                        "broken_at": result.broken_at,
                        "problem": result.problem,
                    }
                ),
                file=out,
            )
        elif result.ok:
            print(f"audit log intact: {result.checked} entries, head {result.head}", file=out)
        else:
            print(f"audit log BROKEN at entry {result.broken_at}: {result.problem}", file=out)
        return EXIT_OK if result.ok else EXIT_REFUSED
    entries = roster.audit.entries(action=args.action, kiosk_id=args.kiosk)
    if args.limit is not None:
        entries = entries[-args.limit :] if args.limit > 0 else []
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False), file=out)
    else:
        for entry in entries:
            print(_entry_line(entry), file=out)
    return EXIT_OK


def main(
    argv: list[str] | None = None,
    *,
    parameters: HashParameters = PRODUCTION_PARAMETERS,
    stdin: TextIO | None = None,
) -> int:
    """Run the tool; ``parameters`` and ``stdin`` are injected by tests only."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args, parser, parameters, stdin or sys.stdin, sys.stdout)
    except (
        Refused,
        StaffError,
        PinRefused,
        KeyFileError,
        WrongKey,
        StoreNotInitialised,
    ) as exc:
        print(f"selfscan-staff: refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except ConfigError as exc:
        print(f"selfscan-staff: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        print(f"selfscan-staff: refused: the store database: {reason}", file=sys.stderr)
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
