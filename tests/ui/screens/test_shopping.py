"""The shopping screen: cart, last item, total, Pay; quantity, remove, age note; key-in,
produce (weighed on the scale) and bags pages; messages and sounds; the screen contract."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.core.lane import HelpReason
from kiosk.ui.models import CartRole
from kiosk.ui.screens.shopping import ShoppingScreen
from kiosk.ui.sound import SoundKind
from tests.core.test_lane_fakes import (  # noqa: F401
    ATTENDANT,
    BANANAS,
    BEER,
    COLA,
    LEMON,
    MILK,
    UNKNOWN,
    build_lane,
    lanes,
)
from tests.ui.screen_contract import assert_screen_contract
from tests.ui.screens.shop_helpers import (  # noqa: F401
    delete_earlier_widgets,
    save_screenshot,
    services,
)

LONG_BASKET = [
    "8780588066811", "8711158843402", "8715864680771", "3384438939161", "4053",
]  # fmt: skip


@pytest.fixture
def lane(tmp_path, lanes):  # noqa: F811
    lane = build_lane(tmp_path)
    lanes.append(lane)
    return lane


def _tap(qtbot, screen: QWidget, name: str) -> None:
    widget = screen.findChild(QWidget, name)
    assert widget is not None, name
    assert widget.isVisible() and widget.isEnabled(), f"{name} is hidden or disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _screen(qtbot, lane, theme, translator, language: str = "en") -> ShoppingScreen:
    translator.set_language(language)
    screen = ShoppingScreen(lane.controller, services(theme, translator))
    qtbot.addWidget(screen)
    screen.resize(1920, 1080)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_a_scan_shows_the_line_the_last_item_and_the_total(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    assert not screen.pay_button.isEnabled()
    assert lane.controller.scan(COLA)
    assert screen.model.rowCount() == 2  # cola and its deposit
    assert screen.last_item.isVisible()
    assert screen.last_item.name.text() == "Cola 1.5 L"
    assert screen.last_item.price.text() == "€ 1,99"
    assert screen.total.total_cents == lane.controller.cart.totals.total_cents == 224
    assert screen.total.item_count == 1
    assert screen.pay_button.isEnabled()
    assert screen.ui.sound.history == [SoundKind.ADDED]
    assert not screen.banner.isVisible()


def test_pay_is_forwarded_to_the_lane(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    lane.controller.scan(MILK)
    _tap(qtbot, screen, "shopping_pay_button")
    assert lane.state == "paying"


def test_quantity_and_removal_on_a_selected_line(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    lane.controller.scan(MILK)
    lane.controller.scan(LEMON)
    assert not screen.line_actions.isVisible()
    lemon = screen.model.index(1, 0)
    rect = screen.cart_view.visualRect(lemon)
    qtbot.mouseClick(screen.cart_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.selected_line_id() == lemon.data(CartRole.LINE_ID)
    assert screen.line_actions.isVisible()
    assert not screen.minus_button.isEnabled()  # one lemon: remove it instead
    _tap(qtbot, screen, "shopping_plus_button")
    _tap(qtbot, screen, "shopping_plus_button")
    assert screen.model.index(1, 0).data(CartRole.QUANTITY) == 3
    assert screen.selected_line_id() == lemon.data(CartRole.LINE_ID)
    _tap(qtbot, screen, "shopping_minus_button")
    assert screen.model.index(1, 0).data(CartRole.QUANTITY) == 2
    _tap(qtbot, screen, "shopping_remove_button")
    assert screen.model.rowCount() == 1
    assert not screen.line_actions.isVisible()
    assert screen.banner.title.text() == "The product is removed"


def test_a_removal_that_needs_approval_says_so(qtbot, tmp_path, lanes, theme, translator):  # noqa: F811
    lane = build_lane(tmp_path, voids_need_approval=True)
    lanes.append(lane)
    screen = _screen(qtbot, lane, theme, translator)
    lane.controller.scan(MILK)
    screen.select_line(screen.model.index(0, 0).data(CartRole.LINE_ID))
    _tap(qtbot, screen, "shopping_remove_button")
    assert screen.model.rowCount() == 1  # nothing removed until a staff member approves
    assert screen.banner.title.text() == "A staff member must approve this"
    assert screen.banner.severity.value == "waiting"
    assert screen.ui.sound.history[-1] is SoundKind.NEEDS_PERSON


def test_an_age_restricted_line_is_marked_until_approved(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    lane.controller.scan(BEER)
    assert screen.model.index(0, 0).data(CartRole.AGE_CHECK) is True
    assert screen.banner.title.text() == "A staff member will check your age"
    assert screen.banner.action.text().startswith("Have your ID ready")
    assert screen.ui.sound.history == [SoundKind.ADDED, SoundKind.NEEDS_PERSON]
    lane.controller.scan(MILK)  # scanning goes on
    assert screen.model.rowCount() == 3
    assert lane.controller.approve_age(ATTENDANT)
    assert screen.model.index(0, 0).data(CartRole.AGE_CHECK) is False
    assert not any(c.reason is HelpReason.AGE_CHECK for c in lane.controller.open_help_calls)


def test_an_unknown_barcode_offers_retry_key_in_and_help(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    lane.controller.scan(MILK)
    assert not lane.controller.scan(UNKNOWN)
    assert screen.banner.isVisible()
    assert screen.banner.severity.value == "error"
    assert "type the code" in screen.banner.action.text()
    assert screen.ui.sound.history[-1] is SoundKind.UNKNOWN
    assert screen.keyin_button.isVisible() and screen.help.isVisible()
    screen.banner.timer.timeout.emit()  # a problem stays: its timer was stopped
    lane.controller.scan(MILK)
    assert not screen.banner.isVisible()


def test_key_in_a_code_on_the_keypad(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    _tap(qtbot, screen, "shopping_keyin_button")
    assert screen.page == "keyin"
    for digit in LEMON:
        _tap(qtbot, screen, f"keypad_key_{digit}")
    _tap(qtbot, screen, "keypad_ok_button")
    assert screen.page == "cart"
    assert screen.model.rowCount() == 1
    assert screen.last_item.name.text() == "Lemon"


def test_produce_per_kg_is_weighed_and_the_weight_shown_live(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    lane.controller.start()
    _tap(qtbot, screen, "shopping_produce_button")
    assert screen.page == "produce"
    assert len(screen.produce_page.tiles) == 39
    while not screen.produce_page.findChild(QWidget, f"produce_tile_{BANANAS}").isVisible():
        _tap(qtbot, screen, "produce_grid_more_button")
    _tap(qtbot, screen, f"produce_tile_{BANANAS}")
    assert screen.page == "cart"
    assert screen.weigh_panel.isVisible() and not screen.last_item.isVisible()
    assert screen.weigh_panel.weight.text() == "Weighing..."
    screen.show_weight(754)
    assert screen.weigh_panel.weight.text() == "0,754 kg"
    lane.scale.put(754)
    lane.run()
    assert not screen.weigh_panel.isVisible()
    assert screen.model.index(0, 0).data(CartRole.GRAMS) == 754
    assert screen.last_item.detail.text() == "0,754 kg x € 1,99 per kg"


def test_produce_search_in_both_languages(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    _tap(qtbot, screen, "shopping_produce_button")
    _tap(qtbot, screen, "produce_search_button")
    for letter in "banan":
        _tap(qtbot, screen, f"produce_key_{letter}")
    names = {tile.product.plu for tile in screen.produce_page.tiles}
    assert BANANAS in names and LEMON not in names
    _tap(qtbot, screen, "produce_search_clear_button")
    screen.produce_page.search.setText("citroen")  # Dutch for lemon
    assert [tile.product.plu for tile in screen.produce_page.tiles] == [LEMON]
    screen.produce_page.search.setText("xyzzy")
    assert not screen.produce_page.tiles and screen.produce_page.empty.isVisible()
    _tap(qtbot, screen, "produce_back_button")
    assert screen.page == "cart"


def test_bags_page_adds_bags(qtbot, lane, theme, translator):
    screen = _screen(qtbot, lane, theme, translator)
    _tap(qtbot, screen, "shopping_bags_button")
    tiles = screen.bags_page.tiles
    assert len(tiles) == 3
    name = tiles[0].objectName()
    _tap(qtbot, screen, name)
    _tap(qtbot, screen, name)
    assert lane.controller.cart.totals.item_count == 2
    assert screen.page == "bags"
    _tap(qtbot, screen, "bags_back_button")
    assert screen.model.index(0, 0).data(CartRole.QUANTITY) == 2


def _full_cart(lane) -> None:
    for code in LONG_BASKET * 3:
        lane.controller.scan(code)
    lane.controller.add_produce("4011")
    lane.scale.put(1234)
    lane.run()


@pytest.mark.parametrize("page", ["cart", "keyin", "produce", "bags"])
def test_shopping_screen_contract(qtbot, lane, theme, translator, tmp_path, page):
    ui = services(theme, translator)
    _full_cart(lane)
    lane.controller.scan(UNKNOWN)

    def make() -> ShoppingScreen:
        screen = ShoppingScreen(lane.controller, ui)
        screen.show_page_quietly(page)
        return screen

    assert_screen_contract(qtbot, theme, translator, make, screenshots=tmp_path)
    name = "shopping-cart" if page == "cart" else f"{page}-page"
    save_screenshot(qtbot, theme, translator, make, name)
