"""The layering rules, checked by importing: drivers/, kiosk.core and the network contract
(kiosk.link.protocol, kiosk.link.topics) never load Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCK_QT_AND_IMPORT_ALL = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                raise ImportError(f"Qt import attempted: {name}")
            return None

    sys.meta_path.insert(0, NoQt())
    imported = []
    for package_name in ("drivers", "kiosk.core"):
        package = importlib.import_module(package_name)
        imported.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    # the network contract; kiosk.link's transport (mqtt, service) is Qt by design
    for module_name in ("kiosk.link", "kiosk.link.protocol", "kiosk.link.topics"):
        importlib.import_module(module_name)
        imported.append(module_name)
    assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
    print(" ".join(imported))
    """
)


def test_core_and_drivers_import_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT_ALL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # the walk really covered the packages (not an empty loop that proves nothing)
    imported = set(result.stdout.split())
    assert {"drivers.config", "kiosk.core.money", "kiosk.core.barcodes"} <= imported
    assert {"kiosk.link.protocol", "kiosk.link.topics"} <= imported


def test_the_check_catches_a_qt_import(tmp_path: Path) -> None:
    """The blocker itself works: a module importing PySide6 is caught."""
    offender = tmp_path / "offender"
    offender.mkdir()
    (offender / "__init__.py").write_text("import PySide6.QtCore\n")
    script = BLOCK_QT_AND_IMPORT_ALL.replace('("drivers", "kiosk.core")', '("offender",)')
    assert '("offender",)' in script
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Qt import attempted: PySide6" in result.stderr


SIMULATORS_STAY_OUT = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    import drivers

    imported = []

    def walk(path, prefix):  # walk_packages would import drivers.sim to look inside it
        for info in pkgutil.iter_modules(path, prefix):
            if info.name == "drivers.sim":
                continue
            module = importlib.import_module(info.name)
            imported.append(info.name)
            if info.ispkg:
                walk(module.__path__, info.name + ".")

    walk(drivers.__path__, "drivers.")
    import kiosk.diag_cli  # the technicians' tool reaches simulators only for sim: devices
    leaked = sorted(m for m in sys.modules if m == "drivers.sim" or m.startswith("drivers.sim."))
    assert not leaked, f"simulator code imported by a production path: {leaked}"
    print(" ".join(imported))
    """
)


def test_driver_modules_never_import_the_simulators() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SIMULATORS_STAY_OUT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert {"drivers.registry", "drivers.diagnostics", "drivers.scanner.serial_scanner"} <= set(
        result.stdout.split()
    )
