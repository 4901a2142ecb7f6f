"""A real Courier-IMAP for tests, unpacked from Debian's packages (never installed).

Debian's courier-imap conflicts with dovecot-imapd, so it cannot be installed beside the
test Dovecot; but its binaries run fine from a directory: ``unpack(dest)`` runs
``apt-get download`` for the packages below and ``dpkg -x`` into ``dest`` (needs the
network: run it from the machine set-up, ``python tests/courier.py --unpack DIR``, not from
a test).  ``find_courier()`` looks in ``$MAILCRM_COURIER_ROOT``, else
``/var/cache/mailcrm-test/courier``.

``CourierServer`` runs the real ``imapd`` (the part that speaks IMAP after login) behind a
tiny login front end in this process, on a random 127.0.0.1 port, cleartext only: Courier's
own login chain (couriertcpd, imaplogin, authdaemond) wants its configuration and sockets at
compiled-in /etc and /run paths.  The front end answers the greeting, CAPABILITY and LOGIN,
then hands the socket to ``imapd`` as stdin/stdout with ``AUTHENTICATED`` and ``IMAPLOGINTAG``
set, exactly as imaplogin does; imapd answers ``<tag> OK LOGIN Ok.`` and serves the session.
(imapd quits silently unless TCPREMOTEIP, TCPREMOTEPORT and TCPLOCALPORT are set too.)

What Courier 5.0.13 does that Dovecot does not, seen through this server:

* EXAMINE sends no ``[UIDNEXT n]``; ``UID SEARCH UID *`` on an empty folder is ``* SEARCH``;
* folders are ``INBOX.Sent`` etc. (separator ``.``), no SPECIAL-USE, no CONDSTORE;
* a folder only ever EXAMINEd gets a new UIDVALIDITY in every session: Courier writes its
  UID database (``courierimapuiddb``) on a read-write SELECT only.  ``append_many`` SELECTs
  the folder once, as the user's mail client would have;
* imapd wants a FAM/Gamin server: without one each session waits 1-2 s and starts with
  ``* OK [ALERT] Filesystem notification initialization error``.  ``start()`` runs the
  unpacked ``gam_server`` as a child (its own ``GAM_CLIENT_ID``) and ``stop()`` ends it.

Mail is Maildir under the server's temp dir, written directly (``append_many``).
"""

from __future__ import annotations

import imaplib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Self

PACKAGES = ("courier-imap", "courier-base", "courier-authlib", "libcourier-unicode4", "libgamin0", "libidn12", "gamin")
DEFAULT_ROOT = "/var/cache/mailcrm-test/courier"
# Debian's /etc/courier/imapd default
CAPABILITIES = "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE"
FOLDERS = ("Sent", "Drafts", "Trash", "Archive")  # created for every user, as INBOX.<name>
LOGIN = re.compile(rb'^(\S+) LOGIN "?([^" ]+)"? "?([^"]*)"?\r\n$', re.IGNORECASE)
_MAILDIR_FLAG = {"\\draft": "D", "\\flagged": "F", "\\answered": "R", "\\seen": "S", "\\deleted": "T"}
PRELOGIN_TIMEOUT = 30.0


class CourierNotFound(RuntimeError):
    pass


def unpack(dest: str | Path) -> Path:
    """Download Courier's packages (apt-get) and unpack them into `dest`; returns `dest`."""
    dest = Path(dest)
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=download, check=True, timeout=300, capture_output=True)
        dest.mkdir(parents=True, exist_ok=True)
        for deb in sorted(Path(download).glob("*.deb")):
            subprocess.run(["dpkg", "-x", str(deb), str(dest)], check=True, timeout=120)
    return dest


def find_courier() -> Path:
    root = Path(os.environ.get("MAILCRM_COURIER_ROOT", DEFAULT_ROOT))
    if not (root / "usr/bin/imapd").is_file():
        raise CourierNotFound(f"no Courier imapd under {root}: run `python tests/courier.py --unpack {root}`")
    return root


class CourierServer:
    host = "127.0.0.1"
    ca_file = ""  # cleartext only: configs use security = "none"

    def __init__(self, root: Path | None = None) -> None:
        self.courier = root or find_courier()
        self.users: dict[str, str] = {}
        self._files = 0  # message files written: their names sort in writing order
        self.root = Path(tempfile.mkdtemp(prefix="mailcrm-courier-"))
        self.listener = socket.create_server((self.host, 0))
        self.listener.settimeout(0.2)
        self.port = self.tls_port = self.listener.getsockname()[1]
        self._stop = threading.Event()
        self._sessions: list[subprocess.Popen] = []
        self._gamin_id = f"mailcrm-test-{os.getpid()}-{self.port}"
        self._gamin: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._acceptor = threading.Thread(target=self._accept_loop, name="courier-accept", daemon=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self._gamin = subprocess.Popen(
            [str(self.courier / "usr/libexec/gam_server"), "--notimeout", self._gamin_id],
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._acceptor.start()

    def stop(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        self.listener.close()
        with self._lock:
            sessions = list(self._sessions)
        for process in [*sessions, *([self._gamin] if self._gamin else [])]:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=5)
        shutil.rmtree(self.root, ignore_errors=True)

    # -- mail ----------------------------------------------------------------------

    def add_user(self, login: str, password: str) -> None:
        self.users[login] = password
        maildir = self.maildir(login, "INBOX")
        for folder in ("INBOX", *FOLDERS):
            path = self.maildir(login, folder)
            for sub in ("cur", "new", "tmp"):
                (path / sub).mkdir(parents=True, exist_ok=True)
            if path != maildir:
                (path / "maildirfolder").touch()

    def maildir(self, login: str, folder: str) -> Path:
        """INBOX is the Maildir itself; INBOX.Sent (or Sent) is its .Sent subfolder."""
        base = self.root / "home" / login / "Maildir"
        name = folder[len("INBOX.") :] if folder.upper().startswith("INBOX.") else folder
        return base if name.upper() == "INBOX" else base / f".{name}"

    def append_many(self, login: str, folder: str, raws: Iterable[bytes], flags: Iterable[str] = ()) -> int:
        info = "".join(sorted(_MAILDIR_FLAG[f.lower()] for f in flags))
        cur = self.maildir(login, folder) / "cur"
        count = 0
        for count, raw in enumerate(raws, 1):
            # Courier gives new files UIDs in name order
            name = f"{int(time.time())}.M{self._files + count:06d}P{os.getpid()}.test,S={len(raw)}:2,{info}"
            (cur / name).write_bytes(raw)
        self._files += count
        self.select_once(login, folder)
        return count

    def select_once(self, login: str, folder: str) -> None:
        """Open the folder read-write once, as a mail client would: Courier saves its UIDs then."""
        client = imaplib.IMAP4(self.host, self.port, timeout=30)
        try:
            client.login(login, self.users[login])
            name = folder if folder.upper().startswith("INBOX") else f"INBOX.{folder}"
            typ, data = client.select(name)
            if typ != "OK":
                raise RuntimeError(f"SELECT {name} failed: {data!r}")
        finally:
            client.logout()

    # -- sessions ------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._prelogin, args=(conn, peer), daemon=True).start()

    def _prelogin(self, conn: socket.socket, peer) -> None:
        """Greeting, CAPABILITY, LOGIN; then imapd takes the socket over."""
        conn.settimeout(PRELOGIN_TIMEOUT)
        try:
            conn.sendall(f"* OK [CAPABILITY {CAPABILITIES}] Courier-IMAP ready (mailcrm test front end)\r\n".encode())
            while not self._stop.is_set():
                line = read_line(conn)
                if not line:
                    return
                tag = line.split(b" ", 1)[0]
                command = line[len(tag) :].strip().split(b" ", 1)[0].upper()
                if command == b"CAPABILITY":
                    conn.sendall(f"* CAPABILITY {CAPABILITIES}\r\n".encode() + tag + b" OK CAPABILITY completed\r\n")
                elif command == b"LOGOUT":
                    conn.sendall(b"* BYE Courier-IMAP server shutting down\r\n" + tag + b" OK LOGOUT completed\r\n")
                    return
                elif command == b"LOGIN":
                    match = LOGIN.match(line)
                    login = match.group(2).decode() if match else ""
                    if match and self.users.get(login) == match.group(3).decode():
                        self._hand_over(conn, peer, login, tag.decode())
                        return
                    conn.sendall(tag + b" NO Login failed.\r\n")
                else:
                    conn.sendall(tag + b" BAD Please log in first.\r\n")
        except OSError:
            pass
        finally:
            conn.close()  # imapd has its own copy of the socket by now

    def _env(self) -> dict[str, str]:
        lib = self.courier / "usr/lib"
        return {
            "PATH": "/usr/bin:/bin",
            "LD_LIBRARY_PATH": f"{lib / 'x86_64-linux-gnu'}:{lib}",
            "GAM_CLIENT_ID": self._gamin_id,
        }

    def _hand_over(self, conn: socket.socket, peer, login: str, tag: str) -> None:
        env = {
            **self._env(),
            "HOME": str(self.root / "home" / login),
            "AUTHENTICATED": login,
            "IMAPLOGINTAG": tag,
            "TCPREMOTEIP": peer[0],
            "TCPREMOTEPORT": str(peer[1]),
            "TCPLOCALPORT": str(self.port),
            "IMAP_CAPABILITY": CAPABILITIES,
        }
        with open(self.root / "imapd.log", "ab") as log:
            process = subprocess.Popen(
                [str(self.courier / "usr/bin/imapd")],
                stdin=conn.fileno(),
                stdout=conn.fileno(),
                stderr=log,
                cwd=env["HOME"],
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        with self._lock:
            self._sessions.append(process)


def read_line(conn: socket.socket, limit: int = 8192) -> bytes:
    """One CRLF-terminated line, read a byte at a time so nothing meant for imapd is consumed."""
    line = bytearray()
    while not line.endswith(b"\r\n") and len(line) < limit:
        byte = conn.recv(1)
        if not byte:
            return b""
        line += byte
    return bytes(line)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--unpack":
        print(unpack(sys.argv[2]))
    else:
        sys.exit(f"usage: {sys.argv[0]} --unpack DIR")
