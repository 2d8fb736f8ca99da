"""The attendant console's PySide6 user interface: thin widgets over the store model.

Modules:

* :mod:`attendant.ui.theme`: the kiosk's palette, the console's sizes, one style sheet
  (``assets/theme/attendant.qss``);
* :mod:`attendant.ui.i18n` and :mod:`attendant.ui.texts`: Dutch and English through Qt's
  ``tr()`` (``assets/i18n/attendant_*.ts``), and the words of the protocol's codes;
* :mod:`attendant.ui.window`: the main window (header, pages, the last action's result);
* :mod:`attendant.ui.login`, :mod:`attendant.ui.grid`, :mod:`attendant.ui.queue`,
  :mod:`attendant.ui.detail`, :mod:`attendant.ui.figures_panel`: the pages;
* :mod:`attendant.ui.actions`: sending an action, auditing it, following its answer;
* :mod:`attendant.ui.dialogs`: confirmations and questions, each with an ``ask()``
  classmethod that tests replace;
* :mod:`attendant.ui.widgets` and :mod:`attendant.ui.worker`: small building blocks, and
  blocking work off the GUI thread.

``docs/attendant.md`` explains the console and lists its object names.
"""
