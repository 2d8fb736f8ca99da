"""``selfscan-catalog``: build, import, export, look up and parse.

Exit status: 0 found / valid / done, 1 a valid barcode of an unknown product,
2 an invalid barcode, 3 a usage or file error.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from kiosk.core.barcodes import InvalidBarcode, ParsedBarcode, format_gtin, parse_barcode
from kiosk.core.catalog.records import ProductInfo
from kiosk.core.money import format_cents

EXIT_OK, EXIT_UNKNOWN, EXIT_INVALID, EXIT_USAGE = 0, 1, 2, 3
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = PROJECT_ROOT / "assets" / "catalog"
DEFAULT_CATALOG = PROJECT_ROOT / "catalog.db"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="selfscan-catalog",
        description="Build, import, export and query a selfscan store catalog.",
        epilog="Exit status: 0 found/valid, 1 valid but unknown product, 2 invalid barcode, "
        "3 usage or file error.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def with_catalog(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--catalog",
            default=str(DEFAULT_CATALOG),
            help="catalog file or database URL (default: %(default)s)",
        )

    p = sub.add_parser("build", help="build the catalog file from the CSV source folder")
    p.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="default: %(default)s")
    p.add_argument("--out", type=Path, default=DEFAULT_CATALOG, help="default: %(default)s")

    p = sub.add_parser("import", help="insert or update products from a CSV file, all or nothing")
    p.add_argument("file", type=Path)
    with_catalog(p)

    p = sub.add_parser("export", help="write every product as CSV (the import format)")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    with_catalog(p)

    p = sub.add_parser("lookup", help="find the product behind a barcode or PLU")
    p.add_argument("barcode")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--date", type=date.fromisoformat, help="promotions on this day (YYYY-MM-DD)")
    with_catalog(p)

    p = sub.add_parser("parse", help="say what a barcode means, or why it is invalid")
    p.add_argument("barcode")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("generate", help="a synthetic catalog of N products, for benchmarks")
    p.add_argument("count", type=int)
    p.add_argument("--out", type=Path, required=True, help="a .db catalog or a .csv source file")
    p.add_argument("--seed", type=int, default=2026)
    return parser


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _describe_parse(result: ParsedBarcode | InvalidBarcode) -> list[str]:
    if isinstance(result, InvalidBarcode):
        return [f"invalid barcode: {result.detail} ({result.reason.value})"]
    lines = [
        f"symbology: {result.symbology.value}" + (f" ({result.aim_id})" if result.aim_id else "")
    ]
    if result.gtin:
        lines.append(f"GTIN: {format_gtin(result.gtin)} (check digit ok)")
    if result.plu:
        lines.append(f"PLU: {result.plu}")
    if result.embedded is not None:
        e = result.embedded
        shown = format_cents(e.value) if e.kind == "price" else f"{e.value} {e.unit}"
        lines.append(f"embedded {e.kind}: {shown}")
        if result.lookup_gtin and result.lookup_gtin != result.gtin:
            lines.append(f"catalog key: {format_gtin(result.lookup_gtin)}")
    for label, value in (
        ("net weight", f"{result.net_weight_g} g" if result.net_weight_g is not None else None),
        ("price", format_cents(result.price_cents) if result.price_cents is not None else None),
        ("batch", result.batch),
        ("expiry", result.expiry.isoformat() if result.expiry else None),
        ("serial", result.serial),
    ):
        if value is not None:
            lines.append(f"{label}: {value}")
    if result.digital_link:
        lines.append("from a GS1 Digital Link URI")
    return lines


def _cmd_parse(args: argparse.Namespace) -> int:
    result = parse_barcode(args.barcode)
    if args.json:
        data = _plain(result)
        data["valid"] = isinstance(result, ParsedBarcode)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_describe_parse(result)))
    return EXIT_OK if isinstance(result, ParsedBarcode) else EXIT_INVALID


def _product_json(product: ProductInfo) -> dict[str, Any]:
    data = _plain(product.to_dict())
    if product.gtin:
        data["gtin"] = format_gtin(product.gtin)
    return data


def _cmd_lookup(args: argparse.Namespace) -> int:
    from kiosk.core.catalog.repository import Catalog

    parsed = parse_barcode(args.barcode)
    if isinstance(parsed, InvalidBarcode):
        if args.json:
            print(json.dumps({"valid": False, "barcode": _plain(parsed)}, indent=2))
        else:
            print("\n".join(_describe_parse(parsed)))
        return EXIT_INVALID
    if not _catalog_exists(args.catalog):
        return _file_error(f"no catalog at {args.catalog} (run: selfscan-catalog build)")
    with Catalog(args.catalog) as catalog:
        if parsed.plu:
            product = catalog.by_plu(parsed.plu)
        elif parsed.lookup_gtin:
            product = catalog.by_gtin(parsed.lookup_gtin)
        else:
            product = None
        promotions = catalog.promotions_for(product.id, args.date) if product else ()
    if args.json:
        print(
            json.dumps(
                {
                    "valid": True,
                    "found": product is not None,
                    "barcode": _plain(parsed),
                    "product": _product_json(product) if product else None,
                    "promotions": [p.to_dict() for p in promotions],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif product is None:
        print("\n".join([*_describe_parse(parsed), "not in the catalog"]))
    else:
        unit = " per kg" if product.sold_by_weight else ""
        print(f"{product.name_nl} / {product.name_en}")
        print(f"price: {format_cents(product.price_cents)}{unit}, VAT {int(product.vat)}%")
        if product.deposit:
            print(f"deposit: {product.deposit.name_nl} {format_cents(product.deposit.price_cents)}")
        if product.min_age:
            print(f"age check: {product.min_age}+")
        if not product.active:
            print("not for sale (inactive)")
        for promotion in promotions:
            print(f"promotion: {promotion.name_nl} ({promotion.starts} - {promotion.ends})")
        if parsed.embedded is not None:
            print("\n".join(_describe_parse(parsed)[1:]))
    return EXIT_OK if product is not None else EXIT_UNKNOWN


def _catalog_exists(target: str) -> bool:
    """A database URL is taken on trust (the connection will tell); a file must exist."""
    return "://" in target or Path(target).is_file()


def _file_error(message: str) -> int:
    print(f"selfscan-catalog: {message}", file=sys.stderr)
    return EXIT_USAGE


def _cmd_build(args: argparse.Namespace) -> int:
    from kiosk.core.catalog.admin import build

    started = time.perf_counter()
    source = build(args.source, args.out)
    print(
        f"built {args.out}: {len(source.products)} products, {len(source.categories)} categories, "
        f"{len(source.promotions)} promotions in {time.perf_counter() - started:.2f} s"
    )
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from kiosk.core.catalog.admin import import_products, open_catalog_for_writing

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _file_error(f"cannot read {args.file}: {exc}")
    if not _catalog_exists(args.catalog):
        return _file_error(f"no catalog at {args.catalog} (run: selfscan-catalog build)")
    engine = open_catalog_for_writing(args.catalog)
    try:
        started = time.perf_counter()
        count = import_products(engine, text, args.file.name)
    finally:
        engine.dispose()
    print(f"imported {count} products in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from kiosk.core.catalog.admin import export_products
    from kiosk.core.database import make_engine

    if not _catalog_exists(args.catalog):
        return _file_error(f"no catalog at {args.catalog}")
    engine = make_engine(args.catalog, read_only=True)
    try:
        if args.out is None:
            export_products(engine, sys.stdout)
        else:
            with args.out.open("w", encoding="utf-8", newline="") as out:
                count = export_products(engine, out)
            print(f"exported {count} products to {args.out}", file=sys.stderr)
    finally:
        engine.dispose()
    return EXIT_OK


def _cmd_generate(args: argparse.Namespace) -> int:
    from kiosk.core.catalog.admin import generate_catalog, write_generated_csv

    if args.count < 1:
        return _file_error("count must be at least 1")
    started = time.perf_counter()
    if args.out.suffix == ".csv":
        with args.out.open("w", encoding="utf-8", newline="") as out:
            write_generated_csv(args.count, out, args.seed)
    else:
        generate_catalog(args.count, args.out, args.seed)
    print(f"generated {args.count} products in {args.out} in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


COMMANDS = {
    "build": _cmd_build,
    "import": _cmd_import,
    "export": _cmd_export,
    "lookup": _cmd_lookup,
    "parse": _cmd_parse,
    "generate": _cmd_generate,
}


def main(argv: list[str] | None = None) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.core.catalog.source import SourceError

    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SourceError as exc:
        print(f"selfscan-catalog: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        return _file_error(str(exc))
    except (SQLAlchemyError, sqlite3.Error) as exc:
        # not a database, a locked or unreachable one: a file error, not a crash
        detail = getattr(exc, "orig", None) or exc
        return _file_error(f"database error: {detail}")


if __name__ == "__main__":
    sys.exit(main())
