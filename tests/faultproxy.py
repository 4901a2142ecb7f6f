"""A fault-injecting TCP proxy for the sync tests: real bytes from a real server, broken on purpose.

``FaultProxy(target_port)`` listens on 127.0.0.1 (a random port) and forwards every
connection to ``127.0.0.1:target_port``.  ``proxy.inject(*faults, connections=K)`` arms
faults for the next K connections; later connections pass untouched, so a client that
retries on a new connection can succeed.  Calls queue up: ``inject(cut, connections=1)``
then ``inject(refuse, connections=3)`` cuts the first connection and refuses the next
three.  Each fault fires once per faulty connection, at a byte offset of one direction of
the stream:

* ``Fault.cut(at)``          close both sides after ``at`` bytes
* ``Fault.stall(at, s)``     stop forwarding for ``s`` seconds, then go on
* ``Fault.bye(at)``          send ``* BYE fault injected`` to the client, then close
* ``Fault.garbage(at)``      send the client a line no IMAP parser accepts, then go on
* ``Fault.throttle(rate)``   forward at most ``rate`` bytes/s from the start
* ``Fault.refuse()``         reset the connection as soon as it is accepted

``at`` is an absolute byte offset or an ``After(pattern, plus)``: ``plus`` bytes past the
first ``pattern`` in that direction (``After(b"* SEARCH")`` is during a SEARCH reply,
``After(b"BODY[] {", 300)`` is inside the first message literal of a FETCH).  Patterns need
cleartext: run the client with ``security = "none"``.  Direction ``"down"`` is server to
client (the default), ``"up"`` client to server.

``proxy.fired`` lists what fired (``(connection, description)``), so a test can assert that
its fault really happened rather than passing on a pattern that never came.  Everything is
bounded: sockets time out, stalls wake on ``stop()``, threads are daemons joined with a
timeout.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Self

__all__ = ["BYE_LINE", "GARBAGE_LINE", "After", "Fault", "FaultProxy"]

BYE_LINE = b"* BYE fault injected\r\n"
GARBAGE_LINE = b")) garbled \x00\xff by the fault proxy {7\r\n"
CHUNK = 64 * 1024
IDLE_TIMEOUT = 120.0  # a forwarding thread gives up on a socket silent this long


@dataclass(frozen=True)
class After:
    """``plus`` bytes past the start of the first ``pattern`` seen in the stream.

    ``pattern`` may be a tuple of alternatives: whichever comes first (a UID listing is
    ``* SEARCH ...`` or ``* 1 FETCH (UID 1)``, depending on how the client asks).
    """

    pattern: bytes | tuple[bytes, ...]
    plus: int = 0

    def find(self, data: bytes) -> int:
        """Where the first alternative starts in `data`, or -1."""
        patterns = self.pattern if isinstance(self.pattern, tuple) else (self.pattern,)
        found = [index for index in (data.find(p) for p in patterns) if index >= 0]
        return min(found, default=-1)


@dataclass(frozen=True)
class Fault:
    kind: str  # cut, stall, bye, garbage, throttle, refuse
    at: int | After = 0
    direction: str = "down"  # down: server -> client; up: client -> server
    seconds: float = 0.0  # stall
    rate: int = 0  # throttle, bytes per second

    @classmethod
    def cut(cls, at: int | After, direction: str = "down") -> Fault:
        return cls("cut", at, direction)

    @classmethod
    def stall(cls, at: int | After, seconds: float, direction: str = "down") -> Fault:
        return cls("stall", at, direction, seconds=seconds)

    @classmethod
    def bye(cls, at: int | After) -> Fault:
        return cls("bye", at, "down")

    @classmethod
    def garbage(cls, at: int | After) -> Fault:
        return cls("garbage", at, "down")

    @classmethod
    def throttle(cls, rate: int, direction: str = "down") -> Fault:
        return cls("throttle", 0, direction, rate=rate)

    @classmethod
    def refuse(cls) -> Fault:
        return cls("refuse")

    def describe(self) -> str:
        where = f"{self.at.pattern!r}+{self.at.plus}" if isinstance(self.at, After) else str(self.at)
        return f"{self.kind} {self.direction} at {where}"


class _Cut(Exception):
    """Raised inside a pump to close the connection."""


@dataclass
class _Stream:
    """One direction of one connection: where it is and which faults are still to come."""

    faults: list[Fault]
    forwarded: int = 0
    tail: bytes = b""  # the last bytes forwarded, to find patterns across chunks
    resolved: dict[int, int] = field(default_factory=dict)  # fault index -> absolute offset

    def position_of(self, index: int, fault: Fault, data: bytes) -> int | None:
        """The absolute offset at which `fault` fires, if known by the end of `data`."""
        if isinstance(fault.at, int):
            return fault.at
        if index not in self.resolved:
            window = self.tail + data
            found = fault.at.find(window)
            if found < 0:
                return None
            self.resolved[index] = self.forwarded - len(self.tail) + found + fault.at.plus
        return self.resolved[index]


class FaultProxy:
    host = "127.0.0.1"

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server((self.host, 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.fired: list[tuple[int, str]] = []
        self.connections = 0
        self._schedule: list[tuple[Fault, ...]] = []  # the faults of each next connection, in order
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, name="faultproxy-accept", daemon=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self._acceptor.start()

    def stop(self) -> None:
        self._stop.set()
        # The acceptor first: once it is gone no connection can open behind our back.
        self._acceptor.join(timeout=5)
        self.listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)  # wakes a pump blocked in recv() or sendall()
        for thread in list(self._threads):
            thread.join(timeout=5)
        for sock in sockets:
            sock.close()

    def inject(self, *faults: Fault, connections: int = 1) -> None:
        """Apply `faults` to `connections` more connections, after those already armed."""
        with self._lock:
            self._schedule += [faults] * connections

    def clear(self) -> None:
        """No faults for the connections to come."""
        with self._lock:
            self._schedule.clear()

    def server_like(self, server) -> SimpleNamespace:
        """What syncsetup.write_config reads from a server, pointing at this proxy."""
        return SimpleNamespace(host=self.host, port=self.port, tls_port=self.port, ca_file=server.ca_file)

    # -- connections -------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                number = self.connections
                self.connections += 1
                faults = self._schedule.pop(0) if self._schedule else ()
            if any(f.kind == "refuse" for f in faults):
                self._record(number, Fault.refuse())
                _reset(client)
                continue
            self._open(number, client, faults)

    def _open(self, number: int, client: socket.socket, faults: tuple[Fault, ...]) -> None:
        try:
            server = socket.create_connection(self.target, timeout=10)
        except OSError:
            _close(client)
            return
        for sock in (client, server):
            sock.settimeout(IDLE_TIMEOUT)
        with self._lock:
            self._sockets += [client, server]
        pumps_left = [2]  # the last pump to end closes both sockets
        for direction, source, sink in (("down", server, client), ("up", client, server)):
            mine = [f for f in faults if f.direction == direction]
            thread = threading.Thread(
                target=self._pump,
                args=(number, source, sink, _Stream(mine), pumps_left),
                name=f"faultproxy-{number}-{direction}",
                daemon=True,
            )
            self._threads.append(thread)
            thread.start()

    def _pump(
        self, number: int, source: socket.socket, sink: socket.socket, stream: _Stream, pumps_left: list[int]
    ) -> None:
        try:
            while not self._stop.is_set():
                data = source.recv(CHUNK)
                if not data:
                    break
                self._forward(number, sink, stream, data)
        except (_Cut, OSError):
            pass
        finally:
            # Either side gone or cut: the other side sees the connection close, as with a real drop.
            # Shut down only: closing a socket the other pump may be entering recv() on lets the
            # kernel hand its fd number to a new socket, which that recv() would then read.
            _shutdown(source)
            _shutdown(sink)
            with self._lock:
                pumps_left[0] -= 1
                last = pumps_left[0] == 0
            if last:
                source.close()
                sink.close()

    def _forward(self, number: int, sink: socket.socket, stream: _Stream, data: bytes) -> None:
        while data:
            due = self._next_due(stream, data)
            if due is None:
                self._send(sink, stream, data)
                return
            index, fault, offset = due
            self._send(sink, stream, data[:offset])
            data = data[offset:]
            stream.faults[index] = replace(fault, kind="done")
            self._record(number, fault)
            self._fire(fault, sink)

    def _next_due(self, stream: _Stream, data: bytes) -> tuple[int, Fault, int] | None:
        """The first fault that fires within `data`: (its index, it, offset into `data`)."""
        due = []
        for index, fault in enumerate(stream.faults):
            if fault.kind in ("done", "throttle"):
                continue
            position = stream.position_of(index, fault, data)
            if position is not None and position < stream.forwarded + len(data):
                due.append((max(position - stream.forwarded, 0), index, fault))
        if not due:
            return None
        offset, index, fault = min(due, key=lambda item: (item[0], item[1]))
        return index, fault, offset

    def _fire(self, fault: Fault, sink: socket.socket) -> None:
        if fault.kind == "cut":
            raise _Cut()
        if fault.kind == "stall":
            self._stop.wait(fault.seconds)
        elif fault.kind == "bye":
            sink.sendall(BYE_LINE)
            raise _Cut()
        elif fault.kind == "garbage":
            sink.sendall(GARBAGE_LINE)

    def _send(self, sink: socket.socket, stream: _Stream, data: bytes) -> None:
        if not data:
            return
        rate = next((f.rate for f in stream.faults if f.kind == "throttle"), 0)
        step = max(1, rate // 20) if rate else len(data)
        for start in range(0, len(data), step):
            piece = data[start : start + step]
            sink.sendall(piece)
            if rate:
                self._stop.wait(len(piece) / rate)
        stream.forwarded += len(data)
        stream.tail = (stream.tail + data)[-256:]

    def _record(self, number: int, fault: Fault) -> None:
        with self._lock:
            self.fired.append((number, fault.describe()))


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _close(sock: socket.socket) -> None:
    _shutdown(sock)
    sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with an RST (SO_LINGER 0): the client sees "connection reset", not a polite EOF."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


def wait_until(condition, timeout: float = 10.0, step: float = 0.01) -> bool:
    """Poll `condition()` until true or `timeout` s: True if it came true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
