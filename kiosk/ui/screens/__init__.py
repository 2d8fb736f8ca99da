"""The kiosk's screens, one module each; every screen is a
:class:`kiosk.ui.widgets.screen.KioskScreen` built as ``Screen(lane, ui, parent=None)``
(``lane``: the :class:`kiosk.core.lane.LaneController`, ``ui``:
:class:`kiosk.ui.services.UiServices`). Which screen shows for which session state is
decided in :mod:`kiosk.ui.router`."""
