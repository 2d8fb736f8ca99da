"""Random sequences of shopper, staff, device and crash events against the lane.

Invariants after every step: the cart equals the journal's replay; never a second
payment while one is in flight or unknown (the fake terminal records any violation);
every transition made is in the table; a lane that is paying has exactly the journal's
payment in flight.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kiosk.core.catalog.repository import Catalog
from kiosk.core.journal import Journal
from kiosk.core.lane import LaneController, LaneDevices, LaneSettings, ManualClock, ManualScheduler
from kiosk.core.session import TRANSITIONS, SessionState
from tests.core.test_lane_fakes import (
    ATTENDANT,
    BAD_CHECK_DIGIT,
    BAG,
    BANANAS,
    BEER,
    CATALOG,
    COLA,
    LEMON,
    MILK,
    SUPERVISOR,
    TODAY,
    UNKNOWN,
    FakeLight,
    FakePrinter,
    FakeScale,
    FakeTerminal,
    can,
)

S = SessionState
CODES = [MILK, COLA, BEER, BAG, LEMON, UNKNOWN, BAD_CHECK_DIGIT, "12"]
OUTCOMES = [
    "approve",
    "decline:refused",
    "decline:insert_card",
    "cancel",
    "unknown:approve",
    "unknown:cancel",
    "unknown:unknown",
    "error",
    "unavailable",
]
SHARED_CATALOG: list[Catalog] = []


def catalog() -> Catalog:
    if not SHARED_CATALOG:
        SHARED_CATALOG.append(Catalog(CATALOG, today=lambda: TODAY))
    return SHARED_CATALOG[0]


class LaneMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="lane-"))
        self.clock = ManualClock()
        self.terminal = FakeTerminal()
        self.scale = FakeScale()
        self.journals: list[Journal] = []
        self.histories: list[tuple] = []
        self.controller = self._new_controller(voids_need_approval=False)

    def _new_controller(self, **options: object) -> LaneController:
        journal = Journal(
            self.directory / "journal.db", kiosk_id="kiosk-1", clock=self.clock.utc_now
        )
        self.journals.append(journal)
        self.journal = journal
        self.terminal.journal = journal
        self.scheduler = ManualScheduler()
        return LaneController(
            LaneSettings(kiosk_id="kiosk-1", **options),  # type: ignore[arg-type]
            catalog(),
            journal,
            LaneDevices(
                scale=self.scale, printer=FakePrinter(), payment=self.terminal, light=FakeLight()
            ),
            clock=self.clock,
            scheduler=self.scheduler,
            can=can,
            audit=lambda *args: None,
        )

    def teardown(self) -> None:
        for journal in self.journals:
            journal.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    # -- the shopper

    @rule(code=st.sampled_from(CODES))
    def scan(self, code: str) -> None:
        self.controller.scan(code)

    @rule(code=st.sampled_from([MILK, COLA, BEER]))
    def scan_an_item(self, code: str) -> None:
        self.controller.scan(code)

    @rule(grams=st.integers(min_value=1, max_value=3000))
    def weigh_bananas(self, grams: int) -> None:
        self.scale.put(grams)
        self.controller.add_produce(BANANAS)

    @rule(index=st.integers(min_value=0, max_value=5), quantity=st.integers(0, 4))
    def change_quantity(self, index: int, quantity: int) -> None:
        cart = self.controller.cart
        if cart is not None and cart.lines:
            line = cart.lines[index % len(cart.lines)]
            self.controller.set_quantity(line.line_id, quantity)

    @rule(index=st.integers(min_value=0, max_value=5))
    def remove(self, index: int) -> None:
        cart = self.controller.cart
        if cart is not None and cart.lines:
            self.controller.remove_line(cart.lines[index % len(cart.lines)].line_id)

    @rule(outcome=st.sampled_from(OUTCOMES))
    def pay(self, outcome: str) -> None:
        self.terminal.script.clear()
        self.terminal.script.append(outcome)
        self.controller.pay()

    @rule(outcome=st.sampled_from(OUTCOMES))
    def pay_and_let_the_terminal_answer(self, outcome: str) -> None:
        self.pay(outcome)
        self.scheduler.run_all()

    @rule()
    def cancel_payment(self) -> None:
        self.controller.cancel_payment()

    @rule(choice=st.sampled_from(["print", "digital", "none"]))
    def receipt(self, choice: str) -> None:
        self.controller.choose_receipt(choice)

    @rule(score=st.integers(min_value=1, max_value=5))
    def rate(self, score: int) -> None:
        self.controller.rate(score)

    @rule()
    def touch(self) -> None:
        self.controller.touch()

    @rule()
    def call_help(self) -> None:
        self.controller.call_help()

    # -- time and devices

    @rule()
    def one_job(self) -> None:
        self.scheduler.run_next()

    @rule()
    def all_jobs(self) -> None:
        self.scheduler.run_all()

    @rule(seconds=st.sampled_from([1, 30, 60, 130, 200]))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)
        self.controller.tick()

    # -- staff

    @rule()
    def approve_age(self) -> None:
        self.controller.approve_age(ATTENDANT)

    @rule()
    def approve_voids(self) -> None:
        for call in self.controller.open_help_calls:
            if call.reason == "void_approval":
                self.controller.approve_void(ATTENDANT, call.id)

    @rule(approved=st.booleans())
    def resolve_payment(self, approved: bool) -> None:
        self.controller.resolve_payment(SUPERVISOR, approved)

    @rule()
    def cancel_transaction(self) -> None:
        self.controller.cancel_transaction(ATTENDANT)

    @rule()
    def staff_in_and_out(self) -> None:
        if self.controller.staff_login(SUPERVISOR):
            self.controller.staff_logout()

    # -- kill -9

    @rule(voids_need_approval=st.booleans())
    def crash_and_resume(self, voids_need_approval: bool) -> None:
        """The process dies: jobs not run are lost; a new controller takes over."""
        self.histories.append(self.controller.history)
        self.controller = self._new_controller(voids_need_approval=voids_need_approval)
        self.controller.resume()

    # -- invariants

    @invariant()
    def cart_is_the_journal_replay(self) -> None:
        cart = self.controller.cart
        if cart is not None and self.journal.transaction_status(cart.transaction_id) == "open":
            assert list(self.journal.cart_events(cart.transaction_id)) == list(cart.events)

    @invariant()
    def never_two_payments(self) -> None:
        assert self.terminal.violations == []
        references = [reference for _, reference in self.terminal.started]
        assert len(references) == len(set(references))

    @invariant()
    def paying_has_exactly_the_journals_payment(self) -> None:
        controller = self.controller
        attempt = controller.payment
        if controller.state in (S.PAYING, S.PAYMENT_UNKNOWN):
            assert attempt is not None
        if controller.cart is not None:
            in_flight = self.journal.payment_in_flight(controller.cart.transaction_id)
            if attempt is None:
                assert in_flight is None
            else:
                assert in_flight is not None and in_flight.reference == attempt.reference

    @invariant()
    def every_transition_is_in_the_table(self) -> None:
        for history in [*self.histories, self.controller.history]:
            for made in history:
                assert (made.old, made.new) in TRANSITIONS
                assert made.trigger in TRANSITIONS[(made.old, made.new)]


LaneMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestLane = LaneMachine.TestCase
