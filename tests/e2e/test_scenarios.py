"""End-to-end: the example scenarios in scenarios/ played against the real kiosk (real
screens, lane, journal, drivers and simulators), through the real ``selfscan-scenario``
command for some and through the runner's API in this process for the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    SCENARIOS,
    failure_of,
    progress_lines,
    result_json,
    run_command,
    run_in_process,
)

IN_PROCESS = [
    "produce-weighed",
    "unknown-item-help",
    "decline-then-another-card",
    "age-check-staff-pin",
    "age-check-staff-badge",
    "paper-out-digital-receipt",
    "idle-prompt",
    "decline-pay-at-desk",
    "live-weight",
]
THROUGH_THE_COMMAND = ["basket-card-receipt", "language-switch"]


def test_every_example_scenario_is_played_by_a_test() -> None:
    files = {path.stem for path in SCENARIOS.glob("*.yaml")}
    assert files == set(IN_PROCESS + THROUGH_THE_COMMAND)


@pytest.mark.parametrize("name", IN_PROCESS)
def test_example_scenario_in_process(qapp, tmp_path: Path, name: str) -> None:
    result = run_in_process(qapp, SCENARIOS / f"{name}.yaml", tmp_path)
    assert result.exit_code == 0, failure_of(tmp_path)
    written = result_json(tmp_path)
    assert written["passed"] and written["failed_step"] is None
    assert len(written["steps"]) == written["steps_total"]
    for shot in written["screenshots"]:
        assert (tmp_path / shot).read_bytes().startswith(b"\x89PNG")


def test_basket_paid_by_card_through_the_command(tmp_path: Path) -> None:
    done = run_command(SCENARIOS / "basket-card-receipt.yaml", "--output", tmp_path)
    assert done.returncode == 0, done.stderr + failure_of(tmp_path)
    events = progress_lines(done.stdout)
    assert events[0]["event"] == "ready" and events[-1] == {
        **events[-1],
        "event": "done",
        "exit_code": 0,
        "failed_step": None,
    }
    steps = [event for event in events if event["event"] == "step"]
    assert [step["index"] for step in steps] == list(range(1, len(steps) + 1))
    assert all(step["ok"] for step in steps)

    result = result_json(tmp_path)
    assert result["final"]["state"] == "feedback"
    assert result["final"]["cart"]["total_cents"] == 469
    assert sorted(result["screenshots"]) == ["screenshots/basket.png", "screenshots/feedback.png"]
    # The receipt as the printer got it: ESC/POS bytes, and the text the simulator read.
    raw = (tmp_path / "receipt-1.bin").read_bytes()
    assert raw.startswith(b"\x1b@") and b"\x1dV" in raw  # initialise ... cut
    assert b"Cola 1.5 L" in raw
    text = (tmp_path / "receipt-1.txt").read_text(encoding="utf-8")
    assert "FRISDRANK-2V300" in text and "4,69" in text and "APPROVED" in text
    assert not (tmp_path / "receipt-2.txt").exists()


def test_language_switch_through_the_command(tmp_path: Path) -> None:
    done = run_command(SCENARIOS / "language-switch.yaml", "--output", tmp_path, "--quiet")
    assert done.returncode == 0, done.stderr + failure_of(tmp_path)
    assert done.stdout == ""  # --quiet: no progress lines
    result = result_json(tmp_path)
    assert result["final"]["language"] == "nl"
    assert len(result["screenshots"]) == 3


def test_a_failed_expectation_exits_1_and_still_writes_everything(tmp_path: Path) -> None:
    scenario = tmp_path / "wrong-total.yaml"
    scenario.write_text(
        "name: a total that is not right\n"
        "steps:\n"
        "  - scan: '8780588066811'\n"
        "  - wait: {cart: {items: 1}}\n"
        "  - expect: {cart: {total_cents: 100}}\n"
        "  - screenshot: never\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = run_command(scenario, "--output", out)
    assert done.returncode == 1, done.stderr
    assert "step 3 (expect) failed: the total is 119 cents, not 100" in done.stderr
    result = result_json(out)
    assert result["exit_code"] == 1 and result["failed_step"] == 3
    assert [step["ok"] for step in result["steps"]] == [True, True, False]
    assert result["final"]["cart"]["total_cents"] == 119
    assert result["screenshots"] == ["screenshots/final.png"]  # the moment it failed
    assert (out / "screenshots" / "final.png").exists()
    assert progress_lines(done.stdout)[-1]["failed_step"] == 3


def test_a_wrong_file_exits_2_naming_the_step_and_field(tmp_path: Path) -> None:
    scenario = tmp_path / "broken.yaml"
    scenario.write_text(
        "name: broken\n"
        "steps:\n"
        "  - scan: '8780588066811'\n"
        "  - weigh: {grams: -5}\n"
        "  - tap: {nmae: shopping_pay_button}\n"
        "  - fly: away\n"
        "  - wait: {state: flying}\n",
        encoding="utf-8",
    )
    done = run_command(scenario, "--output", tmp_path / "out")
    assert done.returncode == 2
    assert "step 2 (weigh): grams: Input should be greater than or equal to 0" in done.stderr
    assert "step 3 (tap): nmae: Extra inputs are not permitted" in done.stderr
    assert "step 4: unknown step 'fly'" in done.stderr
    assert "step 5 (wait): state: Value error, unknown state 'flying'" in done.stderr
    assert not (tmp_path / "out").exists(), "nothing runs for a wrong file"


def test_a_wrong_command_line_exits_2(tmp_path: Path) -> None:
    done = run_command(SCENARIOS / "idle-prompt.yaml", "--sim", "toaster=1.2.3.4:5")
    assert done.returncode == 2 and "--sim takes KIND=HOST:PORT" in done.stderr
    done = run_command(tmp_path / "missing.yaml")
    assert done.returncode == 2 and "cannot read" in done.stderr
    (tmp_path / "x.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    assert run_command(tmp_path / "x.yaml").returncode == 2


def test_help_says_what_the_command_does() -> None:
    done = run_command("--help")
    assert done.returncode == 0
    assert "selfscan-scenario" in done.stdout and "--sim KIND=HOST:PORT" in done.stdout


def test_tapping_a_hidden_or_disabled_widget_fails_clearly(qapp, tmp_path: Path) -> None:
    scenario = tmp_path / "taps.yaml"
    steps = [
        {"expect": {"state": "attract"}},
        {"tap": "shopping_pay_button"},
    ]
    scenario.write_text(json.dumps({"name": "taps", "steps": steps}), encoding="utf-8")
    result = run_in_process(qapp, scenario, tmp_path / "a")
    assert result.exit_code == 1
    assert result.steps[-1].error.startswith("no widget is called shopping_pay_button")

    steps = [{"tap": "attract_start_button"}, {"wait": {"state": "shopping"}},
             {"tap": "shopping_pay_button"}]  # fmt: skip
    scenario.write_text(json.dumps({"name": "taps", "steps": steps}), encoding="utf-8")
    result = run_in_process(qapp, scenario, tmp_path / "b")
    assert result.exit_code == 1
    assert result.steps[-1].error == "shopping_pay_button is disabled"  # an empty cart
