"""selfscan-scenario: plays a scripted session against the real kiosk offscreen."""
