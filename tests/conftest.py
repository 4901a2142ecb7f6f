"""Shared pytest fixtures. Keep this file small: one section per shared resource.

Module-specific fixtures belong in the test module that uses them.
"""

from __future__ import annotations

import itertools
import re
import secrets

import pytest

from tests.dovecot import DovecotError, DovecotServer, plain_server


# --------------------------------------------------------------------------- Dovecot IMAP
# One private Dovecot per test session (per xdist worker), on random 127.0.0.1 ports,
# in its own temp dir; see tests/dovecot.py. Missing Dovecot is a failure, never a skip.


def started_or_fail(make):
    """A started server from `make()`, or the test fails (never skips) saying why."""
    try:
        server = make()
        server.start()
        return server
    except (DovecotError, OSError) as e:
        error = str(e)
    hint = "" if "ensure-test-deps" in error else "\n(install test dependencies: scripts/ensure-test-deps)"
    pytest.fail(f"cannot start the Dovecot test server: {error}{hint}", pytrace=False)


@pytest.fixture(scope="session")
def dovecot_server():
    server = started_or_fail(DovecotServer)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def plain_dovecot_server():
    """A second Dovecot without CONDSTORE, SPECIAL-USE or UIDPLUS (see dovecot.plain_server)."""
    server = started_or_fail(plain_server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def courier_server():
    """A real Courier-IMAP, unpacked from Debian's packages (tests/courier.py); fails if not unpacked."""
    from tests.courier import CourierNotFound, CourierServer

    try:
        server = CourierServer()
        server.start()
    except (CourierNotFound, OSError) as e:
        pytest.fail(f"cannot start the Courier test server: {e}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


SERVER_FIXTURES = {"dovecot": "dovecot_server", "plain": "plain_dovecot_server"}


@pytest.fixture
def imap_server(request):
    """The server this test runs against: the full Dovecot, unless a test runs on both with
    ``@pytest.mark.parametrize("imap_server", ["dovecot", "plain"], indirect=True)``."""
    return request.getfixturevalue(SERVER_FIXTURES[getattr(request, "param", "dovecot")])


_user_counter = itertools.count(1)


@pytest.fixture
def imap_user(imap_server, request):
    """A fresh user with empty mailboxes (and the standard folders) on `imap_server`.

    Yields (login, password); unique per test, so tests never see each other's mail.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40] or "t"
    login = f"{slug}-{next(_user_counter)}-{secrets.token_hex(3)}@hengtai-valve.com"
    password = secrets.token_urlsafe(12)
    imap_server.add_user(login, password)
    yield login, password
    try:
        imap_server.kick(login)  # close connections the test left open
    except DovecotError:
        pass


# --------------------------------------------------------------------------- SMTP (aiosmtpd)
# One private aiosmtpd per test session on random 127.0.0.1 ports: STARTTLS and SMTPS,
# AUTH PLAIN/LOGIN/XOAUTH2, a throwaway CA made with openssl; see tests/smtpserver.py.


@pytest.fixture(scope="session")
def smtp_server():
    from tests.smtpserver import SmtpServer

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
