"""A kiosk's connection in its own process, to be killed with SIGKILL by a test.

``python -m tests.brokers.will_child HOST PORT USER PASSWORD_FILE WILL_TOPIC`` connects
with a retained Last Will (``offline``) on ``WILL_TOPIC``, publishes ``online`` there,
prints ``ready`` once the broker has it, and then waits for its end.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import paho.mqtt.client as mqtt


def main() -> None:
    host, port, user, password_file, topic = sys.argv[1:6]
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
    client.username_pw_set(user, Path(password_file).read_text().strip())
    client.will_set(topic, b"offline", qos=1, retain=True)
    connected = threading.Event()
    client.on_connect = lambda *_args: connected.set()
    client.connect(host, int(port), keepalive=30)
    client.loop_start()
    if not connected.wait(10):
        sys.exit("no CONNACK")
    client.publish(topic, b"online", qos=1, retain=True).wait_for_publish(10)
    print("ready", flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main()
