"""Story primitives: the steps of export-trade correspondence (a thread, a customer's message and our
reply, a quotation, the order cycle with its documents).

The deal's figures and documents are in :mod:`.documents`, the mail around customers (forwarder,
newsletters, platform inquiries, bounces, auto-replies) in :mod:`.outside_mail`; :class:`_Story`
puts them together, so the stories use one object."""

from __future__ import annotations

from datetime import timedelta

from .bodies import item_name
from .documents import _Documents
from .outside_mail import _OutsideMail
from .parties import _Company, _Msg, _Party, _Thread
from .phrasebook import _TRANSIT, PHRASES, _BLP, _CNTR, _VESSELS
from .records import SampleOrder
from .writer import _Writer


class _Story(_Documents, _OutsideMail):
    """Higher-level steps of export-trade correspondence, on top of a :class:`_Writer`."""

    def __init__(self, writer: _Writer):
        self.wr = writer
        self.w = writer.w
        self.rng = writer.rng
        self.owner = writer.w.owner

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
        params["lang"] = lang
        m_po = self.inn(
            t, day_po, "reorder" if reorder else "po", date=d_po, attach=[self.po_xlsx(c, params, d_po)], cc=cc
        )
        d_pi = self.wr.when(max(day_po - 1, 1), "CN", m_po)
        papers = [self.pi_pdf(c, contact, params, d_pi)]
        if not reorder:  # a first order comes with a sales contract to sign
            papers.append(self.contract_pdf(c, contact, params, d_pi))
        self.out(t, day_po - 1, "pi", date=d_pi, attach=papers)
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
