"""A test-only IMAP proxy that refuses APPEND the way Courier does.

Courier answers ``NO [READ-ONLY] Current box is selected READ-ONLY`` to an APPEND into the
mailbox the same session last EXAMINEd. Dovecot accepts that APPEND, so against the test
Dovecot alone a client that APPENDs after an EXAMINE looks fine. This proxy sits between the
client and the test Dovecot on 127.0.0.1 (plain IMAP: the client must not STARTTLS) and adds
just that refusal. ``refuse`` names APPENDs (counted from 1) to answer ``NO [OVERQUOTA]``, as a
full mailbox would.

Two more of Courier's ways, off unless asked for: ``hide_uidnext`` drops the ``[UIDNEXT n]``
line from SELECT and EXAMINE answers (Courier sends none), and ``empty_uid_search`` answers a
SEARCH with a ``UID`` key (``UID SEARCH UID *``, ``UID SEARCH UID 1:500``) with an empty
``* SEARCH``, as Courier does for ``UID *``.

The selected state is tracked from the commands alone (a refused SELECT is counted as
selected): enough for a client that talks to a healthy server.
"""

from __future__ import annotations

import re
import socket
import threading
from typing import Self

READ_ONLY = b"NO [READ-ONLY] Current box is selected READ-ONLY"
OVER_QUOTA = b"NO [OVERQUOTA] Quota exceeded (refused by the test proxy)"
LITERAL = re.compile(rb"\{(\d+)(\+?)\}\r\n$")
COMMAND = re.compile(rb"(\S+) (?:UID )?(\S+) ?(.*)", re.DOTALL)
UIDNEXT_LINE = re.compile(rb"\* OK \[UIDNEXT \d+\]")
UID_KEY = re.compile(rb"(?:^|[ (])UID ", re.IGNORECASE)
TIMEOUT = 30.0


class CourierLikeProxy:
    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.5)
        self.host, self.port = self.listener.getsockname()[:2]
        self.refuse: set[int] = set()
        self.hide_uidnext = False
        self.alert: bytes | None = None  # sent as "* OK [ALERT] ..." before the answer to LOGIN
        self.empty_uid_search = False
        self.uid_searches = 0  # SEARCH commands with a UID key, answered or not
        self.appends = 0  # APPEND commands seen, refused or not
        self.refusals: list[bytes] = []  # the NO answers the proxy gave
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> Self:
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        self.listener.close()
        for sock in list(self._sockets):
            close_quietly(sock)
        for thread in self._threads:
            thread.join(timeout=5)

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.upstream, timeout=TIMEOUT)
            client.settimeout(TIMEOUT)
            self._sockets += [client, server]
            session = Session(self, client, server)
            self._spawn(session.server_to_client)
            self._spawn(session.client_to_server)

    def decide_append(self, mailbox: bytes, examined: bytes | None) -> bytes | None:
        """The refusal for this APPEND, or None to let the server have it."""
        with self._lock:
            self.appends += 1
            if examined is not None and same_mailbox(mailbox, examined):
                answer = READ_ONLY
            elif self.appends in self.refuse:
                answer = OVER_QUOTA
            else:
                return None
            self.refusals.append(answer)
            return answer


class Session:
    """One client connection: server bytes pass straight through; client commands are read
    one by one (literals included) to track EXAMINE and answer APPEND like Courier."""

    def __init__(self, proxy: CourierLikeProxy, client: socket.socket, server: socket.socket):
        self.proxy, self.client, self.server = proxy, client, server
        self.examined: bytes | None = None  # the mailbox last EXAMINEd, while it stays selected
        self.logging_in: bytes | None = None  # the tag of a LOGIN awaiting its answer
        self.send_lock = threading.Lock()  # both directions may write to the client

    def server_to_client(self) -> None:
        """Server lines and literals go through as they are, less a hidden UIDNEXT."""
        reader = self.server.makefile("rb")
        try:
            while line := reader.readline(1 << 20):
                literal = LITERAL.search(line)
                data = line + (read_exactly(reader, int(literal.group(1))) if literal else b"")
                if self.proxy.hide_uidnext and UIDNEXT_LINE.match(data):
                    continue
                if self.logging_in and self.proxy.alert and data.split(b" ", 1)[0] == self.logging_in:
                    data = b"* OK [ALERT] " + self.proxy.alert + b"\r\n" + data
                    self.logging_in = None
                with self.send_lock:
                    self.client.sendall(data)
        except OSError:
            pass
        finally:
            close_quietly(self.client)

    def client_to_server(self) -> None:
        reader = self.client.makefile("rb")
        try:
            while line := reader.readline(1 << 20):
                self.command(reader, line)
        except OSError:
            pass
        finally:
            close_quietly(self.server)

    def command(self, reader, line: bytes) -> None:
        match = COMMAND.match(line)
        tag, name, rest = match.groups() if match else (b"", b"", b"")
        name = name.upper()
        if name == b"APPEND":
            refusal = self.proxy.decide_append(mailbox_argument(rest), self.examined)
            if refusal is not None:
                self.refuse(reader, tag, line, refusal)
                return
        if name == b"SEARCH" and UID_KEY.search(rest):
            self.proxy.uid_searches += 1
            if self.proxy.empty_uid_search:
                read_literals(reader, line)
                with self.send_lock:
                    self.client.sendall(b"* SEARCH\r\n" + tag + b" OK SEARCH done.\r\n")
                return
        if name == b"LOGIN":
            self.logging_in = tag
        if name in (b"SELECT", b"EXAMINE"):
            self.examined = mailbox_argument(rest) if name == b"EXAMINE" else None
        elif name in (b"CLOSE", b"UNSELECT"):
            self.examined = None
        self.forward(reader, line)

    def forward(self, reader, line: bytes) -> None:
        """The command line and any literals it carries, up to its final line."""
        while True:
            self.server.sendall(line)
            literal = LITERAL.search(line)
            if literal is None:
                return
            self.server.sendall(read_exactly(reader, int(literal.group(1))))
            line = reader.readline(1 << 20)

    def refuse(self, reader, tag: bytes, line: bytes, answer: bytes) -> None:
        # A synchronizing literal is never sent once the server answers instead of "+";
        # a non-synchronizing one ({n+}) is on its way and must be read and dropped.
        literal = LITERAL.search(line)
        if literal and literal.group(2):
            read_exactly(reader, int(literal.group(1)))
            reader.readline(1 << 20)
        with self.send_lock:
            self.client.sendall(tag + b" " + answer + b"\r\n")


def mailbox_argument(rest: bytes) -> bytes:
    """The first argument: a quoted string or an atom (enough for imapclient's commands)."""
    text = rest.strip()
    if text.startswith(b'"'):
        quoted = re.match(rb'"((?:[^"\\]|\\.)*)"', text)
        return re.sub(rb"\\(.)", rb"\1", quoted.group(1)) if quoted else text
    return text.split(b" ", 1)[0]


def same_mailbox(a: bytes, b: bytes) -> bool:
    return a == b or a.upper() == b.upper() == b"INBOX"


def read_literals(reader, line: bytes) -> None:
    """Drop the synchronizing-free literals of a command the proxy answers itself."""
    while (literal := LITERAL.search(line)) and literal.group(2):
        read_exactly(reader, int(literal.group(1)))
        line = reader.readline(1 << 20)


def read_exactly(reader, size: int) -> bytes:
    data = reader.read(size)
    if len(data) != size:
        raise OSError("the client closed the connection inside a literal")
    return data


def close_quietly(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
