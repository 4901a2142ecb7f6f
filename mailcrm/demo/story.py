"""Story primitives: the steps of export-trade correspondence (deal, quotation, order cycle with its
documents) and the mail around customers (forwarder, newsletters, platform inquiries, bounces, auto-replies)."""

from __future__ import annotations

import html as _html
from datetime import datetime, timedelta

from .attachments import _blob, _photo_b64, _scan_image
from .bodies import item_name
from .clock import CN_TZ, _offset_minutes, _tz, format_datetime
from .envelope import _ip, _rstr
from .formats import make_pdf, make_png, make_xlsx
from .mime import CRLF, _attachment_leaf, _b64_lines, _Leaf, _Multi, _text_leaf
from .parties import _OWN_ADDRESS, _OWN_PHONE, OWN_COMPANY, OWN_DOMAIN, _ascii, _Company, _money, _Msg, _Party, _Thread
from .phrasebook import _CERTS, _COMPETITORS, _PRODUCT, _TERMS, _TRANSIT, PHRASES, _BLP, _CNTR, _VESSELS
from .records import SampleOrder
from .writer import _Writer


class _Story:
    """Higher-level steps of export-trade correspondence, on top of a :class:`_Writer`."""

    def __init__(self, writer: _Writer):
        self.wr = writer
        self.w = writer.w
        self.rng = writer.rng
        self.owner = writer.w.owner

    # ---- numbers and documents ------------------------------------------------------------
    def deal(self, c: _Company, code: str, qty: int, *, factor: float = 1.0, **extra) -> dict:
        r = self.rng
        _code, name, _cat, _spec, usd, moq = _PRODUCT[code]
        cur = c.currency
        price = round(usd * (0.92 if cur == "EUR" else 1.0) * factor, 2)
        amount = round(price * qty, 2)
        lang = c.lang
        d = dict(
            product_code=code,
            product=name,
            qty=qty,
            price="%.2f" % price,
            price_val=price,
            cur=cur,
            amount=_money(amount),
            amount_val=amount,
            port=c.port,
            city=c.city,
            moq=moq,
            qty_small=max(10, moq // 4 if moq >= 40 else moq // 2),
            n=r.choice((2, 3, 5)),
            days=r.choice((15, 20, 25)),
            terms=r.choice(_TERMS.get(lang, _TERMS["en"])),
            cert=r.choice(_CERTS),
            competitor=r.choice(_COMPETITORS.get(lang, _COMPETITORS["en"])),
            pct=r.choice((5, 8, 10, 12, 15)),
            price2="%.2f" % round(price * 0.96, 2),
            weeks=r.choice((2, 3, 4)),
            biz="a plumbing wholesaler",
            source=r.choice(("the Canton Fair", "Alibaba", "your website", "a business partner", "Google")),
            tracking="%010d" % r.randrange(10**9, 10**10),
            terms_pi="30% T/T deposit, balance against B/L copy",
        )
        d.update(extra)
        return d

    def _year(self, day: float) -> int:
        return (self.w.today - timedelta(days=int(day))).year

    def quote_no(self, day: float) -> str:
        self.w.quote_seq += 1
        return "HT-%d-%03d" % (self._year(day), self.w.quote_seq % 1000)

    def _doc_lines(self, c: _Company, contact: _Party, params: dict, kind: str) -> list[str]:
        qty = params["qty"]
        lines = [
            OWN_COMPANY,
            _OWN_ADDRESS,
            "Tel: %s   Web: www.%s" % (_OWN_PHONE, OWN_DOMAIN),
            "",
            "To: %s" % _ascii(c.name),
            "Attn: %s" % _ascii(contact.name),
            "Country: %s" % c.country,
            "",
            "%-4s %-12s %-52s %8s %12s %14s" % ("No.", "Item", "Description", "Qty", "Unit price", "Amount"),
            "%-4s %-12s %-52s %8d %12s %14s"
            % (
                "1",
                params["product_code"],
                _ascii(params["product"])[:52],
                qty,
                "%s %s" % (params["cur"], params["price"]),
                "%s %s" % (params["cur"], params["amount"]),
            ),
            "",
            "Total: %s %s (%s)" % (params["cur"], params["amount"], kind),
        ]
        lines += [
            "",
            "Material: body %s, seat PTFE, stem brass/SS"
            % ("brass CW617N" if "Brass" in params["product"] else "per spec"),
            "Testing: 100%% shell and seat test per EN 12266-1 / API 598",
            "Packing: export carton, fumigated plywood pallet",
            "Marking: per customer requirement",
            "Price basis: FOB Ningbo",
            "Lead time: 30-35 days after deposit",
            "Payment: " + params.get("terms_pi", "30% T/T deposit, balance against B/L copy"),
        ]
        return lines

    def quote_pdf(self, c, contact, params, d: datetime):
        lines = self._doc_lines(c, contact, params, "FOB Ningbo") + [
            "Validity: 30 days",
            "",
            self.owner.name + " / " + self.owner.title,
        ]
        return (
            "Quotation_%s.pdf" % params["quote"],
            "application/pdf",
            _b64_lines(make_pdf("QUOTATION No. " + params["quote"], lines, d)),
        )

    def pi_pdf(self, c, contact, params, d: datetime):
        lines = self._doc_lines(c, contact, params, "proforma") + [
            "",
            "Beneficiary: " + OWN_COMPANY,
            "Bank: Bank of China, Ningbo Branch",
            "SWIFT: BKCHCNBJ92A",
            "Account No.: 3568 5910 2245",
            "",
            "Customer PO: " + params.get("po", ""),
        ]
        return (
            "PI_%s.pdf" % params["pi"],
            "application/pdf",
            _b64_lines(make_pdf("PROFORMA INVOICE No. " + params["pi"], lines, d)),
        )

    def po_xlsx(self, c, params, d: datetime):
        rows = [
            ["PURCHASE ORDER", params["po"]],
            ["Buyer", c.name],
            ["Supplier", OWN_COMPANY],
            ["Date", d.strftime("%Y-%m-%d")],
            [],
            ["Pos", "Article", "Description", "Qty", "Unit price", "Currency", "Amount"],
            [
                1,
                params["product_code"],
                params["product"],
                params["qty"],
                params["price_val"],
                params["cur"],
                params["amount_val"],
            ],
            [],
            ["Delivery", "CIF " + params["port"]],
            ["Payment", params.get("terms_pi", "")],
        ]
        return (
            "PO_%s.xlsx" % params["po"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _b64_lines(make_xlsx(rows, d)),
        )

    def bl_pdf(self, c, params, d: datetime, scanned: bool = False):
        lines = [
            "Shipper: " + OWN_COMPANY,
            "Consignee: " + _ascii(c.name),
            "Notify party: same as consignee",
            "",
            "Vessel / Voyage: %s" % params["vessel"],
            "Port of loading: NINGBO, CHINA",
            "Port of discharge: %s" % _ascii(params["port"]).upper(),
            "Container / Seal: %s / %s" % (params["container"], params["seal"]),
            "Description: %s, %d PCS" % (_ascii(params["product"]), params["qty"]),
            "Freight: PREPAID",
            "Shipped on board: %s" % params["etd"],
        ]
        image = None
        if scanned:  # a scan: the page image (one of a few) makes the file 100-300 KB
            image = _scan_image(sum(map(ord, params["bl"])) % 4)
        return (
            "BL_%s.pdf" % params["bl"],
            "application/pdf",
            _b64_lines(
                make_pdf(
                    "BILL OF LADING (COPY) No. " + params["bl"], lines, d, image=image, producer="Canon iR-ADV C5535"
                )
            ),
        )

    def slip_pdf(self, c, params, d: datetime):
        amt = params["amount_val"] * 0.3
        lines = [
            "MT103 SINGLE CUSTOMER CREDIT TRANSFER",
            "Ordering customer: " + _ascii(c.name),
            "Beneficiary: " + OWN_COMPANY,
            "Beneficiary bank: BKCHCNBJ92A",
            "Amount: %s %s" % (params["cur"], _money(amt)),
            "Value date: " + d.strftime("%Y-%m-%d"),
            "Remittance info: DEPOSIT " + params.get("po", ""),
        ]
        return (
            "TT_copy_%s.pdf" % d.strftime("%Y%m%d"),
            "application/pdf",
            _b64_lines(make_pdf("PAYMENT ADVICE", lines, d, producer="SAP NetWeaver")),
        )

    def photo(self, d: datetime, large: bool | None = None):
        r = self.rng
        if large is None:
            large = r.random() < 0.5
        return ("IMG_%s.jpg" % d.strftime("%Y%m%d_%H%M%S"), "image/jpeg", _photo_b64(r.randrange(6), large))

    def report_8d(self, params, d: datetime):
        lines = [
            "D1 Team: QC manager, production manager, sales",
            "D2 Problem: leakage at seat test, customer order %s" % params.get("po", ""),
            "D3 Containment: 100% re-test of stock",
            "D4 Root cause: seat ring batch with insufficient hardness",
            "D5 Corrective action: incoming inspection of seat rings, supplier changed",
            "D6 Verification: 500 pcs re-tested, 0 failures",
            "D7 Prevention: SPC on seat ring hardness",
            "D8 Closure",
        ]
        return (
            "8D_Report_%s.pdf" % params.get("po", "x"),
            "application/pdf",
            _b64_lines(make_pdf("8D REPORT", lines, d)),
        )

    # ---- threads and steps ---------------------------------------------------------------
    def thread(
        self,
        c: _Company | None,
        subject: str,
        params: dict | None = None,
        contact: _Party | None = None,
        lang: str | None = None,
    ) -> _Thread:
        return _Thread(subject, c, dict(params or {}), lang or (c.lang if c else "en"), contact)

    def subject(self, lang: str, key: str, params: dict, pick: int | None = None) -> str:
        book = PHRASES.get(lang, PHRASES["en"])
        variants = book.get(key) or PHRASES["en"][key]
        t = variants[pick % len(variants)] if pick is not None else self.rng.choice(variants)
        fmt = dict(params)
        fmt["item"] = item_name(lang, params)
        return t.format_map(fmt)

    def inn(self, t: _Thread, day: float, intents, who: _Party | None = None, **kw) -> _Msg:
        frm = who or t.contact
        return self.wr.send(t, frm, [self.owner], day=day, intents=intents, **kw)

    def out(self, t: _Thread, day: float, intents, to: _Party | None = None, **kw) -> _Msg:
        to_p = to or t.contact
        return self.wr.send(t, self.owner, [to_p], day=day, intents=intents, **kw)

    def quote(self, t: _Thread, day: float, **kw) -> _Msg:
        p = t.params
        if not p.get("quote"):
            p["quote"] = self.quote_no(day)
        d = self.wr.when(day, "CN", t.last)
        att = [self.quote_pdf(t.company, t.contact, p, d)]
        return self.out(t, day, "quotation", attach=att + list(kw.pop("attach", [])), date=d, **kw)

    def order(
        self,
        c: _Company,
        contact: _Party,
        code: str,
        qty: int,
        day_po: float,
        *,
        factor: float = 1.0,
        po: str | None = None,
        reorder: bool = False,
        deposit: bool = True,
        ship: bool = True,
        update: bool = False,
        goods_ok: bool = False,
        paid: float | None = None,
        lang: str | None = None,
        transit: int | None = None,
        scanned: bool = False,
        forwarder: bool = False,
        subject: str | None = None,
        ask_shipment: bool = False,
        cc: list[_Party] = (),
    ) -> _Thread:
        """PO (with xlsx) -> PI (pdf) -> deposit -> [production update] -> shipment notice (B/L) -> [goods ok]."""
        r = self.rng
        lang = lang or contact.lang
        po = po or "%s-%d%03d" % (c.key.upper()[:3], self._year(day_po) % 100, r.randrange(100, 1000))
        params = self.deal(c, code, qty, factor=factor, po=po)
        params["pi"] = "HT%s-%02d" % (
            (self.w.today - timedelta(days=int(day_po))).strftime("%y%m%d"),
            r.randrange(1, 30),
        )
        t = self.thread(c, subject or self.subject(lang, "subj_po", params), params, contact, lang)
        d_po = self.wr.when(day_po, contact.zone)
        m_po = self.inn(
            t, day_po, "reorder" if reorder else "po", date=d_po, attach=[self.po_xlsx(c, params, d_po)], cc=cc
        )
        d_pi = self.wr.when(max(day_po - 1, 1), "CN", m_po)
        self.out(t, day_po - 1, "pi", date=d_pi, attach=[self.pi_pdf(c, contact, params, d_pi)])
        day = day_po - 1
        if deposit and day > 4:
            day -= r.randrange(2, 6)
            d = self.wr.when(day, contact.zone, t.last)
            self.inn(t, day, "deposit_paid", date=d, attach=[self.slip_pdf(c, params, d)])
        if ask_shipment and day > 25:
            day -= r.randrange(18, 24)
            self.inn(t, day, "ask_shipment")
        if update and day > 22:
            day -= r.randrange(14, 20)
            self.out(t, day, "production_update")
        shipped_day = None
        if ship and day > 12:
            day = max(1, day - r.randrange(10, 16))
            tr = transit if transit is not None else _TRANSIT.get(c.cc, 25)
            etd = self.w.today - timedelta(days=int(day) - 2)
            params.update(
                vessel="%s V.%03d%s" % (r.choice(_VESSELS), r.randrange(100, 999), r.choice("EWNS")),
                container="%s%07d" % (r.choice(_CNTR), r.randrange(10**6, 10**7)),
                seal="CN%07d" % r.randrange(10**6, 10**7),
                bl="%s%08d" % (r.choice(_BLP), r.randrange(10**7, 10**8)),
                etd=etd.strftime("%d %b %Y"),
                eta=(etd + timedelta(days=tr)).strftime("%d %b %Y"),
            )
            t.params.update(params)
            if forwarder:
                self.forwarder_booking(c, params, day + 3)
            d = self.wr.when(day, "CN", t.last)
            self.out(t, day, "shipment_notice", date=d, attach=[self.bl_pdf(c, params, d, scanned=scanned)])
            shipped_day = day
            if goods_ok and day - tr > 1:
                self.inn(t, day - tr - r.randrange(1, 5), "goods_ok")
        amount = params["amount_val"]
        if paid is None:
            if shipped_day is not None and shipped_day > 30:
                paid_v = amount
            elif deposit:
                paid_v = round(amount * 0.3, 2)
            else:
                paid_v = 0.0
        else:
            paid_v = round(amount * paid, 2)
        o = SampleOrder(
            date=m_po.date.date(),
            customer_domain=c.domain,
            amount=amount,
            currency=params["cur"],
            product=params["product"],
            quantity=qty,
            paid=paid_v,
        )
        self.wr.orders.append((m_po, o))
        return t

    # ---- mail that is not from customers ----------------------------------------------------
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
