"""selfscan attendant console: oversees the kiosks of one store.

It may use the kiosk's public contract (configuration, protocol, catalog),
never the kiosk's widgets.
"""
