"""Translations: Qt Linguist ``.ts`` sources, compiled ``.qm`` files, a run-time switch.

Every user-facing string in ``kiosk/ui`` is English source text passed through Qt's
translation: ``self.tr("Help")`` in a widget (the context is the class name),
``QCoreApplication.translate("Messages", text)`` for text marked elsewhere with
``QT_TRANSLATE_NOOP``. ``tools/i18n.py`` extracts them with ``pyside6-lupdate`` into
``assets/i18n/kiosk_nl.ts`` and ``kiosk_en.ts`` (English carries the plural forms of
``%n`` strings), and compiles them with ``pyside6-lrelease`` into the ``.qm`` files that
are committed next to them.

:class:`Translator` installs the ``.qm`` of one language and switches at run time. Qt
then sends every widget a ``LanguageChange`` event, on which each
:class:`kiosk.ui.widgets.KioskScreen` (and each base widget) re-runs its
``retranslate()``; :attr:`Translator.language_changed` tells everything that is not a
widget (item models, formatting) after the switch.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

from kiosk.ui import ASSETS_DIR

__all__ = ["I18N_DIR", "LANGUAGES", "LOCALES", "Translator", "qm_path", "ts_path"]

log = logging.getLogger("kiosk.ui.i18n")

I18N_DIR = ASSETS_DIR / "i18n"
LANGUAGES: tuple[str, ...] = ("nl", "en")
"""The languages the kiosk ships; the first is the store's default."""
LOCALES: dict[str, str] = {"nl": "nl_NL", "en": "en_GB"}
"""The Qt locale of each language (number and date formatting of Qt widgets)."""


def ts_path(language: str, directory: Path = I18N_DIR, catalog: str = "kiosk") -> Path:
    """The Linguist source of ``catalog`` (``kiosk``, or ``attendant`` for the console)."""
    return directory / f"{catalog}_{language}.ts"


def qm_path(language: str, directory: Path = I18N_DIR, catalog: str = "kiosk") -> Path:
    return directory / f"{catalog}_{language}.qm"


class Translator(QObject):
    """The one place that installs translations; ``set_language`` switches at run time."""

    language_changed = Signal(str)

    def __init__(
        self,
        app: QCoreApplication,
        *,
        directory: Path = I18N_DIR,
        catalog: str = "kiosk",
        parent: QObject | None = None,
    ) -> None:
        """``catalog``: whose translations (``kiosk``, or ``attendant`` for the console)."""
        super().__init__(parent)
        self._app = app
        self._directory = directory
        self._catalog = catalog
        self._installed: QTranslator | None = None
        self._language: str | None = None

    @property
    def language(self) -> str | None:
        return self._language

    def set_language(self, language: str) -> None:
        """Install ``language``'s translations; raises ``ValueError`` if it is not shipped.

        Switching to the language already shown does nothing (and emits nothing).
        """
        language = str(language)
        if language not in LANGUAGES:
            raise ValueError(
                f"the {self._catalog} speaks {', '.join(LANGUAGES)}; "
                f"there is no language {language!r}"
            )
        if language == self._language:
            return
        path = qm_path(language, self._directory, self._catalog)
        translator = QTranslator(self)
        if not translator.load(str(path)):
            translator.deleteLater()
            tool = "i18n.py" if self._catalog == "kiosk" else f"{self._catalog}_i18n.py"
            raise ValueError(f"cannot load translations {path}: run `python tools/{tool}`")
        old, self._installed = self._installed, translator
        # Install the new one before removing the old: Qt asks the last installed first,
        # so no widget ever sees untranslated source text in between.
        self._app.installTranslator(translator)
        if old is not None:
            self._app.removeTranslator(old)
            old.deleteLater()
        self._language = language
        QLocale.setDefault(QLocale(LOCALES[language]))
        log.info("language: %s", language)
        self.language_changed.emit(language)

    def uninstall(self) -> None:
        """Remove the installed translations (tests; the kiosk keeps one for its life)."""
        if self._installed is not None:
            self._app.removeTranslator(self._installed)
            self._installed.deleteLater()
            self._installed = None
        self._language = None
