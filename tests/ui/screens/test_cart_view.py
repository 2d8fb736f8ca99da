"""The cart view measures each row once: a scan with 300 lines in the cart must not measure
300 rows again (the list view asks every row's size after each insert), yet a changed
line, a language switch or a new width is measured anew."""

from __future__ import annotations

import pytest

from kiosk.ui.models import CartModel
from kiosk.ui.screens.shop_cart_view import CartDelegate, CartView
from tests.core.test_lane_fakes import BEER, COLA, LEMON, MILK, build_lane, lanes  # noqa: F401


@pytest.fixture
def lane(tmp_path, lanes):  # noqa: F811
    lane = build_lane(tmp_path)
    lanes.append(lane)
    return lane


class CountingDelegate(CartDelegate):
    """The real delegate, counting the rows it really measures."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.measured = 0

    def _measure(self, *args):
        self.measured += 1
        return super()._measure(*args)


def _view(qtbot, lane, theme) -> tuple[CartModel, CartView, CountingDelegate]:
    theme.apply(screen_size=(1280, 800))
    model = CartModel("en")
    lane.controller.cart_changed.connect(model.set_totals)
    view = CartView(model, theme.palette)
    delegate = CountingDelegate(theme.palette, view)
    view.setItemDelegate(delegate)
    assert view.cart_delegate is delegate
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    return model, view, delegate


def _row_height(view: CartView, row: int) -> int:
    return view.visualRect(view.model().index(row, 0)).height()


def test_a_new_scan_measures_only_its_own_rows(qtbot, lane, theme) -> None:
    model, view, delegate = _view(qtbot, lane, theme)
    for code in (MILK, LEMON, COLA, BEER):
        lane.controller.scan(code)
    view.doItemsLayout()
    assert model.rowCount() == 6  # milk, lemon, cola + deposit, beer + deposit
    before = delegate.measured
    lane.controller.scan(LEMON)  # the lemon's line changes ("2 x"), the rest stays
    view.doItemsLayout()
    assert delegate.measured - before == 1
    before = delegate.measured
    lane.controller.scan(MILK)  # milk's line changes, and the layout runs again
    view.doItemsLayout()
    view.doItemsLayout()
    assert delegate.measured - before == 1


def test_a_changed_line_gets_its_new_height(qtbot, lane, theme) -> None:
    _model, view, _delegate = _view(qtbot, lane, theme)
    lane.controller.scan(MILK)
    view.doItemsLayout()
    one = _row_height(view, 0)
    lane.controller.scan(MILK)  # "2 x € 1,19" appears under the name
    view.doItemsLayout()
    assert _row_height(view, 0) > one


def test_a_language_switch_and_a_new_width_measure_again(qtbot, lane, theme) -> None:
    model, view, delegate = _view(qtbot, lane, theme)
    lane.controller.scan(COLA)
    view.doItemsLayout()
    before = delegate.measured
    model.set_language("nl")
    view.doItemsLayout()
    assert delegate.measured >= before + 2  # the cola and its deposit line
    before = delegate.measured
    view.resize(400, 500)
    qtbot.waitUntil(lambda: delegate.measured >= before + 2)
    narrow = _row_height(view, 1)  # the deposit line's words wrap more
    view.resize(900, 500)
    qtbot.waitUntil(lambda: _row_height(view, 1) < narrow)
