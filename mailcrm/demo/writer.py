"""The writer: turns a step of a story into an RFC 5322 message (headers, MIME tree, folders, flags)."""

from __future__ import annotations

import base64
import random
import re
from datetime import datetime, timedelta

from .bodies import compose, html_body, quote_block
from .clock import CN_TZ, _local_dt, _offset_minutes, _tz, format_datetime
from .envelope import _CONTENT_LANGUAGE, _MAILER_HEADER, boundary, message_id, received
from .attachments import _logo_b64
from .mime import CRLF, _attachment_leaf, _encode_words, _fmt_addr, _fold, _Multi, _render, _text_leaf
from .parties import OWN_DOMAIN, _Msg, _Party, _Thread, _World
from .phrasebook import PHRASES
from .records import SampleOrder

_LATIN_Q = {"de", "es", "pt", "fr", "it", "tr", "en"}  # languages whose headers Q-encoding keeps readable

_REPLY_PREFIX = re.compile(
    r"^\s*((re|aw|r|rv|ynt|sv|antw|wg|fw|fwd|tr|enc|i|ilt|İlt|回复|回覆|转发|轉寄|رد|إعادة توجيه)\s?[:：]\s*)+",
    re.IGNORECASE,
)


def _strip_prefixes(subject: str) -> str:
    return _REPLY_PREFIX.sub("", subject)


class _Writer:
    """Renders the messages of one block (a customer's history, or the curated story)."""

    def __init__(self, world: "_World", block: int, rng: random.Random):
        self.w = world
        self.block = block
        self.rng = rng
        self.msgs: list[_Msg] = []
        self.orders: list[tuple[_Msg, SampleOrder]] = []
        self.seq = 0

    # ---- identities -----------------------------------------------------------------
    def _uid(self) -> int:
        self.seq += 1
        return (self.block << 12) | self.seq

    def boundary(self, mailer: str, uid: int, n: int) -> str:
        return boundary(self.rng, mailer, uid, n)

    # ---- time -------------------------------------------------------------------------
    def when(self, day: float, zone: str, parent: "_Msg | None" = None, hour: float | None = None) -> datetime:
        r = self.rng
        d = self.w.today - timedelta(days=int(day))
        wd = d.weekday()
        if wd >= 5 and r.random() < 0.93 and day >= 3:  # business mail: mostly Monday to Friday
            d -= timedelta(days=wd - 4)
        if hour is None:
            secs = int(r.triangular(7.8, 18.7, 10.5) * 3600) + r.randrange(60)
        else:
            secs = int(hour * 3600) + r.randrange(60)
        dt = _local_dt(zone, d, secs)
        if parent is not None and dt <= parent.date + timedelta(minutes=8):
            later = parent.date + timedelta(minutes=r.randrange(14, 190), seconds=r.randrange(60))
            dt = later.astimezone(_tz(_offset_minutes(zone, later.date())))
        return dt

    # ---- the message ---------------------------------------------------------------------
    def send(
        self,
        thread: _Thread | None,
        frm: _Party,
        to: list[_Party],
        *,
        day: float,
        intents=(),
        params=None,
        text: str | None = None,
        extra: str | None = None,
        subject: str | None = None,
        cc: list[_Party] = (),
        attach: list[tuple[str, str, bytes]] = (),
        html: str = "auto",
        quote: bool = True,
        folder: str | None = None,
        also: str | None = None,
        no_mid: bool = False,
        headers: list[str] = (),
        hour: float | None = None,
        parent: "_Msg | None" = None,
        lang: str | None = None,
        pick: int | None = None,
        logo: bool = False,
        charset: str | None = None,
        cte: str | None = None,
        unread: bool | None = None,
        flagged: bool = False,
        root=None,
        date: datetime | None = None,
        intent_tag: str = "",
    ) -> _Msg:
        r = self.rng
        w = self.w
        if thread is not None and parent is None:
            parent = thread.last
        params = dict(thread.params if thread is not None else {}, **(params or {}))
        inbound = frm.domain != OWN_DOMAIN or frm.email != w.owner.email
        msg = _Msg()
        msg.inbound = inbound
        msg.frm = frm
        msg.to = to[0]
        msg.parent = parent
        msg.intent = intent_tag or (intents if isinstance(intents, str) else ",".join(intents))
        msg.date = date or self.when(day, frm.zone, parent, hour)
        uid = self._uid()
        msg.seq = uid
        msg.mailer = frm.mailer
        lang = lang or frm.lang
        # subject
        if subject is None:
            base = thread.subject if thread is not None else ""
            if parent is not None:
                prefix = (
                    PHRASES.get(lang, PHRASES["en"])["re"]
                    if inbound
                    else ("RE: " if frm.mailer == "outlook" else "Re: ")
                )
                subject = prefix + _strip_prefixes(parent.subject)
            else:
                subject = base
        msg.subject = subject
        # body
        if text is None:
            text = compose(self.rng, self.w.owner, frm, to[0], intents, params, lang=lang, extra=extra, pick=pick)
        qb = quote_block(self.rng, frm, parent) if (quote and parent is not None) else None
        full = text + ("\n\n" + qb[0] + "\n\n" + qb[1] if qb else "")
        msg.text = full
        msg.mid = None if no_mid else message_id(self.rng, frm, uid, msg.date)
        refs: list[str] = []
        if parent is not None:
            refs = list(parent.refs)
            if parent.mid:
                refs.append(parent.mid)
            refs = refs[-12:]
        msg.refs = refs
        cs = charset or frm.charset
        m = frm.mailer
        # MIME tree
        if root is None:
            if cte is None:
                if cs in ("iso-2022-jp",):
                    cte = "7bit"
                elif cs in ("koi8-r",) or m in ("thunderbird", "thebat"):
                    cte = "8bit"
                elif m in ("foxmail", "qq", "netease") or cs in ("big5", "gb2312"):
                    cte = "base64"
                elif m == "gmail" and lang in ("ar", "ja", "ru", "zh", "zh_tw"):
                    cte = "base64"
                else:
                    cte = "quoted-printable"
            if html == "auto":
                html = "alt" if m in ("outlook", "gmail", "foxmail", "apple") else "none"
            plain = _text_leaf(full.replace("\n", CRLF), "plain", cs, cte)
            n = 0
            logo_cid = None
            if html == "none":
                body_part = plain
            else:
                if logo:
                    logo_cid = "logo_%08X@%s" % (uid, OWN_DOMAIN)
                hcte = "quoted-printable" if cte in ("8bit", "7bit") and cs != "iso-2022-jp" else cte
                hpart = _text_leaf(html_body(frm, text, qb, logo_cid, cs), "html", cs, hcte)
                if logo_cid:
                    n += 1
                    hpart = _Multi(
                        "related",
                        self.boundary(m, uid, n),
                        [hpart, _attachment_leaf("hengtai_logo.png", "image/png", _logo_b64(), inline_cid=logo_cid)],
                        params='; type="text/html"',
                    )
                if html == "only":
                    body_part = hpart
                else:
                    n += 1
                    body_part = _Multi("alternative", self.boundary(m, uid, n), [plain, hpart])
            if attach:
                n += 1
                parts = [body_part] + [_attachment_leaf(fn, ct, b64) for fn, ct, b64 in attach]
                root = _Multi("mixed", self.boundary(m, uid, n), parts)
            else:
                root = body_part
        # headers
        h: list[str] = []
        if inbound:
            idate = msg.date + timedelta(seconds=r.randrange(3, 95))
            msg.internaldate = idate.astimezone(CN_TZ)
            h.extend(received(self.rng, frm, msg.internaldate, msg.date, to[0].email))
        else:
            msg.internaldate = msg.date.astimezone(CN_TZ)
        ename = frm.charset if frm.charset != "us-ascii" else "utf-8"
        q = m in ("outlook", "gmail", "thunderbird") and lang in _LATIN_Q and ename == "utf-8"
        h.append(_fold("From", _fmt_addr(frm.name, frm.email, ename, q)))
        h.append(_fold("To", ", ".join(_fmt_addr(p.name, p.email, ename, q) for p in to)))
        if cc:
            h.append(_fold("Cc", ", ".join(_fmt_addr(p.name, p.email, ename, q) for p in cc)))
        h.append("Subject: " + _encode_words(subject, ename if not subject.isascii() else "utf-8", q))
        h.append("Date: " + format_datetime(msg.date))
        if msg.mid:
            h.append("Message-ID: " + msg.mid)
        if parent is not None and parent.mid:
            h.append("In-Reply-To: " + parent.mid)
        if refs:
            h.append("References: " + (CRLF + " ").join(refs))
        if m == "outlook":
            h.append("Thread-Topic: " + _encode_words(_strip_prefixes(subject), ename))
            h.append("Thread-Index: " + base64.b64encode(r.randbytes(22 + 5 * min(len(refs), 6))).decode("ascii"))
            h.append("Content-Language: " + _CONTENT_LANGUAGE.get(lang, "en-US"))
            h.append("X-MS-Has-Attach: " + ("yes" if attach else ""))
        h.extend(headers)
        h.append("MIME-Version: 1.0")
        mailer_hdr = _MAILER_HEADER.get(m)
        if mailer_hdr:
            h.append(mailer_hdr)
        out = [(CRLF.join(h) + CRLF).encode("ascii")]
        _render(root, out)
        msg.raw = b"".join(out)
        msg.folders = [folder or ("INBOX" if inbound else "Sent")]
        if also:
            msg.folders.append(also)
        if unread is not None:
            msg.unread = unread
        msg.flagged = flagged
        if parent is not None and not inbound and parent.inbound:
            parent.answered = True
        if thread is not None:
            thread.msgs.append(msg)
        self.msgs.append(msg)
        return msg
