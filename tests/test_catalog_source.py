"""The sample catalog source in assets/ is consistent, and the checker can fail."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "assets" / "catalog"
PRODUCE = ROOT / "assets" / "images" / "produce"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


checker = _load("check_catalog_source")


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """A copy of assets/catalog and assets/images to break on purpose."""
    shutil.copytree(CATALOG, tmp_path / "catalog")
    shutil.copytree(ROOT / "assets" / "images", tmp_path / "images")
    return tmp_path / "catalog"


def test_real_catalog_source_has_no_problems():
    assert checker.check(CATALOG) == []


def test_gs1_check_digit_known_values():
    assert checker.gtin_is_valid("4006381333931")  # the GS1 worked example
    assert checker.gtin_is_valid("96385074")  # EAN-8 worked example
    assert not checker.gtin_is_valid("4006381333932")


def test_bad_check_digit_is_reported(broken_copy: Path):
    products = broken_copy / "products.csv"
    with products.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    milk = next(row for row in rows if row[0] == "201")  # Halfvolle melk 1 L
    milk[2] = milk[2][:-1] + str((int(milk[2][-1]) + 1) % 10)
    with products.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)

    problems = checker.check(broken_copy)

    assert len(problems) == 1
    assert "(id 201)" in problems[0]
    assert "wrong check digit" in problems[0]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (',bier-wijn,"0,99",item,21,3,18,', ',bier-wijn,"0,99",item,21,3,0,', "min_age 18"),
        (',dranken,"1,99",item,9,1,0,', ',dranken,"1,99",item,9,11,0,', "not a kind=deposit"),
        ("images/produce/banana.svg", "images/produce/missing.svg", "does not exist"),
    ],
)
def test_broken_rows_are_reported(broken_copy: Path, old: str, new: str, expected: str):
    products = broken_copy / "products.csv"
    text = products.read_text(encoding="utf-8")
    assert old in text
    products.write_text(text.replace(old, new, 1), encoding="utf-8")

    assert any(expected in problem for problem in checker.check(broken_copy))


def test_promotion_with_unknown_product_is_reported(broken_copy: Path):
    promotions = broken_copy / "promotions.csv"
    text = promotions.read_text(encoding="utf-8")
    promotions.write_text(text.replace(",901 902 903,", ",901 902 99999,", 1), encoding="utf-8")

    assert any("99999" in problem for problem in checker.check(broken_copy))


def test_every_code_scans_to_its_row_with_the_kiosk_parser():
    """A label printed for each row (with a price or weight in it) finds that row again."""
    from kiosk.core.barcodes import ParsedBarcode, gtin_check_digit, parse_barcode

    with (CATALOG / "products.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    embedded_kinds = {"21": "price", "28": "weight"}
    for row in rows:
        code = row["gtin"]
        if not code:
            continue
        kind = embedded_kinds.get(code[:2]) if len(code) == 13 else None
        if kind:
            body = code[:7] + "01234"  # € 12,34 or 1,234 kg on the label
            label = body + str(gtin_check_digit(body))
        else:
            label = code
        scanned = parse_barcode(label)
        assert isinstance(scanned, ParsedBarcode), (row["id"], label, scanned)
        assert scanned.lookup_gtin == code.zfill(14), (row["id"], label)
        if kind:
            assert scanned.embedded is not None and scanned.embedded.kind == kind, row["id"]
            assert scanned.embedded.value == 1234, row["id"]
        else:
            assert scanned.embedded is None, (row["id"], label)


def test_produce_pictures_are_what_the_script_draws():
    drawer = _load("draw_produce")
    on_disk = {path.stem for path in PRODUCE.glob("*.svg")}
    assert on_disk == set(drawer.DRAWINGS), "run tools/draw_produce.py"
    for slug in sorted(on_disk):
        assert (PRODUCE / f"{slug}.svg").read_text(encoding="utf-8") == drawer.render(slug), slug


def test_produce_pictures_load_in_qt(qapp):
    from PySide6.QtSvg import QSvgRenderer

    for svg in sorted(PRODUCE.glob("*.svg")):
        renderer = QSvgRenderer(str(svg))
        assert renderer.isValid(), svg.name
        assert renderer.viewBoxF().width() == 256, svg.name
