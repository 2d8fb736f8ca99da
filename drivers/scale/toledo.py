"""A retail scale speaking the Mettler Toledo 8217 protocol on a serial port.

Configuration (``[devices.scale]``, ``driver = "toledo8217"``)::

    url = "/dev/ttyUSB0"        # or /dev/serial/by-id/..., socket://host:port
    options = { baudrate = 9600, bytesize = 7, parity = "E", poll_interval = 0.2 }

* ``baudrate`` (9600), ``bytesize`` (7 or 8; default 7), ``parity`` (``"N"``, ``"E"``,
  ``"O"``; default ``"E"``), ``stopbits`` (1 or 2; default 1): the line settings;
* ``answer_timeout``: seconds the scale has to answer a request (default 0.5);
* ``max_misses``: consecutive unanswered (or garbled) requests after which the scale
  counts as gone (default 3);
* ``poll_interval``: seconds between weight requests while enabled (default 0.2);
* ``keepalive_interval``: seconds between status requests while not polling, so that a
  scale that stops answering is noticed (default 2.0; 0 turns them off).

The protocol (framing, status bits, what is assumed) is described in
:mod:`drivers.scale.protocol`. One thread owns the port and does all the talking: the
requests of :meth:`Toledo8217Scale.read_weight`, :meth:`~Toledo8217Scale.wait_stable`
and :meth:`~Toledo8217Scale.zero` are queued to it, and while the scale is enabled it
polls the weight and emits ``DataEvent(ScaleReading)`` whenever the reading changes
(state or grams). Each request first discards whatever is waiting on the line (a late
answer, noise), so one lost answer never shifts the answers of later requests. Noise
before the answer's STX is reported and skipped; a line that ends in CR without being a
frame is taken as a garbled answer at once (no waiting for the timeout).

Status: online while the scale answers; error with reason ``overload``,
``under_zero`` or ``unrecoverable_error`` (RAM, ROM, EEPROM or calibration fault) while
its answers say so; offline/``timeout`` after ``max_misses`` unanswered requests (at
once if it never answered since the port opened), error/``protocol_error`` after as many
garbled answers; offline/``unplugged`` when reading or writing the port fails, after
which the port is reopened every ``reconnect_interval`` seconds. The scale is online
again as soon as it answers, which is counted as a reconnect.

Statistics: ``weighings`` (readings returned to the caller), ``stable_readings`` (a new
stable weight above zero), ``overloads``, ``under_zero`` and ``scale_errors`` (entering
those states), ``bad_answers``, ``timeouts`` (unanswered requests while the scale was
online), ``zeroings`` / ``zero_refused``, ``unplugs`` and ``reconnects``.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import serial

from drivers.config import AddressKind, DeviceConfig, DeviceKind
from drivers.device import (
    DataEvent,
    Device,
    DeviceError,
    DeviceIdentity,
    DeviceState,
    ErrorEvent,
    FaultReason,
    HealthCheckFailed,
    Statistics,
)
from drivers.scale.protocol import (
    CR,
    REQUEST_STATUS,
    REQUEST_WEIGHT,
    REQUEST_ZERO,
    AnswerFramer,
    Frame,
    FrameError,
    ProtocolError,
    ScaleReading,
    ScaleState,
    ScaleStatus,
    parse_frame,
    reading_for_status,
    reading_for_weight,
)
from drivers.serial_port import PORT_ERRORS, open_fault

__all__ = ["ScaleError", "Toledo8217Scale"]

READ_TIMEOUT = 0.05
"""Seconds one read of the port waits; bounds how late a scheduled request or close() is."""

WEIGHINGS = "weighings"
STABLE_READINGS = "stable_readings"
OVERLOADS = "overloads"
UNDER_ZERO = "under_zero"
SCALE_ERRORS = "scale_errors"
BAD_ANSWERS = "bad_answers"
TIMEOUTS = "timeouts"
ZEROINGS = "zeroings"
ZERO_REFUSED = "zero_refused"
UNPLUGS = "unplugs"
RECONNECTS = "reconnects"

_PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}
_STATE_FAULTS = {
    ScaleState.OVERLOAD: FaultReason.OVERLOAD,
    ScaleState.UNDER_ZERO: FaultReason.UNDER_ZERO,
    ScaleState.ERROR: FaultReason.UNRECOVERABLE_ERROR,
}


class ScaleError(Exception):
    """No reading: the scale is offline, did not answer, or answered garbage."""

    def __init__(
        self, reason: FaultReason, detail: str = "", reading: ScaleReading | None = None
    ) -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
        self.reading = reading
        """The last reading seen, when there was one (e.g. MOVING for wait_stable)."""


class _PortLost(Exception):
    pass


class _Stopped(Exception):
    pass


class _Failed(Exception):
    def __init__(self, reason: FaultReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(eq=False)
class _Job:
    action: str
    """"weigh", "status" or "zero"."""
    timeout: float
    done: threading.Event = field(default_factory=threading.Event)
    cancelled: bool = False
    result: ScaleReading | None = None
    error: ScaleError | None = None


def _number(options: dict[str, Any], name: str, default: float, *, minimum: float) -> float:
    value = options.pop(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return float(value)


class Toledo8217Scale(Device):
    """A Toledo 8217 protocol scale; see the module docstring for its options."""

    def __init__(
        self,
        config: DeviceConfig,
        *,
        statistics: Statistics | None = None,
        reconnect_interval: float = 0.5,
    ) -> None:
        if config.kind is not DeviceKind.SCALE:
            raise ValueError(f"a Toledo8217Scale drives a scale, not a {config.kind}")
        if config.address_kind not in (AddressKind.SERIAL_PATH, AddressKind.PYSERIAL_URL):
            raise ValueError(f"{config.url!r} is not a serial port path or a pyserial URL")
        if reconnect_interval <= 0:
            raise ValueError("reconnect_interval must be positive")
        options = dict(config.options)
        self.url = config.url
        self.baudrate = int(_number(options, "baudrate", 9600, minimum=50))
        self.bytesize = int(_number(options, "bytesize", 7, minimum=7))
        if self.bytesize not in (7, 8):
            raise ValueError(f"bytesize must be 7 or 8, not {self.bytesize}")
        parity = str(options.pop("parity", "E")).upper()
        if parity not in _PARITIES:
            raise ValueError(f"parity must be one of N, E, O, not {parity!r}")
        self.parity = _PARITIES[parity]
        self.stopbits = int(_number(options, "stopbits", 1, minimum=1))
        if self.stopbits not in (1, 2):
            raise ValueError(f"stopbits must be 1 or 2, not {self.stopbits}")
        self.answer_timeout = _number(options, "answer_timeout", 0.5, minimum=0.01)
        self.max_misses = int(_number(options, "max_misses", 3, minimum=1))
        self.poll_interval = _number(options, "poll_interval", 0.2, minimum=0.01)
        self.keepalive_interval = _number(options, "keepalive_interval", 2.0, minimum=0)
        if options:
            raise ValueError(f"unknown scale options: {', '.join(sorted(options))}")
        super().__init__(
            DeviceKind.SCALE.value,
            identity=DeviceIdentity(
                kind=DeviceKind.SCALE.value, model="Toledo 8217 protocol", port=config.url
            ),
            statistics=statistics,
        )
        self.reconnect_interval = reconnect_interval
        self._framer = AnswerFramer()
        self._port: serial.SerialBase | None = None
        self._jobs: queue.Queue[_Job] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # The rest is the worker thread's own.
        self._answering = False
        self._lost = False
        self._unplugged = False
        self._misses = 0
        self._last: ScaleReading | None = None
        self._emitted: tuple[ScaleState, int | None] | None = None
        self._next_probe = 0.0
        self._next_poll = 0.0
        self._next_keepalive = 0.0

    # -- life cycle --

    def open(self) -> None:
        """Start the thread; it opens the port and asks the scale for its status.

        Returns once that first attempt is over: the status is online (the scale
        answered, or error/overload ... when its answer says so), or offline with
        not_found / permission_denied / timeout while the thread keeps trying.
        """
        with self._lock:
            if self._thread is not None:
                return
            self._framer.reset()
            self._stop.clear()
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(ready,), name=f"scale {self.url}", daemon=True
            )
            self._thread.start()
        ready.wait(timeout=5 + self.answer_timeout)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the thread and release the port; queued requests fail."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        self._wake()
        thread.join(timeout)
        if thread.is_alive():
            self.log.error("scale thread did not stop within %.1f s", timeout)
        self._fail_jobs(ScaleError(FaultReason.OTHER, "the scale was closed"))
        self._set_status(DeviceState.CLOSED)

    def enable(self) -> None:
        """Start polling: ``DataEvent(ScaleReading)`` for the current reading, then changes."""
        super().enable()
        self._emitted = None
        self._next_poll = 0.0
        self._wake()

    # -- requests (any thread) --

    @property
    def last_reading(self) -> ScaleReading | None:
        """The latest reading the scale gave (by polling or on request)."""
        return self._last

    def read_weight(self, timeout: float | None = None) -> ScaleReading:
        """Ask for the weight once and return the scale's answer.

        Raises :class:`ScaleError` when there is no reading: the scale is offline
        (reason unplugged, not_found ...), did not answer within ``timeout`` (default
        ``answer_timeout``; reason timeout) or answered garbage (protocol_error).
        """
        reading = self._request("weigh", timeout)
        self.statistics.increment(WEIGHINGS)
        return reading

    def wait_stable(
        self, timeout: float, min_grams: int = 1, *, interval: float | None = None
    ) -> ScaleReading:
        """Ask for the weight until it is stable and at least ``min_grams``.

        ``min_grams=0`` also accepts ZERO. Asks every ``interval`` seconds (default
        ``poll_interval``). Unanswered or garbled requests are retried until
        ``timeout``; at the end it raises :class:`ScaleError` (reason timeout) with the
        last reading seen. An offline scale raises at once.
        """
        reading = self._wait_stable(timeout, min_grams, interval)
        self.statistics.increment(WEIGHINGS)
        return reading

    def zero(self, timeout: float | None = None) -> ScaleReading:
        """Send the zero command and return the scale's state after it.

        The scale zeroes only when it is stable and close enough to zero; the result
        says whether it did (``state is ScaleState.ZERO``) or why not (MOVING,
        STABLE with the weight still on it, UNDER_ZERO ...). While the scale reports
        motion the status is asked again for up to ``timeout`` seconds (default
        ``answer_timeout`` times ``max_misses``); each answer may take ``answer_timeout``.
        Raises :class:`ScaleError` when the scale does not answer at all.
        """
        if timeout is None:
            timeout = self.answer_timeout * self.max_misses
        reading = self._request("zero", timeout)
        zeroed = reading.state is ScaleState.ZERO
        self.statistics.increment(ZEROINGS if zeroed else ZERO_REFUSED)
        return reading

    def _wait_stable(self, timeout: float, min_grams: int, interval: float | None) -> ScaleReading:
        if min_grams < 0:
            raise ValueError("min_grams cannot be negative")
        interval = self.poll_interval if interval is None else interval
        deadline = time.monotonic() + timeout
        last: ScaleReading | None = None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                reading = self._request("weigh", min(self.answer_timeout, remaining))
            except ScaleError as error:
                if error.reason not in (FaultReason.TIMEOUT, FaultReason.PROTOCOL_ERROR):
                    raise ScaleError(error.reason, error.detail, last) from None
            else:
                last = reading
                if reading.stable and reading.grams is not None and reading.grams >= min_grams:
                    return reading
            self._stop.wait(min(interval, max(0.0, deadline - time.monotonic())))
            if self._stop.is_set():
                raise ScaleError(FaultReason.OTHER, "the scale was closed", last)
        raise ScaleError(
            FaultReason.TIMEOUT,
            f"no stable weight of at least {min_grams} g within {timeout:g} s"
            + (f" (last: {last})" if last is not None else ""),
            last,
        )

    def _request(self, action: str, timeout: float | None) -> ScaleReading:
        timeout = self.answer_timeout if timeout is None else timeout
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        status = self.status
        if status.state is DeviceState.CLOSED:
            raise DeviceError("the scale is closed: open it first")
        if self._port is None:
            raise ScaleError(status.reason or FaultReason.OTHER, f"the scale is offline ({status})")
        job = _Job(action, timeout)
        self._jobs.put(job)
        if self._thread is None:  # closed meanwhile
            self._fail_jobs(ScaleError(FaultReason.OTHER, "the scale was closed"))
        self._wake()
        # The thread finishes every job (or fails it when closed); the bound is a safety net.
        if not job.done.wait(timeout * 3 + 5):
            job.cancelled = True
            raise ScaleError(FaultReason.TIMEOUT, "the scale thread did not take the request")
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def _wake(self) -> None:
        port = self._port
        cancel = getattr(port, "cancel_read", None)
        if cancel is not None:
            with contextlib.suppress(Exception):
                cancel()

    def _fail_jobs(self, error: ScaleError) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            job.error = error
            job.done.set()

    # -- health --

    def _check_external(self) -> list[tuple[str, str]]:
        try:
            reading = self._request("weigh", self.answer_timeout)
        except ScaleError as error:
            raise HealthCheckFailed(error.reason, error.detail) from None
        if reading.state in _STATE_FAULTS:
            raise HealthCheckFailed(_STATE_FAULTS[reading.state], str(reading))
        return [("reading", str(reading)), ("answer", reading.raw.decode("ascii", "replace"))]

    def _check_interactive(self, timeout: float) -> list[tuple[str, str]]:
        """A person puts a weight on (stable, above zero) and takes it off again."""
        deadline = time.monotonic() + timeout
        self.log.info("scale check: put a weight on the scale, then take it off")
        try:
            loaded = self._wait_stable(timeout, 1, None)
        except ScaleError as error:
            raise self._interactive_failure(error, "no stable weight was put on") from None
        try:
            self._wait_zero(deadline)
        except ScaleError as error:
            raise self._interactive_failure(error, "the weight was not taken off") from None
        return [("test_weight_g", str(loaded.grams)), ("back_to_zero", "yes")]

    def _wait_zero(self, deadline: float) -> ScaleReading:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ScaleError(FaultReason.TIMEOUT, "the scale did not return to zero")
            try:
                reading = self._request("weigh", min(self.answer_timeout, remaining))
            except ScaleError as error:
                if error.reason not in (FaultReason.TIMEOUT, FaultReason.PROTOCOL_ERROR):
                    raise
            else:
                if reading.state is ScaleState.ZERO:
                    return reading
            self._stop.wait(min(self.poll_interval, max(0.0, deadline - time.monotonic())))

    @staticmethod
    def _interactive_failure(error: ScaleError, what: str) -> HealthCheckFailed:
        if error.reason is FaultReason.TIMEOUT:
            return HealthCheckFailed(FaultReason.INTERACTIVE_TIMEOUT, f"{what}: {error.detail}")
        return HealthCheckFailed(error.reason, f"{what}: {error.detail}")

    # -- the thread --

    def _open_port(self) -> serial.SerialBase:
        return serial.serial_for_url(
            self.url,
            baudrate=self.baudrate,
            bytesize=self.bytesize,
            parity=self.parity,
            stopbits=self.stopbits,
            timeout=READ_TIMEOUT,
        )

    def _run(self, ready: threading.Event) -> None:
        try:
            while not self._stop.is_set():
                if self._port is None:
                    if not self._connect():
                        ready.set()
                        self._fail_jobs(
                            ScaleError(self.status.reason or FaultReason.OTHER, str(self.status))
                        )
                        self._stop.wait(self.reconnect_interval)
                        continue
                    try:
                        self._guarded(self._probe)
                    finally:
                        ready.set()
                    continue
                self._guarded(self._step)
        except _Stopped:
            pass
        except Exception:
            self.log.exception("scale thread failed")
            self._set_status(DeviceState.ERROR, FaultReason.OTHER, "scale thread failed")
        finally:
            self._release_port()
            self._fail_jobs(ScaleError(FaultReason.OTHER, "the scale was closed"))
            ready.set()

    def _connect(self) -> bool:
        try:
            port = self._open_port()
        except (*PORT_ERRORS, ValueError) as error:
            # termios.error: line settings the port refuses (a pty refuses 7E1 once set up)
            reason = FaultReason.UNPLUGGED if self._unplugged else open_fault(error)
            self._set_status(DeviceState.OFFLINE, reason, str(error))
            return False
        self._port = port
        self._framer.reset()
        self._answering = False
        self._misses = 0
        return True

    def _release_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(Exception):
                port.close()

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except _PortLost as lost:
            if self._stop.is_set():
                raise _Stopped from None
            self._lose_port(str(lost))

    def _step(self) -> None:
        """Do the next thing: a queued request, a due probe or poll, or wait for one."""
        try:
            job: _Job | None = self._jobs.get_nowait()
        except queue.Empty:
            job = None
        if job is not None:
            self._run_job(job)
            return
        now = time.monotonic()
        if not self._answering:
            if now >= self._next_probe:
                self._probe()
                return
        elif self.enabled and now >= self._next_poll:
            self._next_poll = now + self.poll_interval
            with contextlib.suppress(_Failed):
                self._weigh(now + self.answer_timeout)
            return
        elif self.keepalive_interval and now >= self._next_keepalive:
            self._probe()
            return
        self._idle_read()

    def _lose_port(self, detail: str) -> None:
        self._release_port()
        self._framer.reset()
        self._answering = False
        self._emitted = None
        self._unplugged = True
        self._lost = True
        self.statistics.increment(UNPLUGS)
        self._set_status(DeviceState.OFFLINE, FaultReason.UNPLUGGED, detail)

    def _idle_read(self) -> None:
        """Wait for something to do; a pulled cable shows up here as a failed read."""
        port = self._port
        assert port is not None
        try:
            data = port.read(max(1, port.in_waiting))
        except PORT_ERRORS as error:
            raise _PortLost(str(error)) from error
        if data:
            # The scale speaks only when asked: this is noise or a very late answer.
            for result in self._framer.feed(data):
                if isinstance(result, FrameError):
                    self._bad_answer(str(result), result)
            self._framer.reset()

    def _run_job(self, job: _Job) -> None:
        if job.cancelled:
            return
        deadline = time.monotonic() + job.timeout
        try:
            if job.action == "weigh":
                job.result = self._weigh(deadline)
            elif job.action == "zero":
                job.result = self._zero(deadline)
            else:
                raise ValueError(f"unknown job {job.action!r}")
        except _Failed as failure:
            job.error = ScaleError(failure.reason, failure.detail, self._last)
        except _PortLost as lost:
            job.error = ScaleError(FaultReason.UNPLUGGED, f"the scale went away: {lost}")
            raise
        except _Stopped:
            job.error = ScaleError(FaultReason.OTHER, "the scale was closed")
            raise
        finally:
            job.done.set()

    def _probe(self) -> None:
        """Ask for the status: is the scale there, and is anything wrong with it?"""
        now = time.monotonic()
        self._next_probe = now + self.reconnect_interval
        with contextlib.suppress(_Failed):
            status = self._ask_status(now + self.answer_timeout)
            self._answered(reading_for_status(status))

    def _weigh(self, deadline: float) -> ScaleReading:
        body = self._exchange(REQUEST_WEIGHT, deadline)
        value = self._parse(body)
        if isinstance(value, int):
            reading = reading_for_weight(value, body)
        else:
            reading = reading_for_status(value)
            if reading is None and not value.complete:
                reading = reading_for_status(self._ask_status(deadline))
            if reading is None:
                self._failed(
                    FaultReason.PROTOCOL_ERROR,
                    f"no weight and no reason in the answer {body!r} ({value.describe()})",
                    bad=True,
                )
        self._answered(reading)
        assert reading is not None
        return reading

    def _zero(self, deadline: float) -> ScaleReading:
        self._send(REQUEST_ZERO)
        while True:
            answer_by = time.monotonic() + self.answer_timeout
            reading = reading_for_status(self._ask_status(answer_by))
            if reading is None:  # stable, not at zero: the scale refused; say what is on it
                return self._weigh(answer_by)
            self._answered(reading)
            remaining = deadline - time.monotonic()
            if reading.state is not ScaleState.MOVING or remaining <= 0:
                return reading
            self._stop.wait(min(READ_TIMEOUT, remaining))

    def _ask_status(self, deadline: float) -> ScaleStatus:
        body = self._exchange(REQUEST_STATUS, deadline)
        value = self._parse(body)
        if not isinstance(value, ScaleStatus):
            self._failed(
                FaultReason.PROTOCOL_ERROR, f"a weight {body!r} for a status request", bad=True
            )
            raise AssertionError  # not reached: _failed raises
        return value

    def _parse(self, body: bytes) -> int | ScaleStatus:
        try:
            return parse_frame(body)
        except ProtocolError as error:
            self._bad_answer(str(error), error)
            self._failed(FaultReason.PROTOCOL_ERROR, str(error))
            raise AssertionError from None  # not reached: _failed raises

    def _send(self, request: bytes) -> None:
        port = self._port
        assert port is not None
        try:
            port.reset_input_buffer()
            self._framer.reset()
            port.write(request)
        except PORT_ERRORS as error:
            raise _PortLost(str(error)) from error

    def _exchange(self, request: bytes, deadline: float) -> bytes:
        """Send ``request`` and return the body of the first frame that comes back."""
        self._send(request)
        port = self._port
        assert port is not None
        garbled = ""
        while time.monotonic() < deadline:
            if self._stop.is_set():
                raise _Stopped
            try:
                data = port.read(max(1, port.in_waiting))
            except PORT_ERRORS as error:
                raise _PortLost(str(error)) from error
            for result in self._framer.feed(data):
                if isinstance(result, Frame):
                    self._framer.reset()
                    return result.body
                garbled = str(result)
                self._bad_answer(garbled, result)
                if result.raw.endswith(CR):  # a whole line, not a frame: that was the answer
                    self._framer.reset()
                    self._failed(
                        FaultReason.PROTOCOL_ERROR, f"no valid answer to {request!r}: {garbled}"
                    )
        pending = self._framer.pending
        self._framer.reset()
        if pending:
            garbled = f"incomplete answer {pending!r}"
            self._bad_answer(garbled, None)
        if garbled:
            self._failed(FaultReason.PROTOCOL_ERROR, f"no valid answer to {request!r}: {garbled}")
        self._failed(FaultReason.TIMEOUT, f"no answer to {request!r}")
        raise AssertionError  # not reached: _failed raises

    # -- what answers and failures mean --

    def _bad_answer(self, detail: str, cause: object) -> None:
        self.statistics.increment(BAD_ANSWERS)
        self.log.info("bad answer from the scale: %s", detail)
        self._emit(ErrorEvent(FaultReason.PROTOCOL_ERROR, detail, cause))

    def _failed(self, reason: FaultReason, detail: str, *, bad: bool = False) -> None:
        """Count a request that got no usable answer, change the status if due, raise."""
        if bad:
            self._bad_answer(detail, None)
        state = DeviceState.OFFLINE if reason is FaultReason.TIMEOUT else DeviceState.ERROR
        if self._answering:
            self._misses += 1
            if reason is FaultReason.TIMEOUT:
                self.statistics.increment(TIMEOUTS)
                self._emit(ErrorEvent(FaultReason.TIMEOUT, detail))
            if self._misses >= self.max_misses:
                self._answering = False
                self._lost = True
                self._emitted = None
                self._set_status(state, reason, f"{detail} ({self._misses} times)")
        else:
            self._set_status(state, reason, detail)
        raise _Failed(reason, detail)

    def _answered(self, reading: ScaleReading | None) -> None:
        """The scale gave a valid answer: note the reading, set the status, emit."""
        self._misses = 0
        self._answering = True
        self._unplugged = False
        self._next_keepalive = time.monotonic() + self.keepalive_interval
        if self._lost:
            self._lost = False
            self.statistics.increment(RECONNECTS)
        if reading is None:  # a status with nothing wrong: stable, with a weight on
            self._set_status(DeviceState.ONLINE, None, "answering")
            return
        previous, self._last = self._last, reading
        state = reading.state
        changed = previous is None or previous.state is not state
        new_weight = previous is None or previous.grams != reading.grams
        if state is ScaleState.STABLE and (changed or new_weight):
            self.statistics.increment(STABLE_READINGS)
        elif changed and state is ScaleState.OVERLOAD:
            self.statistics.increment(OVERLOADS)
        elif changed and state is ScaleState.UNDER_ZERO:
            self.statistics.increment(UNDER_ZERO)
        elif changed and state is ScaleState.ERROR:
            self.statistics.increment(SCALE_ERRORS)
        fault = _STATE_FAULTS.get(state)
        if fault is None:
            self._set_status(DeviceState.ONLINE, None, "answering")
        else:
            self._set_status(DeviceState.ERROR, fault, str(reading))
        key = (state, reading.grams)
        if self.enabled and key != self._emitted:
            self._emitted = key
            self._emit(DataEvent(reading))
