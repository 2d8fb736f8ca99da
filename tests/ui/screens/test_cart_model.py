"""The cart model: a thin adapter that tells views only what changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.core.lane import HelpReason
from kiosk.ui.models import CartModel, CartRole
from tests.core.test_lane_fakes import BEER, COLA, LEMON, MILK, build_lane, lanes  # noqa: F401


@pytest.fixture
def lane(tmp_path, lanes):  # noqa: F811
    lane = build_lane(tmp_path)
    lanes.append(lane)
    return lane


def _model(lane) -> CartModel:
    model = CartModel("en")
    lane.controller.cart_changed.connect(model.set_totals)
    return model


def test_the_model_passes_qtmodeltester(qtmodeltester, lane) -> None:
    model = _model(lane)
    qtmodeltester.check(model)
    for code in (MILK, COLA, BEER, MILK):
        assert lane.controller.scan(code)
    lane.controller.set_quantity(lane.controller.cart.active_lines[0].line_id, 3)
    qtmodeltester.check(model)
    assert model.rowCount() == 5  # milk (2), cola + deposit, beer + deposit


def test_a_scan_inserts_only_its_rows(qtbot, lane) -> None:
    model = _model(lane)
    lane.controller.scan(MILK)
    resets, changes, inserts = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b, roles=(): changes.append((a.row(), b.row())))
    model.rowsInserted.connect(lambda _p, first, last: inserts.append((first, last)))
    lane.controller.scan(COLA)
    assert inserts == [(1, 2)]  # the cola and its deposit line
    assert not resets and not changes
    assert model.index(1, 0).data() == "Cola 1.5 L"
    assert model.index(2, 0).data(CartRole.IS_DEPOSIT) is True
    assert not model.flags(model.index(2, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_a_quantity_change_repaints_one_row_and_a_removal_removes_it(qtbot, lane) -> None:
    model = _model(lane)
    for code in (MILK, LEMON, COLA):
        lane.controller.scan(code)
    lemon = model.index(1, 0).data(CartRole.LINE_ID)
    changes, removes = [], []
    model.dataChanged.connect(lambda a, b, roles=(): changes.append((a.row(), b.row())))
    model.rowsRemoved.connect(lambda _p, first, last: removes.append((first, last)))
    assert lane.controller.set_quantity(lemon, 4)
    assert changes == [(1, 1)]
    assert model.index(1, 0).data(CartRole.QUANTITY) == 4
    assert model.index(1, 0).data(CartRole.NET_CENTS) == 4 * 45
    assert lane.controller.remove_line(lemon)
    assert removes == [(1, 1)]
    assert model.rowCount() == 3
    assert model.row_of(lemon) is None


def test_language_and_age_check_are_shown(qtbot, lane) -> None:
    model = _model(lane)
    lane.controller.scan(BEER)
    assert lane.controller.open_help_calls[0].reason is HelpReason.AGE_CHECK
    model.set_age_check_open(True)
    assert model.index(0, 0).data(CartRole.AGE_CHECK) is True
    assert model.index(1, 0).data(CartRole.AGE_CHECK) is False  # the deposit line
    english = model.index(0, 0).data()
    with qtbot.waitSignal(model.dataChanged):
        model.set_language("nl")
    assert model.index(0, 0).data() != english
    assert model.index(0, 0).data() == lane.controller.cart.active_lines[0].product.name_nl


def test_an_empty_cart_clears_the_model(qtbot, lane) -> None:
    model = _model(lane)
    lane.controller.scan(MILK)
    model.clear()
    assert model.rowCount() == 0
