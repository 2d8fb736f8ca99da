"""The console's translations: the kiosk's pipeline, its own files.

Every user-facing string in ``attendant/ui`` is English source text passed through Qt's
``tr()`` (the context is the class name) or ``QCoreApplication.translate("ConsoleTexts",
...)`` for words used outside a widget (:mod:`attendant.ui.texts`).
``tools/attendant_i18n.py`` extracts them into ``assets/i18n/attendant_nl.ts`` and
``attendant_en.ts`` with the kiosk's tool (``tools/i18n.py``) and compiles the ``.qm``
files committed beside them. :class:`ConsoleTranslator` installs one language and
switches at run time; every console widget re-runs its ``retranslate()`` on Qt's
``LanguageChange`` event.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from kiosk.ui import i18n
from kiosk.ui.i18n import I18N_DIR, LANGUAGES, Translator

__all__ = ["I18N_DIR", "LANGUAGES", "ConsoleTranslator", "qm_path", "ts_path"]

CATALOG = "attendant"


def ts_path(language: str, directory: Path = I18N_DIR) -> Path:
    return i18n.ts_path(language, directory, CATALOG)


def qm_path(language: str, directory: Path = I18N_DIR) -> Path:
    return i18n.qm_path(language, directory, CATALOG)


class ConsoleTranslator(Translator):
    """The kiosk's :class:`~kiosk.ui.i18n.Translator` on the console's own files."""

    def __init__(
        self, app: QCoreApplication, *, directory: Path = I18N_DIR, parent: QObject | None = None
    ) -> None:
        super().__init__(app, directory=directory, catalog=CATALOG, parent=parent)

    @property
    def language(self) -> str:
        """The language shown ("en" before any was set: the source text is English)."""
        return super().language or "en"
