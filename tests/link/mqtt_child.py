"""A lane's ``MqttLink`` in its own process, to be killed with SIGKILL by a test.

``python -m tests.link.mqtt_child HOST PORT USER PASSWORD_FILE TOPIC ONLINE WILL`` builds
its settings with ``MqttSettings.from_broker`` (as a kiosk does from its ``[broker]``
section) with a retained Last Will ``WILL`` on ``TOPIC``, starts the link in a Qt event
loop, publishes ``ONLINE`` (retained) on ``TOPIC`` once connected, prints ``ready`` and
runs until it is killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from kiosk.config import BrokerSettings
from kiosk.link.mqtt import LastWill, MqttLink, MqttSettings


def main() -> None:
    host, port, user, password_file, topic, online, will = sys.argv[1:8]
    app = QCoreApplication([])
    broker = BrokerSettings(
        embedded=False, host=host, port=int(port), username=user, password_file=Path(password_file)
    )
    settings = MqttSettings.from_broker(
        broker, client_id=f"{user}-child", will=LastWill(topic, will.encode())
    )
    link = MqttLink(settings)

    def connected() -> None:
        if not link.publish(topic, online.encode(), qos=1, retain=True):
            sys.exit("connected, but the publish was refused")
        print("ready", flush=True)

    link.connected.connect(connected)
    link.disconnected.connect(lambda reason: print(f"disconnected: {reason}", file=sys.stderr))
    link.start()
    app.exec()  # until killed


if __name__ == "__main__":
    main()
