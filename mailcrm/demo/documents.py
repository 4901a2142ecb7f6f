"""Story primitives, the numbers and documents of a deal: its figures (price, amount, terms), the quote
number, and the attachments a deal carries (quotation, PI, PO, B/L, payment slip, photos, 8D report).

A mixin of :class:`.story._Story`; kept apart so the deal steps read without the document layouts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .attachments import _photo_b64, _scan_image
from .formats import make_pdf, make_xlsx
from .mime import _b64_lines
from .parties import _OWN_ADDRESS, _OWN_PHONE, OWN_COMPANY, OWN_DOMAIN, _ascii, _Company, _money, _Party, _World
from .phrasebook import _CERTS, _COMPETITORS, _PRODUCT, _TERMS
from .writer import _Writer


# What the buyer calls the PO they send, and what we call the PI and the sales contract we send
# them, by the buyer's language (the names match customers/order_text.py's PO and PI words, so
# orders are still read from the mail). Other languages: the English names.
DOC_NAMES = {
    "po": {
        "en": "PO",
        "de": "Bestellung",
        "es": "Pedido",
        "pt": "Pedido",
        "fr": "Bon_de_commande",
        "it": "Ordine",
        "ru": "Заказ",
        "zh": "订单",
        "ja": "注文書",
        "tr": "Siparis",
        "ar": "أمر_شراء",
    },
    "pi": {
        "en": "PI",
        "de": "Proformarechnung",
        "es": "Factura_proforma",
        "pt": "Fatura_proforma",
        "fr": "Facture_proforma",
        "it": "Fattura_proforma",
        "ru": "Счет-проформа",
        "zh": "形式发票",
    },
    "contract": {
        "en": "Sales_Contract",
        "de": "Kaufvertrag",
        "es": "Contrato_de_compraventa",
        "pt": "Contrato_de_venda",
        "fr": "Contrat_de_vente",
        "it": "Contratto_di_vendita",
        "ru": "Договор_поставки",
        "zh": "销售合同",
        "ja": "売買契約書",
        "tr": "Satis_Sozlesme",
        "ar": "عقد_بيع",
    },
}


def doc_name(kind: str, lang: str) -> str:
    names = DOC_NAMES[kind]
    return names.get(lang) or names.get((lang or "en").split("-")[0]) or names["en"]


class _Documents:
    """The figures of a deal and the attachment files, drawn from the story's one random stream."""

    # Set by _Story.__init__; the mixin only reads them.
    wr: _Writer
    w: _World
    rng: random.Random
    owner: _Party

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
            "%s_%s.pdf" % (doc_name("pi", params.get("lang", "en")), params["pi"]),
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
            "%s_%s.xlsx" % (doc_name("po", params.get("lang", "en")), params["po"]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _b64_lines(make_xlsx(rows, d)),
        )

    def contract_pdf(self, c, contact, params, d: datetime):
        """The sales contract sent with the PI of a first order, for the buyer to sign."""
        lines = self._doc_lines(c, contact, params, "contract value") + [
            "",
            "Seller: " + OWN_COMPANY,
            "Buyer: " + _ascii(c.name),
            "Quality: per the agreed sample and specification; inspection certificate EN 10204 3.1",
            "Delivery: CIF " + _ascii(params["port"]),
            "Claims: within 30 days of arrival, with an inspection report",
            "Disputes: CIETAC arbitration, Shanghai",
            "",
            "Seller ____________________        Buyer ____________________",
        ]
        return (
            "%s_%s.pdf" % (doc_name("contract", params.get("lang", "en")), params["pi"]),
            "application/pdf",
            _b64_lines(make_pdf("SALES CONTRACT No. " + params["pi"], lines, d)),
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
