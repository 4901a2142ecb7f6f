"""Story primitives, the mail around customers that is not from them: the forwarder's booking,
newsletters, platform inquiries (Alibaba, Made-in-China), bounces and out-of-office replies.

A mixin of :class:`.story._Story`; these messages give the rules and the reader something to tell
apart from a customer's mail."""

from __future__ import annotations

import html as _html
import random
from datetime import timedelta

from .attachments import _blob
from .clock import CN_TZ, _offset_minutes, _tz, format_datetime
from .envelope import _ip, _rstr
from .formats import make_png
from .mime import CRLF, _attachment_leaf, _Leaf, _Multi, _text_leaf
from .parties import OWN_DOMAIN, _ascii, _Company, _Msg, _Party, _World
from .phrasebook import _PRODUCT
from .writer import _Writer


class _OutsideMail:
    """Messages from forwarders, newsletters, platforms and mail daemons, and customers' auto-replies."""

    # Set by _Story.__init__; the mixin only reads them.
    wr: _Writer
    w: _World
    rng: random.Random
    owner: _Party
    # self.thread (the forwarder's booking opens a thread of its own) comes from _Story too.

    def forwarder_booking(self, c: _Company, params: dict, day: float) -> None:
        fw = self.w.forwarder
        t = self.thread(
            None,
            "Booking confirmation / %s / NINGBO-%s / ETD %s"
            % (params["po"], _ascii(params["port"]).upper(), params["etd"]),
            params,
            fw,
        )
        text = (
            "Dear %s,\n\nPlease find the booking confirmation for your shipment to %s:\n\n  Shipper ref.: %s\n"
            "  Vessel: %s\n  ETD Ningbo: %s\n  Container: 1x40HQ %s\n  CY cut-off: 2 days before ETD\n  "
            "SI cut-off: 3 days before ETD\n\nPlease send us the shipping instructions and the B/L draft details.\n\n"
            "Best regards\n%s\n%s\nTel: +86-574-2788 6012\n"
            % (
                self.owner.first,
                _ascii(params["port"]),
                params["po"],
                params["vessel"],
                params["etd"],
                params["container"],
                fw.name,
                fw.company,
            )
        )
        m = self.wr.send(t, fw, [self.owner], day=day, text=text, intent_tag="forwarder")
        if self.rng.random() < 0.6:
            self.wr.send(
                t,
                self.owner,
                [fw],
                day=day,
                parent=m,
                intent_tag="forwarder",
                text="Dear %s,\n\nThanks. SI attached, please send the B/L draft for checking.\n\nBest regards,\n%s"
                % (fw.first, self.owner.name),
            )

    def newsletter(self, day: float, kind: int, *, image: bool = True) -> _Msg:
        r = self.rng
        nl = self.w.newsletters[kind % len(self.w.newsletters)]
        sender, list_id, topics = nl
        d = self.wr.when(day, sender.zone, hour=r.choice((6.5, 7.0, 9.0, 14.0)))
        issue = d.strftime("%B %Y")
        topic = topics[(d.toordinal() // 7 + kind) % len(topics)]
        subject = "%s | %s" % (topic, issue)
        text = (
            "%s\n\n%s\n\nRead more: https://www.%s/news/%s\n\nYou receive this newsletter because you subscribed at "
            "%s. Unsubscribe: https://www.%s/unsubscribe\n"
            % (sender.name, topic, sender.domain, d.strftime("%Y/%m"), sender.domain, sender.domain)
        )
        uid = self.wr.seq + 1
        cid = "banner%X@%s" % (uid, sender.domain)
        rows = "".join(
            '<tr><td style="padding:12px;font-family:Arial;font-size:14px;color:#333">'
            '<h3>%s</h3><p>%s</p><a href="https://www.%s/news/%d">Read more &raquo;</a></td></tr>\r\n'
            % (
                _html.escape(x),
                "Industry news, prices and trade fair dates for valve buyers and distributors. " * 3,
                sender.domain,
                i,
            )
            for i, x in enumerate(topics[:4])
        )
        img = (
            '<tr><td><img src="cid:%s" width="600" height="120" alt="%s"></td></tr>' % (cid, sender.name)
            if image
            else '<tr><td><img src="https://cdn.%s/banner.png" width="600" height="120"></td></tr>' % sender.domain
        )
        html = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body style="margin:0;background:#f4f4f4">'
            '\r\n<table width="600" align="center" cellpadding="0" cellspacing="0" style="background:#ffffff">\r\n%s\r\n%s'
            '<tr><td style="font-size:11px;color:#999;padding:12px">You receive this newsletter because you subscribed at %s. '
            '<a href="https://www.%s/unsubscribe?u=%X">Unsubscribe</a></td></tr></table>'
            '<img src="https://track.%s/open/%X.gif" width="1" height="1"></body></html>\r\n'
            % (_html.escape(subject), img, rows, sender.domain, sender.domain, uid, sender.domain, uid)
        )
        hpart = _text_leaf(html, "html", "utf-8", "quoted-printable")
        if image:
            banner = _blob(
                ("banner", kind % len(self.w.newsletters)),
                lambda: make_png(300, 60, lambda x, y: ((x * 3 + kind * 40) % 256, (y * 4) % 256, 160)),
            )
            hpart = _Multi(
                "related",
                self.wr.boundary("webmail", uid, 2),
                [hpart, _attachment_leaf("banner.png", "image/png", banner, inline_cid=cid)],
                params='; type="text/html"',
            )
        root = _Multi(
            "alternative",
            self.wr.boundary("webmail", uid, 1),
            [_text_leaf(text.replace("\n", CRLF), "plain", "utf-8", "quoted-printable"), hpart],
        )
        headers = [
            "List-Id: %s <%s>" % (sender.name, list_id),
            "List-Unsubscribe: <https://www.%s/unsubscribe?u=%X>, <mailto:unsubscribe@%s?subject=unsubscribe>"
            % (sender.domain, uid, sender.domain),
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Precedence: bulk",
            "Feedback-ID: %d:%s:newsletter" % (r.randrange(1000, 9999), sender.domain.split(".")[0]),
        ]
        return self.wr.send(
            None,
            sender,
            [self.owner],
            day=day,
            text=text,
            subject=subject,
            root=root,
            headers=headers,
            date=d,
            unread=r.random() < 0.5,
            intent_tag="newsletter",
        )

    def alibaba(
        self,
        day: float,
        buyer: _Party,
        company: str,
        country: str,
        code: str,
        qty: int,
        message: str,
        platform: str = "alibaba",
    ) -> _Msg:
        r = self.rng
        _c, name, *_ = _PRODUCT[code]
        if platform == "alibaba":
            sender = self.w.alibaba
            subject = "[Alibaba.com] New inquiry from %s about %s" % (buyer.name, name)
            site = "Alibaba.com"
        else:
            sender = self.w.mic
            subject = "Made-in-China.com: Inquiry from %s (%s) - %s" % (buyer.name, country, name)
            site = "Made-in-China.com"
        inq = r.randrange(10**9, 10**10)
        text = (
            "Dear %s,\n\nYou have received a new inquiry on %s.\n\nInquiry ID: %d\nProduct: %s\nQuantity: %d Pieces\n\n"
            "Buyer Name: %s\nCompany: %s\nCountry/Region: %s\nEmail: %s\n\nMessage:\n%s\n\n"
            "Reply within 24 hours to improve your response rate.\n\n%s Team\n"
            % (self.owner.name, site, inq, name, qty, buyer.name, company, country, buyer.email, message, site)
        )
        rows = "".join(
            '<tr><td style="color:#666;padding:4px 12px">%s</td><td style="padding:4px 12px"><b>%s</b></td></tr>\r\n'
            % (k, _html.escape(v))
            for k, v in (
                ("Product", name),
                ("Quantity", "%d Pieces" % qty),
                ("Buyer Name", buyer.name),
                ("Company", company),
                ("Country/Region", country),
                ("Email", buyer.email),
            )
        )
        html = (
            '<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">\r\n<p>Dear %s,</p>\r\n'
            "<p>You have received a new inquiry on %s (Inquiry ID: %d).</p>\r\n<table>%s</table>\r\n"
            '<p style="background:#fff7e6;padding:12px">%s</p>\r\n<p><a href="https://message.%s/message/default.htm'
            '#feedback/all?id=%d" style="background:#ff6a00;color:#fff;padding:8px 16px">Reply Now</a></p>\r\n'
            "<p>%s Team</p></body></html>\r\n"
            % (
                _html.escape(self.owner.name),
                site,
                inq,
                rows,
                _html.escape(message).replace("\n", "<br>\r\n"),
                sender.domain,
                inq,
                site,
            )
        )
        root = _text_leaf(html, "html", "utf-8", "quoted-printable")
        if r.random() < 0.5:
            root = _Multi(
                "alternative",
                self.wr.boundary("webmail", self.wr.seq + 1, 1),
                [_text_leaf(text.replace("\n", CRLF), "plain", "utf-8", "quoted-printable"), root],
            )
        return self.wr.send(
            None,
            sender,
            [self.owner],
            day=day,
            text=text,
            subject=subject,
            root=root,
            headers=["X-Priority: 3", "Auto-Submitted: auto-generated"],
            intent_tag="platform_inquiry",
        )

    def bounce(self, original: _Msg, rcpt: str, day: float) -> _Msg:
        r = self.rng
        d = original.date.astimezone(CN_TZ) + timedelta(seconds=r.randrange(5, 40))
        daemon = self.w.daemon
        qid = _rstr(r, 11, "0123456789ABCDEF")
        text = (
            "This is the mail system at host mx.%s.\n\nI'm sorry to have to inform you that your message could not\n"
            "be delivered to one or more recipients. It's attached below.\n\nFor further assistance, please send mail "
            "to postmaster.\n\n                   The mail system\n\n<%s>: host %s[%s] said: 550 5.1.1 <%s>:\n"
            "    Recipient address rejected: User unknown in virtual mailbox table (in\n    reply to RCPT TO command)\n"
            % (OWN_DOMAIN, rcpt, "mail." + rcpt.split("@")[1], _ip(r), rcpt)
        )
        status = (
            "Reporting-MTA: dns; mx.%s\r\nX-Postfix-Queue-ID: %s\r\nX-Postfix-Sender: rfc822; %s\r\n"
            "Arrival-Date: %s\r\n\r\nFinal-Recipient: rfc822; %s\r\nOriginal-Recipient: rfc822;%s\r\nAction: failed\r\n"
            "Status: 5.1.1\r\nRemote-MTA: dns; mail.%s\r\nDiagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address\r\n"
            "    rejected: User unknown in virtual mailbox table\r\n"
            % (OWN_DOMAIN, qid, self.owner.email, format_datetime(original.date), rcpt, rcpt, rcpt.split("@")[1], rcpt)
        )
        head_end = original.raw.find(b"\r\n\r\n")
        orig_headers = original.raw[: head_end + 2]
        uid = self.wr.seq + 1
        root = _Multi(
            "report",
            self.wr.boundary("webmail", uid, 1),
            [
                _Leaf(
                    ["Content-Description: Notification", 'Content-Type: text/plain; charset="us-ascii"'],
                    text.replace("\n", CRLF).encode("ascii"),
                ),
                _Leaf(
                    ["Content-Description: Delivery report", "Content-Type: message/delivery-status"],
                    status.encode("ascii"),
                ),
                _Leaf(
                    ["Content-Description: Undelivered Message Headers", "Content-Type: text/rfc822-headers"],
                    orig_headers,
                ),
            ],
            params="; report-type=delivery-status",
        )
        return self.wr.send(
            None,
            daemon,
            [self.owner],
            day=day,
            date=d,
            text=text,
            subject="Undelivered Mail Returned to Sender",
            root=root,
            intent_tag="bounce",
            headers=["Auto-Submitted: auto-replied"],
            parent=None,
        )

    def out_of_office(self, contact: _Party, our: _Msg, until: str, lang: str = "en") -> _Msg:
        d = our.date + timedelta(seconds=self.rng.randrange(20, 200))
        d = d.astimezone(_tz(_offset_minutes(contact.zone, d.date())))
        if lang == "de":
            subject = "Automatische Antwort: " + our.subject
            text = (
                "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich %s nicht im Büro und habe nur eingeschränkt "
                "Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an einkauf@%s.\n\n"
                "Thank you for your message. I am out of the office until %s with limited access to e-mail.\n\n%s"
                % (until, contact.domain, until, contact.name)
            )
        elif lang == "it":
            subject = "Risposta automatica: " + our.subject
            text = (
                "Sono fuori ufficio fino al %s con accesso limitato alla posta. Per urgenze scrivere a info@%s.\n\n"
                "I am out of the office until %s.\n\n%s" % (until, contact.domain, until, contact.name)
            )
        else:
            subject = "Out of Office: " + our.subject
            text = (
                "Thank you for your email. I am out of the office until %s with limited access to email. For urgent "
                "matters please contact purchasing@%s.\n\n%s" % (until, contact.domain, contact.name)
            )
        return self.wr.send(
            None,
            contact,
            [self.owner],
            day=0,
            date=d,
            text=text,
            subject=subject,
            parent=our,
            quote=False,
            headers=["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"],
            html="none",
            intent_tag="auto_reply",
        )
