"""Orders per customer: added by hand or imported from CSV, shown in the timeline,
summed per customer. The basis of ABC grading and RFM.

An order is recorded once: its fingerprint (the order number, else date, amount,
currency, product and quantity) keeps a re-imported CSV from double-counting.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..clock import utcnow
from ..config import Config
from ..db import transaction
from ..errors import MailcrmError, NotFoundError
from ..lock import database_lock
from ..money import Rates, default_rates
from .csvfiles import CsvReport, read_csv
from .filing import refresh
from .lookup import customer_row, find_customer
from .triage import held_back, promote_key
from .mail_orders import drop_mail_orders_numbered

CURRENCY_ALIASES = {
    "RMB": "CNY",
    "¥": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "$": "USD",
    "US$": "USD",
    "美元": "USD",
    "€": "EUR",
    "欧元": "EUR",
    "£": "GBP",
    "英镑": "GBP",
}
PAID_WORDS = {"paid", "yes", "y", "true", "1", "full", "fully paid", "已付", "已付款", "已收", "已收款"}
UNPAID_WORDS = {"outstanding", "unpaid", "no", "n", "false", "0", "open", "due", "未付", "未付款", "未收", "欠款"}

ORDER_FIELDS = {
    "date": ("order date", "po date", "日期", "下单日期", "订单日期"),
    "customer": ("client", "buyer", "company", "customer key", "customer_domain", "domain", "email", "客户", "公司"),
    "amount": ("total", "value", "order value", "金额", "总额", "订单金额"),
    "currency": ("cur", "ccy", "币种", "货币"),
    "product": ("item", "products", "description", "model", "产品", "品名", "型号"),
    "quantity": ("qty", "pcs", "数量"),
    "paid": ("paid amount", "amount paid", "received", "已付", "已收", "已付金额", "收款"),
    "outstanding": ("balance", "unpaid", "due", "arrears", "欠款", "未付", "未收"),
    "status": ("payment", "payment status", "paid/outstanding", "付款状态", "状态"),
    "order_no": ("order number", "order", "po", "po number", "pi", "pi number", "订单号", "合同号"),
}


@dataclass
class Order:
    customer: int
    date: str
    amount: float
    currency: str
    product: str
    quantity: float | None
    paid: float
    outstanding: float
    order_no: str | None

    def fingerprint(self) -> str:
        if self.order_no:
            basis = f"no|{self.customer}|{self.order_no.strip().lower()}"
        else:
            basis = "|".join(
                str(v)
                for v in (
                    self.customer,
                    self.date,
                    f"{self.amount:.2f}",
                    self.currency,
                    self.product.strip().lower(),
                    self.quantity,
                )
            )
        return hashlib.sha256(basis.encode()).hexdigest()[:32]


def parse_amount(text: str | float | int | None, what: str) -> float | None:
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    value = text.strip()
    if not value:
        return None
    value = re.sub(r"^[A-Za-z$€£¥]{1,4}\s*|\s*[A-Za-z$€£¥]{1,4}$", "", value).replace(" ", "").replace("'", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", value):  # 12.500,00 (German)
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d{1,2}", value):  # 12,5 (decimal comma)
        value = value.replace(",", ".")
    else:
        value = value.replace(",", "")
    try:
        return float(value)
    except ValueError:
        raise MailcrmError(f"{what} {text!r} is not a number") from None


def parse_date(text: str) -> str:
    value = (text or "").strip()
    if not value:
        raise MailcrmError("the date is missing")
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    raise MailcrmError(f"date {text!r}: use YYYY-MM-DD")


def parse_currency(text: str | None) -> str:
    value = (text or "").strip()
    if not value:
        raise MailcrmError("the currency is missing (USD, EUR, CNY …)")
    value = CURRENCY_ALIASES.get(value, CURRENCY_ALIASES.get(value.upper(), value.upper()))
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise MailcrmError(f"currency {text!r}: use a three-letter code such as USD, EUR, CNY")
    return value


def make_order(
    customer: int,
    *,
    when: str,
    amount,
    currency: str,
    product: str = "",
    quantity=None,
    paid=None,
    outstanding=None,
    status: str | None = None,
    order_no: str | None = None,
) -> Order:
    total = parse_amount(amount, "amount")
    if total is None or total <= 0:
        raise MailcrmError("the amount must be a positive number")
    qty = parse_amount(quantity, "quantity")
    if qty is not None and qty <= 0:
        raise MailcrmError("the quantity must be positive")
    paid_value = paid_amount(paid, total)
    owed = parse_amount(outstanding, "outstanding")
    if status:
        word = status.strip().lower()
        if word in PAID_WORDS:
            paid_value = total if paid_value is None else paid_value
        elif word in UNPAID_WORDS:
            paid_value = 0.0 if paid_value is None else paid_value
        elif word not in ("partial", "part", "部分"):
            raise MailcrmError(f"payment status {status!r}: paid, outstanding or partial")
    if paid_value is None and owed is not None:
        paid_value = total - owed
    if paid_value is None:
        paid_value = 0.0
    if owed is None:
        owed = total - paid_value
    if paid_value < 0 or paid_value > total + 0.005:
        raise MailcrmError(f"paid {paid_value:g} is not between 0 and the amount {total:g}")
    if abs(paid_value + owed - total) > 0.01:
        raise MailcrmError(f"paid {paid_value:g} + outstanding {owed:g} is not the amount {total:g}")
    return Order(
        customer,
        parse_date(when),
        round(total, 2),
        parse_currency(currency),
        (product or "").strip(),
        qty,
        round(paid_value, 2),
        round(owed, 2),
        (order_no or "").strip() or None,
    )


def paid_amount(paid, total: float) -> float | None:
    """'paid' may hold an amount or a word (yes / paid / 已付)."""
    if paid is None or (isinstance(paid, str) and not paid.strip()):
        return None
    if isinstance(paid, str):
        word = paid.strip().lower()
        if word in PAID_WORDS - {"1", "0"}:
            return total
        if word in UNPAID_WORDS - {"1", "0"}:
            return 0.0
    return parse_amount(paid, "paid")


def insert_order(db, order: Order, source: str) -> bool:
    """True when recorded, False when the same order is already there.

    An order from the ledger (by hand, CSV) replaces the order with its number seen in the mail."""
    if source != "mail":
        drop_mail_orders_numbered(db, order.customer, order.order_no)
    cursor = db.execute(
        "INSERT INTO orders (customer, date, amount, currency, product, quantity, paid, outstanding, order_no, "
        "source, fingerprint, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (fingerprint) DO NOTHING",
        [
            order.customer,
            order.date,
            order.amount,
            order.currency,
            order.product,
            order.quantity,
            order.paid,
            order.outstanding,
            order.order_no,
            source,
            order.fingerprint(),
            utcnow(),
        ],
    )
    return cursor.rowcount == 1


def add_order(
    db,
    config: Config,
    customer_ref: str,
    *,
    when: str | None = None,
    amount,
    currency: str,
    product: str = "",
    quantity=None,
    paid=None,
    outstanding=None,
    order_no: str | None = None,
) -> dict:
    held = None
    try:
        customer = find_customer(db, customer_ref)
    except NotFoundError:
        held = held_back(db, customer_ref)  # an order is business evidence: the sender is a customer now
        if held is None:
            raise
    with database_lock(config.database_path, "orders add"):
        with transaction(db):
            if held:
                customer = customer_row(db, promote_key(db, held, "a customer: an order was added for them"))
            order = make_order(
                customer["id"],
                when=when or date.today().isoformat(),
                amount=amount,
                currency=currency,
                product=product,
                quantity=quantity,
                paid=paid,
                outstanding=outstanding,
                order_no=order_no,
            )
            if not insert_order(db, order, "manual"):
                raise MailcrmError(f"this order is already recorded for {customer['key']}")
        if held:
            refresh(db, config, lock=False)  # their mail filed under them
    return {**order.__dict__, "customer": customer["key"], "name": customer["name"]}


def import_orders_csv(db, config: Config, path) -> CsvReport:
    """date, customer, amount, currency, product, quantity, paid / outstanding (amounts or a status).

    The customer column takes a customer key, domain, contact address, #id or exact name.
    Bad rows are reported with their line number; the rest is imported; re-importing
    the same file records nothing twice.
    """
    report = CsvReport(str(path))
    rows = list(read_csv(path, ORDER_FIELDS, ("customer",)))
    source = "csv:" + Path(path).name
    promoted: list[str] = []
    with database_lock(config.database_path, "orders import"):
        with transaction(db):
            for line, row, problem in ((r.line, r.values, r.problem) for r in rows):
                if problem:
                    report.errors.append(f"line {line}: {problem}")
                    continue
                try:
                    customer = find_customer_or_promote(db, row.get("customer", ""), promoted)
                    order = make_order(
                        customer["id"],
                        when=row.get("date", ""),
                        amount=row.get("amount"),
                        currency=row.get("currency", ""),
                        product=row.get("product", ""),
                        quantity=row.get("quantity"),
                        paid=row.get("paid"),
                        outstanding=row.get("outstanding"),
                        status=row.get("status"),
                        order_no=row.get("order_no"),
                    )
                except NotFoundError as exc:
                    report.errors.append(f"line {line}: {exc}")
                    continue
                except MailcrmError as exc:
                    report.errors.append(f"line {line}: {exc}")
                    continue
                if insert_order(db, order, source):
                    report.created += 1
                else:
                    report.skipped += 1
        if promoted:
            refresh(db, config, lock=False)  # their mail filed under them
    return report


def find_customer_or_promote(db, ref: str, promoted: list[str]) -> dict:
    """The customer ``ref`` names; a sender the triage held back becomes one (an order is evidence)."""
    try:
        return find_customer(db, ref)
    except NotFoundError:
        held = held_back(db, ref)
        if held is None:
            raise
        promoted.append(held)
        return customer_row(db, promote_key(db, held, "a customer: an order was imported for them"))


SOURCES = ("manual", "csv", "mail")


def list_orders(
    db, customer_ref: str | None = None, *, limit: int | None = None, source: str | None = None
) -> list[dict]:
    """Newest first. ``source``: manual, csv (any file) or mail. ``message`` is the message an
    order from mail was seen in; ``amount`` is None when that mail did not state it."""
    where, params = [], []
    if customer_ref:
        where.append("o.customer = ?")
        params.append(find_customer(db, customer_ref)["id"])
    if source:
        if source not in SOURCES:
            raise MailcrmError(f"source {source!r}: use {', '.join(SOURCES)}")
        where.append("o.source LIKE 'csv:%'" if source == "csv" else f"o.source = '{source}'")
    sql = (
        "SELECT o.id, o.date, c.key AS customer, c.name, CASE WHEN o.amount_known THEN o.amount END AS amount, "
        "o.currency, o.product, o.quantity, o.paid, o.outstanding, o.order_no, o.source, o.message "
        f"FROM orders o JOIN customers c ON c.id = o.customer {'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY o.date DESC, o.id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(row) for row in db.query(sql, params)]


def totals_by_customer(db, rates: Rates | None = None) -> list[dict]:
    """Per customer and currency: orders, amount, paid, outstanding, first and last order, and
    the amount in the base currency (``value``; None when the currency has no rate). Largest
    value first, those without a rate last (orders seen in the mail without an amount are in no
    currency: they are left out)."""
    rates = rates or default_rates()
    rows = [
        dict(row)
        for row in db.query(
            "SELECT c.key AS customer, c.name, o.currency, count(*) AS orders, round(sum(o.amount), 2) AS amount, "
            "round(sum(o.paid), 2) AS paid, round(sum(o.outstanding), 2) AS outstanding, min(o.date) AS first, "
            "max(o.date) AS last FROM orders o JOIN customers c ON c.id = o.customer WHERE o.amount_known "
            "GROUP BY o.customer, o.currency"
        )
    ]
    for row in rows:
        value = rates.convert(row["amount"], row["currency"])
        row["base_currency"], row["value"] = rates.base, None if value is None else round(value, 2)
    return sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0), -r["amount"], r["customer"]))


def grand_totals(rows: list[dict], rates: Rates | None = None) -> dict:
    """The rows of totals_by_customer summed: per currency, and converted to the base; the
    currencies without a rate are named and left out of the converted total."""
    rates = rates or default_rates()
    by_currency: dict[str, dict] = {}
    for row in rows:
        entry = by_currency.setdefault(row["currency"], {"currency": row["currency"], "orders": 0, "amount": 0.0})
        entry["orders"] += row["orders"]
        entry["amount"] = round(entry["amount"] + row["amount"], 2)
    priced = [e for e in by_currency.values() if rates.rate(e["currency"]) is not None]
    return {
        "by_currency": sorted(by_currency.values(), key=lambda e: -(rates.convert(e["amount"], e["currency"]) or 0)),
        "base_currency": rates.base,
        "value": round(sum(rates.convert(e["amount"], e["currency"]) for e in priced), 2),
        "rates": rates.source(),
        "unpriced": [e for e in by_currency.values() if rates.rate(e["currency"]) is None],
    }
