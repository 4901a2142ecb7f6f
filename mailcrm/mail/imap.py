"""A small adapter over imapclient for what mailcrm needs from a server.

Everything here is read-only (EXAMINE, BODY.PEEK) except `append`, which is
only used to put drafts into the Drafts folder.
fetchreply.py reads the FETCH replies; folders.py matches folder names and roles.
"""

from __future__ import annotations

import imaplib
import logging
import re
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Iterator

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, ProtocolError
from imapclient.response_parser import parse_fetch_response
from imapclient.imapclient import seq_to_parenstr_upper

from .. import __version__
from ..config import ImapSettings
from ..errors import ImapError
from .fetchreply import LISTED_UID, MESSAGE_ID, Fetched, decode_flags, header_section, message_flags, quick_bodies
from .folders import Folder, match_spec


# imaplib refuses response lines over 1 MB by default; a UID SEARCH of a big
# folder or a huge header can exceed that. Literals are read separately.
imaplib._MAXLINE = 64 * 1024 * 1024


@dataclass(frozen=True)
class FolderState:
    uidvalidity: int
    uidnext: int | None
    exists: int
    highestmodseq: int | None


def quiet_protocol_log(client: IMAPClient) -> None:
    """Stop imaplib formatting every response for a protocol log nobody reads.

    imapclient sets imaplib's debug level to 5 and routes its messages to the
    "imapclient.imaplib" logger, so imaplib builds the repr of every fetched
    message before the logger drops it: 3 of a first sync's CPU seconds per
    20,000 messages. The log stays available to whoever turns that logger on.
    """
    if not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG):
        client._imap.debug = 0


def ssl_context(settings: ImapSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.ca_file:
        context.load_verify_locations(cafile=str(settings.ca_file))
    return context


def sequence_set(uids: Iterable[int]) -> str:
    """Compact UID set: [1,2,3,7,9,10] -> '1:3,7,9:10' (short command lines)."""
    parts, start, prev = [], None, None
    for uid in sorted(uids):
        if start is None:
            start = prev = uid
        elif uid == prev + 1:
            prev = uid
        else:
            parts.append(f"{start}:{prev}" if prev != start else str(start))
            start = prev = uid
    if start is not None:
        parts.append(f"{start}:{prev}" if prev != start else str(start))
    return ",".join(parts)


class ImapSession:
    """One logged-in connection. Use as a context manager."""

    def __init__(self, settings: ImapSettings):
        self.settings = settings
        self.client: IMAPClient | None = None
        self.capabilities: set[str] = set()
        self.alerts: list[str] = []  # [ALERT] texts the server sent, to show the user

    def __enter__(self) -> "ImapSession":
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- connecting -----------------------------------------------------------

    def connect(self) -> None:
        s = self.settings
        try:
            context = ssl_context(s) if s.security != "none" else None  # loading CAs costs ~40 ms
            self.client = IMAPClient(
                s.host, port=s.port, ssl=s.security == "ssl", ssl_context=context, timeout=s.timeout
            )
            quiet_protocol_log(self.client)
            if s.security == "starttls":
                self.client.starttls(context)
            self.login()
            self.collect_alerts()  # before the next command makes imaplib forget the login's lines
            self.capabilities = {c.decode().upper() for c in self.client.capabilities()}
            self.identify()
            self.enable_condstore()
        except (IMAPClientError, imaplib.IMAP4.error, OSError, ssl.SSLError, socket.timeout) as exc:
            self.close()
            raise ImapError(f"{s.host}:{s.port}: {explain(exc, 'LOGIN', s.timeout)}") from None
        self.collect_alerts()

    def login(self) -> None:
        creds = self.settings.credentials
        secret = creds.secret()
        if creds.uses_oauth2:
            self.client.oauth2_login(creds.username, secret)
        else:
            self.client.login(creds.username, secret)

    def identify(self) -> None:
        # NetEase 163/126 refuse SELECT ("Unsafe Login") until the client sends ID.
        if "ID" in self.capabilities:
            self.client.id_({"name": "mailcrm", "version": __version__})

    def enable_condstore(self) -> None:
        if "CONDSTORE" in self.capabilities and "ENABLE" in self.capabilities:
            self.client.enable("CONDSTORE")

    @property
    def has_condstore(self) -> bool:
        return "CONDSTORE" in self.capabilities

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.logout()
        except Exception:  # noqa: BLE001 - closing a broken connection is best effort
            try:
                self.client.shutdown()
            except Exception:  # noqa: BLE001
                pass
        self.client = None

    def reconnect(self) -> None:
        """Drop this connection without a LOGOUT and log in on a new one.

        For a connection a fault broke: a LOGOUT could wait out the whole timeout on a
        stalled server, or read another command's late replies.
        """
        if self.client is not None:
            try:
                self.client.shutdown()
            except Exception:  # noqa: BLE001, S110 - it is broken already
                pass
            self.client = None
        self.connect()

    # -- folders ----------------------------------------------------------------

    def folders(self) -> list[Folder]:
        listing = self.call(self.client.list_folders)
        return [
            Folder(name, decode_flags(flags), (delim or b"/").decode() if isinstance(delim, bytes) else (delim or "/"))
            for flags, delim, name in listing
        ]

    def resolve(self, specs: list[str]) -> list[tuple[Folder, str]]:
        """Config folder names / special-use flags -> (folder, role), in order."""
        available = self.folders()
        found: dict[str, tuple[Folder, str]] = {}
        for spec in specs:
            for folder, role in match_spec(spec, available):
                found.setdefault(folder.name, (folder, role))
        return list(found.values())

    def find_special(self, flag: str) -> Folder | None:
        matches = match_spec(flag, self.folders())
        return matches[0][0] if matches else None

    def examine(self, name: str) -> FolderState:
        response = self.call(self.client.select_folder, name, readonly=True)
        return FolderState(
            uidvalidity=int(response[b"UIDVALIDITY"]),
            uidnext=int(response[b"UIDNEXT"]) if b"UIDNEXT" in response else None,
            exists=int(response.get(b"EXISTS", 0)),
            highestmodseq=int(response[b"HIGHESTMODSEQ"]) if b"HIGHESTMODSEQ" in response else None,
        )

    # -- reading ----------------------------------------------------------------

    def uids(self, first: int = 1, since: datetime | None = None, upto: int | None = None) -> list[int]:
        """UIDs from ``first`` (to ``upto``), of mail since a date if given.

        Listed with ``UID FETCH first:* (UID)``, which every server answers alike:
        ``UID SEARCH UID *`` comes back empty from Courier, and GNU imap4d rejects
        it and reads ``UID a:b`` search keys as sequence numbers. A date needs
        SEARCH; its UIDs are filtered here rather than by a UID search key.
        """
        if since is not None:
            day = since.date() if isinstance(since, datetime) else since
            found = self.call(self.client.search, ["SINCE", day])
        else:
            found = self.listed_uids(f"{max(first, 1)}:{upto or '*'}")
        return sorted(uid for uid in found if uid >= first and (upto is None or uid <= upto))

    def listed_uids(self, uid_range: str) -> list[int]:
        """The UIDs in a range, read off the FETCH lines without imapclient's parser.

        One short line a message; ``n:*`` also names the last message when n is
        past it (RFC 3501), which the caller's filter drops.
        """
        data = self.call(self.raw_uid_fetch, uid_range, ["UID"])
        uids = []
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            match = LISTED_UID.search(line)
            if match:
                uids.append(int(match.group(1)))
        return uids

    def sizes_and_ids(self, uids: list[int], message_ids: bool = True) -> dict[int, tuple[int, str | None]]:
        """RFC822.SIZE and Message-ID per UID: cheap, to plan batches and skip copies.

        Without ``message_ids`` only sizes are asked for (the ids are None): the
        server need not read every message's header block.
        """
        items = ["RFC822.SIZE"] + (["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"] if message_ids else [])
        result: dict[int, tuple[int, str | None]] = {}
        for start in range(0, len(uids), 2000):
            chunk = uids[start : start + 2000]
            data = self.uid_fetch(sequence_set(chunk), items)
            for uid, item in data.items():
                match = MESSAGE_ID.search(header_section(item))
                msgid = match.group(1).decode("ascii", "replace").strip() if match else None
                result[uid] = (int(item.get(b"RFC822.SIZE", 0)), msgid)
        return result

    def headers_and_flags(self, uids: list[int], chunk: int = 500) -> dict[int, Fetched]:
        """The whole header block, flags and INTERNALDATE per UID (``raw`` holds the header)."""
        result: dict[int, Fetched] = {}
        for start in range(0, len(uids), chunk):
            data = self.uid_fetch(
                sequence_set(uids[start : start + chunk]), ["BODY.PEEK[HEADER]", "FLAGS", "INTERNALDATE"]
            )
            for uid, item in data.items():
                result[uid] = Fetched(
                    uid, message_flags(item.get(b"FLAGS", ())), item.get(b"INTERNALDATE"), header_section(item)
                )
        return result

    def fetch(self, uids: list[int]) -> Iterator[Fetched]:
        """Whole messages with their flags and INTERNALDATE, in UID order.

        A UID missing from the result was expunged between SEARCH and FETCH.
        """
        data = self.call(self.raw_uid_fetch, sequence_set(uids), ["BODY.PEEK[]", "FLAGS", "INTERNALDATE"])
        fetched = quick_bodies(data, self.client.normalise_times)
        if fetched is None:  # a reply shaped unlike the usual one: imapclient's full parser
            fetched = list(self.parsed_bodies(data))
        yield from sorted(fetched, key=lambda item: item.uid)

    def parsed_bodies(self, data: list) -> Iterator[Fetched]:
        response = parse_fetch_response(data, self.client.normalise_times, uid_is_key=False)
        for item in response.values():
            raw = item.get(b"BODY[]")
            if b"UID" in item and raw is not None:
                yield Fetched(item[b"UID"], message_flags(item.get(b"FLAGS", ())), item.get(b"INTERNALDATE"), raw)

    def flags(self, top_uid: int, changedsince: int | None = None) -> dict[int, tuple[str, ...]]:
        """Flags of UIDs 1..top_uid; only those changed since a MODSEQ if given."""
        if top_uid < 1:
            return {}
        modifiers = [f"CHANGEDSINCE {changedsince}"] if changedsince is not None else None
        data = self.uid_fetch(f"1:{top_uid}", ["FLAGS"], modifiers=modifiers)
        return {uid: message_flags(item.get(b"FLAGS", ())) for uid, item in data.items() if uid <= top_uid}

    # -- the one write: drafts ------------------------------------------------------

    def append(
        self, folder: str, message: bytes, flags=("\\Draft", "\\Seen"), when: datetime | None = None
    ) -> int | None:
        # Courier refuses APPEND to a mailbox this session has EXAMINEd ("Current box is selected
        # READ-ONLY"); every server accepts one with no mailbox selected. UNSELECT where offered,
        # else CLOSE, which expunges nothing on a mailbox opened read-only (RFC 3501 6.4.2); a
        # read-write selection (mailcrm makes none) is left alone rather than risk an expunge.
        imap = self.client._imap
        if imap.state == "SELECTED" and "UNSELECT" in self.capabilities:
            self.call(self.client.unselect_folder)
        elif imap.state == "SELECTED" and imap.is_readonly:
            self.call(self.client.close_folder)
        response = self.call(self.client.append, folder, message, flags=flags, msg_time=when)
        match = re.search(rb"APPENDUID \d+ (\d+)", response or b"")
        return int(match.group(1)) if match else None

    def uid_fetch(self, uids: str, items: list[str], modifiers: list[str] | None = None) -> dict:
        """UID FETCH with a compact sequence set ("1:500,777").

        imapclient's fetch() insists on a list of ints (it filters the reply by
        them), which makes a flags check of 100,000 messages a 700 KB command
        line; this sends the range as is and keeps only replies carrying a UID.
        """

        def command():
            data = self.raw_uid_fetch(uids, items, modifiers)
            return parse_fetch_response(data, self.client.normalise_times, uid_is_key=False)

        # Keyed by sequence number here; unsolicited FETCHes (flag changes by
        # another client) carry no UID and are dropped.
        response = self.call(command)
        return {item[b"UID"]: item for item in response.values() if b"UID" in item}

    def raw_uid_fetch(self, uids: str, items: list[str], modifiers: list[str] | None = None) -> list:
        """The untagged FETCH data as imaplib reads it: bytes, and (prefix, literal) tuples."""
        imap = self.client._imap
        tag = imap._command(
            "UID", "FETCH", uids, seq_to_parenstr_upper(items), seq_to_parenstr_upper(modifiers) if modifiers else None
        )
        typ, data = imap._command_complete("FETCH", tag)
        self.client._checkok("fetch", typ, data)
        typ, data = imap._untagged_response(typ, data, "FETCH")
        return [item for item in data if item is not None]

    def call(self, method, *args, **kwargs):
        try:
            result = method(*args, **kwargs)
        except (IMAPClientError, imaplib.IMAP4.error, OSError, ssl.SSLError) as exc:
            raise ImapError(
                explain(exc, COMMAND_OF.get(method.__name__, method.__name__.upper()), self.settings.timeout)
            ) from None
        self.collect_alerts()
        return result

    def collect_alerts(self) -> None:
        """Keep the text of any [ALERT] the server sent: RFC 3501 wants it shown to the user.

        imaplib files the code under "ALERT" (without its text) and the line under "OK" (or
        NO/BAD), which it forgets at the next command: so this runs after every call.
        """
        imap = self.client._imap if self.client is not None else None
        if imap is None or "ALERT" not in imap.untagged_responses:
            return
        codes = imap.untagged_responses.pop("ALERT")
        lines = [
            line
            for kind in ("OK", "NO", "BAD")
            for line in imap.untagged_responses.get(kind, [])
            if isinstance(line, bytes) and line[:7].upper() == b"[ALERT]"
        ]
        for line in lines or [code for code in codes if code]:
            text = line.decode("utf-8", "replace") if isinstance(line, bytes) else str(line)
            text = " ".join(text.removeprefix("[ALERT]").split())[:300]
            if text:
                self.alerts.append(text)


def describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if exc.args and isinstance(exc.args[0], bytes):  # imapclient passes the server's bytes along
        text = exc.args[0].decode("utf-8", "replace").strip()
    elif BYTES_REPR.fullmatch(text):
        text = BYTES_REPR.fullmatch(text).group(1)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted ({exc.verify_message}); set ca_file for a private CA"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return text.replace("\r", " ").replace("\n", " ")[:300]


# The IMAP command behind each adapter call, for messages that say what failed.
COMMAND_OF = {
    "raw_uid_fetch": "FETCH",
    "command": "FETCH",
    "select_folder": "EXAMINE",
    "search": "SEARCH",
    "list_folders": "LIST",
    "append": "APPEND",
    "unselect_folder": "UNSELECT",
    "close_folder": "CLOSE",
    "listed_uids": "FETCH",
}
BYTES_REPR = re.compile(r"b'(.*)'|b\"(.*)\"")


def explain(exc: BaseException, command: str, timeout: float | None) -> str:
    """What went wrong, in words: not a traceback's text, nor 300 characters of the reply."""
    if isinstance(exc, (socket.timeout, TimeoutError)) or "timed out" in str(exc):
        return (
            f"the server did not answer {command} within {timeout:g} s "
            "(raise the account's `timeout` setting if it is just slow)"
        )
    if isinstance(exc, ProtocolError):
        return f"the server's answer to {command} was cut off or malformed"
    if isinstance(exc, imaplib.IMAP4.abort) or "socket error" in str(exc) or "EOF" in str(exc):
        return f"the connection was closed during {command}"
    return describe(exc)
