"""The kiosk's translation pipeline: extract, compile, check.

    python tools/i18n.py extract   # kiosk/ui/**/*.py -> assets/i18n/kiosk_{nl,en}.ts
    python tools/i18n.py compile   # assets/i18n/*.ts -> *.qm (committed)
    python tools/i18n.py check     # what tests/ui/test_i18n.py checks; exit 1 on a problem

``extract`` runs ``pyside6-lupdate`` (from the same environment as this Python) over
every module of ``kiosk/ui``: ``self.tr("...")``, ``QCoreApplication.translate(...)`` and
``QT_TRANSLATE_NOOP(...)`` strings land in the ``.ts`` files, without source locations
(so diffs show only text) and without vanished entries. Source text is English; in
``kiosk_en.ts`` every entry that is not a plural is filled with its source text (English
needs a translation only for ``%n`` plurals), so "unfinished" always means "a person must
write this". Open ``kiosk_nl.ts`` in ``pyside6-linguist`` or a text editor, translate,
then ``compile``.

``check`` reports:

* a ``.ts`` file that is not what ``extract`` would make from the sources now;
* an unfinished, empty or missing translation (every string needs Dutch and English);
* a translation whose ``{name}`` parameters or ``%n`` differ from its source;
* a ``.qm`` file that is not what ``compile`` would make from its ``.ts``;
* a user-facing string literal in ``kiosk/ui`` that bypasses ``tr()``
  (:func:`scan_untranslated`).
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "Finding",
    "TsEntry",
    "check",
    "compile_qm",
    "extract",
    "read_ts",
    "scan_untranslated",
    "sources",
]

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "kiosk" / "ui"
I18N_DIR = ROOT / "assets" / "i18n"
LANGUAGES = ("nl", "en")
SOURCE_LANGUAGE = "en"


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def sources(ui_dir: Path = UI_DIR) -> list[Path]:
    return sorted(p for p in ui_dir.rglob("*.py") if "__pycache__" not in p.parts)


def _ts(language: str, directory: Path) -> Path:
    return directory / f"kiosk_{language}.ts"


def _qm(language: str, directory: Path) -> Path:
    return directory / f"kiosk_{language}.qm"


# -- extract ---------------------------------------------------------------------------


def extract(directory: Path = I18N_DIR, ui_dir: Path = UI_DIR) -> None:
    """Update the ``.ts`` files from the sources (translations already written are kept)."""
    directory.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in sources(ui_dir)]
    for language in LANGUAGES:
        subprocess.run(
            [
                _tool("pyside6-lupdate"),
                *files,
                "-ts",
                str(_ts(language, directory)),
                "-source-language",
                SOURCE_LANGUAGE,
                "-target-language",
                language,
                "-locations",
                "none",
                "-no-obsolete",
                "-silent",
            ],
            check=True,
        )
    _fill_source_language(_ts(SOURCE_LANGUAGE, directory))


def _fill_source_language(path: Path) -> None:
    """In the English file, a non-plural entry's translation is its source text.

    Also where lupdate pre-filled an unfinished entry with a guess (the same words in
    another context). Edited as text, so the file keeps lupdate's own layout and a new
    string shows as a small diff."""
    text = path.read_text(encoding="utf-8")

    def fill(match: re.Match[str]) -> str:
        block = match.group(0)
        source = re.search(r"<source>(.*?)</source>", block, re.DOTALL)
        if source is None:
            return block
        return re.sub(
            r'<translation type="unfinished"\s*(?:/>|>.*?</translation>)',
            lambda _m: f"<translation>{source.group(1)}</translation>",
            block,
            flags=re.DOTALL,
        )

    filled = re.sub(r"<message>.*?</message>", fill, text, flags=re.DOTALL)
    if filled != text:
        path.write_text(filled, encoding="utf-8")


# -- compile ---------------------------------------------------------------------------


def compile_qm(directory: Path = I18N_DIR, output: Path | None = None) -> list[Path]:
    """Compile every language's ``.ts`` into its ``.qm`` (in ``output``, default beside it)."""
    output = directory if output is None else output
    made = []
    for language in LANGUAGES:
        qm = _qm(language, output)
        subprocess.run(
            [
                _tool("pyside6-lrelease"),
                str(_ts(language, directory)),
                "-qm",
                str(qm),
                "-silent",
            ],
            check=True,
        )
        made.append(qm)
    return made


# -- reading .ts files -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TsEntry:
    context: str
    source: str
    numerus: bool
    translations: tuple[str, ...]
    unfinished: bool
    kind: str
    """``type`` of the translation: "", "unfinished", "vanished" or "obsolete"."""


def read_ts(path: Path) -> list[TsEntry]:
    entries = []
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            if translation is None:
                texts: tuple[str, ...] = ()
                kind = "unfinished"
            else:
                kind = translation.get("type", "")
                if numerus:
                    texts = tuple(f.text or "" for f in translation.iter("numerusform"))
                else:
                    texts = (translation.text or "",)
            entries.append(
                TsEntry(
                    name,
                    message.findtext("source") or "",
                    numerus,
                    texts,
                    kind == "unfinished",
                    kind,
                )
            )
    return entries


_FORMATTER = string.Formatter()


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _FORMATTER.parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


# -- the untranslated-literal scan -----------------------------------------------------

TEXT_SETTERS = {
    "setText": 0,
    "setWindowTitle": 0,
    "setToolTip": 0,
    "setPlaceholderText": 0,
    "setStatusTip": 0,
    "setWhatsThis": 0,
    "setAccessibleName": 0,
    "setAccessibleDescription": 0,
    "addItem": 0,
    "setTabText": 1,
    "showMessage": 0,
    "setTitle": 0,
}
"""Methods whose argument (at this position) is user-facing text."""

TEXT_WIDGETS = {
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "BigButton",
}
"""Classes whose first positional argument (or ``text=``) is user-facing text."""

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    text: str
    where: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where} gets {self.text!r}, not tr(...)"


def _literal(node: ast.AST) -> str | None:
    """The text of a literal that reads as words (None for tr() calls, names, digits)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _LETTER.search(node.value) else None
    if isinstance(node, ast.JoinedStr):
        parts = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return ast.unparse(node) if _LETTER.search(parts) else None
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) or _literal(node.orelse)
    return None


def scan_untranslated(paths: list[Path], *, root: Path = ROOT) -> list[Finding]:
    """Literal words given to widgets' text without ``tr()``.

    A literal counts when it holds a letter (``"0"``, ``"€"`` and ``""`` are fine).
    """
    findings = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        try:
            shown = str(path.relative_to(root))
        except ValueError:
            shown = str(path)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            candidates: list[ast.AST] = []
            if name in TEXT_SETTERS:
                position = TEXT_SETTERS[name]
                if len(node.args) > position:
                    candidates.append(node.args[position])
            if name in TEXT_WIDGETS:
                if node.args:
                    candidates.append(node.args[0])
                candidates.extend(k.value for k in node.keywords if k.arg == "text")
            for candidate in candidates:
                text = _literal(candidate)
                if text is not None:
                    findings.append(Finding(shown, node.lineno, text, f"{name}()"))
    return findings


# -- check -----------------------------------------------------------------------------


def _message_set(path: Path) -> set[tuple[str, str, bool]]:
    return {(e.context, e.source, e.numerus) for e in read_ts(path) if e.kind != "vanished"}


def check(directory: Path = I18N_DIR, ui_dir: Path = UI_DIR) -> list[str]:
    """Every problem, as a line of text; empty when all is well."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        for language in LANGUAGES:
            committed = _ts(language, directory)
            if committed.exists():
                shutil.copy(committed, _ts(language, fresh))
        extract(fresh, ui_dir)
        for language in LANGUAGES:
            committed = _ts(language, directory)
            if not committed.exists():
                problems.append(f"{committed} is missing: run tools/i18n.py extract")
                continue
            want, have = _message_set(_ts(language, fresh)), _message_set(committed)
            for context, source, _ in sorted(want - have):
                problems.append(f"{committed.name}: [{context}] {source!r} is not extracted yet")
            for context, source, _ in sorted(have - want):
                problems.append(f"{committed.name}: [{context}] {source!r} is no longer used")
            problems.extend(_check_entries(committed))
            qm = _qm(language, directory)
            if not qm.exists():
                problems.append(f"{qm} is missing: run tools/i18n.py compile")
        if not problems:
            compiled = fresh / "qm"
            compiled.mkdir()
            compile_qm(directory, compiled)
            for language in LANGUAGES:
                made, committed = _qm(language, compiled), _qm(language, directory)
                if made.read_bytes() != committed.read_bytes():
                    problems.append(f"{committed.name} is stale: run tools/i18n.py compile")
    problems.extend(str(f) for f in scan_untranslated(sources(ui_dir)))
    return problems


def _check_entries(path: Path) -> list[str]:
    problems = []
    for entry in read_ts(path):
        where = f"{path.name}: [{entry.context}] {entry.source!r}"
        if entry.kind in ("vanished", "obsolete"):
            problems.append(f"{where} is {entry.kind}: run tools/i18n.py extract")
            continue
        if entry.unfinished:
            problems.append(f"{where} is unfinished")
            continue
        if not entry.translations or not all(t.strip() for t in entry.translations):
            problems.append(f"{where} has an empty translation")
            continue
        for text in entry.translations:
            if _placeholders(text) != _placeholders(entry.source):
                problems.append(f"{where}: {text!r} does not keep the parameters")
            if ("%n" in entry.source) != ("%n" in text):
                problems.append(f"{where}: {text!r} does not keep %n")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "compile", "check"))
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract()
        for language in LANGUAGES:
            entries = read_ts(_ts(language, I18N_DIR))
            todo = sum(e.unfinished for e in entries)
            print(f"{_ts(language, I18N_DIR)}: {len(entries)} strings, {todo} to translate")
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
    print("translations: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
