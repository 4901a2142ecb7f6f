"""A private, throwaway Dovecot IMAP server for the test suite.

``DovecotServer`` starts ``dovecot -F -c <tmp>/dovecot.conf`` as a child process, with
everything (config, sockets, state, logs, TLS files, users, mail) under one temporary
directory, listening on 127.0.0.1 only, on two random free ports:

* ``port``      plain IMAP; STARTTLS offered, plaintext LOGIN allowed (tests only)
* ``tls_port``  implicit TLS (imaps)

The server certificate (for 127.0.0.1 and localhost) is signed by a throwaway CA made
with the ``openssl`` CLI; ``ca_file`` is that CA's PEM.  It never reads /etc/dovecot,
never touches the distro's own dovecot service, and never binds 143/993.

Users and privileges
--------------------
Dovecot refuses to open mail as uid 0 ("userdb returned 0 as uid"), so when the tests
run as root the mailboxes belong to ``nobody:nogroup`` (any unprivileged uid works; we
create and chown each user's home ourselves).  The master stays root (it needs to be,
to chroot the login processes and switch uid), the internal services run as the
``dovecot`` user and the pre-login processes as ``dovenull``, exactly as the Debian
package intends (both users are created by ``dovecot-core``).  When the tests run as
a normal user, everything (master, services, mail) runs as that user, with chroots off.
The ``dovecot`` auth process therefore needs to read our auth files: the temp root is
0755 and the auth files 0644 (test passwords only).

* passdb: ``passwd-file`` with ``{PLAIN}`` passwords, one file per user (``%u.passwd``):
  Dovecot re-checks a loaded passwd-file at most once a second but reads a new one on
  first use, so a user added by ``add_user`` while the server runs can log in at once.
* userdb: ``dict`` over a ``file:`` dict holding one JSON object per user (uid, gid, home,
  and per-user mailbox settings).  JSON rather than passwd-file extra fields because
  ``create_folder(..., special_use=...)`` gives a single user a special-use mailbox
  through the userdb fields ``namespace/inbox/mailbox/<id>/{name,special_use}``, and
  folder names such as ``Sent Items`` contain spaces, which passwd-file cannot carry.
  (Dovecot 2.3 has no CREATE-SPECIAL-USE: ``CREATE x (USE (\\Junk))`` is accepted and
  ignored.)
* XOAUTH2 / OAUTHBEARER: an ``oauth2`` passdb (restricted to those mechanisms) pointed at a
  tiny token-introspection HTTP server running in this Python process on 127.0.0.1;
  ``issue_token(login)`` returns a bearer token it accepts.

Mail is Maildir with the ``fs`` layout (``maildir:~/Maildir:LAYOUT=fs``), so folder names may
contain ``.`` (the default Maildir++ layout forbids it, real servers do not).  Every user
gets Drafts, Sent, Trash, Junk and Archive, auto-created, subscribed and SPECIAL-USE
flagged.  CONDSTORE/QRESYNC are core IMAP features of Dovecot 2.3 (advertised after
login); ``mail_fsync = never`` keeps it fast.

Processes: the master runs in the foreground (``-F``) as our child, leading its own process
group.  ``stop()`` SIGTERMs it, 50 ms later SIGKILLs the whole group (a graceful Dovecot
shutdown takes ~1.1 s; a throwaway server needs none) and reaps every member: this process
makes itself a child subreaper so the orphaned services come back to it, not to a PID 1
that may never reap them (containers).  The master also gets PR_SET_PDEATHSIG, so if the
test process dies without ``stop()`` (SIGKILL) Dovecot shuts down by itself; the catch is
that this fires when the *thread* that called ``start()`` exits: start servers from
long-lived threads (pytest's main thread is fine).

A failed login answers after ~0.5 s whatever ``auth_failure_delay`` says (Dovecot flushes
delayed failures on a 0.5 s timer).

A plainer server (``plain_server()``): many providers have no CONDSTORE, SPECIAL-USE or
UIDPLUS.  ``capabilities=`` sets Dovecot's ``imap_capability`` (it replaces the CAPABILITY
list before and after login) and ``special_use=False`` drops the special-use flags from LIST
(Dovecot lists them whether SPECIAL-USE is advertised or not).  What Dovecot 2.3.19 still
does, checked with raw imaplib sessions:

* UIDNEXT is always sent on EXAMINE.
* HIGHESTMODSEQ is sent only to a client that enabled CONDSTORE (``ENABLE CONDSTORE`` or a
  CHANGEDSINCE/MODSEQ command), which it still accepts unadvertised; mailcrm enables it
  only when advertised, so against this server it sees no HIGHESTMODSEQ.
* APPEND still answers ``[APPENDUID ...]`` (``append`` here relies on it).
"""

from __future__ import annotations

import atexit
import ctypes
import email.utils
import http.server
import json
import os
import pwd
import grp
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import weakref
from datetime import datetime
from pathlib import Path
from typing import Iterable

import imapclient
from imapclient.response_parser import parse_fetch_response

__all__ = [
    "DovecotServer",
    "DovecotError",
    "DovecotNotFound",
    "fetch_all",
    "find_dovecot",
    "plain_server",
    "PLAIN_CAPABILITIES",
]

DEFAULT_USERS = {
    "lisa@hengtai-valve.com": "lisa-secret",
    "tom@hengtai-valve.com": "tom-secret",
    "manager@hengtai-valve.com": "manager-secret",
}

SPECIAL_USE_FOLDERS = {  # name -> flag; auto-created and subscribed for every user
    "Drafts": "\\Drafts",
    "Sent": "\\Sent",
    "Trash": "\\Trash",
    "Junk": "\\Junk",
    "Archive": "\\Archive",
}
# Dovecot 2.3's list less CONDSTORE, QRESYNC, SPECIAL-USE, UIDPLUS (and the newer extensions).
PLAIN_CAPABILITIES = (
    "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES "
    "MULTIAPPEND UNSELECT CHILDREN NAMESPACE LIST-EXTENDED I18NLEVEL=1"
)
SPECIAL_USE_FLAGS = {"\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash", "\\Important"}

# Maildir info-flags for the system flags append_many can set.
_MAILDIR_FLAG = {"\\draft": "D", "\\flagged": "F", "\\answered": "R", "\\seen": "S", "\\deleted": "T"}

_LOGIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,200}$")  # Dovecot's auth_username_chars

_live_servers: "weakref.WeakSet[DovecotServer]" = weakref.WeakSet()


class DovecotError(RuntimeError):
    """Dovecot failed to start, or a doveadm command failed."""


class DovecotNotFound(DovecotError):
    """The dovecot binaries are not installed."""


def find_dovecot() -> tuple[str, str]:
    """Return (dovecot, doveadm) paths or raise DovecotNotFound with the fix."""
    found = []
    for name in ("dovecot", "doveadm"):
        path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin")
        if path is None:
            raise DovecotNotFound(
                f"'{name}' not found: the test suite needs Dovecot 2.3 "
                "(run scripts/ensure-test-deps, or apt-get install dovecot-imapd)"
            )
        found.append(path)
    if shutil.which("openssl") is None:
        raise DovecotNotFound("'openssl' not found (run scripts/ensure-test-deps)")
    return found[0], found[1]


def _base_dir() -> str:
    """Where server directories go: $MAILCRM_TEST_TMPDIR, else /dev/shm when it is a roomy
    tmpfs (creating Maildir files there is 20-40x faster than on a busy disk, which is what
    bulk loads spend their time on), else the usual temp dir."""
    explicit = os.environ.get("MAILCRM_TEST_TMPDIR")
    if explicit:
        return explicit
    try:
        st = os.statvfs("/dev/shm")
        if st.f_bavail * st.f_frsize >= 4 << 30 and os.access("/dev/shm", os.W_OK | os.X_OK):
            return "/dev/shm"
    except OSError:
        pass
    return tempfile.gettempdir()


def _remove_stale_roots(base: str, min_age: float = 3600) -> None:
    """Delete server directories left by killed test runs (stop() never ran): over an hour
    old and with no live master process."""
    for path in Path(base).glob("mailcrm-dovecot-*"):
        try:
            if time.time() - path.stat().st_mtime < min_age:
                continue
            pid = int((path / "run" / "master.pid").read_text().strip() or 0)
        except FileNotFoundError:
            pid = 0
        except (OSError, ValueError):
            continue
        if pid:
            try:
                os.kill(pid, 0)
                continue  # still running
            except ProcessLookupError:
                pass
            except PermissionError:
                continue
        shutil.rmtree(path, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _become_subreaper() -> None:
    # Orphaned descendants (dovecot's services once the master is killed) are re-parented
    # to this process instead of PID 1, so stop() can reap them. Linux only; harmless:
    # nothing else in the test process waits for arbitrary children.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
    except Exception:
        pass


def _set_pdeathsig() -> None:  # runs in the child between fork and exec
    # If the Python process dies without running stop() (SIGKILL, crash), the kernel sends
    # the dovecot master SIGTERM, which shuts all of its children down.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _write_atomic(path: Path, data: str | bytes, mode: int = 0o644) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)  # new inode: Dovecot notices the change even within one second


class _TokenHandler(http.server.BaseHTTPRequestHandler):
    """OAuth2 'introspection_mode = auth': GET with 'Authorization: Bearer <token>'."""

    server: "_TokenServer"

    def do_GET(self) -> None:  # noqa: N802
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        login = self.server.tokens.get(token)
        if login is None:
            body, code = {"active": False, "error": "invalid_token"}, 401
        else:
            body, code = {"active": True, "email": login}, 200
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # keep test output clean
        pass


class _TokenServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _TokenHandler)
        self.tokens: dict[str, str] = {}


class DovecotServer:
    host: str = "127.0.0.1"

    def __init__(
        self,
        users: dict[str, str] | None = None,
        *,
        start_timeout: float = 10.0,
        keep_root: bool = False,
        capabilities: str | None = None,
        special_use: bool = True,
    ) -> None:
        self.dovecot_bin, self.doveadm_bin = find_dovecot()
        self.users: dict[str, str] = dict(DEFAULT_USERS if users is None else users)
        # What CAPABILITY says (Dovecot's imap_capability); None: Dovecot's own list.
        self.capabilities = capabilities
        # False: the standard folders exist but carry no \Sent, \Drafts... flag in LIST.
        self.special_use = special_use
        self.start_timeout = start_timeout
        self.keep_root = keep_root
        self.port = 0
        self.tls_port = 0
        self.root = Path(".")
        self.ca_file = ""
        self.conf_file = ""
        self.log_file = Path(".")
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen | None = None
        self._token_server: _TokenServer | None = None
        self._lock = threading.RLock()
        self._userdb: dict[str, dict[str, str]] = {}
        self._special_use_seq = 0
        self._maildir_seq = 0
        self._root_created = False
        self._setup_identity()

    # ------------------------------------------------------------------ identity
    def _setup_identity(self) -> None:
        self.as_root = os.geteuid() == 0
        if self.as_root:
            for name in ("dovecot", "dovenull"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    raise DovecotNotFound(
                        f"system user '{name}' missing (it comes with dovecot-core; reinstall it)"
                    ) from None
            self.internal_user, self.login_user = "dovecot", "dovenull"
            try:
                nobody = pwd.getpwnam("nobody")
                self.mail_uid, self.mail_gid = nobody.pw_uid, nobody.pw_gid
            except KeyError:  # very unusual; any non-root uid will do
                self.mail_uid = self.mail_gid = 65534
        else:
            me = pwd.getpwuid(os.geteuid())
            self.internal_user = self.login_user = me.pw_name
            self.mail_uid, self.mail_gid = os.geteuid(), os.getegid()
        self.internal_group = grp.getgrgid(pwd.getpwnam(self.internal_user).pw_gid).gr_name

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> "DovecotServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Create the directory, certificates and users, then start Dovecot (~0.1 s)."""
        if self.running:
            return
        t0 = time.monotonic()
        try:
            if not self._root_created:
                self._create_root()
            self._launch(keep_ports=False)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - t0

    def restart(self) -> None:
        """Kill Dovecot and start it again on the same ports, keeping users and mail.

        For tests of a server that goes away: open connections are dropped.
        """
        if not self._root_created:
            return self.start()
        self._terminate()
        try:
            self._launch(keep_ports=True)
        except BaseException:
            self.stop()
            raise

    def _create_root(self) -> None:
        base = _base_dir()
        _remove_stale_roots(base)
        self.root = Path(tempfile.mkdtemp(prefix="mailcrm-dovecot-", dir=base))
        self._root_created = True
        _live_servers.add(self)
        os.chmod(self.root, 0o755)  # the internal 'dovecot' user must reach auth/
        for sub in ("run", "state", "auth", "auth/passwd", "home", "tls"):
            (self.root / sub).mkdir(mode=0o755, exist_ok=True)
        self.log_file = self.root / "dovecot.log"
        self._make_certs()
        self._userdb = {}  # a fresh start after stop(): new homes, no per-user folders
        for login, password in list(self.users.items()):
            self._add_user_files(login, password)
            self._write_passwd(login)
        self._write_userdb()

    def _launch(self, keep_ports: bool) -> None:
        _become_subreaper()
        if self._token_server is None:
            self._token_server = _TokenServer()
            threading.Thread(
                target=self._token_server.serve_forever, args=(0.05,), name="oauth2-introspection", daemon=True
            ).start()
        last_error = ""
        for attempt in range(5):  # a random port can be taken between probe and bind
            if not (keep_ports and attempt == 0 and self.port):
                self.port, self.tls_port = _free_port(), _free_port()
                if self.port == self.tls_port:
                    continue
            self._write_config()
            log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
            with open(self.root / "dovecot.stderr", "ab") as stderr:
                self._proc = subprocess.Popen(
                    [self.dovecot_bin, "-F", "-c", self.conf_file],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    start_new_session=True,  # its own process group: stop() kills all of it
                    preexec_fn=_set_pdeathsig,
                    close_fds=True,
                )
            try:
                self._wait_ready(deadline=time.monotonic() + self.start_timeout)
                return
            except DovecotError as e:
                last_error = str(e)
                self._terminate()
                if "Address already in use" not in self._log_since(log_offset):
                    raise
        raise DovecotError(f"could not bind two free ports in 5 attempts: {last_error}")

    def _wait_ready(self, deadline: float) -> None:
        pending = [self.port, self.tls_port]
        while pending:
            if self._proc is not None and self._proc.poll() is not None:
                raise DovecotError(
                    f"dovecot exited with status {self._proc.returncode} during start-up\n{self.log_tail()}"
                )
            port = pending[0]
            try:
                with socket.create_connection((self.host, port), timeout=1) as s:
                    if port == self.tls_port:
                        ctx = ssl.create_default_context(cafile=self.ca_file)
                        with ctx.wrap_socket(s, server_hostname=self.host) as t:
                            greeting = t.recv(200)
                    else:
                        greeting = s.recv(200)
                if greeting.startswith(b"* OK"):
                    pending.pop(0)
                    continue
            except (OSError, ssl.SSLError):
                pass
            if time.monotonic() > deadline:
                raise DovecotError(
                    f"dovecot did not accept connections on 127.0.0.1:{port} within "
                    f"{self.start_timeout:.0f}s\n{self.log_tail()}"
                )
            time.sleep(0.02)

    def stop(self) -> None:
        """Stop the server and remove its directory (unless keep_root). Idempotent."""
        with self._lock:
            self._terminate()
            if self._token_server is not None:
                self._token_server.shutdown()
                self._token_server.server_close()
                self._token_server = None
            _live_servers.discard(self)
            if self._root_created:
                if not self.keep_root:
                    shutil.rmtree(self.root, ignore_errors=True)
                self._root_created = False

    def _terminate(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        pgid = proc.pid  # start_new_session: the master leads its own process group
        if proc.poll() is None:
            # A graceful master shutdown takes ~1.1 s. A throwaway server needs none: give
            # the master 50 ms to pass SIGTERM on (clients may see "* BYE"), then SIGKILL
            # the whole group.
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait(timeout=5)
        # The master's children were orphaned by the SIGKILL; as child subreaper (see
        # _launch) we inherit and reap them here, rather than leaving zombies behind under
        # a PID 1 that never reaps (as in many containers).
        deadline = time.monotonic() + 2
        while True:
            try:
                if os.waitid(os.P_PGID, pgid, os.WEXITED | os.WNOHANG) is None:
                    # Children of ours in the group, none dead yet: SIGKILL lands shortly.
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.002)
            except ChildProcessError:  # no children of ours left in the group
                break

    # ------------------------------------------------------------------ files
    def _openssl(self, *args: str) -> None:
        r = subprocess.run(["openssl", *args], capture_output=True, cwd=self.root / "tls")
        if r.returncode != 0:
            raise DovecotError(f"openssl {' '.join(args[:2])} failed: {r.stderr.decode(errors='replace')}")

    def _make_certs(self) -> None:
        tls = self.root / "tls"
        (tls / "ca.ext").write_text(
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"
        )
        (tls / "server.ext").write_text(
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
            "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        )
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        self._openssl(
            "req",
            "-x509",
            *ec,
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "30",
            "-subj",
            "/O=mailcrm tests/CN=mailcrm test CA",
            "-extensions",
            "v3_ca",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        )
        self._openssl(
            "req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/O=mailcrm tests/CN=127.0.0.1"
        )
        self._openssl(
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "30",
            "-extfile",
            "server.ext",
        )
        os.chmod(tls / "server.key", 0o600)  # read by the master (root / us) only
        self.ca_file = str(tls / "ca.pem")

    def _home(self, login: str) -> Path:
        return self.root / "home" / login

    def _add_user_files(self, login: str, password: str) -> None:
        if not _LOGIN_RE.match(login):
            raise ValueError(f"unsupported test login {login!r} (letters, digits, . _ @ - only)")
        if any(c in password for c in ":\r\n\0"):
            raise ValueError("test passwords may not contain ':' or line breaks (passwd-file format)")
        home = self._home(login)
        home.mkdir(mode=0o700, exist_ok=True)
        os.chown(home, self.mail_uid, self.mail_gid)
        self.users[login] = password
        self._userdb.setdefault(login, {"uid": str(self.mail_uid), "gid": str(self.mail_gid), "home": str(home)})

    def _write_passwd(self, login: str) -> None:
        line = f"{login}:{{PLAIN}}{self.users[login]}::::::\n"
        _write_atomic(self.root / "auth" / "passwd" / f"{login}.passwd", line)

    def _write_userdb(self) -> None:
        # The file dict re-reads the file whenever its inode changes (_write_atomic renames).
        lines = [
            f"shared/userdb/{login}\n{json.dumps(fields, ensure_ascii=False)}\n"
            for login, fields in self._userdb.items()
        ]
        _write_atomic(self.root / "auth" / "userdb.dict", "".join(lines))

    def _write_config(self) -> None:
        r = self.root
        auth = r / "auth"
        (auth / "dict-userdb.conf.ext").write_text(
            f"uri = file:{auth / 'userdb.dict'}\n"
            "iterate_disable = yes\n"
            "key userdb {\n  key = userdb/%u\n  format = json\n}\n"
            "userdb_objects = userdb\n"
        )
        assert self._token_server is not None
        token_port = self._token_server.server_address[1]
        (auth / "oauth2.conf.ext").write_text(
            "introspection_mode = auth\n"
            f"introspection_url = http://127.0.0.1:{token_port}/introspect\n"
            "force_introspection = yes\n"
            "username_attribute = email\n"
            "active_attribute = active\n"
            "active_value = true\n"
        )
        mailboxes = "".join(
            f"  mailbox {name} {{\n"
            + (f"    special_use = {flag}\n" if self.special_use else "")
            + "    auto = subscribe\n  }\n"
            for name, flag in SPECIAL_USE_FOLDERS.items()
        )
        capability_line = f"imap_capability = {self.capabilities}\n" if self.capabilities else ""
        if self.as_root:
            privileges = ""
        else:  # unprivileged: no chroot, every service runs as us
            privileges = (
                "service imap-login {\n  chroot =\n}\n"
                "service anvil {\n  chroot =\n}\n"
                "service auth {\n  user = $default_internal_user\n}\n"
                "service auth-worker {\n  user = $default_internal_user\n}\n"
            )
        conf = f"""\
# Generated by tests/dovecot.py for one test session; see the module docstring.
instance_name = mailcrm-test-{r.name}
base_dir = {r / "run"}
state_dir = {r / "state"}
log_path = {self.log_file}
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
default_internal_user = {self.internal_user}
default_login_user = {self.login_user}
default_internal_group = {self.internal_group}
first_valid_uid = 1
first_valid_gid = 0
{privileges}
ssl = yes
ssl_cert = <{r / "tls" / "server.pem"}
ssl_key = <{r / "tls" / "server.key"}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no

auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
auth_verbose = yes
passdb {{
  driver = passwd-file
  args = {auth / "passwd"}/%u.passwd
  mechanisms = plain login
}}
passdb {{
  driver = oauth2
  args = {auth / "oauth2.conf.ext"}
  mechanisms = xoauth2 oauthbearer
}}
userdb {{
  driver = dict
  args = {auth / "dict-userdb.conf.ext"}
}}

mail_location = maildir:~/Maildir:LAYOUT=fs
mail_fsync = never
mail_max_userip_connections = 1000
imap_max_line_length = 10M
# log the client ID so tests can see mailcrm identified itself (NetEase needs ID)
imap_id_log = *
{capability_line}namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}

service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
  process_min_avail = 0
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""
        self.conf_file = str(r / "dovecot.conf")
        Path(self.conf_file).write_text(conf)

    # ------------------------------------------------------------------ logs
    def _log_since(self, offset: int) -> str:
        try:
            with open(self.log_file, "rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 30) -> str:
        """The end of the Dovecot log (or of its stderr, where it writes before the log opens)."""
        for path in (self.log_file, self.root / "dovecot.stderr"):
            try:
                text = Path(path).read_text(errors="replace").splitlines()
            except OSError:
                continue
            if text:
                return f"--- {path} (last {min(lines, len(text))} lines)\n" + "\n".join(text[-lines:])
        return "(no dovecot log written)"

    # ------------------------------------------------------------------ users
    def add_user(self, login: str, password: str) -> None:
        """Add a user (or change a password); works while the server runs.

        A new user can log in at once; a changed password takes effect within 1 s
        (Dovecot re-checks a passwd-file at most once a second).
        """
        with self._lock:
            self._add_user_files(login, password)
            if self._root_created:
                self._write_passwd(login)
                self._write_userdb()

    def issue_token(self, login: str) -> str:
        """A bearer token the server accepts for XOAUTH2/OAUTHBEARER as ``login``."""
        if self._token_server is None:
            raise DovecotError("server is not running")
        if login not in self.users:
            raise KeyError(login)
        token = "ya29.test-" + secrets.token_urlsafe(24)
        self._token_server.tokens[token] = login
        return token

    def revoke_token(self, token: str) -> None:
        if self._token_server is not None:
            self._token_server.tokens.pop(token, None)

    # ------------------------------------------------------------------ IMAP helpers
    def connect(
        self, user: str = "lisa@hengtai-valve.com", *, password: str | None = None, timeout: float = 30
    ) -> imapclient.IMAPClient:
        """A logged-in plain (no TLS) connection for test setup and inspection."""
        client = imapclient.IMAPClient(self.host, self.port, ssl=False, timeout=timeout)
        try:
            client.login(user, self.users[user] if password is None else password)
        except BaseException:
            client.shutdown()
            raise
        return client

    def create_folder(
        self, user: str, name: str, special_use: str | None = None, *, subscribe: bool = True, exist_ok: bool = False
    ) -> None:
        """Create folder ``name`` (UTF-8, '/'-separated) for ``user``.

        Without ``special_use`` the folder carries no special-use flag, whatever its name
        (``Sent Items``, ``已发送``, ``草稿箱``): for name-based discovery tests.  With it
        (e.g. ``"\\Sent"``), only this user sees the flag on that name; connections opened
        before the call see it after logging in again.
        """
        with self._lock:
            if special_use is not None:
                flag = special_use if special_use.startswith("\\") else "\\" + special_use
                flag = flag[:2].upper() + flag[2:].lower()
                if flag not in SPECIAL_USE_FLAGS:
                    raise ValueError(f"unknown special-use flag {special_use!r}")
                self._special_use_seq += 1
                key = f"namespace/inbox/mailbox/mcsu{self._special_use_seq}"
                fields = self._userdb[user]
                listed = fields.get("namespace/inbox/mailbox", "")
                fields["namespace/inbox/mailbox"] = f"{listed} mcsu{self._special_use_seq}".strip()
                fields[f"{key}/name"] = name
                fields[f"{key}/special_use"] = flag
                self._write_userdb()
            args = ["mailbox", "create", "-u", user] + (["-s"] if subscribe else []) + [name]
            try:
                self.doveadm(*args)
            except DovecotError as e:
                if not (exist_ok and "already exists" in str(e).lower()):
                    raise

    def append(
        self, user: str, folder: str, raw: bytes, flags: Iterable = (), internaldate: datetime | None = None
    ) -> int:
        """APPEND one message over IMAP; returns its UID (from UIDPLUS' APPENDUID)."""
        client = self.connect(user)
        try:
            resp = client.append(folder, raw, flags=tuple(flags), msg_time=internaldate)
        finally:
            client.logout()
        m = re.search(rb"\[APPENDUID (\d+) (\d+)\]", resp)
        if not m:
            raise DovecotError(f"no APPENDUID in APPEND response: {resp!r}")
        return int(m.group(2))

    def folder_path(self, user: str, folder: str) -> Path:
        return Path(self.doveadm("mailbox", "path", "-u", user, folder).strip())

    def append_many(
        self,
        user: str,
        folder: str,
        raws: Iterable[bytes],
        flags: Iterable[str | bytes] = (),
        internaldate: datetime | str | None = None,
    ) -> int:
        """Bulk-load messages, in order, into an existing folder; returns how many.

        Writes the files straight into the folder's Maildir ``cur/`` (as a local delivery
        agent would; safe while Dovecot runs), named so that Dovecot gives them UIDs in
        input order, then has Dovecot sync the folder, so the UIDs exist on return.
        ~6,000 messages/s for 5 KB messages (20,000 in ~3.5 s).

        ``flags``: system flags (``\\Seen``, ``\\Answered``, ``\\Flagged``, ``\\Draft``,
        ``\\Deleted``) given to every message.  ``internaldate``: a datetime for all, or
        ``"header"`` to take each message's Date: header (falling back to now); default now.
        """
        info = "".join(sorted(_MAILDIR_FLAG[(f if isinstance(f, str) else f.decode()).lower()] for f in flags))
        cur = self.folder_path(user, folder) / "cur"
        if not cur.is_dir():
            # INBOX and the auto-created folders exist on disk only after first access.
            try:
                self.status(user, folder, "messages")
            except DovecotError as e:
                raise DovecotError(f"folder {folder!r} of {user}: {e} (create_folder first)") from None
        if not cur.is_dir():
            raise DovecotError(f"folder {folder!r} of {user} does not exist (create_folder first)")
        fixed_time = internaldate.timestamp() if isinstance(internaldate, datetime) else None
        from_header = internaldate == "header"
        uid, gid = self.mail_uid, self.mail_gid
        chown = os.geteuid() != uid
        now = int(time.time())
        pid = os.getpid()
        with self._lock:
            seq0 = self._maildir_seq
            n = 0
            for n, raw in enumerate(raws, 1):
                # "<secs>.M<usecs>P<pid>...": Dovecot hands out UIDs to new files in this order.
                secs, usecs = divmod(seq0 + n, 1_000_000)
                path = cur / f"{now + secs}.M{usecs:06d}P{pid}.mailcrm,S={len(raw)}:2,{info}"
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                try:
                    _write_all(fd, raw)
                    if chown:
                        os.fchown(fd, uid, gid)
                finally:
                    os.close(fd)
                mtime = fixed_time if fixed_time is not None else _header_date(raw) if from_header else None
                if mtime is not None:  # Maildir's INTERNALDATE is the file's mtime
                    os.utime(path, (mtime, mtime))
            self._maildir_seq = seq0 + n
        # Make Dovecot notice the files now (assigns the UIDs, updates the index).
        self.status(user, folder, "messages")
        return n

    def doveadm(self, *args: str, timeout: float = 300) -> str:
        """Run doveadm against this instance's config; returns stdout, raises with stderr."""
        if not self.conf_file:
            raise DovecotError("server was never started")
        r = subprocess.run(
            [self.doveadm_bin, "-c", self.conf_file, *args],
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        out, err = r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
        if r.returncode != 0:
            raise DovecotError(f"doveadm {' '.join(args)} failed (exit {r.returncode}): {err.strip() or out.strip()}")
        return out

    def status(
        self, user: str, folder: str, fields: str = "messages uidnext uidvalidity highestmodseq"
    ) -> dict[str, int]:
        """``doveadm mailbox status``: e.g. {'messages': 3, 'uidnext': 4, ...}."""
        out = self.doveadm("-f", "tab", "mailbox", "status", "-u", user, fields, folder)
        head, values = out.rstrip("\n").split("\n")[:2]
        return {k: int(v) if v.isdigit() else v for k, v in zip(head.split("\t"), values.split("\t"))}

    def set_uidvalidity(self, user: str, folder: str, value: int) -> None:
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), folder)

    def highestmodseq(self, user: str, folder: str) -> int:
        return int(self.status(user, folder, "highestmodseq")["highestmodseq"])

    def flags_snapshot(self, user: str, folder: str) -> dict[int, tuple[bytes, ...]]:
        """uid -> sorted flags, read with EXAMINE (changes nothing).

        ``\\Recent`` is left out: it is per-session state, not a stored flag.
        """
        client = self.connect(user)
        try:
            exists = client.select_folder(folder, readonly=True)[b"EXISTS"]
            data = fetch_all(client, "FLAGS") if exists else {}
        finally:
            client.logout()
        return {uid: tuple(sorted(f for f in d[b"FLAGS"] if f != b"\\Recent")) for uid, d in data.items()}

    def kick(self, user: str) -> None:
        """Disconnect all of ``user``'s IMAP sessions (doveadm kick); none open is fine."""
        try:
            self.doveadm("kick", user)
        except DovecotError as e:
            if "no users kicked" not in str(e):
                raise


def plain_server(**kwargs) -> DovecotServer:
    """A Dovecot that advertises no CONDSTORE, SPECIAL-USE or UIDPLUS and flags no folder
    (see the module docstring for what it still sends)."""
    return DovecotServer(capabilities=PLAIN_CAPABILITIES, special_use=False, **kwargs)


def fetch_all(client: imapclient.IMAPClient, items: str) -> dict[int, dict]:
    """``UID FETCH 1:* (<items>)`` on the selected folder -> {uid: {item: value}}.

    (IMAPClient 4's ``fetch("1:*")`` filters the reply by the ids it was given, so it
    cannot express 1:*.)
    """
    typ, data = client._imap.uid("FETCH", "1:*", f"({items})")
    if typ != "OK":
        raise DovecotError(f"UID FETCH 1:* failed: {data!r}")
    if data == [None]:  # empty folder
        return {}
    return dict(parse_fetch_response(data, client.normalise_times, True))


def _header_date(raw: bytes) -> float | None:
    header = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    m = re.search(rb"^Date:[ \t]*(.+(?:\r?\n[ \t].*)*)", header, re.M | re.I)
    if not m:
        return None
    try:
        return email.utils.parsedate_to_datetime(m.group(1).decode("ascii", "replace")).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@atexit.register
def _stop_leftovers() -> None:
    for server in list(_live_servers):
        try:
            server.stop()
        except Exception:
            pass
