"""Documents per customer: mail with attachments in several languages imported through the
CLI, then `customers docs` (list, --kind, --json, --save), `customers show` and the hand-over
brief read back what a salesperson would look for.
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from mailcrm.customers.documents import classify
from tests.test_rules_run import Workspace, ago

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
XLSX = b"PK\x03\x04 not really a workbook, but bytes all the same"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256))


def write(ws: Workspace, sender: str, to: str, subject: str, body: str, days_ago: float, files, reply_to=None):
    """One .eml with attachments: files are (name, maintype/subtype, bytes)."""
    ws.counter += 1
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"], msg["Message-ID"] = format_datetime(ago(days_ago)), f"<d{ws.counter}@{sender.split('@')[1]}>"
    if reply_to:
        msg["In-Reply-To"] = msg["References"] = reply_to
    msg.set_content(body)
    for name, ctype, data in files:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    folder = ws.root / "mail" / "inbox"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{ws.counter:04d}.eml").write_bytes(bytes(msg))
    return msg["Message-ID"]


LISA = "lisa@hengtai-valve.com"
HANS = "hans.mueller@kessler-armaturen.de"
IVAN = "ivan@stroymash.ru"


@pytest.fixture
def ws(tmp_path):
    ws = Workspace(tmp_path, shipped=False)
    first = write(ws, HANS, LISA, "Anfrage Kugelhähne DN50", "Bitte Angebot für 500 Stück.", 60, [])
    write(
        ws,
        LISA,
        HANS,
        "Re: Anfrage Kugelhähne DN50",
        "Sehr geehrter Herr Müller,\nanbei unser Angebot und das Zertifikat.\nMit freundlichen Grüßen",
        58,
        [
            ("Angebot_HT-2026-031.pdf", "application/pdf", PDF),
            ("EN10204_3.1_Abnahmeprüfzeugnis.pdf", "application/pdf", PDF + b"cert"),
        ],
        reply_to=first,
    )
    write(
        ws,
        HANS,
        LISA,
        "Bestellung 4711",
        "Anbei unsere Bestellung.",
        40,
        [("Bestellung_4711.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XLSX)],
    )
    write(
        ws,
        LISA,
        HANS,
        "PI HT260301-05 und Kaufvertrag",
        "Anbei die Proformarechnung und der Vertrag zur Unterschrift.",
        39,
        [
            ("Proformarechnung_HT260301-05.pdf", "application/pdf", PDF + b"pi-1"),
            ("Kaufvertrag_HT260301.pdf", "application/pdf", PDF + b"contract-1"),
        ],
    )
    # the buyer sends the PI back signed with a scan whose name says nothing: the mail says it
    write(
        ws,
        HANS,
        LISA,
        "Re: PI HT260301-05 und Kaufvertrag",
        "Hallo Lisa,\nim Anhang der unterschriebene Vertrag.\nGruß Hans",
        37,
        [("scan_0001.pdf", "application/pdf", PDF + b"signed")],
    )
    write(
        ws,
        LISA,
        HANS,
        "Shipment",
        "Dear Hans, goods shipped.",
        10,
        [("BL_COSU6312345678.pdf", "application/pdf", PDF + b"bl")],
    )
    write(ws, HANS, LISA, "Ventile angekommen", "Fotos anbei.", 3, [("IMG_2041.jpg", "image/jpeg", JPEG)])
    # a Russian customer: договор and счёт
    write(ws, IVAN, LISA, "Запрос", "Нужны задвижки DN100, 200 шт.", 30, [])
    write(
        ws,
        LISA,
        IVAN,
        "Re: Запрос",
        "Во вложении договор.",
        28,
        [
            ("Договор_поставки_17.pdf", "application/pdf", PDF + b"ru-contract"),
            ("Счёт_17.pdf", "application/pdf", PDF + b"ru-invoice"),
        ],
    )
    ws.import_mail()
    return ws


def test_docs_lists_every_file_exchanged_by_kind_newest_first(ws):
    out = ws.cli("customers", "docs", "kessler-armaturen.de").output
    for kind, name in [
        ("quotation", "Angebot_HT-2026-031.pdf"),
        ("certificate", "EN10204_3.1_Abnahmeprüfzeugnis.pdf"),
        ("PO", "Bestellung_4711.xlsx"),
        ("PI", "Proformarechnung_HT260301-05.pdf"),
        ("contract", "Kaufvertrag_HT260301.pdf"),
        ("contract", "scan_0001.pdf"),
        ("B/L", "BL_COSU6312345678.pdf"),
        ("photo", "IMG_2041.jpg"),
    ]:
        line = next(line for line in out.splitlines() if name in line)
        assert kind in line, line
    assert out.index("IMG_2041.jpg") < out.index("Bestellung_4711.xlsx") < out.index("Angebot_HT-2026-031.pdf")
    assert "Договор" not in out  # another customer's


def test_docs_json_has_kind_direction_date_message_and_why(ws):
    rows = ws.json("customers", "docs", "kessler-armaturen.de", "--kind", "po", "--kind", "contract")
    assert {(r["kind"], r["filename"], r["direction"]) for r in rows} == {
        ("po", "Bestellung_4711.xlsx", "received"),
        ("contract", "Kaufvertrag_HT260301.pdf", "sent"),
        ("contract", "scan_0001.pdf", "received"),
    }
    scan = next(r for r in rows if r["filename"] == "scan_0001.pdf")
    assert "unterschriebene Vertrag" in scan["why"]
    assert scan["date"][:10] == ago(37).date().isoformat()
    shown = ws.json("show", str(scan["message"]))
    assert shown["subject"] == "Re: PI HT260301-05 und Kaufvertrag"


def test_docs_in_russian_and_an_unknown_kind_is_refused(ws):
    rows = ws.json("customers", "docs", "stroymash.ru")
    assert {(r["kind"], r["filename"]) for r in rows} == {
        ("contract", "Договор_поставки_17.pdf"),
        ("invoice", "Счёт_17.pdf"),
    }
    result = ws.cli("customers", "docs", "stroymash.ru", "--kind", "letter", ok=False)
    assert result.exit_code != 0 and "letter" in result.output


def test_save_writes_the_files_a_folder_per_kind(ws, tmp_path):
    target = tmp_path / "kessler"
    out = ws.cli(
        "customers", "docs", "kessler-armaturen.de", "--kind", "contract", "--kind", "pi", "--save", str(target)
    ).output
    assert (target / "contract" / "Kaufvertrag_HT260301.pdf").read_bytes() == PDF + b"contract-1"
    assert (target / "contract" / "scan_0001.pdf").read_bytes() == PDF + b"signed"
    assert (target / "pi" / "Proformarechnung_HT260301-05.pdf").read_bytes() == PDF + b"pi-1"
    assert "3 files saved" in out
    assert not (target / "photo").exists()


def test_show_summarizes_documents_and_names_the_newest_contract_and_pi(ws):
    out = ws.cli("customers", "show", "kessler-armaturen.de").output
    assert "documents" in out and "2 contracts" in out and "1 PI" in out
    assert "newest contract: scan_0001.pdf" in out
    assert "newest PI: Proformarechnung_HT260301-05.pdf" in out
    info = ws.json("customers", "show", "kessler-armaturen.de")["customer"]["documents"]
    assert info["newest_contract_or_pi"]["filename"] == "scan_0001.pdf"
    assert info["by_kind"]["contract"] == 2


def test_handover_brief_lists_the_documents(ws, tmp_path):
    ws.cli(
        "handover", "--from", "lisa", "--to", "tom", "--customer", "kessler-armaturen.de", "--dir", str(tmp_path / "b")
    )
    brief = next((tmp_path / "b").glob("*kessler*.md")).read_text(encoding="utf-8")
    section = brief.split("## Documents", 1)[1]
    assert "Newest contract: scan_0001.pdf" in section
    assert "| PO | received | Bestellung_4711.xlsx |" in section
    assert "mailcrm customers docs kessler-armaturen.de --save DIR" in section


def test_a_file_sent_twice_is_listed_once(ws):
    write(ws, LISA, HANS, "Angebot again", "Anbei nochmals.", 2, [("Angebot_HT-2026-031.pdf", "application/pdf", PDF)])
    ws.import_mail()
    rows = ws.json("customers", "docs", "kessler-armaturen.de", "--kind", "quotation")
    assert [(r["filename"], r["times"]) for r in rows] == [("Angebot_HT-2026-031.pdf", 2)]
    assert len(ws.json("customers", "docs", "kessler-armaturen.de", "--kind", "quotation", "--copies")) == 2


@pytest.mark.parametrize(
    ("name", "ctype", "subject", "body", "kind"),
    [
        ("合同_HT-2026-07.pdf", "application/pdf", "", "", "contract"),
        ("订单_8812.xlsx", "application/vnd.ms-excel", "", "", "po"),
        ("形式发票_HT260301.pdf", "application/pdf", "", "", "pi"),
        ("报价单_2026.pdf", "application/pdf", "", "", "quotation"),
        ("提单_COSU123.pdf", "application/pdf", "", "", "bl"),
        ("Pedido_TEC-26118.xlsx", "application/vnd.ms-excel", "", "", "po"),
        ("Cotización_44.pdf", "application/pdf", "", "", "quotation"),
        ("contrato_de_compraventa.pdf", "application/pdf", "", "", "contract"),
        ("Bon_de_commande_77.pdf", "application/pdf", "", "", "po"),
        ("عقد_توريد.pdf", "application/pdf", "", "", "contract"),
        ("見積書_A12.pdf", "application/pdf", "", "", "quotation"),
        ("발주서_12.xlsx", "application/vnd.ms-excel", "", "", "po"),
        ("Sipariş_12.pdf", "application/pdf", "", "", "po"),
        ("Mill_Test_Certificate_WCB.pdf", "application/pdf", "", "", "certificate"),
        ("CE_Declaration.pdf", "application/pdf", "", "", "certificate"),
        ("ISO9001_2015.pdf", "application/pdf", "", "", "certificate"),
        ("Packing_List_44.xlsx", "application/vnd.ms-excel", "", "", "packing-list"),
        ("Commercial_Invoice_44.pdf", "application/pdf", "", "", "invoice"),
        ("Proforma_Invoice_44.pdf", "application/pdf", "", "", "pi"),
        ("valve_body.dwg", "application/octet-stream", "", "", "drawing"),
        ("Hengtai_Catalogue_2026.pdf", "application/pdf", "", "", "catalogue"),
        ("TT_copy_20260301.pdf", "application/pdf", "", "", "payment"),
        ("scan.pdf", "application/pdf", "Re: PO 4711 confirmed", "", "po"),
        ("scan.pdf", "application/pdf", "Re: ce que vous voulez", "Voici.", "other"),
        ("doc1.pdf", "application/pdf", "Re: hi", "Please find attached our signed proforma invoice.", "pi"),
        ("doc1.pdf", "application/pdf", "Re: hi", "Our contract ended last year. See you.", "other"),
    ],
)
def test_classify_in_the_rule_packs_languages(name, ctype, subject, body, kind):
    assert classify(name, ctype, subject, body).kind == kind


def test_json_rows_round_trip(ws):
    rows = json.loads(ws.cli("customers", "docs", "kessler-armaturen.de", "--json").output)
    assert all(set(r) >= {"kind", "filename", "direction", "date", "message", "why", "size"} for r in rows)
