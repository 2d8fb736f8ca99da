"""The kiosk's PySide6 user interface: thin widgets over the Qt-free core.

Modules:

* :mod:`kiosk.ui.theme`: the palette (colours with a meaning, normal and high contrast),
  the sizes (body text, totals, touch targets; a large-text mode), the bundled font and
  the style sheet filled from ``assets/theme/kiosk.qss``. Only this module calls
  ``setStyleSheet``.
* :mod:`kiosk.ui.i18n`: the Qt Linguist translations (``assets/i18n/*.qm``) and the
  :class:`~kiosk.ui.i18n.Translator` that switches language at run time.
* :mod:`kiosk.ui.messages`: typed messages (a key and parameters) to translated title,
  body and what-to-do text, and the bridge that carries them to the screen.
* :mod:`kiosk.ui.sound`: the sound bridge (records every sound it is asked to play).
* :mod:`kiosk.ui.devices`: the drivers of one lane, their events handed to the GUI
  thread as typed Qt signals.
* :mod:`kiosk.ui.widgets`: the base widgets every screen is built from, and
  :class:`~kiosk.ui.widgets.KioskScreen`.

``docs/ui.md`` explains all of it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ASSETS_DIR"]

ASSETS_DIR = Path(__file__).resolve().parent.parent.parent / "assets"
"""The repository's ``assets/`` folder: fonts, sounds, translations, the theme template."""
