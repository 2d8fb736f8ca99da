"""selfscan-demo: simulators, a simulator panel and kiosks on embedded defaults."""
