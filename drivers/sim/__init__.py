"""Device simulators: real bytes over real pseudo-terminals and sockets, for demos and tests.

Nothing outside this package imports it except where a ``sim:`` address asks for a
simulator (:func:`drivers.registry.create_device`) and in tests. Each simulator is a
:class:`~drivers.sim.base.Simulator`: started, it opens the endpoint a real driver talks
to (a pty's slave path, a TCP port) and offers a control API (:meth:`Simulator.control`),
in process or, when run as its own process (``python -m drivers.sim KIND``), over a
loopback JSON-lines socket (:class:`~drivers.sim.control.SimClient`).
"""

from drivers.sim.base import SIMULATORS, SimCommandError, Simulator, simulator_class

__all__ = ["SIMULATORS", "SimCommandError", "Simulator", "simulator_class"]
