"""Configuration files: good ones load, every mistake names its key, nothing half-loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from attendant.config import load_console_config
from drivers.config import AddressKind, DeviceKind, classify_address
from kiosk.config import ConfigError, Language, load_kiosk_config
from kiosk.core.barcodes import DEFAULT_PREFIXES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

MINIMAL = """
[store]
id = "s1"
name = "Winkel"

[kiosk]
id = "k1"
name = "Kassa 1"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_kiosk_config(write(tmp_path, text))
    return caught.value.problems


@pytest.mark.parametrize("name", ["kiosk-1.toml", "kiosk-2.toml"])
def test_shipped_kiosk_examples_load(name: str) -> None:
    config = load_kiosk_config(EXAMPLES / name)
    assert config.kiosk.id == name.removesuffix(".toml")
    assert {d.kind for d in config.devices.values()} == set(DeviceKind)
    assert all(d.simulated for d in config.devices.values())
    # relative paths are taken from the file's folder, not the working directory
    assert config.paths.catalog == str(EXAMPLES.parent / "catalog.db")
    assert (
        config.broker.password_file
        == EXAMPLES.parent / "var" / "secrets" / f"{config.kiosk.id}.password"
    )
    assert config.broker.enabled, "a kiosk joins the store network unless told not to"


def test_shipped_console_example_loads() -> None:
    config = load_console_config(EXAMPLES / "console.toml")
    assert config.console.id == "console-1"
    assert config.kiosks == ("kiosk-1", "kiosk-2")


def test_store_prefix_table_replaces_the_default(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + '[barcodes.prefixes]\n"24" = { kind = "weight", item_digits = 5, value_digits = 5 }\n'
    )
    table = load_kiosk_config(write(tmp_path, text)).barcodes.prefix_table
    assert "24" in table
    assert "21" not in table


def test_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace('name = "Winkel"', 'name = "Winkel"\ntimezone = "Mars/Olympus"')
    problems = problems_of(tmp_path, text)
    assert problems[0].startswith("store.timezone: unknown time zone 'Mars/Olympus'")


def test_catalog_may_be_a_database_url(tmp_path: Path) -> None:
    text = MINIMAL + '[paths]\ncatalog = "postgresql://kiosk@db.store.lan/catalog"\n'
    config = load_kiosk_config(write(tmp_path, text))
    assert config.paths.catalog == "postgresql://kiosk@db.store.lan/catalog"


def test_minimal_file_takes_documented_defaults(tmp_path: Path) -> None:
    config = load_kiosk_config(write(tmp_path, MINIMAL))
    assert config.barcodes.prefix_table is DEFAULT_PREFIXES
    assert config.language is Language.NL
    assert config.timeouts.idle_prompt_s == 60
    assert config.broker.port == 1883
    assert config.devices == {}
    assert config.paths.journal == tmp_path / "var" / "journal.db"
    assert (config.sound.enabled, config.sound.volume, config.sound.player) == (True, 80, None)


def test_a_sound_player_command_is_read(tmp_path: Path) -> None:
    text = MINIMAL + '\n[sound]\nvolume = 40\nplayer = ["aplay", "-q"]\n'
    config = load_kiosk_config(write(tmp_path, text))
    assert (config.sound.volume, config.sound.player) == (40, ("aplay", "-q"))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("[timeouts]\nidle_prompt_s = 2", "timeouts.idle_prompt_s: Input should be greater"),
        ("[broker]\nport = 70000", "broker.port: Input should be less than or equal to 65535"),
        ('[broker]\nhost = "mqtt://x"', "broker.host: a host name or IP address"),
        ("[policies]\nvoids_need_aproval = true", "policies.voids_need_aproval: unknown key"),
        ("[sound]\nvolume = 120", "sound.volume: Input should be less than or equal to 100"),
        ("[sound]\nplayer = []", "sound.player: a command and its options"),
        (
            '[devices.scanner]\nkind = "scanner"\ndriver = "serial"\nurl = "ttyUSB0"',
            "devices.scanner.url: 'ttyUSB0' is not a device address",
        ),
        (
            '[devices.scanner]\nkind = "scaner"\ndriver = "serial"\nurl = "/dev/ttyUSB0"',
            "devices.scanner.kind: Input should be 'scanner'",
        ),
        (
            '[devices.scanner]\nkind = "scanner"\ndriver = "serial"\nurl = "sim:"',
            "devices.scanner: driver 'sim' and a 'sim:' address go together",
        ),
        (
            '[devices.printer]\nkind = "printer"\ndriver = "escpos"\nurl = "tcp://10.0.0.5:99999"',
            "devices.printer.url: port 99999 is out of range",
        ),
        (
            '[devices.a]\nkind = "scanner"\ndriver = "sim"\nurl = "sim:"\n'
            '[devices.b]\nkind = "scanner"\ndriver = "sim"\nurl = "sim:"',
            "devices: devices 'a' and 'b' are both an enabled scanner",
        ),
        (
            '[barcodes.prefixes]\n"12" = { kind = "price", item_digits = 5, value_digits = 5 }',
            "barcodes.prefixes: barcode prefix '12': not a restricted-circulation prefix",
        ),
        (
            '[barcodes.prefixes]\n"21" = { kind = "price", item_digits = 5, value_digits = 4 }',
            "barcodes.prefixes: barcode prefix '21': item_digits + verifier digit + value_digits",
        ),
    ],
)
def test_each_mistake_names_its_key(tmp_path: Path, extra: str, expected: str) -> None:
    problems = problems_of(tmp_path, MINIMAL + "\n" + extra + "\n")
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ('language = "de"', "language: Input should be 'nl' or 'en'"),
        ("colour = 'blue'", "colour: unknown key"),
        ("schema_version = 2", "schema_version: Input should be 1"),
    ],
)
def test_top_level_mistakes_name_their_key(tmp_path: Path, top: str, expected: str) -> None:
    problems = problems_of(tmp_path, top + "\n" + MINIMAL)
    assert any(p.startswith(expected) for p in problems), problems


def test_missing_sections_are_named(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, 'language = "en"\n')
    assert problems == ["store: required, but missing", "kiosk: required, but missing"]


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL.replace('id = "k1"', 'id = "Kassa 1!"') + "\n[broker]\nport = 0\n"
    problems = problems_of(tmp_path, text)
    assert [p.split(":")[0] for p in problems] == ["kiosk.id", "broker.port"]


def test_broken_toml_is_refused_with_position(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, MINIMAL + "\n[broker\nport = 1\n")
    assert len(problems) == 1
    assert problems[0].startswith("not valid TOML:")
    assert "line 10" in problems[0]


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_kiosk_config(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_kiosk_config(tmp_path / "nope.toml")


def test_console_timer_order_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "console.toml"
    path.write_text(
        '[store]\nid = "s"\nname = "S"\n[console]\nid = "c"\nname = "C"\n'
        "[help_queue]\namber_after_s = 60\nred_after_s = 30\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_console_config(path)
    assert caught.value.problems == ["help_queue: red_after_s must be later than amber_after_s"]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/dev/ttyACM0", AddressKind.SERIAL_PATH),
        ("/dev/serial/by-id/usb-Datalogic_scanner-if00", AddressKind.SERIAL_PATH),
        ("COM3", AddressKind.SERIAL_PATH),
        ("socket://127.0.0.1:7000", AddressKind.PYSERIAL_URL),
        ("loop://", AddressKind.PYSERIAL_URL),
        ("spy:///dev/ttyUSB0?file=/tmp/log", AddressKind.PYSERIAL_URL),
        ("tcp://printer.local:9100", AddressKind.TCP),
        ("tcp://[::1]:20007", AddressKind.TCP),
        ("usb:04b8:0202", AddressKind.USB),
        ("sim:", AddressKind.SIMULATOR),
        ("sim:terminal-2", AddressKind.SIMULATOR),
    ],
)
def test_address_forms(url: str, kind: AddressKind) -> None:
    assert classify_address(url) is kind


@pytest.mark.parametrize("url", ["", "ttyUSB0", "http://x:80", "tcp://host", "usb:4b8:202", "sim"])
def test_bad_addresses(url: str) -> None:
    with pytest.raises(ValueError, match="not a device address"):
        classify_address(url)
