"""The attendant console's translations: the kiosk's pipeline (``tools/i18n.py``), its files.

    python tools/attendant_i18n.py extract   # attendant/ui -> assets/i18n/attendant_{nl,en}.ts
    python tools/attendant_i18n.py compile   # attendant_*.ts -> attendant_*.qm (committed)
    python tools/attendant_i18n.py check     # what tests/attendant/ui/test_i18n.py checks

The kiosk's tool names its files ``kiosk_<language>``; this one runs the same functions
(``extract``, ``compile_qm``, ``check``) in a scratch folder where the console's files
carry those names, and copies the results back as ``attendant_<language>``. So both
programs share one way of extracting, filling the English file, compiling and checking
(unfinished entries, broken ``{parameters}`` and ``%n``, stale ``.qm`` files, and literal
words given to widgets without ``tr()``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n as pipeline  # tools/i18n.py, a script beside this one

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "attendant" / "ui"
I18N_DIR = ROOT / "assets" / "i18n"
LANGUAGES = pipeline.LANGUAGES

__all__ = ["check", "compile_qm", "extract", "qm", "ts"]


def ts(language: str, directory: Path = I18N_DIR) -> Path:
    return directory / f"attendant_{language}.ts"


def qm(language: str, directory: Path = I18N_DIR) -> Path:
    return directory / f"attendant_{language}.qm"


def _into_scratch(scratch: Path, directory: Path, *, with_qm: bool) -> None:
    for language in LANGUAGES:
        if ts(language, directory).exists():
            shutil.copy(ts(language, directory), scratch / f"kiosk_{language}.ts")
        if with_qm and qm(language, directory).exists():
            shutil.copy(qm(language, directory), scratch / f"kiosk_{language}.qm")


def extract(directory: Path = I18N_DIR, ui_dir: Path = UI_DIR) -> None:
    """Update the console's ``.ts`` files from its sources (translations are kept)."""
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        _into_scratch(scratch, directory, with_qm=False)
        pipeline.extract(scratch, ui_dir)
        for language in LANGUAGES:
            shutil.copy(scratch / f"kiosk_{language}.ts", ts(language, directory))


def compile_qm(directory: Path = I18N_DIR) -> list[Path]:
    """Compile the console's ``.ts`` files into the ``.qm`` files beside them."""
    made = []
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        _into_scratch(scratch, directory, with_qm=False)
        pipeline.compile_qm(scratch)
        for language in LANGUAGES:
            shutil.copy(scratch / f"kiosk_{language}.qm", qm(language, directory))
            made.append(qm(language, directory))
    return made


def check(directory: Path = I18N_DIR, ui_dir: Path = UI_DIR) -> list[str]:
    """Every problem of the console's translations, as a line of text."""
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        _into_scratch(scratch, directory, with_qm=True)
        problems = pipeline.check(scratch, ui_dir)
    return [
        problem.replace("kiosk_", "attendant_").replace("tools/i18n.py", "tools/attendant_i18n.py")
        for problem in problems
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "compile", "check"))
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract()
        for language in LANGUAGES:
            entries = pipeline.read_ts(ts(language))
            todo = sum(e.unfinished for e in entries)
            print(f"{ts(language)}: {len(entries)} strings, {todo} to translate")
        return 0
    if args.command == "compile":
        for path in compile_qm():
            print(f"wrote {path}")
        return 0
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("console translations: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
