"""selfscan kiosk: the shopper lane.

``kiosk.core`` is the Qt-free domain (catalog, barcodes, pricing, cart, journal);
the user interface and the store link build on it and never the other way round.
"""
