"""A salesperson's mailbox for the drafts tests, and a mailcrm setup around it.

Lisa (Ningbo Hengtai Valve) has four customers, each with real mail in her
Dovecot INBOX and Sent folders:

* Hans Müller, Acme Armaturen GmbH (.de, writes German): asked for a quotation; Lisa
  sent it; no answer since. -> quote-follow-up, a German reply in that thread.
* João Silva, Construtora Paulista (.com.br, writes Portuguese): ordered long ago.
  -> reactivation, a new thread.
* Mohammed Al-Harbi, Gulf Pipes (.sa, writes English): a customer in Saudi Arabia.
  -> value content, held back during Ramadan.
* "Evil" at evil-imports.com: every field is an injection attempt (CRLF in the name
  and subject, Jinja syntax, HTML/script in the body).
"""

from __future__ import annotations

import base64
import json
import os
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from mailcrm.sample_config import LISA as LISA_ACCOUNT
from mailcrm.sample_config import config_text
from mailcrm.config import load_config
from mailcrm.customers.filing import refresh
from mailcrm.schema import open_db
from mailcrm.mail.sync import sync

LISA = "lisa@hengtai-valve.com"
HANS = "hans.mueller@acme-armaturen.de"
JOAO = "joao.silva@construtora-paulista.com.br"
MOHAMMED = "m.alharbi@gulfpipes.com.sa"
EVIL = "buyer@evil-imports.com"
EVIL_NAME = "Evil {{ 7*7 }} <script>alert(1)</script>"
EVIL_SUBJECT = "Order {{ 7*7 }} {% if true %}X{% endif %}"
EVIL_BODY = (
    "<script>alert('x')</script>\r\nBcc: victim@example.com\r\n"
    "{{ config }} {% for x in range(10) %}loop{% endfor %} ]]> <img src=x onerror=alert(1)>\n"
    "We need 200 pcs of DN50 ball valves, please send the price. Thanks and regards."
)

NOW = datetime.now(timezone.utc)


def mail(
    sender: str,
    to: str,
    subject: str,
    body: str,
    days_ago: float,
    message_id: str,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(NOW - timedelta(days=days_ago))
    msg["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = " ".join(f"<{r}>" for r in (references or [in_reply_to]))
    msg.set_content(body)
    return bytes(msg).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def encoded_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def evil_mail(message_id: str = "evil-1@evil-imports.com", days_ago: float = 20, in_reply_to: str = "") -> bytes:
    """Built by hand: the stdlib would refuse a CR/LF in a header, attackers do not.
    The CR/LF hide inside encoded words, where a careless decoder lets them out."""
    date = format_datetime(NOW - timedelta(days=days_ago))
    thread = f"In-Reply-To: <{in_reply_to}>\r\nReferences: <{in_reply_to}>\r\n" if in_reply_to else ""
    raw = (
        f"From: {encoded_word(EVIL_NAME + chr(13) + chr(10) + 'Bcc: victim@example.com')} <{EVIL}>\r\n"
        f"To: Lisa Chen <{LISA}>\r\n"
        f"Subject: {encoded_word(EVIL_SUBJECT + chr(13) + chr(10) + 'Bcc: victim@example.com')}\r\n"
        f"Date: {date}\r\nMessage-ID: <{message_id}>\r\n{thread}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    )
    return raw.encode() + EVIL_BODY.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def inbox_and_sent(lisa: str = LISA) -> tuple[list[bytes], list[bytes]]:
    hans_inquiry = mail(
        f"Hans Müller <{HANS}>",
        lisa,
        "Anfrage Kugelhähne DN50 PN40",
        "Sehr geehrte Frau Chen,\n\nbitte senden Sie uns ein Angebot über 500 Stück "
        "Kugelhähne DN50 PN40 aus Edelstahl, mit Datenblatt und CE-Konformitätserklärung.\n"
        "Wir benötigen die Ware bis Ende Mai.\n\nMit freundlichen Grüßen\nHans Müller\n"
        "Einkaufsleiter\nAcme Armaturen GmbH",
        30,
        "hans-1@acme-armaturen.de",
    )
    quotation = mail(
        f"Lisa Chen <{lisa}>",
        f"Hans Müller <{HANS}>",
        "Re: Anfrage Kugelhähne DN50 PN40",
        "Dear Mr Müller,\n\nplease find our quotation for 500 pcs DN50 PN40 ball valves: "
        "USD 18.50 per piece, FOB Ningbo.\n\nBest regards,\nLisa Chen",
        28,
        "lisa-q1@hengtai-valve.com",
        "hans-1@acme-armaturen.de",
    )
    joao = mail(
        f"João Silva <{JOAO}>",
        lisa,
        "Pedido de válvulas gaveta",
        "Prezada Lisa,\n\nprecisamos de uma cotação para 300 válvulas gaveta de 2 polegadas. "
        "Obrigado pela atenção e pelo preço.\n\nAtenciosamente,\nJoão Silva\nConstrutora Paulista",
        240,
        "joao-1@construtora-paulista.com.br",
    )
    joao_reply = mail(
        f"Lisa Chen <{lisa}>",
        f"João Silva <{JOAO}>",
        "Re: Pedido de válvulas gaveta",
        "Olá João,\n\nsegue a cotação.\n\nLisa",
        239,
        "lisa-j1@hengtai-valve.com",
        "joao-1@construtora-paulista.com.br",
    )
    mohammed = mail(
        f"Mohammed Al-Harbi <{MOHAMMED}>",
        lisa,
        "Butterfly valves for desalination plant",
        "Dear Lisa,\n\nwe are looking for butterfly valves for a desalination project. "
        "Please send your catalogue and the price for DN200.\n\nThanks and regards,\nMohammed",
        60,
        "mohammed-1@gulfpipes.com.sa",
    )
    mohammed_reply = mail(
        f"Lisa Chen <{lisa}>",
        f"Mohammed Al-Harbi <{MOHAMMED}>",
        "Re: Butterfly valves for desalination plant",
        "Dear Mohammed,\n\nattached.\n\nLisa",
        59,
        "lisa-m1@hengtai-valve.com",
        "mohammed-1@gulfpipes.com.sa",
    )
    evil_reply = mail(
        f"Lisa Chen <{lisa}>",
        f"Buyer <{EVIL}>",
        "Re: Order",
        "Dear Sir,\n\nour price is USD 20.\n\nLisa",
        19,
        "lisa-e1@hengtai-valve.com",
        "evil-1@evil-imports.com",
    )
    return [hans_inquiry, joao, mohammed, evil_mail()], [quotation, joao_reply, mohammed_reply, evil_reply]


DRAFT_SECTIONS = """
[drafts]
cooldown_days = 30
business_hours = "09:00-17:00"
lead_minutes = 0
holiday_greetings = []

[content]
catalogue = { title = { en = "2026 valve catalogue", de = "Armaturenkatalog 2026", pt = "catálogo de válvulas 2026" }, url = "https://hengtai-valve.com/catalogue-2026.pdf" }
signature = "Lisa Chen\\nSales Manager\\nNingbo Hengtai Valve Co., Ltd."

[[content.items]]
key = "desalination-whitepaper"
title = "Valves in desalination plants: materials that last"
url = "https://hengtai-valve.com/whitepapers/desalination.pdf"
kind = "whitepaper"
summary = "Duplex steel and lining choices from 40 projects in the Gulf"
industries = ["water"]
tags = ["desalination", "green-product"]

[[content.items]]
key = "valve-market-2026"
title = "Industrial valve market 2026"
url = "https://hengtai-valve.com/reports/market-2026.pdf"
kind = "trend-report"

[[content.offers]]
key = "welcome-back"
text = { en = "5% off your next order above USD 10,000", pt = "5% de desconto no próximo pedido acima de USD 10.000", de = "5 % Rabatt auf Ihre nächste Bestellung ab 10.000 USD" }
purposes = ["reactivation"]

[holidays]
closures = [{ name = "Chinese New Year", from = 2027-02-04, to = 2027-02-14 }]
"""


def write_config(
    tmp_path: Path, server, login: str, password: str, *, extra: str = DRAFT_SECTIONS, account_extra: str = ""
) -> Path:
    """`account_extra`: more lines for [accounts.imap], or an [accounts.smtp] table."""
    env = "MAILCRM_DRAFTS_TEST_PW"
    os.environ[env] = password
    lisa = dict(LISA_ACCOUNT, email=login)
    lisa["imap"] = {
        "host": server.host,
        "port": server.port,
        "security": "starttls",
        "username": login,
        "password_env": env,
        "ca_file": str(server.ca_file),
        "folders": ["INBOX", "\\Sent"],
    }
    # account_extra goes on right after [accounts.imap], the last table config_text writes
    text = config_text(accounts=(lisa,), extra=f"{account_extra}\n[rules]\nshipped = false\n{extra}")
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Setup:
    """A synced, filed mailbox; `request(...)` queues what the rule engine would."""

    def __init__(
        self, tmp_path: Path, server, user: tuple[str, str], *, extra: str = DRAFT_SECTIONS, account_extra: str = ""
    ):
        self.server, (self.login, self.password) = server, user
        inbox, sent = inbox_and_sent(self.login)
        for raw in inbox:
            server.append(self.login, "INBOX", raw, flags=("\\Seen",))
        for raw in sent:
            server.append(self.login, "Sent", raw, flags=("\\Seen",))
        self.config_path = write_config(
            tmp_path, server, self.login, self.password, extra=extra, account_extra=account_extra
        )
        self.config = load_config(self.config_path)
        self.db = open_db(self.config.database_path)
        self.sync()

    def sync(self):
        summary = sync(self.config, self.db)
        assert summary.ok, summary.line()
        refresh(self.db, self.config)
        return summary

    def customer(self, email: str) -> int:
        domain = email.split("@")[1]
        row = self.db.execute("SELECT customer FROM contacts WHERE email = ?", [email]).fetchone()
        assert row and row[0], f"no customer for {email} ({domain})"
        return row[0]

    def message(self, message_id: str) -> int:
        return self.db.execute("SELECT id FROM messages WHERE message_id = ?", [message_id]).fetchone()[0]

    def request(
        self, email: str, purpose: str, *, message: str | None = None, rule: str = "test-rule", key: str | None = None
    ) -> int:
        evidence = {"message": self.message(message) if message else None, "terms": ["test"]}
        return self.db.execute(
            "INSERT INTO draft_requests (customer, purpose, rule, evidence, note, event_key, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                self.customer(email),
                purpose,
                rule,
                json.dumps(evidence),
                f"{purpose} test",
                key or f"{purpose}:{email}:{datetime.now().timestamp()}",
                NOW.date().isoformat(),
            ],
        ).lastrowid

    def drafts(self, customer_email: str | None = None) -> list[dict]:
        sql = "SELECT * FROM drafts" + (" WHERE customer = ?" if customer_email else "") + " ORDER BY id"
        cursor = self.db.execute(sql, [self.customer(customer_email)] if customer_email else [])
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, r)) for r in cursor.fetchall()]
