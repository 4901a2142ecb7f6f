"""Shared pytest fixtures. Keep this file small: one section per shared resource.

Module-specific fixtures belong in the test module that uses them.
"""

from __future__ import annotations

import itertools
import re
import secrets
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # so tests can `from dovecot import ...`

from dovecot import DovecotError, DovecotServer  # noqa: E402


# --------------------------------------------------------------------------- Dovecot IMAP
# One private Dovecot per test session (per xdist worker), on random 127.0.0.1 ports,
# in its own temp dir; see tests/dovecot.py. Missing Dovecot is a failure, never a skip.

@pytest.fixture(scope="session")
def dovecot_server():
    try:
        server = DovecotServer()
        server.start()
        error = None
    except (DovecotError, OSError) as e:
        error = str(e)
    if error is not None:
        hint = "" if "ensure-test-deps" in error else "\n(install test dependencies: scripts/ensure-test-deps)"
        pytest.fail(f"cannot start the Dovecot test server: {error}{hint}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


_user_counter = itertools.count(1)


@pytest.fixture
def imap_user(dovecot_server, request):
    """A fresh user with empty mailboxes (and the standard special-use folders).

    Yields (login, password); unique per test, so tests never see each other's mail.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40] or "t"
    login = f"{slug}-{next(_user_counter)}-{secrets.token_hex(3)}@hengtai-valve.com"
    password = secrets.token_urlsafe(12)
    dovecot_server.add_user(login, password)
    yield login, password
    try:
        dovecot_server.kick(login)  # close connections the test left open
    except DovecotError:
        pass


# --------------------------------------------------------------------------- SMTP (aiosmtpd)
# One private aiosmtpd per test session on random 127.0.0.1 ports: STARTTLS and SMTPS,
# AUTH PLAIN/LOGIN/XOAUTH2, a throwaway CA made with openssl; see tests/smtpserver.py.

@pytest.fixture(scope="session")
def smtp_server():
    from smtpserver import SmtpServer

    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_user(smtp_server, imap_user):
    """The IMAP test user's login and password, valid on the SMTP server too."""
    login, password = imap_user
    smtp_server.add_user(login, password)
    return login, password
