"""selfscan-broker: the store network's broker tools.

The store's kiosks and consoles (``network``), their passwords (``accounts``), their
topic access rules (``acl``) and a Mosquitto configuration generated from them
(``mosquitto``). Built on the kiosk's public contract (``kiosk.config``,
``kiosk.link.topics``); the kiosk never imports this package.
"""
