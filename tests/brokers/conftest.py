"""The brokers under test (tests/broker.py)."""

from tests.broker import broker, embedded_broker, mosquitto_broker  # noqa: F401
