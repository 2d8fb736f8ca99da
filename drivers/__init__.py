"""Hardware drivers: scanner, scale, receipt printer, payment terminal, lane light.

Imports nothing of ours and no Qt: drivers run threads inside and call back out.
"""
