"""A private SMTP server for the tests: aiosmtpd on 127.0.0.1, with TLS and AUTH.

``SmtpServer`` runs two aiosmtpd controllers on random free ports:

* ``port``       STARTTLS (required before AUTH), AUTH PLAIN / LOGIN / XOAUTH2
* ``tls_port``   implicit TLS (SMTPS), same AUTH

The certificate (for 127.0.0.1 and localhost) is signed by a throwaway CA made
with the ``openssl`` CLI; ``ca_file`` is that CA's PEM. Accepted messages are
kept in ``messages`` (envelope sender, recipients and the raw bytes).
"""

from __future__ import annotations

import base64
import socket
import ssl
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes
    login: str | None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certs(directory: Path) -> tuple[Path, Path, Path]:
    """(CA pem, server cert, server key), made with the openssl CLI."""

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    (directory / "server.ext").write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(
        "req",
        "-x509",
        *ec,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/O=mailcrm tests/CN=mailcrm SMTP test CA",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    openssl("req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    openssl(
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
        "2",
        "-extfile",
        "server.ext",
    )
    return directory / "ca.pem", directory / "server.pem", directory / "server.key"


def login_of(auth_data) -> str | None:
    return auth_data.login.decode() if isinstance(auth_data, LoginPassword) else None


class Handler:
    def __init__(self, server: "SmtpServer"):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):
        self.server.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content or envelope.content,
                login_of(session.auth_data),
            )
        )
        return "250 OK"

    async def auth_XOAUTH2(self, smtp, args):
        """XOAUTH2 (Gmail, Microsoft 365): base64 of "user=…\\1auth=Bearer …\\1\\1"."""
        blob = args[1] if len(args) > 1 else (await smtp.challenge_auth(""))
        try:
            text = base64.b64decode(blob).decode()
        except (ValueError, UnicodeDecodeError):
            return AuthResult(success=False, handled=False)
        fields = dict(part.split("=", 1) for part in text.split("\x01") if "=" in part)
        login = fields.get("user", "")
        token = fields.get("auth", "").removeprefix("Bearer ")
        ok = self.server.tokens.get(token) == login
        return AuthResult(success=ok, handled=False, auth_data=LoginPassword(login.encode(), b""))


class SmtpServer:
    host = "127.0.0.1"

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.users: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.root = Path(tempfile.mkdtemp(prefix="mailcrm-smtp-"))
        self.ca_file, cert, key = make_certs(self.root)
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)
        self.port, self.tls_port = free_port(), free_port()
        handler = Handler(self)
        self.starttls = Controller(
            handler,
            port=self.port,
            hostname=self.host,
            authenticator=self.authenticate,
            tls_context=self.context,
            require_starttls=True,
            auth_require_tls=True,
        )
        # aiosmtpd only counts STARTTLS as TLS for auth_require_tls; this whole connection is TLS.
        self.smtps = Controller(
            handler,
            port=self.tls_port,
            hostname=self.host,
            authenticator=self.authenticate,
            ssl_context=self.context,
            auth_require_tls=False,
        )
        self._lock = threading.Lock()

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        # handled=False: aiosmtpd answers 535 itself (True would leave the client waiting).
        return AuthResult(success=self.users.get(login) == password, handled=False, auth_data=auth_data)

    def add_user(self, login: str, password: str) -> None:
        self.users[login] = password

    def issue_token(self, login: str) -> str:
        token = "ya29.smtp-" + base64.urlsafe_b64encode(login.encode()).decode().rstrip("=")
        self.tokens[token] = login
        return token

    def start(self) -> None:
        self.starttls.start()
        self.smtps.start()

    def stop(self) -> None:
        for controller in (self.starttls, self.smtps):
            try:
                controller.stop()
            except (AssertionError, RuntimeError):  # never started
                pass

    def received_by(self, recipient: str) -> list[Received]:
        return [m for m in self.messages if recipient in m.recipients]
