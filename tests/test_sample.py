"""The sample mailbox generator: determinism, validity, the curated cases, writers, speed."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import mailbox
import re
import statistics
import time
import tracemalloc
import zipfile
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from mailcrm.demo.documents import DOC_NAMES
from mailcrm.demo.sample import (
    CURATED_CUSTOMERS,
    SampleMailbox,
    SampleMessage,
    SampleOrder,
    curated_count,
    generate_mailbox,
    iter_messages,
    write_maildir,
    write_mbox,
    write_orders_csv,
)

TODAY = date(2026, 5, 15)
OWNER = "lisa@hengtai-valve.com"
FREEMAIL = {"gmail.com", "hotmail.com", "yahoo.com", "qq.com", "163.com", "outlook.com"}


def parse(m: SampleMessage) -> email.message.EmailMessage:
    return email.message_from_bytes(m.raw, policy=email.policy.default)


def body_text(msg) -> str:
    """All text/plain and text/html content of a message, decoded (not descending into rfc822)."""
    out = []
    for part in msg.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            out.append(part.get_content())
    return "\n".join(out)


@pytest.fixture(scope="module")
def box400() -> SampleMailbox:
    return generate_mailbox(400, today=TODAY)


@pytest.fixture(scope="module")
def parsed400(box400):
    return [parse(m) for m in box400.messages]


@pytest.fixture(scope="module")
def box_big() -> SampleMailbox:
    return generate_mailbox(1600, today=TODAY)


@pytest.fixture(scope="module")
def parsed_big(box_big):
    return [parse(m) for m in box_big.messages]


# ------------------------------------------------------------------------------ determinism


def test_same_inputs_give_byte_identical_output(box400):
    again = generate_mailbox(400, today=TODAY)
    assert again == box400
    assert [m.raw for m in again.messages] == [m.raw for m in box400.messages]


def test_seed_and_today_change_the_output(box400):
    other = generate_mailbox(400, seed=8, today=TODAY)
    assert [m.raw for m in other.messages] != [m.raw for m in box400.messages]
    later = generate_mailbox(50, today=TODAY + timedelta(days=30))
    assert later.messages[0].internaldate > box400.messages[0].internaldate


def test_exact_count_and_streaming_is_a_prefix(box400):
    assert len(box400.messages) == 400
    streamed = list(iter_messages(450, today=TODAY))
    assert len(streamed) == 450
    assert streamed[:400] == box400.messages
    assert list(iter_messages(0, today=TODAY)) == []
    assert len(generate_mailbox(7, today=TODAY).messages) == 7


def test_curated_story_fits_in_400():
    n = curated_count(today=TODAY)
    assert 280 <= n <= 360


def test_default_today_is_today():
    m = generate_mailbox(3).messages[0]
    assert 0 < (date.today() - m.internaldate.date()).days <= 560


# ------------------------------------------------------------------------------ validity


def test_every_message_parses_cleanly(box_big, parsed_big):
    for i, (m, msg) in enumerate(zip(box_big.messages, parsed_big)):
        assert isinstance(m.raw, bytes)
        assert b"\n" not in m.raw.replace(b"\r\n", b""), f"bare LF in message {i}"
        assert m.internaldate.tzinfo is not None
        for part in msg.walk():
            assert not part.defects, (i, part.get_content_type(), part.defects)
            if part.get_content_maintype() == "text":
                part.get_content()
        for h in ("From", "To", "Subject", "Date"):
            assert msg[h] is not None, (i, h)
        sent = msg["Date"].datetime
        assert sent.tzinfo is not None
        assert TODAY - timedelta(days=560) <= sent.date() <= TODAY
        assert max(len(line) for line in m.raw.split(b"\r\n")) <= 998


def test_message_ids_are_unique(box_big, parsed_big):
    by_mid = defaultdict(set)
    for m, msg in zip(box_big.messages, parsed_big):
        mid = msg["Message-ID"]
        if mid:
            by_mid[str(mid)].add(m.raw)
    assert len(by_mid) > 1300
    assert all(len(raws) == 1 for raws in by_mid.values()), "a Message-ID used by two different messages"


def test_folders_and_flags(box400, parsed400):
    folders = Counter(m.folder for m in box400.messages)
    assert set(folders) == {"INBOX", "Sent", "Archive"}
    for m, msg in zip(box400.messages, parsed400):
        sender = msg["From"].addresses[0].addr_spec.lower()
        if m.folder == "Sent":
            assert sender == OWNER
            assert m.flags == ("\\Seen",)
        else:
            assert sender != OWNER
        assert set(m.flags) <= {"\\Seen", "\\Answered", "\\Flagged"}
    flag_sets = Counter(m.flags for m in box400.messages)
    assert flag_sets[("\\Seen", "\\Answered")] > 20
    assert any("\\Flagged" in f for f in flag_sets)
    assert flag_sets[()] >= 1  # some new mail is unread


def test_message_in_two_folders(box400):
    where = defaultdict(set)
    for m in box400.messages:
        where[m.raw].add(m.folder)
    assert sum(1 for f in where.values() if len(f) > 1) >= 3


def test_sizes_are_realistic(box_big):
    sizes = sorted(len(m.raw) for m in box_big.messages)
    assert 5_000 <= statistics.median(sizes) <= 15_000
    big = sum(1 for s in sizes if s >= 100_000) / len(sizes)
    assert 0.01 <= big <= 0.05
    assert sizes[-1] <= 1_500_000


def test_other_account_owns_the_sent_folder():
    box = generate_mailbox(60, today=TODAY, account_email="tom@hengtai-valve.com")
    sent = [parse(m) for m in box.messages if m.folder == "Sent"]
    assert sent and all(msg["From"].addresses[0].addr_spec == "tom@hengtai-valve.com" for msg in sent)


# ------------------------------------------------------------------------------ threads


def test_replies_link_to_earlier_messages(parsed_big):
    seen: set[str] = set()
    replies = 0
    for msg in parsed_big:
        irt = msg["In-Reply-To"]
        if irt:
            replies += 1
            assert str(irt) in seen, f"In-Reply-To {irt} not seen before"
            refs = str(msg["References"]).split()
            assert refs[-1] == str(irt)
            assert all(r in seen for r in refs)
            subject = str(msg["Subject"])
            assert re.match(
                r"(?i)(re|aw|r|rv|ynt|回复|回覆|رد)\s?[:：]|out of office|automatische|risposta", subject
            ), subject
        if msg["Message-ID"]:
            seen.add(str(msg["Message-ID"]))
    assert replies > 700


# ------------------------------------------------------------------------------ the curated cases


def _parts(parsed):
    for msg in parsed:
        yield from msg.walk()


def test_charsets(box400, parsed400):
    labels = Counter(p.get_content_charset() for p in _parts(parsed400) if p.get_content_maintype() == "text")
    for cs in ("utf-8", "gb2312", "big5", "iso-2022-jp", "koi8-r", "iso-8859-9"):
        assert labels[cs] > 0, cs
    # labelled gb2312, really GBK: the strict gb2312 codec fails, gbk / gb18030 read it
    gbk = [p for p in _parts(parsed400) if p.get_content_charset() == "gb2312" and p.get_content_type() == "text/plain"]
    really_gbk = 0
    for p in gbk:
        data = p.get_payload(decode=True)
        data.decode("gb18030")
        try:
            data.decode("gb2312")
        except UnicodeDecodeError:
            really_gbk += 1
    assert really_gbk >= 1
    assert any("王喆" in p.get_payload(decode=True).decode("gb18030") for p in gbk)
    ja = next(p for p in _parts(parsed400) if p.get_content_charset() == "iso-2022-jp")
    assert "お願い" in ja.get_content() or "様" in ja.get_content()
    ru = next(p for p in _parts(parsed400) if p.get_content_charset() == "koi8-r")
    assert "С уважением" in ru.get_content()


def test_languages_follow_the_country(parsed400):
    text = "\n".join(body_text(m) for m in parsed400)
    for marker in (
        "Mit freundlichen Grüßen",
        "Saludos cordiales",
        "Atenciosamente",
        "Cordialement",
        "Cordiali saluti",
        "С уважением",
        "مع أطيب التحيات",
        "Saygılarımızla",
        "よろしくお願いいたします",
        "順頌商祺",
        "谢谢",
    ):
        assert marker in text, marker


def test_bounce(parsed400):
    bounces = [m for m in parsed400 if m.get_content_type() == "multipart/report"]
    assert bounces
    b = bounces[0]
    assert b.get_param("report-type") == "delivery-status"
    assert "mailer-daemon" in str(b["From"]).lower()
    types = [p.get_content_type() for p in b.walk()]
    assert "message/delivery-status" in types and "text/rfc822-headers" in types


def test_auto_reply_and_newsletter(parsed400):
    auto = [m for m in parsed400 if m["Auto-Submitted"] == "auto-replied" and "report" not in m.get_content_type()]
    assert len(auto) >= 2
    assert all(m["In-Reply-To"] for m in auto)
    news = [m for m in parsed400 if m["List-Id"]]
    assert len(news) >= 10
    for m in news:
        assert m["List-Unsubscribe"] and m["Precedence"] == "bulk"


def test_platform_inquiry_notifications(parsed400):
    ali = [m for m in parsed400 if m["From"].addresses[0].addr_spec == "noreply@service.alibaba.com"]
    mic = [m for m in parsed400 if "made-in-china.com" in m["From"].addresses[0].domain]
    assert len(ali) >= 3 and mic
    for m in ali + mic:
        text = body_text(m)
        for field in ("Buyer Name:", "Company:", "Country/Region:"):
            assert field in text or field.replace(":", "") in text
        assert re.search(r"[\w.]+@[\w.-]+\.\w+", text)


def test_freemail_buyer_switches_to_company_address_in_one_thread(parsed400):
    by_mid = {str(m["Message-ID"]): m for m in parsed400 if m["Message-ID"]}
    found = False
    for m in parsed400:
        sender = m["From"].addresses[0]
        if sender.domain in FREEMAIL or sender.domain == "hengtai-valve.com" or not m["References"]:
            continue
        for ref in str(m["References"]).split():
            earlier = by_mid.get(ref)
            if earlier is None:
                continue
            people = [a for h in ("From", "To") for a in earlier[h].addresses]
            if any(a.domain in FREEMAIL and a.display_name == sender.display_name for a in people):
                found = True
    assert found


def test_forwarded_message(parsed400):
    fwd = [m for m in parsed400 if any(p.get_content_type() == "message/rfc822" for p in m.walk())]
    assert fwd
    inner = next(p for p in fwd[0].walk() if p.get_content_type() == "message/rfc822").get_content()
    assert inner["From"] and inner["Message-ID"]
    assert str(fwd[0]["Subject"]).startswith("Fw:")


def test_messages_without_message_id(parsed400):
    assert sum(1 for m in parsed400 if m["Message-ID"] is None) >= 2


def test_html_only_alternative_and_inline_images(parsed400):
    assert any(m.get_content_type() == "text/html" for m in parsed400)
    assert sum(1 for m in parsed400 if any(p.get_content_type() == "multipart/alternative" for p in m.walk())) > 50
    inline = 0
    for m in parsed400:
        for p in m.walk():
            if p.get_content_type() == "multipart/related":
                cid = next(q["Content-ID"] for q in p.iter_parts() if q["Content-ID"])
                html = next(q for q in p.iter_parts() if q.get_content_type() == "text/html").get_content()
                assert "cid:" + str(cid).strip("<>") in html
                inline += 1
    assert inline >= 2


def test_attachments_are_real_files(parsed400):
    names = Counter()
    for m in parsed400:
        for p in m.iter_attachments():
            fn = p.get_filename() or ""
            data = p.get_payload(decode=True)
            if fn.endswith(".pdf"):
                assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
                xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
                assert data[xref : xref + 4] == b"xref"
            elif fn.endswith(".xlsx"):
                z = zipfile.ZipFile(io.BytesIO(data))
                assert z.testzip() is None and "xl/worksheets/sheet1.xml" in z.namelist()
            elif fn.endswith(".jpg"):
                assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
            elif fn.endswith(".png"):
                assert data[:8] == b"\x89PNG\r\n\x1a\n"
            names[re.sub(r"[-_].*", "", fn)] += 1
    assert any(
        re.fullmatch(r"Quotation_HT-20\d\d-\d{3}\.pdf", p.get_filename() or "")
        for m in parsed400
        for p in m.iter_attachments()
    )

    # POs, PIs and contracts are named in the buyer's language (Bestellung, 订单, Счет-проформа …)
    def named(kind):
        return sum(
            n for prefix, n in names.items() if prefix in {re.sub(r"[-_].*", "", v) for v in DOC_NAMES[kind].values()}
        )

    assert named("pi") >= 10 and named("po") >= 10 and named("contract") >= 5 and names["BL"] >= 5
    assert (
        len({prefix for prefix in names if prefix in {re.sub(r"[-_].*", "", v) for v in DOC_NAMES["po"].values()}}) >= 4
    )


def test_trade_story_signals(parsed400):
    text = "\n".join(body_text(m) for m in parsed400)
    for phrase in (
        "eco-friendly",
        "CE",
        "ISO 9001",
        "RoHS",
        "REACH",
        "WRAS",
        "API 6D",
        "OEM",
        "MOQ",
        "L/C",
        "T/T",
        "best price",
        "too expensive",
        "B/L",
        "ETD",
        "Container",
        "samples",
        "refund",
        "leaking",
        "damaged",
        "late",
        "competitor",
    ):
        assert phrase in text, phrase


def test_negative_phrases(parsed400):
    texts = [(m, body_text(m)) for m in parsed400]
    assert any("not interested in eco-friendly options" in t for _m, t in texts)
    assert any("no complaints so far" in t for _m, t in texts)
    # "for example" appears in a thread where nobody talks about samples
    ex = [m for m, t in texts if "For example" in t or "for example" in t]
    assert ex
    by_mid = {str(m["Message-ID"]): (m, t) for m, t in texts if m["Message-ID"]}
    m = ex[0]
    thread = [by_mid[r][1] for r in str(m["References"] or "").split() if r in by_mid] + [body_text(m)]
    later = [t for mm, t in texts if str(m["Message-ID"]) in str(mm["References"] or "")]
    assert not any(re.search(r"(?i)\bsamples?\b", t) for t in thread + later)


def test_curated_customers_ground_truth(box400, parsed400):
    assert len(CURATED_CUSTOMERS) >= 20
    countries = {c["country"] for c in CURATED_CUSTOMERS}
    assert len(countries) >= 15
    last_seen: dict[str, date] = {}
    for msg in parsed400:
        d = msg["Date"].datetime.date()
        for h in ("From", "To", "Cc"):
            for a in msg[h].addresses if msg[h] else ():
                for key in (a.domain.lower(), a.addr_spec.lower()):
                    last_seen[key] = max(last_seen.get(key, d), d)
    last_order: dict[str, date] = {}
    for o in box400.orders:
        last_order[o.customer_domain] = max(last_order.get(o.customer_domain, o.date), o.date)
    for c in CURATED_CUSTOMERS:
        seen = max(last_seen.get(d, date.min) for d in [c["domain"]] + c["domains"])
        assert seen > date.min, c["domain"]
        if c["stage"] == "negotiation/stalled":
            assert 50 <= (TODAY - seen).days <= 120, c["domain"]
        if c["stage"].startswith("churned") or c["stage"].endswith("churned"):
            assert (TODAY - last_order[c["domain"]]).days > 180, c["domain"]
    assert len({c["domain"] for c in CURATED_CUSTOMERS}) == len(CURATED_CUSTOMERS)
    kessler = next(c for c in CURATED_CUSTOMERS if c["domain"] == "kessler-armaturen.de")
    assert kessler["domains"] == ["kessler-armaturen.de", "kessler-group.com"]


# ------------------------------------------------------------------------------ orders


PO_PREFIXES = tuple(f"{name}_" for name in DOC_NAMES["po"].values())


def test_orders_follow_the_po_threads(box400, parsed400):
    orders = box400.orders
    assert len(orders) >= 25
    po_mails = {
        str(m["Message-ID"])
        for m in parsed400
        if any((p.get_filename() or "").startswith(PO_PREFIXES) for p in m.iter_attachments())
    }
    assert len(po_mails) == len(orders)  # one PO mail per order (a PO kept in two folders counts once)
    domains = {a.domain for m in parsed400 for h in ("From", "To") for a in m[h].addresses}
    for o in orders:
        assert isinstance(o, SampleOrder)
        assert o.customer_domain in domains
        assert o.amount > 0 and 0 <= o.paid <= o.amount and o.quantity > 0
        assert o.currency in ("USD", "EUR")
        assert TODAY - timedelta(days=560) <= o.date < TODAY
    # ABC: a few customers hold most of the value
    value = Counter()
    for o in orders:
        value[o.customer_domain] += o.amount
    ranked = sorted(value.values(), reverse=True)
    assert sum(ranked[:3]) / sum(ranked) > 0.5
    assert max(Counter(o.customer_domain for o in orders).values()) >= 6
    assert any(o.paid < o.amount for o in orders)


def test_orders_csv_round_trip(box400, tmp_path):
    path = tmp_path / "orders.csv"
    write_orders_csv(box400.orders, path)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["date", "customer", "amount", "currency", "product", "quantity", "paid"]
    back = [
        SampleOrder(
            date=date.fromisoformat(r["date"]),
            customer_domain=r["customer"],
            amount=float(r["amount"]),
            currency=r["currency"],
            product=r["product"],
            quantity=int(r["quantity"]),
            paid=float(r["paid"]),
        )
        for r in rows
    ]
    assert back == box400.orders


# ------------------------------------------------------------------------------ writers


def test_maildir_round_trip(box400, tmp_path):
    root = tmp_path / "Maildir"
    counts = write_maildir(box400, root)
    assert counts == dict(Counter(m.folder for m in box400.messages))
    md = mailbox.Maildir(root, factory=None, create=False)
    assert len(md) == counts["INBOX"]
    assert sorted(md.list_folders()) == ["Archive", "Sent"]
    for folder in ("Sent", "Archive"):
        assert len(md.get_folder(folder)) == counts[folder]
        assert (root / ("." + folder) / "maildirfolder").exists()
    raws = {m.raw for m in box400.messages if m.folder == "INBOX"}
    flags = Counter()
    for key in md.keys():
        msg = md[key]
        assert md.get_bytes(key) in raws
        flags[msg.get_flags()] += 1
        assert msg.get_subdir() == ("cur" if msg.get_flags() else "new")
    assert flags["RS"] > 10 and flags["S"] > 10 and flags[""] >= 1
    # each file's mtime is the message's internal date
    when = {m.raw: int(m.internaldate.timestamp()) for m in box400.messages if m.folder == "Sent"}
    for path in (root / ".Sent" / "cur").iterdir():
        assert int(path.stat().st_mtime) == when[path.read_bytes()]
        assert path.name.endswith(":2,S")


def test_maildir_from_a_stream(tmp_path):
    counts = write_maildir(iter_messages(120, today=TODAY), tmp_path / "md")
    assert sum(counts.values()) == 120


def test_mbox_round_trip(box400, tmp_path):
    path = tmp_path / "all.mbox"
    n = write_mbox(box400.messages, path)
    assert n == 400
    mb = mailbox.mbox(path, create=False)
    assert len(mb) == 400
    originals = [parse(m) for m in box400.messages]
    for orig, back in zip(originals, mb):
        assert back["Subject"] == orig["Subject"].__str__() or back["Message-ID"] == orig["Message-ID"]
    assert write_mbox(box400, tmp_path / "again.mbox") == 400


# ------------------------------------------------------------------------------ scale


def test_synthetic_customers_are_unique():
    import random

    from mailcrm.demo import sample

    domains, names = set(), set()
    for k in range(6000):
        c = sample._synth_company(k, random.Random(k))
        assert c.name not in names
        names.add(c.name)
        for d in c.domains:
            assert d not in domains and d not in sample._CURATED_DOMAINS
            domains.add(d)


def test_streaming_speed_and_uniqueness():
    t0 = time.perf_counter()
    mids = set()
    n = 0
    no_mid = 0
    for m in iter_messages(20_000, today=TODAY):
        n += 1
        i = m.raw.find(b"\r\nMessage-ID: ")
        if i < 0 or m.raw.find(b"\r\n\r\n") < i:
            no_mid += 1
            continue
        mid = m.raw[i + 14 : m.raw.index(b"\r\n", i + 14)]
        if m.folder != "Archive":
            assert mid not in mids
            mids.add(mid)
    elapsed = time.perf_counter() - t0
    assert n == 20_000
    assert no_mid < 400
    assert elapsed < 20, f"{n / elapsed:.0f} messages/s"


def test_streaming_memory_is_constant():
    def peak(n: int) -> int:
        tracemalloc.start()
        for _m in iter_messages(n, today=TODAY, seed=11):
            pass
        _cur, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    peak(400)  # warm the caches (shared attachments such as the catalogue)
    small, large = peak(600), peak(2_400)
    assert large < small * 1.5 + 4_000_000
