"""The demo's configuration writer: what it writes reads back as what it was given."""

from __future__ import annotations

import tomllib

from selfscan_demo.lanes import EXAMPLES, dump_toml


def test_the_examples_round_trip() -> None:
    for example in EXAMPLES:
        data = tomllib.loads(example.read_text(encoding="utf-8"))
        assert tomllib.loads(dump_toml(data)) == data


def test_nested_tables_quoted_keys_and_inline_options() -> None:
    data = {
        "schema_version": 1,
        "language": "nl",
        "languages": ["nl", "en"],
        "store": {"id": "s", "name": 'Winkel "De Hoek" ĳs €'},
        "barcodes": {"prefixes": {"21": {"kind": "price", "item_digits": 5}}},
        "odd keys": {"a b": 1, "ĳ": 2},
        "devices": {
            "scanner": {"kind": "scanner", "enabled": True, "options": {"terminator": "CR"}},
            "printer": {"kind": "printer", "options": {}},
        },
        "timeouts": {"payment_s": 130, "ratio": 0.5},
    }
    text = dump_toml(data)
    assert tomllib.loads(text) == data
    assert "[barcodes.prefixes.21]" in text
    assert '["odd keys"]' in text and '"a b" = 1' in text
    assert 'options = { terminator = "CR" }' in text
