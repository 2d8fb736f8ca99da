"""``selfscan-broker``: the store network's accounts and a Mosquitto configuration.

    selfscan-broker accounts --store examples/store.toml
    selfscan-broker mosquitto-config --store examples/store.toml --out /etc/selfscan/mosquitto
    selfscan-broker serve --store examples/store.toml [--data /var/lib/selfscan/broker]

All three create the password files that are missing (never printing a password); ``serve``
then runs the embedded broker (``selfscan_broker.embedded``) in this process until SIGTERM
or SIGINT. Exit status: 0 done (or stopped), 1 refused (a password file or the output
folder cannot be used, or the broker could not start), 2 a bad store file or a usage
error. See docs/operations.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from kiosk.config import ConfigError

from .accounts import PasswordError, ensure_password, password_path
from .mosquitto import write_mosquitto_config
from .network import StoreNetwork, load_store_network

__all__ = ["EXIT_BAD_FILE", "EXIT_OK", "EXIT_REFUSED", "main"]

EXIT_OK, EXIT_REFUSED, EXIT_BAD_FILE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_FILE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="selfscan-broker",
        description="The store network's broker accounts, a Mosquitto configuration "
        "generated from them, and the embedded broker.",
        epilog="Exit status: 0 done, 1 refused, 2 bad store file or usage. "
        "See docs/operations.md and docs/config.md.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    accounts = sub.add_parser(
        "accounts", help="create missing password files and list the accounts"
    )
    accounts.add_argument("--store", type=Path, required=True, help="the store network file")
    mosquitto = sub.add_parser(
        "mosquitto-config", help="write Mosquitto's passwords, acl and mosquitto.conf"
    )
    mosquitto.add_argument("--store", type=Path, required=True, help="the store network file")
    mosquitto.add_argument(
        "--out", type=Path, required=True, help="folder for the files (created, mode 0700)"
    )
    serve = sub.add_parser("serve", help="run the store's embedded MQTT broker in this process")
    serve.add_argument("--store", type=Path, required=True, help="the store network file")
    serve.add_argument(
        "--data", type=Path, help="folder that keeps retained messages across restarts"
    )
    return parser


def _ensure_accounts(network: StoreNetwork, out: TextIO) -> None:
    for account in network.accounts:
        created = ensure_password(network.secrets_dir, account)
        where = password_path(network.secrets_dir, account)
        state = "created" if created else "exists"
        print(f"{account.id}\t{account.role.value}\t{state}\t{where}", file=out)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    network = load_store_network(args.store)
    _ensure_accounts(network, out)
    if args.command == "mosquitto-config":
        files = write_mosquitto_config(network, args.out)
        print(f"wrote {files.passwords}, {files.acl} and {files.config}", file=out)
    if args.command == "serve":
        out.flush()
        from .embedded import serve  # amqtt is needed only here

        return serve(network, args.store, args.data)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args, sys.stdout)
    except ConfigError as exc:
        print(f"selfscan-broker: {exc}", file=sys.stderr)
        return EXIT_BAD_FILE
    except PasswordError as exc:
        print(f"selfscan-broker: refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except OSError as exc:
        print(f"selfscan-broker: refused: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
