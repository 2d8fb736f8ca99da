"""drivers.device: status changes, listeners, statistics on disk."""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest

from drivers.device import (
    DataEvent,
    Device,
    DeviceError,
    DeviceIdentity,
    DeviceState,
    DeviceStatus,
    FaultReason,
    Statistics,
    StatusEvent,
)


class FakeDevice(Device):
    def __init__(self, statistics: Statistics | None = None) -> None:
        super().__init__("fake", statistics=statistics)

    def open(self) -> None:
        self._set_status(DeviceState.ONLINE)

    def close(self) -> None:
        self._set_status(DeviceState.CLOSED)


def test_status_is_frozen_and_starts_closed() -> None:
    device = FakeDevice()
    assert device.status == DeviceStatus(DeviceState.CLOSED, None, "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        device.status.state = DeviceState.ONLINE  # type: ignore[misc]
    assert device.identity == DeviceIdentity(kind="fake")
    assert str(DeviceStatus(DeviceState.OFFLINE, FaultReason.UNPLUGGED, "gone")) == (
        "offline/unplugged: gone"
    )


def test_status_change_is_emitted_and_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    device = FakeDevice()
    events: list[object] = []
    device.add_listener(events.append)
    device.open()
    caplog.set_level(logging.INFO, logger="drivers.fake")
    for attempt in range(3):
        device._set_status(DeviceState.OFFLINE, FaultReason.UNPLUGGED, f"try {attempt}")
    assert [r.name for r in caplog.records] == ["drivers.fake"]
    assert caplog.records[0].levelno == logging.WARNING
    offline = DeviceStatus(DeviceState.OFFLINE, FaultReason.UNPLUGGED, "try 0")
    assert events == [
        StatusEvent(DeviceStatus(DeviceState.CLOSED), DeviceStatus(DeviceState.ONLINE)),
        StatusEvent(DeviceStatus(DeviceState.ONLINE), offline),
    ]
    assert device.status.detail == "try 2"  # the latest detail is kept, quietly


def test_enable_needs_an_open_device_and_close_disables() -> None:
    device = FakeDevice()
    with pytest.raises(DeviceError):
        device.enable()
    device.open()
    device.enable()
    assert device.enabled
    device.disable()
    assert not device.enabled
    device.enable()
    device.close()
    assert not device.enabled


def test_a_raising_listener_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = FakeDevice()
    heard: list[object] = []

    def broken(event: object) -> None:
        raise RuntimeError("listener bug")

    device.add_listener(broken)
    remove = device.add_listener(heard.append)
    device._emit(DataEvent("one"))
    device._emit(DataEvent("two"))
    assert heard == [DataEvent("one"), DataEvent("two")]
    failures = [r for r in caplog.records if r.exc_info]
    assert len(failures) == 2 and "listener bug" in str(failures[0].exc_info[1])
    remove()
    device._emit(DataEvent("three"))
    assert len(heard) == 2


def test_statistics_persist_atomically(tmp_path) -> None:
    path = tmp_path / "stats" / "scanner.json"
    stats = Statistics(path)
    assert stats.snapshot() == {} and stats.load_error is None
    assert stats.increment("good_scans") == 1
    stats.increment("good_scans", 2)
    stats.increment("reconnects")
    assert json.loads(path.read_text()) == {"good_scans": 3, "reconnects": 1}
    assert sorted(p.name for p in path.parent.iterdir()) == ["scanner.json"]  # no temp left
    again = Statistics(path)
    assert again["good_scans"] == 3 and again["never"] == 0
    with pytest.raises(ValueError, match="only go up"):
        again.increment("good_scans", -1)


@pytest.mark.parametrize(
    "content", ["{not json", "[1, 2]", '{"good_scans": "3"}', '{"x": -1}', '{"x": true}']
)
def test_a_corrupt_statistics_file_is_moved_aside_and_counting_starts_fresh(
    tmp_path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    path = tmp_path / "scanner.json"
    path.write_text(content)
    stats = Statistics(path, logger="drivers.scanner")
    assert stats.load_error is not None and str(path) in stats.load_error
    assert stats.snapshot() == {}
    assert (tmp_path / "scanner.json.corrupt").read_text() == content
    assert any(r.levelno == logging.WARNING for r in caplog.records)
    device = FakeDevice(statistics=stats)
    device.open()
    assert device.statistics.increment("good_scans") == 1
    assert json.loads(path.read_text()) == {"good_scans": 1}


def test_an_unwritable_statistics_file_is_logged_not_raised(
    tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    stats = Statistics(blocker / "scanner.json")  # its parent is a file
    assert stats.increment("good_scans") == 1
    assert stats["good_scans"] == 1
    assert any("cannot save statistics" in r.getMessage() for r in caplog.records)


def test_statistics_in_memory_only() -> None:
    stats = Statistics()
    stats.increment("a")
    stats.save()
    assert stats.snapshot() == {"a": 1}
