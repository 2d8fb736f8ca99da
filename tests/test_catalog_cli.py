"""``selfscan-catalog``: what it prints and the exit status a script can rely on
(0 found/valid, 1 valid but unknown, 2 invalid barcode, 3 usage or file error)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.catalog_cli import main
from kiosk.core.catalog.source import PRODUCT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "catalog.db"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lookup_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "4011", "--catalog", str(CATALOG))
    assert code == 0
    assert out.startswith("Bananen / Bananas")
    assert "per kg" in out


def test_lookup_json_with_deposit_and_age(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "]E08715864768752", "--json", "--catalog", str(CATALOG))
    data = json.loads(out)
    assert code == 0
    assert data["found"] is True
    assert data["barcode"]["aim_id"] == "]E0"
    assert data["product"]["gtin"] == "8715864768752"
    assert data["product"]["min_age"] == 18
    assert data["product"]["deposit"]["price_cents"] == 90


def test_lookup_in_store_label_finds_its_product(capsys: pytest.CaptureFixture[str]) -> None:
    # prefix 21: item 40102, price € 6,66 embedded (digits 00666), check digit 6
    code, out, _ = run(capsys, "lookup", "2140102006666", "--json", "--catalog", str(CATALOG))
    data = json.loads(out)
    assert code == 0
    assert data["barcode"]["embedded"] == {"kind": "price", "value": 666, "unit": "cents"}
    assert data["product"]["gtin"] == "2140102000008"


def test_lookup_unknown_product(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "8712345678906", "--catalog", str(CATALOG))
    assert code == 1
    assert "not in the catalog" in out


def test_lookup_invalid_barcode(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "8712345678907", "--json", "--catalog", str(CATALOG))
    assert code == 2
    assert json.loads(out)["barcode"]["reason"] == "bad_check_digit"


def test_lookup_without_catalog_is_a_file_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "lookup", "4011", "--catalog", str(tmp_path / "none.db"))
    assert code == 3
    assert "no catalog" in err


def test_parse_gs1_databar_with_weight(capsys: pytest.CaptureFixture[str]) -> None:
    # GTIN 09506000134352 (GS1's example item) with AI 3103 net weight 1,234 kg
    code, out, _ = run(capsys, "parse", "]e001095060001343523103001234", "--json")
    data = json.loads(out)
    assert code == 0, data
    assert data["valid"] is True
    assert data["gtin"] == "09506000134352"
    assert data["net_weight_g"] == 1234


def test_parse_invalid_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "871234567890")
    assert code == 2
    assert out.startswith("invalid barcode: The check digit of 871234567890 should be 4")


@pytest.mark.parametrize(
    "argv", [[], ["frobnicate"], ["lookup"], ["generate", "many", "--out", "x"]]
)
def test_usage_errors_exit_3(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 3
    assert "usage:" in capsys.readouterr().err


def import_into_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *rows: str
) -> tuple[int, str]:
    """Import ``rows`` into a copy of the sample catalog; assert the copy is unchanged."""
    catalog = tmp_path / "catalog.db"
    shutil.copy(CATALOG, catalog)
    before = catalog.read_bytes()
    source = tmp_path / "prices.csv"
    source.write_text(",".join(PRODUCT_COLUMNS) + "\n" + "".join(r + "\n" for r in rows), "utf-8")
    code, _, err = run(capsys, "import", str(source), "--catalog", str(catalog))
    assert catalog.read_bytes() == before  # nothing half-imported
    return code, err


def test_import_reports_bad_rows_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = import_into_copy(
        capsys,
        tmp_path,
        '9001,product,8712345678906,,Goed,Good,zuivel,"1,00",item,9,,0,,1',
        '9002,product,8712345678907,,Fout,Bad,zuivel,"1,00",item,9,,0,,1',
    )
    assert code == 3
    assert "prices.csv:3: gtin 8712345678907 has a wrong check digit" in err


def test_export_import_generate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    exported = tmp_path / "products.csv"
    assert run(capsys, "export", "--out", str(exported), "--catalog", str(CATALOG))[0] == 0
    assert exported.read_text(encoding="utf-8").startswith(",".join(PRODUCT_COLUMNS))
    generated = tmp_path / "gen.db"
    code, out, _ = run(capsys, "generate", "500", "--out", str(generated))
    assert code == 0
    assert "generated 500 products" in out
    code, _, _ = run(capsys, "lookup", "8710000004992", "--catalog", str(generated))
    assert code == 0  # synthetic product 499


def test_not_a_database_is_a_file_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    garbage = tmp_path / "catalog.db"
    garbage.write_bytes(b"not a database at all" * 50)
    code, _, err = run(capsys, "lookup", "4011", "--catalog", str(garbage))
    assert code == 3
    assert "database error" in err
    code, _, err = run(capsys, "build", "--out", str(tmp_path / "missing" / "dir" / "c.db"))
    assert code == 3


def test_non_ascii_digits_are_a_reported_row_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = import_into_copy(
        capsys,
        tmp_path,
        '9001,product,8712345678906,,Goed,Good,zuivel,"1,00",item,9,,²,,1',
        '9002,product,8712345678913,,Prijs,Price,zuivel,"1e3",item,9,,0,,1',
    )
    assert code == 3
    assert "prices.csv:2: min_age must be a whole number" in err
    assert "prices.csv:3: price: not an amount: '1e3'" in err


def test_installed_command_has_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.catalog_cli", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    for command in ("build", "import", "export", "lookup", "parse", "generate"):
        assert command in result.stdout


def readme_examples() -> list[list[str]]:
    """The lookup and parse examples the README shows a newcomer."""
    examples = []
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith(".venv/bin/selfscan-catalog ") and (
            " lookup " in line or " parse " in line
        ):
            command = shlex.split(line.split("#")[0])
            examples.append(command[1:])
    return examples


@pytest.mark.parametrize("argv", readme_examples(), ids=" ".join)
def test_readme_examples_work(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert len(readme_examples()) >= 3
    assert main(argv) == 0, capsys.readouterr()
