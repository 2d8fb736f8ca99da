"""The broker fixture's own promise: a missing Mosquitto skips locally, fails under CI."""

from __future__ import annotations

import pytest

from tests.broker import _unavailable


def test_a_missing_broker_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required under CI=true"):
        _unavailable("not installed")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="not available"):
        _unavailable("not installed")
