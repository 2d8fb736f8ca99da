"""The kiosk's Qt-free domain core.

Nothing in this package may import PySide6 (a test and an import-linter
contract keep that true), so it runs and is tested with plain pytest.
"""
