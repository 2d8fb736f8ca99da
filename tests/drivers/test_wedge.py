"""drivers.scanner.wedge.WedgeFramer: scans told from typing by scripted key timestamps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.scanner import Scan
from drivers.scanner.wedge import Key, Typed, WedgeFramer, WedgeResult, WedgeScan

ENTER = "\r"


def keys(text: str, start: float, step: float) -> list[tuple[str, float]]:
    return [(ch, start + i * step) for i, ch in enumerate(text)]


def run(framer: WedgeFramer, presses: list[tuple[str, float]], end: float | None = None):
    results: list[WedgeResult] = []
    for key, at in presses:
        results += framer.feed(key, at)
    results += framer.flush(end)
    return results


def test_a_fast_run_ended_by_enter_is_a_scan() -> None:
    framer = WedgeFramer()
    got = run(framer, keys("]E04006381333931\r", 10.0, 0.008))
    assert got == [WedgeScan("4006381333931", "]E0")]
    assert got[0].as_scan() == Scan("4006381333931", "]E0")
    assert framer.scans == 1


def test_slow_typing_is_passed_back_as_typing() -> None:
    got = run(WedgeFramer(), keys("1234567\r", 0.0, 0.2))
    assert got == [Typed(c) for c in "1234567"] + [Key("Enter")]


def test_a_fast_burst_of_three_is_typing() -> None:
    presses = keys("abc", 0.0, 0.03) + keys("def", 0.5, 0.03) + [(ENTER, 0.56)]
    assert run(WedgeFramer(), presses) == [Typed("abc"), Typed("def"), Key("Enter")]


def test_a_scan_without_suffix_ends_at_the_gap() -> None:
    framer = WedgeFramer()
    results: list[WedgeResult] = []
    for key, at in keys("4006381333931", 0.0, 0.01):
        results += framer.feed(key, at)
    assert results == []
    assert framer.pending == "4006381333931"
    assert framer.deadline == pytest.approx(0.17)
    assert framer.flush(0.16) == []  # not yet: the next key may still come
    assert framer.flush(0.18) == [WedgeScan("4006381333931", None, "")]
    assert framer.deadline is None


def test_without_end_on_gap_a_scan_needs_its_end_key() -> None:
    framer = WedgeFramer(end_on_gap=False, end_keys=("Tab",))
    assert run(framer, keys("4006381333931", 0.0, 0.01), end=1.0) == [Typed("4006381333931")]
    got = run(framer, [*keys("4006381333931", 2.0, 0.01), ("\t", 2.13)])
    assert got == [WedgeScan("4006381333931", None, "Tab")]


def test_a_scan_interrupted_by_a_gap_is_not_merged_with_what_follows() -> None:
    presses = keys("4006381", 0.0, 0.01) + keys("333931\r", 0.5, 0.01)
    got = run(WedgeFramer(), presses)
    assert got == [WedgeScan("4006381", None, ""), WedgeScan("333931")]


def test_other_keys_end_a_run_and_pass_through() -> None:
    presses = [*keys("12", 0.0, 0.01), ("Backspace", 0.02), *keys("3", 0.3, 0.0)]
    got = run(WedgeFramer(), presses)
    assert got == [Typed("12"), Key("Backspace"), Typed("3")]


def test_an_autorepeated_key_is_typing_however_fast() -> None:
    framer = WedgeFramer()
    results: list[WedgeResult] = framer.feed("7", 0.0)
    for i in range(1, 12):
        results += framer.feed("7", 0.5 + i * 0.03, autorepeat=True)
    results += framer.feed("Enter", 0.9)
    assert results == [Typed("7"), Typed("7" * 11), Key("Enter")]


def test_gs_is_data_and_a_clock_going_back_ends_the_run() -> None:
    framer = WedgeFramer()
    got = run(framer, keys("]C1\x1d0108712345678906\r", 5.0, 0.005))
    assert got == [WedgeScan("\x1d0108712345678906", "]C1")]
    assert run(framer, [("a", 9.0), ("b", 8.0)]) == [Typed("a"), Typed("b")]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"max_gap": 0}, "max_gap"), ({"min_length": 1}, "min_length")],
)
def test_bad_settings_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WedgeFramer(**kwargs)


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="key"):
        WedgeFramer().feed("", 0.0)


# ----- properties

CODES = st.text(alphabet="0123456789ABCDEFabcdef-./", min_size=6, max_size=30)
SCAN_STEP = st.floats(min_value=0.001, max_value=0.045)


@given(
    first=CODES,
    second=CODES,
    steps=st.tuples(SCAN_STEP, SCAN_STEP),
    pause=st.floats(min_value=0.051, max_value=5.0),
    enter=st.tuples(st.booleans(), st.booleans()),
)
def test_two_scans_separated_by_a_normal_gap_never_merge(
    first: str,
    second: str,
    steps: tuple[float, float],
    pause: float,
    enter: tuple[bool, bool],
) -> None:
    presses = keys(first + (ENTER if enter[0] else ""), 0.0, steps[0])
    start = presses[-1][1] + pause
    presses += keys(second + (ENTER if enter[1] else ""), start, steps[1])
    got = run(WedgeFramer(), presses, end=presses[-1][1] + 1.0)
    assert got == [
        WedgeScan(first, None, "Enter" if enter[0] else ""),
        WedgeScan(second, None, "Enter" if enter[1] else ""),
    ]


@given(
    text=st.text(alphabet=st.characters(codec="latin-1", categories=["L", "N", "P", "Zs"])),
    steps=st.lists(st.floats(min_value=0.15, max_value=0.3), min_size=64, max_size=64),
    enter=st.booleans(),
)
def test_human_typing_never_becomes_a_scan(text: str, steps: list[float], enter: bool) -> None:
    at, presses = 0.0, []
    for i, ch in enumerate(text[:64] + (ENTER if enter else "")):
        presses.append((ch, at))
        at += steps[i % len(steps)]
    got = run(WedgeFramer(), presses, end=at + 1.0)
    assert not any(isinstance(r, WedgeScan) for r in got)
    assert "".join(r.text for r in got if isinstance(r, Typed)) == text[:64]


@given(
    presses=st.lists(
        st.tuples(
            st.sampled_from(["1", "2", "a", "\x1d", ENTER, "Tab", "Backspace"]),
            st.floats(min_value=0.0, max_value=0.2),
            st.booleans(),
        ),
        max_size=60,
    )
)
def test_every_character_comes_back_once_in_order(presses: list) -> None:
    framer = WedgeFramer()
    at, got, typed_chars, enters = 0.0, [], [], 0
    for key, step, repeat in presses:
        at += step
        got += framer.feed(key, at, autorepeat=repeat)
        if len(key) == 1 and key != ENTER:
            typed_chars.append(key)
        enters += key == ENTER
    got += framer.flush()
    out = ""
    for result in got:
        if isinstance(result, WedgeScan):
            out += (result.aim_id or "") + result.data
        elif isinstance(result, Typed):
            out += result.text
    assert out == "".join(typed_chars)
    ended = sum(isinstance(r, WedgeScan) and r.end == "Enter" for r in got)
    assert ended + got.count(Key("Enter")) == enters
