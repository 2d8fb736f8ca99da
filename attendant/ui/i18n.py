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

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

from kiosk.ui import ASSETS_DIR

__all__ = ["I18N_DIR", "LANGUAGES", "ConsoleTranslator", "qm_path", "ts_path"]

log = logging.getLogger("attendant.ui.i18n")

I18N_DIR = ASSETS_DIR / "i18n"
LANGUAGES: tuple[str, ...] = ("nl", "en")
LOCALES: dict[str, str] = {"nl": "nl_NL", "en": "en_GB"}


def ts_path(language: str, directory: Path = I18N_DIR) -> Path:
    return directory / f"attendant_{language}.ts"


def qm_path(language: str, directory: Path = I18N_DIR) -> Path:
    return directory / f"attendant_{language}.qm"


class ConsoleTranslator(QObject):
    """Installs the console's translations; ``set_language`` switches at run time."""

    language_changed = Signal(str)

    def __init__(
        self, app: QCoreApplication, *, directory: Path = I18N_DIR, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._directory = directory
        self._installed: QTranslator | None = None
        self._language: str | None = None

    @property
    def language(self) -> str:
        """The language shown ("en" before any was set: the source text is English)."""
        return self._language or "en"

    def set_language(self, language: str) -> None:
        """Install ``language``; ``ValueError`` when the console does not speak it."""
        language = str(language)
        if language not in LANGUAGES:
            raise ValueError(
                f"the console speaks {', '.join(LANGUAGES)}; there is no language {language!r}"
            )
        if language == self._language:
            return
        path = qm_path(language, self._directory)
        translator = QTranslator(self)
        if not translator.load(str(path)):
            translator.deleteLater()
            raise ValueError(f"cannot load translations {path}: run tools/attendant_i18n.py")
        old, self._installed = self._installed, translator
        self._app.installTranslator(translator)
        if old is not None:
            self._app.removeTranslator(old)
            old.deleteLater()
        self._language = language
        QLocale.setDefault(QLocale(LOCALES[language]))
        log.info("language: %s", language)
        self.language_changed.emit(language)

    def uninstall(self) -> None:
        """Remove the installed translations (tests; the console keeps one for its life)."""
        if self._installed is not None:
            self._app.removeTranslator(self._installed)
            self._installed.deleteLater()
            self._installed = None
        self._language = None
