"""Where a message comes from: Message-IDs and MIME boundaries in each mail client's style, and the
Received / DKIM / Authentication-Results trail our mail server adds to incoming mail."""

from __future__ import annotations

import random
import zlib
from datetime import datetime
from functools import lru_cache

from .clock import format_datetime
from .data import load
from .mime import CRLF
from .parties import OWN_DOMAIN, _Party

_clients = load("clients")
#: mail client -> the header naming it (X-Mailer, User-Agent ...)
_MAILER_HEADER: dict[str, str] = _clients["mailer_header"]
#: language -> Outlook's Content-Language
_CONTENT_LANGUAGE: dict[str, str] = _clients["content_language"]


def _ip(rng: random.Random) -> str:
    return "%d.%d.%d.%d" % (
        rng.choice((5, 31, 37, 46, 62, 77, 81, 85, 91, 94, 176, 185, 193, 195, 212, 213)),
        rng.randrange(1, 255),
        rng.randrange(1, 255),
        rng.randrange(1, 255),
    )


_B64CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_HEXU = "0123456789ABCDEF"


@lru_cache(maxsize=32)
def _alphabet_table(alphabet: str) -> bytes:
    return bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))


def _rstr(rng: random.Random, n: int, alphabet: str = _B64CHARS) -> str:
    """``n`` random characters from ``alphabet`` (fast: one randbytes call and a translate)."""
    return rng.randbytes(n).translate(_alphabet_table(alphabet)).decode("ascii")


_QID = str.maketrans("+/abcdefghijklmnopqrstuvwxyz", "XZ0123456789ABCDEFGHIJKLMNOP")


def _ip_of(chars: str) -> str:
    a = (5, 31, 37, 46, 62, 77, 81, 85, 91, 94, 176, 185, 193, 195, 212, 213)
    return "%d.%d.%d.%d" % (
        a[ord(chars[0]) % 16],
        ord(chars[1]) % 250 + 1,
        ord(chars[2]) * 2 % 250 + 1,
        ord(chars[3]) * 3 % 250 + 1,
    )


@lru_cache(maxsize=4096)
def _relay(email: str, dom: str, mailer: str) -> tuple[str, str, str]:
    """The sending relay, its IP and DKIM selector of an address: fixed per address, like in real life."""
    h = zlib.crc32(email.encode("utf-8"))
    if mailer == "gmail" or dom == "gmail.com":
        relay = "mail-%s%d-f%d.google.com" % (("ej1", "wm1", "lf1", "ed1", "pl1")[h % 5], h % 9 + 1, h % 150 + 41)
    elif mailer == "outlook":
        relay = "mail-%son2%03d.outbound.protection.outlook.com" % (
            ("am6eur05", "db8eur05", "vi1eur04", "fra01", "bn8nam12", "sg2apc01")[h % 6],
            h % 1000,
        )
    elif mailer == "qq":
        relay = "out%d.mail.qq.com" % (h % 200 + 100)
    elif mailer == "netease":
        relay = "m%d-%d.163.com" % (h % 89 + 10, (h >> 8) % 89 + 10)
    elif dom.endswith(OWN_DOMAIN):
        relay = "localhost"
    else:
        relay = "mail.%s" % dom
    ip = "%d.%d.%d.%d" % (
        (5, 31, 37, 46, 62, 77, 81, 85, 91, 94, 176, 185, 193, 195, 212, 213)[h % 16],
        (h >> 4) % 250 + 1,
        (h >> 12) % 250 + 1,
        (h >> 20) % 250 + 1,
    )
    if relay == "localhost":
        ip = "127.0.0.1"
    selector = ("selector1", "s1", "default", "mail", "20230601")[(h >> 3) % 5]
    return relay, ip, selector


def message_id(rng: random.Random, p: _Party, uid: int, d: datetime) -> str:
    """A Message-ID as the sender's mail client makes them (``uid`` keeps it unique)."""
    r = rng
    m = p.mailer
    if m == "foxmail":
        return "<%04d%02d%02d%02d%02d%02d%s%06X@%s>" % (
            d.year,
            d.month,
            d.day,
            d.hour,
            d.minute,
            d.second,
            _rstr(r, 6, "0123456789"),
            uid,
            p.domain,
        )
    if m == "outlook":
        host = "%s%dPR%02dMB%04d" % (
            r.choice(("AM", "DB", "VI", "PA", "DU", "FR", "BY", "CH", "SJ")),
            r.randrange(10),
            r.randrange(1, 20),
            r.randrange(1000, 9999),
        )
        region = r.choice(("eurprd04", "eurprd05", "eurprd08", "namprd11", "namprd02", "apcprd06"))
        return "<%s%s%08X@%s.%s.prod.outlook.com>" % (host, _rstr(r, 16, _HEXU), uid, host, region)
    if m == "gmail":
        return "<CA%s%s_%X@mail.gmail.com>" % (r.choice("BDEFGHJKMNOPL"), _rstr(r, 36), uid)
    if m == "thunderbird":
        h = _rstr(r, 20, "0123456789abcdef")
        return (
            "<%s-%s-%s-%s-%s%04x@%s>" % (h[:8], h[4:8], h[8:12], h[12:16], h[16:20], uid & 0xFFFF, p.domain)
            if uid < 0x10000
            else "<%s-%s-%s-%x@%s>" % (h[:8], h[8:12], h[12:16], uid, p.domain)
        )
    if m == "thebat":
        return "<%d.%d@%s>" % (r.randrange(10**8, 10**9), uid, p.domain)
    if m == "apple":
        return "<%s-%s-%s-%s-%012X@%s>" % (
            _rstr(r, 8, _HEXU),
            _rstr(r, 4, _HEXU),
            _rstr(r, 4, _HEXU),
            _rstr(r, 4, _HEXU),
            uid,
            p.domain,
        )
    if m == "qq":
        return "<tencent_%s%X@qq.com>" % (_rstr(r, 24, _HEXU), uid)
    if m == "netease":
        return "<%s.%x.%s.Coremail.%s>" % (
            _rstr(r, 8, "0123456789abcdef"),
            uid,
            _rstr(r, 11, "0123456789abcdef"),
            p.email,
        )
    return "<%s.%d.%d.JavaMail.%s@%s>" % (_rstr(r, 12, "0123456789abcdef"), uid, r.randrange(10**9), "mailer", p.domain)


def boundary(rng: random.Random, mailer: str, uid: int, n: int) -> str:
    """The ``n``-th MIME boundary of message ``uid``, in the mail client's style."""
    r = rng
    if mailer == "outlook":
        return "_%03d_%s%X_" % (n, _rstr(r, 24, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), uid)
    if mailer == "gmail":
        return "0000000000%s%X%d" % (_rstr(r, 12, "0123456789abcdef"), uid, n)
    if mailer == "foxmail":
        return "----=_NextPart_%s_%04X_%08X" % (_rstr(r, 8, _HEXU), n, uid)
    if mailer == "thunderbird":
        return "------------%s%X%d" % (
            _rstr(r, 16, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            uid,
            n,
        )
    if mailer == "apple":
        return "Apple-Mail=_%s-%s-%X%d" % (_rstr(r, 8, _HEXU), _rstr(r, 12, _HEXU), uid, n)
    return "----=_Part_%d_%d.%X" % (n, r.randrange(10**8, 10**9), uid)


def received(rng: random.Random, frm: _Party, arrived: datetime, sent: datetime, rcpt: str) -> list[str]:
    """The trace headers of an incoming message: our MX, the sender's relay, DKIM, authentication results."""
    dom = frm.domain
    m = frm.mailer
    relay, ip, selector = _relay(frm.email, dom, m)
    rnd = _rstr(rng, 422)
    lines = [
        "Return-Path: <%s>" % frm.email,
        "Delivered-To: %s" % rcpt,
        "Received: from %s (%s [%s])%s\tby mx.%s (Postfix) with ESMTPS id %s%s\tfor <%s>; %s"
        % (relay, relay, ip, CRLF, OWN_DOMAIN, rnd[:12].translate(_QID), CRLF, rcpt, format_datetime(arrived)),
    ]
    if dom.endswith(OWN_DOMAIN):
        return lines
    if m != "webmail":
        lines.append(
            "Received: from [192.168.%d.%d] (unknown [%s])%s\tby %s with ESMTPSA id %s; %s"
            % (
                ord(rnd[12]) % 10,
                ord(rnd[13]) % 200 + 20,
                _ip_of(rnd[14:18]),
                CRLF,
                relay,
                rnd[18:28].lower(),
                format_datetime(sent),
            )
        )
        lines.append(
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s; s=%s;%s\th=from:to:subject:date:"
            "message-id:mime-version; bh=%s=;%s\tb=%s%s\t %s%s\t %s%s\t %s%s\t %s"
            % (
                dom,
                selector,
                CRLF,
                rnd[28:71],
                CRLF,
                rnd[72:142],
                CRLF,
                rnd[142:212],
                CRLF,
                rnd[212:282],
                CRLF,
                rnd[282:352],
                CRLF,
                rnd[352:422],
            )
        )
    lines.append(
        "Authentication-Results: mx.%s;%s\tdkim=pass header.d=%s;%s\tspf=pass smtp.mailfrom=%s"
        % (OWN_DOMAIN, CRLF, dom, CRLF, dom)
    )
    return lines
