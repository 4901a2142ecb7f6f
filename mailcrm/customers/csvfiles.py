"""Customers in and out of CSV: trade-fair cards and B2B inquiry exports in, every
customer with contacts and totals out (opens in Excel). CsvReport and read_csv serve
the orders import too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ..clock import utcnow
from ..config import Config
from ..csvrows import Row, read_rows
from ..errors import MailcrmError
from ..mail.addresses import Classifier, looks_like_email
from .country import country_code
from .decisions import changing
from .keys import customer_keys, ensure_customer, mark_dirty, register_functions, slug
from .lookup import list_customers, order_totals


@dataclass
class CsvReport:
    """What a CSV import did; errors carry the file's line numbers."""

    path: str
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.path}: {self.created} created, {self.updated} updated, {self.skipped} skipped, "
            f"{len(self.errors)} rows with errors"
        )


def read_csv(path, fields: dict[str, tuple[str, ...]], required_any: tuple[str, ...]) -> Iterator[Row]:
    """Rows with the line each starts on; a row that cannot be right carries its problem (csvrows.py)."""
    return read_rows(path, fields, required_any)


CUSTOMER_FIELDS = {
    "company": ("company name", "organization", "organisation", "firm", "公司", "公司名称", "客户名称", "客户"),
    "contact": ("contact name", "contact person", "name", "person", "联系人", "姓名"),
    "email": ("e-mail", "mail", "email address", "邮箱", "电子邮件", "邮件"),
    "phone": ("tel", "telephone", "mobile", "whatsapp", "phone number", "电话", "手机"),
    "country": ("country/region", "region", "国家", "国家/地区", "国家地区"),
    "source": ("lead source", "来源", "渠道"),
    "title": ("position", "job title", "role", "职位", "职务"),
    "website": ("web", "url", "homepage", "网址", "网站"),
    "note": ("notes", "remark", "remarks", "comment", "备注"),
}


def import_customers_csv(db, config: Config, path, *, source: str | None = None) -> CsvReport:
    """Trade-fair cards and B2B inquiry exports: a customer (and contact) per row.

    Bad rows are reported with their line number; the other rows are imported.
    Importing the same file twice changes nothing.
    """
    from pathlib import Path

    classifier = Classifier(config)
    report = CsvReport(str(path))
    default_source = source or "csv:" + Path(path).name
    rows = list(read_csv(path, CUSTOMER_FIELDS, ("company", "email")))
    with changing(db, config, "customers import"):
        register_functions(db, classifier, config)
        for row in rows:
            if row.problem:
                report.errors.append(f"line {row.line}: {row.problem}")
                continue
            db.execute("SAVEPOINT csv_row")
            try:
                created = import_customer_row(db, classifier, row.values, default_source)
            except MailcrmError as exc:
                db.execute("ROLLBACK TO csv_row")
                report.errors.append(f"line {row.line}: {exc}")
            else:
                if created:
                    report.created += 1
                else:
                    report.updated += 1
            finally:
                db.execute("RELEASE csv_row")
    return report


def import_customer_row(db, classifier: Classifier, row: dict, default_source: str) -> bool:
    company = row.get("company", "")
    name = row.get("contact", "")
    emails = [e.strip().lower() for e in re.split(r"[;,\s]+", row.get("email", "")) if e.strip()]
    if not company and not emails:
        raise MailcrmError("needs a company or an email address")
    for email in emails:
        if not looks_like_email(email):
            raise MailcrmError(f"{email!r} is not an email address")
        kind, _ = classifier.classify(email)
        if kind != "external":
            raise MailcrmError(
                f"{email} is {'one of our own addresses' if kind == 'own' else 'not a customer address'} ({kind})"
            )
    country = None
    if row.get("country"):
        country = country_code(row["country"])
        if not country:
            raise MailcrmError(f"unknown country {row['country']!r}")
    key = classifier.key_of(emails[0]) if emails else "lead:" + slug(company)
    ignored = db.execute("SELECT mc_ignored(?, ?)", [emails[0] if emails else None, key]).fetchone()[0]
    if ignored:
        raise MailcrmError(f"{emails[0] if emails else key} is ignored (not a customer)")
    existed = db.execute("SELECT 1 FROM customer_keys WHERE key = ?", [key]).fetchone() is not None
    source = row.get("source") or default_source
    customer = ensure_customer(db, key, source)
    if not existed and company:
        db.execute(
            "UPDATE customers SET name_auto = ?, name = coalesce(name_override, ?) WHERE id = ?",
            [company, company, customer],
        )
    targets = emails or [None]
    for email in targets:
        if email:
            contact = db.execute("SELECT id FROM contacts WHERE email = ?", [email]).fetchone()
            if contact is None:
                contact_id = db.execute(
                    "INSERT INTO contacts (email, key, source, first_seen) VALUES (?, ?, ?, ?)",
                    [email, classifier.key_of(email), source, utcnow()],
                ).lastrowid
            else:
                contact_id = contact[0]
        else:
            contact = db.execute("SELECT id FROM contacts WHERE email IS NULL AND key = ?", [key]).fetchone()
            contact_id = (
                contact[0]
                if contact
                else db.execute(
                    "INSERT INTO contacts (email, key, source, lead) VALUES (NULL, ?, ?, 1)", [key, source]
                ).lastrowid
            )
        db.execute(
            "UPDATE contacts SET customer = ?, name = CASE WHEN ? != '' THEN ? ELSE name END, "
            "company = coalesce(nullif(?, ''), company), country = coalesce(?, country), "
            "phone = coalesce(nullif(?, ''), phone), title = coalesce(nullif(?, ''), title), "
            "website = coalesce(nullif(?, ''), website) WHERE id = ?",
            [
                customer,
                name,
                name,
                company,
                country,
                row.get("phone", ""),
                row.get("title", ""),
                row.get("website", ""),
                contact_id,
            ],
        )
    mark_dirty(db, {customer})
    if row.get("note"):
        exists = db.execute("SELECT 1 FROM notes WHERE customer = ? AND text = ?", [customer, row["note"]]).fetchone()
        if not exists:
            db.execute(
                "INSERT INTO notes (customer, at, author, text) VALUES (?, ?, ?, ?)",
                [customer, utcnow(), source, row["note"]],
            )
    return not existed


EXPORT_COLUMNS = [
    "key",
    "name",
    "kind",
    "status",
    "country",
    "timezone",
    "language",
    "owner",
    "stage",
    "grade",
    "credit_list",
    "next_contact",
    "contacts",
    "phones",
    "domains",
    "messages_in",
    "messages_out",
    "first_contact",
    "last_contact",
    "turn",
    "orders",
    "order_totals",
    "outstanding",
    "source",
    "created",
]


def export_rows(db, *, include_all: bool = False) -> list[dict]:
    rows = []
    for customer in list_customers(db, include_all=include_all, sort="name"):
        pk = customer["id"]
        contacts = db.execute(
            "SELECT email, name, phone FROM contacts WHERE customer = ? ORDER BY email", [pk]
        ).fetchall()
        totals = order_totals(db, pk)
        firsts = [d for d in (customer["first_in"], customer["first_out"]) if d]
        lasts = [d for d in (customer["last_in"], customer["last_out"]) if d]
        rows.append(
            {
                **{k: customer.get(k) for k in EXPORT_COLUMNS if k in customer},
                "contacts": "; ".join(f"{n} <{e}>" if n else (e or n) for e, n, _ in contacts if e or n),
                "phones": "; ".join(sorted({p for _, _, p in contacts if p})),
                "domains": "; ".join(customer_keys(db, pk)),
                "first_contact": min(firsts)[:10] if firsts else "",
                "last_contact": max(lasts)[:10] if lasts else "",
                "orders": totals["count"],
                "order_totals": "; ".join(f"{t['currency']} {t['amount']:.2f}" for t in totals["by_currency"]),
                "outstanding": "; ".join(
                    f"{t['currency']} {t['outstanding']:.2f}" for t in totals["by_currency"] if t["outstanding"]
                ),
            }
        )
    return rows


def export_customers_csv(db, path, *, include_all: bool = False) -> int:
    """All (active) customers with contacts and totals; UTF-8 with BOM so Excel shows 中文 right."""
    import csv
    from pathlib import Path

    rows = export_rows(db, include_all=include_all)
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
