"""A mailbox with known companies, as raw RFC 5322 bytes built with the stdlib email package.

Ningbo Hengtai Valve (hengtai-valve.com) sells valves; Lisa Chen and Tom Wang are its
salespeople. The ground truth each test checks:

* Acme Armaturen GmbH writes from two domains (acme-armaturen.de, acme-group.com), in
  German, with a +49 phone in the signature; Hans also sends one out-of-office reply, and
  once cc's their forwarder on an inbound mail.
* John Smith asks from gmail, then answers from his company address (besttrading.com,
  "Best Trading LLC", Chicago) in the same thread: his whole thread belongs to Best Trading.
* Ahmed writes from yahoo only: a free-mail customer of his own.
* María García writes from hotmail and signs for "Ferretería García S.L.", a company we
  also know at ferreteria-garcia.es: a probable duplicate.
* Nordic Pipes AB gets our cold mail from Tom's mailbox and never answers.
* A Chinese foundry (a supplier, GBK mail) and its reply: a customer until ignored.
* Colleagues (grace@, tom@), a newsletter, a list mail, a bounce, an Alibaba inquiry
  without an address, a Made-in-China inquiry with one, and Alibaba promotion mail.
* One announcement goes to three customers at once (To + Bcc).
* Hans's first inquiry is in Lisa's INBOX and in Tom's INBOX too (one message, two places).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from mailcrm.sample_config import LISA as LISA_ACCOUNT
from mailcrm.sample_config import TOM as TOM_ACCOUNT
from mailcrm.sample_config import config_text

OWN_DOMAIN = "hengtai-valve.com"
LISA = "Lisa Chen <lisa@hengtai-valve.com>"
TOM = "Tom Wang <tom@hengtai-valve.com>"
GRACE = "Grace Zhou <grace@hengtai-valve.com>"
HANS = "Hans Müller <hans.mueller@acme-armaturen.de>"
PETRA = "Petra Schulz <petra.schulz@acme-group.com>"
JOHN_GMAIL = "John Smith <john.smith1975@gmail.com>"
JOHN_WORK = "John Smith <john@besttrading.com>"
AHMED = "Ahmed Khalil <ahmed.khalil@yahoo.com>"
MARIA = "María García <maria.garcia77@hotmail.com>"
PEDRO = "Pedro García <pedro@ferreteria-garcia.es>"
NORDIC = "info@nordic-pipes.se"
FOUNDRY = "王工 <sales@zhuzao-casting.com>"
FORWARDER = "Ops Team <ops@fastfreight-logistics.com>"

CET = timezone(timedelta(hours=1))
CST_US = timezone(timedelta(hours=-6))
CN = timezone(timedelta(hours=8))
START = datetime(2026, 1, 5, 9, 0, tzinfo=CET)

CONFIG = config_text(accounts=(LISA_ACCOUNT, TOM_ACCOUNT))

ACME_SIGNATURE = """
Mit freundlichen Grüßen

Hans Müller
Einkaufsleiter
Acme Armaturen GmbH | Industriestraße 5 | 40210 Düsseldorf
Tel: +49 211 555 0100
www.acme-armaturen.de
"""

PETRA_SIGNATURE = """
Mit freundlichen Grüßen

Petra Schulz
Technischer Einkauf
Acme Armaturen GmbH
Tel: +49 211 555 0120
"""

LISA_SIGNATURE = """
Best regards
Lisa Chen
Sales Manager
Ningbo Hengtai Valve Co., Ltd.
Tel: +86 574 8888 6666
"""

JOHN_WORK_SIGNATURE = """
Thanks,
John Smith
Purchasing Manager
Best Trading LLC
Phone: +1 312 555 0142
"""


@dataclass
class Mail:
    account: str
    folder: str
    raw: bytes
    message_id: str
    subject: str


@dataclass
class Mailbox:
    mails: list[Mail] = field(default_factory=list)

    def add(
        self,
        account: str,
        folder: str,
        *,
        sender: str,
        to: list[str] | str,
        subject: str,
        body: str,
        when: datetime,
        cc: list[str] | None = None,
        bcc: list[str] | None = None,
        reply_to: Mail | None = None,
        headers: dict[str, str] | None = None,
        charset: str = "utf-8",
        msgid: str | None = None,
        report: bool = False,
        reply_to_header: str | None = None,
    ) -> Mail:
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = ", ".join(to) if isinstance(to, list) else to
        if cc:
            msg["Cc"] = ", ".join(cc)
        if bcc:
            msg["Bcc"] = ", ".join(bcc)
        if reply_to_header:
            msg["Reply-To"] = reply_to_header
        msg["Subject"] = subject
        msg["Date"] = format_datetime(when)
        digest = hashlib.sha1(f"{sender}|{subject}|{when.isoformat()}".encode()).hexdigest()[:10]
        message_id = msgid or f"fixture-{len(self.mails) + 1}-{digest}@{sender.split('@')[-1].rstrip('>')}"
        msg["Message-ID"] = f"<{message_id}>"
        if reply_to is not None:
            msg["In-Reply-To"] = f"<{reply_to.message_id}>"
            msg["References"] = f"<{reply_to.message_id}>"
        for name, value in (headers or {}).items():
            msg[name] = value
        msg.set_content(body, charset=charset)
        raw = bytes(msg).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if report:
            raw = delivery_report(raw, body)
        mail = Mail(account, folder, raw, message_id, subject)
        self.mails.append(mail)
        return mail

    def copy(self, mail: Mail, account: str, folder: str) -> None:
        self.mails.append(Mail(account, folder, mail.raw, mail.message_id, mail.subject))

    def write(self, root: Path) -> dict[str, Path]:
        """One folder tree of .eml files per account: root/<account>/<folder>/NNN.eml."""
        roots = {}
        for number, mail in enumerate(self.mails, 1):
            folder = root / mail.account / mail.folder
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{number:03d}.eml").write_bytes(mail.raw)
            roots[mail.account] = root / mail.account
        return roots


def delivery_report(raw: bytes, text: str) -> bytes:
    """Turn a plain message into a multipart/report bounce (RFC 3464)."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    head = b"\r\n".join(
        line
        for line in head.split(b"\r\n")
        if not line.lower().startswith((b"content-type", b"content-transfer-encoding"))
    )
    body = (
        "--BOUNDARY\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + text + "\r\n"
        "--BOUNDARY\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example-isp.net\r\n\r\nFinal-Recipient: rfc822; nobody@gone-away.example\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n\r\n--BOUNDARY--\r\n"
    )
    return (
        head + b'\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"'
        b"\r\n\r\n" + body.encode("ascii")
    )


def day(n: float, tz=CET) -> datetime:
    return (START + timedelta(days=n)).astimezone(tz)


def build() -> Mailbox:
    box = Mailbox()
    # -- Acme Armaturen GmbH, two domains, German ------------------------------------------
    inquiry = box.add(
        "lisa",
        "INBOX",
        sender=HANS,
        to=LISA,
        when=day(0),
        subject="Anfrage: Kugelhähne DN50 PN40",
        body="Sehr geehrte Frau Chen,\n\nbitte senden Sie uns ein Angebot für 500 Stück "
        "Kugelhähne DN50 PN40 aus Edelstahl. Wir brauchen die Ware bis März.\n" + ACME_SIGNATURE,
    )
    box.copy(inquiry, "tom", "INBOX")
    quote = box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=HANS,
        when=day(0.5),
        reply_to=inquiry,
        subject="Re: Anfrage: Kugelhähne DN50 PN40",
        body="Dear Mr. Müller,\n\nplease find our quotation attached: USD 18.50 per piece, "
        "FOB Ningbo.\n" + LISA_SIGNATURE + "\n> bitte senden Sie uns ein Angebot",
    )
    box.add(
        "lisa",
        "INBOX",
        sender=HANS,
        to=LISA,
        cc=[FORWARDER],
        when=day(2),
        reply_to=quote,
        subject="Re: Anfrage: Kugelhähne DN50 PN40",
        body="Sehr geehrte Frau Chen,\n\nvielen Dank für das Angebot. Unser Spediteur ist in Kopie, "
        "bitte stimmen Sie die Lieferung mit ihm ab.\n"
        + ACME_SIGNATURE
        + "\nOn Mon, Jan 5, 2026 Lisa Chen <lisa@hengtai-valve.com> wrote:\n> please find our quotation",
    )
    box.add(
        "lisa",
        "INBOX",
        sender=HANS,
        to=LISA,
        when=day(3),
        subject="Automatische Antwort: Abwesenheit",
        headers={"Auto-Submitted": "auto-replied"},
        body="Ich bin bis zum 20. Januar nicht im Büro.\n" + ACME_SIGNATURE,
    )
    petra = box.add(
        "lisa",
        "INBOX",
        sender=PETRA,
        to=LISA,
        when=day(6),
        subject="Zertifikate für Kugelhähne",
        body="Hallo Frau Chen,\n\nkönnen Sie uns bitte die CE- und ISO-Zertifikate schicken? "
        "Wir haben die Anfrage von Herrn Müller übernommen.\n" + PETRA_SIGNATURE,
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=PETRA,
        cc=[HANS],
        when=day(6.2),
        reply_to=petra,
        subject="Re: Zertifikate für Kugelhähne",
        body="Dear Ms. Schulz,\n\nthe CE and ISO certificates are attached.\n" + LISA_SIGNATURE,
    )
    # -- John Smith: gmail first, then his company address, one thread ----------------------
    john_first = box.add(
        "lisa",
        "INBOX",
        sender=JOHN_GMAIL,
        to=LISA,
        when=day(1, CST_US),
        subject="RFQ brass gate valves",
        body="Hi Lisa,\n\nwe met at the Canton Fair. Please quote 2,000 brass gate valves "
        "1 inch. What is your MOQ?\n\nThanks,\nJohn Smith",
    )
    lisa_to_john = box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=JOHN_GMAIL,
        when=day(1.6),
        reply_to=john_first,
        subject="Re: RFQ brass gate valves",
        body="Hi John,\n\nour MOQ is 500 pcs, price USD 4.20.\n" + LISA_SIGNATURE,
    )
    john_work = box.add(
        "lisa",
        "INBOX",
        sender=JOHN_WORK,
        to=LISA,
        when=day(3, CST_US),
        reply_to=lisa_to_john,
        subject="Re: RFQ brass gate valves",
        body="Hi Lisa,\n\nwriting from my work address now. Can you do USD 3.90 for 5,000 pcs? "
        "We would need the samples first.\n"
        + JOHN_WORK_SIGNATURE
        + "\nOn Tue, Jan 6, 2026 Lisa Chen wrote:\n> our MOQ is 500 pcs",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=JOHN_WORK,
        when=day(4),
        reply_to=john_work,
        subject="Re: RFQ brass gate valves",
        body="Hi John,\n\nUSD 4.00 is our best price for 5,000 pcs. Samples ship next week.\n" + LISA_SIGNATURE,
    )
    box.add(
        "lisa",
        "INBOX",
        sender=JOHN_WORK,
        to=LISA,
        when=day(9, CST_US),
        subject="PO 4711 brass gate valves",
        body="Hi Lisa,\n\nplease find our purchase order 4711 attached. Please send the PI.\n" + JOHN_WORK_SIGNATURE,
    )
    # -- Ahmed: free-mail only --------------------------------------------------------------
    ahmed = box.add(
        "lisa",
        "INBOX",
        sender=AHMED,
        to=LISA,
        when=day(2.5),
        subject="Price for butterfly valves",
        body="Dear Lisa,\n\nkindly send the price for DN100 butterfly valves, 300 pcs, "
        "delivery to Dubai.\n\nRegards,\nAhmed Khalil\nMobile: +971 50 123 4567",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=AHMED,
        when=day(3.5),
        reply_to=ahmed,
        subject="Re: Price for butterfly valves",
        body="Dear Ahmed,\n\nUSD 21 per piece, CIF Jebel Ali.\n" + LISA_SIGNATURE,
    )
    # -- María García (hotmail) signs for a company we also know by its domain -------------
    maria = box.add(
        "lisa",
        "INBOX",
        sender=MARIA,
        to=LISA,
        when=day(4),
        subject="Consulta válvulas de bola",
        body="Hola Lisa,\n\nnecesitamos el precio de 200 válvulas de bola para nuestra tienda. "
        "Gracias por su ayuda.\n\nSaludos,\nMaría García\nFerretería García S.L.\n"
        "Tel: +34 91 555 0199",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=MARIA,
        when=day(4.4),
        reply_to=maria,
        subject="Re: Consulta válvulas de bola",
        body="Hola María,\n\nthe price is EUR 7.10.\n" + LISA_SIGNATURE,
    )
    pedro = box.add(
        "lisa",
        "INBOX",
        sender=PEDRO,
        to=LISA,
        when=day(5),
        subject="Pedido de muestras",
        body="Estimada Lisa,\n\npor favor envíe muestras de las válvulas de bola. Gracias.\n\n"
        "Saludos cordiales,\nPedro García\nFerretería García S.L.\nTel: +34 91 555 0100",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=PEDRO,
        when=day(5.3),
        reply_to=pedro,
        subject="Re: Pedido de muestras",
        body="Dear Pedro,\n\nsamples are on the way.\n" + LISA_SIGNATURE,
    )
    # -- Nordic Pipes: Tom's cold mail, no answer -------------------------------------------
    box.add(
        "tom",
        "Sent",
        sender=TOM,
        to=NORDIC,
        when=day(7),
        subject="Valves for your pipe systems",
        body="Dear Sir or Madam,\n\nwe make ball, gate and butterfly valves. May I send our catalogue?\n\n"
        "Best regards\nTom Wang\nNingbo Hengtai Valve Co., Ltd.",
    )
    # -- one announcement to three customers ------------------------------------------------
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=[HANS],
        bcc=[JOHN_WORK, AHMED],
        when=day(10),
        subject="Chinese New Year holidays",
        body="Dear customers,\n\nour factory is closed from Feb 14 to Feb 22.\n" + LISA_SIGNATURE,
    )
    # -- the supplier (GBK, Chinese) --------------------------------------------------------
    foundry = box.add(
        "lisa",
        "INBOX",
        sender=FOUNDRY,
        to=LISA,
        when=day(3, CN),
        charset="gb2312",
        subject="铸件交期",
        body="陈经理您好，\n\n本批阀体铸件下周三可以交货，请安排检验。\n\n王工\n宁波铸造有限公司",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=FOUNDRY,
        when=day(3.2, CN),
        reply_to=foundry,
        charset="gb2312",
        subject="回复：铸件交期",
        body="王工您好，\n\n好的，周三安排检验。\n\n陈丽",
    )
    # -- colleagues -------------------------------------------------------------------------
    box.add(
        "lisa",
        "INBOX",
        sender=GRACE,
        to=LISA,
        when=day(8),
        subject="Weekly sales meeting",
        body="Lisa, the meeting moves to Friday 3 pm. Grace",
    )
    box.add(
        "lisa",
        "INBOX",
        sender=TOM,
        to=LISA,
        cc=[GRACE],
        when=day(8.1),
        subject="Catalogue 2026",
        body="Lisa, the new catalogue PDF is on the shared drive. Tom",
    )
    # -- machines ---------------------------------------------------------------------------
    box.add(
        "lisa",
        "INBOX",
        sender="Valve World <news@valveworld-magazine.com>",
        to=LISA,
        when=day(2.2),
        subject="Valve World Weekly: new API 6D rules",
        headers={"List-Unsubscribe": "<mailto:unsub@valveworld-magazine.com>"},
        body="This week in valves: API 6D changes, market prices, trade fairs.",
    )
    box.add(
        "lisa",
        "INBOX",
        sender="Editor <editor@valve-digest.com>",
        to=LISA,
        when=day(2.3),
        subject="Digest: stainless steel prices",
        headers={"List-Id": "<digest.valve-digest.com>", "Precedence": "bulk"},
        body="Stainless steel prices rose 3% this month.",
    )
    box.add(
        "lisa",
        "INBOX",
        sender="Mail Delivery System <MAILER-DAEMON@mx.example-isp.net>",
        to=LISA,
        when=day(5.5),
        subject="Undelivered Mail Returned to Sender",
        report=True,
        body="This is the mail system. Your message to nobody@gone-away.example could not be delivered.",
    )
    box.add(
        "lisa",
        "INBOX",
        sender="Alibaba.com <feedback@service.alibaba.com>",
        to=LISA,
        when=day(6.5),
        subject="New inquiry from Carlos Mendez (Mendez Industrial S.A. de C.V.)",
        body="Dear supplier,\n\nYou have received a new inquiry on Alibaba.com.\n\n"
        "Buyer: Carlos Mendez\nCompany: Mendez Industrial S.A. de C.V.\nCountry/Region: Mexico\n"
        "Product: Stainless steel ball valve DN25\nQuantity: 1,000 pieces\n\n"
        "Reply to this inquiry on Alibaba.com within 24 hours to improve your response rate.",
    )
    box.add(
        "lisa",
        "INBOX",
        sender="Alibaba.com <noreply@notice.alibaba.com>",
        to=LISA,
        when=day(6.6),
        subject="Grow your business with Alibaba.com Gold Supplier",
        body="Upgrade now and get 3x more inquiries. Terms apply.",
    )
    box.add(
        "lisa",
        "INBOX",
        sender="Made-in-China.com <inquiry@made-in-china.com>",
        to=LISA,
        when=day(7.5),
        subject="Inquiry about Gate Valve from Poland",
        body="Dear Supplier,\n\nContact Person: Piotr Kowalski\nCompany Name: Kowalski Hydraulika Sp. z o.o.\n"
        "Country: Poland\nEmail: piotr@kowalski-hydraulika.pl\n\nMessage: Please quote 50 gate valves DN80.",
    )
    return box


ACME_MESSAGES = 6  # Hans 3 (incl. the out-of-office), Petra 1, our 2 replies — plus the announcement
BEST_TRADING_THREAD = "RFQ brass gate valves"


# --------------------------------------------------------------------------- running the real CLI

EXPECTED_CUSTOMERS = {
    "acme-armaturen.de",
    "acme-group.com",
    "besttrading.com",
    "ahmed.khalil@yahoo.com",
    "maria.garcia77@hotmail.com",
    "ferreteria-garcia.es",
    "nordic-pipes.se",
    "zhuzao-casting.com",
    "lead:mendez-industrial-s-a-de-c-v",
    "kowalski-hydraulika.pl",
}


class Env:
    """A temporary config and database with the fixture mailbox imported through the CLI."""

    def __init__(self, tmp_path: Path, config_text: str = CONFIG, mailbox: Mailbox | None = None):
        from click.testing import CliRunner

        self.tmp = tmp_path
        self.config = tmp_path / "config.toml"
        self.config.write_text(config_text, encoding="utf-8")
        self.runner = CliRunner()
        self.mailbox = mailbox or build()
        self.roots = self.mailbox.write(tmp_path / "mail")
        self.outputs = [self.run("import", str(self.roots[a]), "--account", a) for a in ("lisa", "tom")]

    def run(self, *args: str, ok: bool = True):
        from mailcrm.cli.main import cli

        result = self.runner.invoke(cli, ["--config", str(self.config), *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    def json(self, *args: str):
        import json

        return json.loads(self.run(*args, "--json").output)

    def keys(self, *args: str) -> set[str]:
        return {row["key"] for row in self.json("customers", "list", *args)}

    def show(self, key: str) -> dict:
        return self.json("customers", "show", key, "--full")

    def db(self):
        import sqlite3

        return sqlite3.connect(self.tmp / "mailcrm.db")

    def import_more(self, account: str, mails: list[Mail]) -> None:
        folder = self.tmp / f"more-{len(list(self.tmp.glob('more-*')))}"
        for number, mail in enumerate(mails, 1):
            (folder / mail.folder).mkdir(parents=True, exist_ok=True)
            (folder / mail.folder / f"{number:03d}.eml").write_bytes(mail.raw)
        self.run("import", str(folder), "--account", account)
