"""The sample catalog source in assets/ is consistent, and every check of the checker can fail."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.core.barcodes import DEFAULT_PREFIXES, EMPTY_PREFIXES, PrefixRule, PrefixTable

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


def _edit(folder: Path, name: str, key: str, **changes: str) -> int:
    """Set cells of the row whose first cell is ``key``; return that row's line number."""
    path = folder / name
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    index = next(i for i, row in enumerate(rows) if row[0] == key)
    for column, value in changes.items():
        rows[index][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return index + 1  # no cell in the sample spans lines


def _reported(problems: list[str], where: str, expected: str) -> bool:
    return any(p.startswith(where) and expected in p for p in problems)


def test_real_catalog_source_has_no_problems():
    assert checker.check(CATALOG) == []


def test_cli_exit_codes(broken_copy: Path, capsys: pytest.CaptureFixture[str]):
    assert checker.main([str(CATALOG)]) == 0
    _edit(broken_copy, "products.csv", "201", vat="0")
    assert checker.main([str(broken_copy)]) == 1
    assert "products.csv:" in capsys.readouterr().out


def test_format_errors_come_from_the_production_reader_alone(broken_copy: Path):
    with (broken_copy / "products.csv").open(encoding="utf-8", newline="") as f:
        milk = next(row for row in csv.reader(f) if row[0] == "201")  # Halfvolle melk 1 L
    wrong = milk[2][:-1] + str((int(milk[2][-1]) + 1) % 10)
    line = _edit(broken_copy, "products.csv", "201", gtin=wrong)
    _edit(broken_copy, "products.csv", "802", min_age="0")  # policy: not reported yet

    problems = checker.check(broken_copy)

    assert len(problems) == 1, problems
    assert problems[0].startswith(f"products.csv:{line}: ")
    assert "check digit" in problems[0]


@pytest.mark.parametrize(
    ("key", "changes", "expected"),
    [
        ("230", {"id": "199"}, "out of order"),
        ("11", {"gtin": "", "plu": "4999"}, "a bag needs a gtin"),
        ("201", {"gtin": "18780588066818"}, "GTIN-14 with indicator digit 1"),
        ("201", {"gtin": "2000199000001"}, "prefix 20 is reserved for deposits"),
        ("201", {"gtin": "2300199000002"}, "prefix 23 is not used"),
        ("1", {"gtin": "2140199000004"}, "prefix 21 is for products only"),
        ("423", {"unit": "item"}, "prefix 28 (weight embedded) needs unit kg"),
        ("418", {"gtin": "2140101012347"}, "digits 8-12 must be 00000"),
        ("102", {"plu": "84011"}, "or 5 starting with 9"),
        ("11", {"plu": "4999"}, "only products have a plu"),
        ("101", {"image": ""}, "needs an image"),
        ("201", {"price": "0,00"}, "price is zero"),
        ("11", {"unit": "kg"}, "only products are sold per kg"),
        ("1", {"vat": "9"}, "deposits carry vat 0"),
        ("1", {"category": "dranken"}, "deposits belong in category statiegeld"),
        ("11", {"vat": "9"}, "bags carry vat 21"),
        ("201", {"vat": "0"}, "products carry vat 9 or 21"),
        ("802", {"min_age": "0"}, "bier-wijn (alcohol/tobacco) needs min_age 18"),
        ("1401", {"vat": "9"}, "tabak (alcohol/tobacco) needs vat 21"),
        ("101", {"image": "../banana.svg"}, "must be a path under assets/"),
        ("101", {"image": "images/produce/missing.svg"}, "does not exist under assets/"),
    ],
)
def test_product_policy_problems_are_reported(
    broken_copy: Path, key: str, changes: dict[str, str], expected: str
):
    line = _edit(broken_copy, "products.csv", key, **changes)

    problems = checker.check(broken_copy)

    pid = changes.get("id", key)
    assert _reported(problems, f"products.csv:{line} (id {pid}): ", expected), problems


@pytest.mark.parametrize(
    ("key", "changes", "expected"),
    [
        ("1", {"code": "CHIPS 2V300"}, "code must not contain spaces"),
        ("1", {"product_ids": "901 902 3"}, "product id 3 is a deposit"),
        ("1", {"percent": "10"}, "percent must be empty for multi_buy"),
        ("3", {"bundle_price": "1,00"}, "bundle_price must be empty for percent_off"),
        ("2", {"percent": "10"}, "percent must be empty for second_half_price"),
        ("1", {"product_ids": "901 101"}, "multi_buy only works on items sold per piece"),
        ("2", {"product_ids": "207 101"}, "second_half_price only works on items sold per"),
        ("1", {"bundle_price": "9,00"}, "saves nothing"),
        ("7", {"percent": "30"}, "the Alcoholwet allows at most 25%"),
        ("8", {"kind": "percent_off", "percent": "26"}, "the Alcoholwet allows at most 25%"),
    ],
)
def test_promotion_policy_problems_are_reported(
    broken_copy: Path, key: str, changes: dict[str, str], expected: str
):
    line = _edit(broken_copy, "promotions.csv", key, **changes)

    problems = checker.check(broken_copy)

    assert _reported(problems, f"promotions.csv:{line} (", expected), problems


def test_bad_category_slug_is_reported(broken_copy: Path):
    categories = broken_copy / "categories.csv"
    with categories.open("a", encoding="utf-8", newline="") as f:
        f.write("Nieuw_Schap,Nieuw,New,999\n")
    line = len(categories.read_text(encoding="utf-8").splitlines())

    problems = checker.check(broken_copy)

    assert _reported(problems, f"categories.csv:{line} (Nieuw_Schap): ", "lower-case"), problems


def test_malformed_svg_is_reported(broken_copy: Path):
    (broken_copy.parent / "images" / "produce" / "banana.svg").write_text("<svg>", "utf-8")
    line = _edit(broken_copy, "products.csv", "101")

    problems = checker.check(broken_copy)

    assert _reported(problems, f"products.csv:{line} (id 101): ", "not valid XML"), problems


def test_too_few_rows_is_reported(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(checker, "MIN_PRODUCT_ROWS", 1000)

    assert checker.check(CATALOG) == ["products.csv: 352 rows, want at least 1000"]


def _table(*rules: PrefixRule) -> PrefixTable:
    return PrefixTable((*DEFAULT_PREFIXES.rules, *rules))


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (EMPTY_PREFIXES, "no longer reads prefix 21 as a price label"),
        (_table(PrefixRule("20", "price", 5, 5)), "reads an embedded price from 2000101000006"),
        (_table(PrefixRule("20", "price", 4, 5, verifier_digit=True)), "cannot read"),
    ],
)
def test_codes_that_do_not_scan_back_to_their_row_are_reported(
    monkeypatch: pytest.MonkeyPatch, table: PrefixTable, expected: str
):
    """Every code is scanned with the kiosk's prefix table (21/28 as a label with a value)."""
    monkeypatch.setattr(checker, "DEFAULT_PREFIXES", table)

    assert any(expected in problem for problem in checker.check(CATALOG))


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
