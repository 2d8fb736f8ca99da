"""selfscan-demo's command line: wrong arguments exit 2, and --text still walks a basket."""

from __future__ import annotations

import subprocess
import sys

import pytest

from selfscan_demo.app import main
from tests.demo.helpers import ROOT


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--headless"], "--headless needs --screenshots"),
        (["--screenshots", "x"], "--screenshots goes with --headless"),
        (["--text", "--headless", "--screenshots", "x"], "do not go together"),
        (["--kiosks", "3"], "invalid choice"),
        (["--screen", "12x"], "WIDTHxHEIGHT"),
        (["--screen", "100x100"], "out of range"),
        (["--no-such-option"], "unrecognized arguments"),
    ],
)
def test_a_wrong_command_line_exits_2(argv, says, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert says in capsys.readouterr().err


def test_the_installed_command_exits_2_on_a_wrong_option(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "selfscan_demo.app", "--kiosks", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "usage: selfscan-demo" in done.stderr


def test_a_missing_catalog_exits_1_saying_so(tmp_path, capsys) -> None:
    assert main(["--catalog", str(tmp_path / "none.db"), "--data", str(tmp_path)]) == 1
    assert "none.db is missing" in capsys.readouterr().err
    assert not (tmp_path / "processes.json").exists()  # nothing was started


def test_text_walks_a_basket_through_a_crash(tmp_path, capsys) -> None:
    assert main(["--text", "--data", str(tmp_path), "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "*** the kiosk crashes here" in out
    assert "restart: transaction" in out
    assert "journal integrity: ok" in out
    assert (tmp_path / "text" / "journal.db").is_file()
