"""Getting a broken IMAP connection back: a few tries, waiting longer before each.

A cut, a BYE, a timeout or a garbled reply mid-folder leaves the connection unusable (or,
worse, out of step, with another command's replies still to come), so every later folder
would fail too. The sync opens a new connection instead, a bounded number of times.
"""

from __future__ import annotations

import logging
import time

from ..errors import ImapError

log = logging.getLogger("mailcrm.mail.sync")

# Seconds to wait before each try; the tests make them short.
RECONNECT_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0)


def reconnect(session, why: str) -> None:
    """Replace `session`'s connection with a new one, or raise ImapError after the last try."""
    delays = RECONNECT_DELAYS
    error: ImapError | None = None
    for attempt, delay in enumerate(delays, 1):
        time.sleep(delay)
        try:
            session.reconnect()
        except ImapError as exc:
            error = exc
            log.warning("reconnect %d of %d failed: %s", attempt, len(delays), exc)
            continue
        log.warning("reconnected (try %d) after: %s", attempt, why)
        return
    raise ImapError(f"gave up reconnecting after {len(delays)} tries ({error})")
