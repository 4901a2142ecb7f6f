"""The one clock: timestamps as mailcrm stores them (UTC, ISO 8601, to the second)."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
