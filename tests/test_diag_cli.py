"""``selfscan-diag``: every simulated device healthy, a failing one named with its reason
and a non-zero exit, a device held by a kiosk left alone, and the support bundle."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from drivers.lock import DeviceLock
from drivers.sim.pty import SimPty
from kiosk.diag_cli import EXIT_FAILED, EXIT_IN_USE, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"scanner", "scale", "printer", "payment_terminal", "lane_light"}


@pytest.fixture(autouse=True)
def lock_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "locks"
    monkeypatch.setenv("SELFSCAN_LOCK_DIR", str(path))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, *argv, "--json")
    return code, json.loads(out)


def by_name(report: dict) -> dict[str, dict]:
    return {device["name"]: device for device in report["devices"]}


def write_config(path: Path, devices: str, data_dir: Path) -> Path:
    path.write_text(
        f"""schema_version = 1
[store]
id = "test-store"
name = "Test"
[kiosk]
id = "kiosk-7"
name = "Kassa 7"
[paths]
data_dir = "{data_dir}"
catalog = "{ROOT / "catalog.db"}"
[broker]
username = "kiosk-7"
password_file = "/etc/selfscan/kiosk-7.password"
{devices}
""",
        encoding="utf-8",
    )
    return path


def test_simulated_lane_is_healthy(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys, "--simulated")
    assert code == EXIT_OK, report
    assert report["ok"] is True
    devices = by_name(report)
    assert {d["kind"] for d in devices.values()} == KINDS
    for device in devices.values():
        assert device["ok"] is True, device
        assert device["state"] == "online", device
        assert device["summary"] == "healthy"
        assert device["health"]["level"] == "external"
        assert device["simulated"] is True
    # the simulators were reached over real ports: ptys and a local TCP port
    assert devices["scanner"]["address"].startswith("/dev/")
    assert devices["terminal"]["address"].startswith("tcp://127.0.0.1:")
    assert isinstance(report["ports"], list)


@pytest.mark.parametrize(
    ("device", "fault", "reason"),
    [("printer", "paper_out", "paper_out"), ("printer", "cover_open", "cover_open")],
)
def test_a_failing_simulator_is_named_with_its_reason(
    capsys: pytest.CaptureFixture[str], device: str, fault: str, reason: str
) -> None:
    code, report = run_json(capsys, "--simulated", "--sim-fault", f"{device}={fault}")
    assert code == EXIT_FAILED
    assert report["ok"] is False
    devices = by_name(report)
    assert devices[device]["ok"] is False
    assert devices[device]["reason"] == reason
    assert devices[device]["summary"].startswith(f"FAILED: {reason}")
    assert all(d["ok"] for name, d in devices.items() if name != device)


def test_every_simulator_can_be_made_to_fail(capsys: pytest.CaptureFixture[str]) -> None:
    """Each kind's first listed fault makes diag fail that device, and only that one."""
    from drivers.sim.base import simulator_class

    for name, kind in (
        ("scanner", "scanner"),
        ("scale", "scale"),
        ("terminal", "payment_terminal"),
        ("light", "lane_light"),
    ):
        simulator = simulator_class(kind)()
        simulator.start()
        try:
            fault = simulator.control("faults")[0]
        finally:
            simulator.stop()
        code, report = run_json(
            capsys, "--simulated", "--device", name, "--sim-fault", f"{name}={fault}"
        )
        assert code == EXIT_FAILED, (name, fault, report)
        (only,) = report["devices"]
        assert only["ok"] is False and only["reason"], only


def test_interactive_tests_pass_on_simulators(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--simulated", "--interactive", "--timeout", "20")
    assert code == EXIT_OK, out
    for test in ("print", "scan", "weigh", "light", "terminal"):
        assert f"test {test}: passed" in out
    assert "all devices healthy" in out


def test_a_missing_port_fails_with_its_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = write_config(
        tmp_path / "kiosk.toml",
        '[devices.scanner]\nkind = "scanner"\ndriver = "serial"\nurl = "/dev/ttyNOSUCH9"\n',
        tmp_path / "var",
    )
    code, report = run_json(capsys, "--config", str(config))
    assert code == EXIT_FAILED
    scanner = by_name(report)["scanner"]
    assert scanner["state"] == "offline"
    assert scanner["reason"] == "not_found"


def test_a_device_held_by_a_kiosk_is_not_fought_over(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lock_dir: Path
) -> None:
    links = Path(tempfile.mkdtemp(prefix="selfscan-diag-", dir="/dev/shm"))
    pty = SimPty(links / "scanner")
    try:
        config = write_config(
            tmp_path / "kiosk.toml",
            f'[devices.scanner]\nkind = "scanner"\ndriver = "serial"\nurl = "{pty.path}"\n',
            tmp_path / "var",
        )
        with DeviceLock(pty.path, "kiosk kiosk-7", lock_dir):
            code, out, _ = run(capsys, "--config", str(config))
            assert code == EXIT_IN_USE
            assert "in use by kiosk kiosk-7" in out
            assert pty.read(timeout=0) == b""  # diag did not open the port
        code, report = run_json(capsys, "--config", str(config))
        assert code == EXIT_OK, report
        assert by_name(report)["scanner"]["state"] == "online"
    finally:
        pty.unplug()
        shutil.rmtree(links, ignore_errors=True)


def test_support_bundle_has_no_secrets(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    (data_dir / "logs").mkdir(parents=True)
    (data_dir / "logs" / "kiosk.log").write_text("12:00 scanner offline/unplugged\n")
    config = write_config(
        tmp_path / "kiosk.toml",
        '[devices.printer]\nkind = "printer"\ndriver = "sim"\nurl = "sim:"\n',
        data_dir,
    )
    bundle = tmp_path / "support.zip"
    code, _, _ = run(capsys, "--config", str(config), "--test-print", "--bundle", str(bundle))
    assert code == EXIT_OK
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        assert {"report.json", "versions.json", "config.json", "logs/kiosk.log"} <= names
        assert b"drivers.printer" in archive.read("selfscan-diag.log")
        assert "statistics/printer.stats.json" in names
        shown = json.loads(archive.read("config.json"))
        assert shown["broker"]["password_file"] == "<redacted>"
        assert shown["kiosk"]["id"] == "kiosk-7"
        assert json.loads(archive.read("report.json"))["ok"] is True


def test_usage_and_config_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys)
    assert code == EXIT_USAGE and "--config" in err
    broken = tmp_path / "broken.toml"
    broken.write_text('schema_version = 1\n[store]\nid = "x"\nnme = "typo"\n')
    code, _, err = run(capsys, "--config", str(broken))
    assert code == EXIT_USAGE
    assert "store.nme: unknown key" in err
    code, _, err = run(capsys, "--simulated", "--sim-fault", "printer")
    assert code == EXIT_USAGE and "NAME=FAULT" in err
    code, _, err = run(capsys, "--simulated", "--device", "toaster")
    assert code == EXIT_USAGE and "toaster" in err


def test_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("selfscan-diag")
    env = dict(os.environ, SELFSCAN_LOCK_DIR=str(tmp_path))
    result = subprocess.run(
        [str(script), "--simulated", "--device", "light", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["devices"][0]["kind"] == "lane_light"
    help_text = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "Exit status: 0 all healthy, 1 a device failed" in help_text


def test_readme_simulated_examples_work(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's simulated examples do what its comments say (healthy; exit 1)."""
    import shlex

    examples = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith(".venv/bin/selfscan-diag --simulated"):
            command, _, comment = line.partition("#")
            examples[comment.strip()] = shlex.split(command)[1:]
    assert len(examples) == 2, examples
    for comment, argv in examples.items():
        code, out, _ = run(capsys, *argv)
        if "exit 1" in comment:
            assert code == EXIT_FAILED and "FAILED: paper_out" in out
        else:
            assert code == EXIT_OK and "all devices healthy" in out
