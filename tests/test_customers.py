"""Customers from a mailbox with known companies, through the real CLI and a real database."""

from __future__ import annotations

import csv
import json

import pytest

from tests.fixtures_customers import AHMED, CONFIG, EXPECTED_CUSTOMERS, HANS, LISA, PETRA, Env, Mailbox, build, day
from mailcrm.config import parse_config
from mailcrm.errors import ConfigError
from mailcrm.mail.addresses import ADDRESS_CACHE, DOMAIN_CACHE, Classifier, customer_settings, registrable_domain


@pytest.fixture
def env(tmp_path):
    return Env(tmp_path)


def message_ids(entries):
    return [e["id"] for e in entries if e["kind"] == "message"]


# --------------------------------------------------------------------------- who is a customer


def test_each_company_once_and_nothing_else(env):
    assert env.keys() == EXPECTED_CUSTOMERS
    everything = env.keys("--all")
    # gmail is never a company; our domain, colleagues, machines, platforms and a cc'd forwarder never customers
    assert "john.smith1975@gmail.com" in everything and "gmail.com" not in everything
    for never in (
        "hengtai-valve.com",
        "valveworld-magazine.com",
        "valve-digest.com",
        "example-isp.net",
        "alibaba.com",
        "made-in-china.com",
        "fastfreight-logistics.com",
        "yahoo.com",
        "hotmail.com",
    ):
        assert never not in everything


def test_import_prints_what_was_filed(env):
    lisa, tom = env.outputs
    assert "customers:" in lisa.output and "new customers" in lisa.output
    assert "1 new, 1 already stored" in tom.output  # the copy of Hans's inquiry in Tom's INBOX


def test_company_profile_from_signatures_and_mail(env):
    acme = env.show("acme-armaturen.de")
    profile = acme["customer"]
    assert profile["name"] == "Acme Armaturen GmbH"
    assert (profile["country"], profile["timezone"], profile["language"]) == ("DE", "Europe/Berlin", "de")
    assert profile["owner"] == "Lisa Chen"
    hans = next(c for c in profile["contacts"] if c["email"] == "hans.mueller@acme-armaturen.de")
    assert (hans["name"], hans["title"], hans["phone"]) == ("Hans Müller", "Einkaufsleiter", "+49 211 555 0100")
    # 2 real mails from Hans (the out-of-office is in the timeline but not counted); 3 from us
    assert (profile["messages_in"], profile["messages_out"]) == (2, 3)
    assert profile["first_in"].startswith("2026-01-05") and profile["last_out"].startswith("2026-01-15")
    assert profile["our_reply_hours"] == 12.0 and profile["their_reply_hours"] == 36.0
    assert profile["turn"] == "them"
    subjects = [e["subject"] for e in acme["timeline"] if e["kind"] == "message"]
    assert "Automatische Antwort: Abwesenheit" in subjects
    auto = next(e for e in acme["timeline"] if e.get("subject") == "Automatische Antwort: Abwesenheit")
    assert auto["automated"] == 1


def test_message_in_two_mailboxes_counts_once(env):
    timeline = env.show("acme-armaturen.de")["timeline"]
    ids = message_ids(timeline)
    assert len(ids) == len(set(ids))
    assert [e["subject"] for e in timeline if e["kind"] == "message"].count("Anfrage: Kugelhähne DN50 PN40") == 1


def test_free_mail_buyer_switching_to_company_address_is_filed_under_the_company(env):
    best = env.show("besttrading.com")
    profile = best["customer"]
    assert profile["name"] == "Best Trading LLC"
    assert set(profile["keys"]) == {"besttrading.com", "john.smith1975@gmail.com"}
    thread = [e for e in best["timeline"] if e["kind"] == "message" and "RFQ brass gate valves" in e["subject"]]
    assert len(thread) == 4 and {e["from_email"] for e in thread if e["direction"] == "in"} == {
        "john.smith1975@gmail.com",
        "john@besttrading.com",
    }
    assert (profile["messages_in"], profile["messages_out"]) == (3, 3)
    assert (profile["country"], profile["timezone"]) == ("US", "America/Chicago")
    # asking for the gmail address finds the company; there is no separate gmail customer
    assert env.show("john.smith1975@gmail.com")["customer"]["key"] == "besttrading.com"
    assert "john.smith1975@gmail.com" not in env.keys()
    assert any(e["kind"] == "event" and e["event"] == "link" for e in best["timeline"])


def test_time_zone_of_mail_stored_before_offsets_were_kept_is_read_from_the_raw_message(env):
    db = env.db()
    with db:
        assert db.execute("SELECT count(*) FROM messages WHERE utc_offset = -360").fetchone()[0] > 0
        db.execute("UPDATE messages SET utc_offset = NULL")  # as a database from before migration m003
    env.run("customers", "refresh", "--full")
    assert (
        env.show("besttrading.com")["customer"]["timezone"],
        env.show("acme-armaturen.de")["customer"]["timezone"],
    ) == ("America/Chicago", "Europe/Berlin")


def test_free_mail_buyer_stays_a_customer_of_their_own(env):
    ahmed = env.show("ahmed.khalil@yahoo.com")["customer"]
    assert ahmed["kind"] == "person" and ahmed["name"] == "Ahmed Khalil"
    assert (ahmed["country"], ahmed["country_source"], ahmed["timezone"]) == ("AE", "phone", "Asia/Dubai")
    assert ahmed["language"] == "en"


def test_one_mail_to_three_customers_is_listed_under_each_once(env):
    for key in ("acme-armaturen.de", "besttrading.com", "ahmed.khalil@yahoo.com"):
        subjects = [e["subject"] for e in env.show(key)["timeline"] if e["kind"] == "message"]
        assert subjects.count("Chinese New Year holidays") == 1, key


def test_colleagues_and_machines_are_filed_under_nobody(env):
    db = env.db()
    unfiled = {
        row[0]: row[1]
        for row in db.execute(
            "SELECT subject, direction FROM messages WHERE id NOT IN (SELECT message FROM message_customers)"
        )
    }
    assert unfiled["Weekly sales meeting"] == "internal" and unfiled["Catalogue 2026"] == "internal"
    for subject in (
        "Valve World Weekly: new API 6D rules",
        "Digest: stainless steel prices",
        "Undelivered Mail Returned to Sender",
        "Grow your business with Alibaba.com Gold Supplier",
    ):
        assert subject in unfiled


def test_platform_inquiries_create_leads(env):
    mendez = env.show("lead:mendez-industrial-s-a-de-c-v")["customer"]
    assert mendez["name"] == "Mendez Industrial S.A. de C.V." and mendez["kind"] == "lead"
    assert (mendez["source"], mendez["country"], mendez["turn"]) == ("alibaba", "MX", "us")
    assert mendez["contacts"][0]["name"] == "Carlos Mendez"
    kowalski = env.show("piotr@kowalski-hydraulika.pl")["customer"]
    assert kowalski["key"] == "kowalski-hydraulika.pl" and kowalski["source"] == "made-in-china"
    assert kowalski["name"] == "Kowalski Hydraulika Sp. z o.o." and kowalski["country"] == "PL"


def test_cold_mail_owner_is_the_salesperson_who_sent_it(env):
    nordic = env.show("nordic-pipes.se")["customer"]
    assert (nordic["owner"], nordic["messages_out"], nordic["messages_in"], nordic["turn"]) == (
        "Tom Wang",
        1,
        0,
        "them",
    )
    assert env.keys("--owner", "tom") == {"nordic-pipes.se"}
    assert "nordic-pipes.se" not in env.keys("--owner", "Lisa Chen")


# --------------------------------------------------------------------------- listing


def test_list_filters_and_sorts(env):
    assert env.keys("--country", "Germany") == {"acme-armaturen.de", "acme-group.com"}
    assert env.keys("--country", "ES") == {"ferreteria-garcia.es", "maria.garcia77@hotmail.com"}
    assert env.keys("--text", "Müller") == {"acme-armaturen.de"}
    assert env.keys("--turn", "us") == {"lead:mendez-industrial-s-a-de-c-v", "kowalski-hydraulika.pl"}
    by_messages = env.json("customers", "list", "--sort", "messages")
    assert by_messages[0]["key"] == "besttrading.com"
    table = env.run("customers", "list").output
    assert "acme-armaturen.de" in table and "10 customers" in table
    assert "← 2026-01-12" in table  # Kowalski's inquiry: our turn
    bad = env.run("customers", "list", "--country", "Atlantis", ok=False)
    assert bad.exit_code == 1 and "unknown country" in bad.output and "Traceback" not in bad.output


def test_show_prints_profile_and_timeline(env):
    out = env.run("customers", "show", "besttrading.com").output
    assert "Best Trading LLC" in out and "America/Chicago" in out and "Purchasing" in out
    assert "timeline" in out and "PO 4711" in out
    missing = env.run("customers", "show", "nobody.example", ok=False)
    assert missing.exit_code == 1 and "no customer" in missing.output


# --------------------------------------------------------------------------- people's decisions


def test_merge_two_domains_then_new_mail_follows_and_split_undoes(env):
    env.run("customers", "merge", "acme-armaturen.de", "acme-group.com")
    acme = env.show("acme-armaturen.de")["customer"]
    assert set(acme["keys"]) == {"acme-armaturen.de", "acme-group.com"}
    # our reply to Petra (cc Hans) was under both before: now it counts once
    assert (acme["messages_in"], acme["messages_out"]) == (3, 3)
    assert "acme-group.com" not in env.keys() and env.show("acme-group.com")["customer"]["key"] == "acme-armaturen.de"
    box = Mailbox()
    box.add(
        "lisa",
        "INBOX",
        sender=PETRA,
        to=LISA,
        when=day(12),
        subject="Bestellung 300 Stück",
        body="Hallo Frau Chen,\n\nwir bestellen 300 Stück.\n\nMit freundlichen Grüßen\nPetra Schulz",
    )
    env.import_more("lisa", box.mails)
    assert env.show("acme-armaturen.de")["customer"]["messages_in"] == 4
    env.run("customers", "split", "acme-armaturen.de", "acme-group.com")
    group = env.show("acme-group.com")["customer"]
    assert group["key"] == "acme-group.com" and (group["messages_in"], group["messages_out"]) == (2, 1)
    assert env.show("acme-armaturen.de")["customer"]["messages_in"] == 2


def test_split_a_linked_free_mail_address_sticks(env):
    env.run("customers", "split", "besttrading.com", "john.smith1975@gmail.com")
    gmail = env.show("john.smith1975@gmail.com")["customer"]
    assert gmail["key"] == "john.smith1975@gmail.com" and gmail["messages_in"] == 1
    env.run("customers", "refresh", "--full")
    assert env.show("john.smith1975@gmail.com")["customer"]["key"] == "john.smith1975@gmail.com"
    assert env.show("besttrading.com")["customer"]["messages_in"] == 2


def test_ignore_a_supplier_and_undo(env):
    out = env.run("customers", "ignore", "zhuzao-casting.com", "--reason", "supplier").output
    assert "no longer a customer: zhuzao-casting.com" in out
    assert "zhuzao-casting.com" not in env.keys()
    assert env.show("zhuzao-casting.com")["timeline"][0]["event"] == "ignore"
    assert "zhuzao-casting.com" in env.run("customers", "ignored").output
    # new mail from the supplier stays unfiled
    box = Mailbox()
    box.add(
        "lisa",
        "INBOX",
        sender="王工 <sales@zhuzao-casting.com>",
        to=LISA,
        when=day(13),
        subject="发票",
        body="陈经理，发票已寄出。",
    )
    env.import_more("lisa", box.mails)
    assert "zhuzao-casting.com" not in env.keys()
    env.run("customers", "ignore", "zhuzao-casting.com", "--undo")
    assert "zhuzao-casting.com" in env.keys()
    assert env.show("zhuzao-casting.com")["customer"]["messages_in"] == 2


def test_ignore_refuses_free_mail_domains_and_rejects_junk(env):
    result = env.run("customers", "ignore", "gmail.com", ok=False)
    assert result.exit_code == 1 and "free-mail domain" in result.output
    assert env.run("customers", "ignore", "not an address", ok=False).exit_code == 1


def test_ignore_a_forwarder_address_on_an_outbound_mail(env):
    box = Mailbox()
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=[HANS],
        cc=["ops@fastfreight-logistics.com"],
        when=day(11),
        subject="Shipping documents",
        body="Dear Hans,\n\nB/L attached.\n",
    )
    env.run("customers", "ignore", "ops@fastfreight-logistics.com", "--reason", "forwarder")
    env.import_more("lisa", box.mails)
    assert "fastfreight-logistics.com" not in env.keys("--all")
    assert env.show("acme-armaturen.de")["customer"]["messages_out"] == 4


def test_set_overrides_and_clearing_returns_to_inferred(env):
    out = env.run(
        "customers",
        "set",
        "acme-armaturen.de",
        "--country",
        "Austria",
        "--owner",
        "tom",
        "--stage",
        "negotiation",
        "--grade",
        "a",
        "--next-contact",
        "2026-03-01",
        "--credit",
        "gray",
    ).output
    assert "Austria (AT)" in out and "Europe/Vienna" in out
    acme = env.show("acme-armaturen.de")["customer"]
    assert (
        acme["country"],
        acme["timezone"],
        acme["owner"],
        acme["stage"],
        acme["grade"],
        acme["next_contact"],
        acme["credit_list"],
    ) == ("AT", "Europe/Vienna", "Tom Wang", "negotiation", "A", "2026-03-01", "grey")
    env.run("customers", "refresh")  # the mail never overrides what a person set
    assert env.show("acme-armaturen.de")["customer"]["owner"] == "Tom Wang"
    env.run("customers", "set", "acme-armaturen.de", "--country", "none", "--owner", "")
    acme = env.show("acme-armaturen.de")["customer"]
    assert (acme["country"], acme["timezone"], acme["owner"]) == ("DE", "Europe/Berlin", "Lisa Chen")
    events = [e["text"] for e in env.show("acme-armaturen.de")["timeline"] if e["kind"] == "event"]
    assert any("stage" in t and "negotiation" in t for t in events)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--stage", "dreaming"], "unknown stage"),
        (["--grade", "Z"], "grade"),
        (["--credit", "pink"], "credit list"),
        (["--next-contact", "soon"], "next contact"),
        (["--timezone", "Mars/Olympus"], "unknown time zone"),
        ([], "nothing to set"),
    ],
)
def test_set_rejects_bad_values_in_one_line(env, args, message):
    result = env.run("customers", "set", "acme-armaturen.de", *args, ok=False)
    assert result.exit_code == 1 and message in result.output and result.output.count("\n") == 1


def test_note_appears_in_the_timeline(env):
    env.run("customers", "note", "besttrading.com", "Called John: samples approved", "--author", "lisa")
    timeline = env.show("besttrading.com")["timeline"]
    note = next(e for e in timeline if e["kind"] == "note")
    assert note["text"] == "Called John: samples approved" and note["author"] == "lisa"


# --------------------------------------------------------------------------- CSV in and out


def test_import_cards_reports_bad_lines_and_imports_the_rest(env):
    path = env.tmp / "fair.csv"
    path.write_text(
        "Company,Contact,Email,Phone,Country,Source\n"
        "Rossi Valvole S.r.l.,Marco Rossi,marco@rossi-valvole.it,+39 02 555 0101,Italy,Canton Fair 2026\n"
        "Acme Armaturen GmbH,Hans Müller,hans.mueller@acme-armaturen.de,+49 211 555 0199,Germany,Canton Fair 2026\n"
        ",,,,,\n"
        ",Nobody,,,France,\n"
        "Broken Ltd,Bad Mail,not-an-address,,UK,\n"
        "Oz Pipes Pty Ltd,Bruce,bruce@ozpipes.com.au,,Oceania,\n"
        '"Tokyo Valve, K.K.",Sato,sato.k@gmail.com,,Japan,\n'
        "Lisa Ltd,Lisa,lisa@hengtai-valve.com,,China,\n",
        encoding="utf-8",
    )
    result = env.run("customers", "import", str(path), ok=False)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert [e.split(":")[1].strip() for e in errors] == ["line 5", "line 6", "line 7", "line 9"]
    assert "needs a company or an email address" in errors[0] and "not an email address" in errors[1]
    assert "unknown country 'Oceania'" in errors[2] and "own addresses" in errors[3]
    assert "2 created, 1 updated" in result.output
    rossi = env.show("rossi-valvole.it")["customer"]
    assert (rossi["name"], rossi["country"], rossi["source"]) == ("Rossi Valvole S.r.l.", "IT", "Canton Fair 2026")
    assert env.show("sato.k@gmail.com")["customer"]["name"] == "Tokyo Valve, K.K."
    hans = next(c for c in env.show("acme-armaturen.de")["customer"]["contacts"] if c["name"] == "Hans Müller")
    assert hans["phone"] == "+49 211 555 0199"
    again = env.run("customers", "import", str(path), ok=False)
    assert "0 created" in again.output and len(env.keys()) == len(EXPECTED_CUSTOMERS) + 2


def test_import_chinese_gbk_export_with_chinese_headers(env):
    path = env.tmp / "alibaba-export.csv"
    path.write_bytes(
        "公司,联系人,邮箱,国家,来源\n"
        "Sharma Pumps Pvt Ltd,Ravi Sharma,ravi@sharmapumps.in,印度,阿里巴巴\n"
        "Dubai Valve Trading LLC,Omar,,阿联酋,阿里巴巴\n".encode("gb18030")
    )
    result = env.run("customers", "import", str(path))
    assert "2 created" in result.output
    ravi = env.show("sharmapumps.in")["customer"]
    assert (ravi["country"], ravi["timezone"], ravi["source"]) == ("IN", "Asia/Kolkata", "阿里巴巴")
    lead = env.show("Dubai Valve Trading LLC")["customer"]
    assert lead["kind"] == "lead" and lead["country"] == "AE"


def test_import_without_a_company_or_email_column_fails_at_line_1(env):
    path = env.tmp / "wrong.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = env.run("customers", "import", str(path), ok=False)
    assert result.exit_code == 1 and "line 1: no company or email column" in result.output


def test_export_lists_customers_with_contacts(env):
    path = env.tmp / "out.csv"
    assert "10 customers written" in env.run("customers", "export", str(path)).output
    rows = {row["key"]: row for row in csv.DictReader(path.open(encoding="utf-8-sig"))}
    assert set(rows) == EXPECTED_CUSTOMERS
    assert rows["acme-armaturen.de"]["name"] == "Acme Armaturen GmbH"
    assert "Hans Müller <hans.mueller@acme-armaturen.de>" in rows["acme-armaturen.de"]["contacts"]
    assert rows["besttrading.com"]["domains"] == "besttrading.com; john.smith1975@gmail.com"


def test_dupes_finds_the_same_company_under_two_names(env):
    found = env.json("customers", "dupes")
    pairs = {(d["keep"], d["other"]): d for d in found}
    assert ("acme-armaturen.de", "acme-group.com") in pairs
    assert "same company name “Acme Armaturen GmbH”" in pairs[("acme-armaturen.de", "acme-group.com")]["reasons"]
    maria = pairs[("ferreteria-garcia.es", "maria.garcia77@hotmail.com")]
    assert "signs for “Ferretería García S.L.”" in maria["reasons"][0]
    assert maria["command"] == "mailcrm customers merge ferreteria-garcia.es maria.garcia77@hotmail.com"
    assert "acme-group.com" in env.run("customers", "dupes").output


# --------------------------------------------------------------------------- refresh


def snapshot(env):
    return sorted(
        env.db()
        .execute(
            "SELECT m.message_id, c.key, mc.automated FROM message_customers mc JOIN messages m ON m.id = mc.message "
            "JOIN customers c ON c.id = mc.customer"
        )
        .fetchall()
    )


def test_full_rebuild_gives_the_same_result_and_keeps_decisions(env):
    env.run("customers", "merge", "acme-armaturen.de", "acme-group.com")
    env.run("customers", "note", "acme-armaturen.de", "Met at the fair")
    before = snapshot(env)
    assert "full rebuild" in env.run("customers", "refresh", "--full").output
    assert snapshot(env) == before
    assert env.show("acme-armaturen.de")["customer"]["notes"][0]["text"] == "Met at the fair"


def test_a_settings_change_rebuilds_and_refiles(env):
    assert "nordic-pipes.se" in env.keys()
    env.config.write_text(
        CONFIG + '\n[customers]\nignore = ["nordic-pipes.se"]\nfree_mail_domains = ["besttrading.com"]\n',
        encoding="utf-8",
    )
    assert "full rebuild" in env.run("customers", "refresh").output
    keys = env.keys()
    assert "nordic-pipes.se" not in keys
    assert "john@besttrading.com" in keys and "besttrading.com" not in keys


def test_refresh_is_incremental_and_idempotent(env):
    before = snapshot(env)
    out = env.run("customers", "refresh").output
    assert "0 messages read" in out and snapshot(env) == before
    box = Mailbox()
    box.add(
        "lisa",
        "INBOX",
        sender=AHMED,
        to=LISA,
        when=day(14),
        subject="Order confirmation",
        body="Dear Lisa,\n\nwe confirm the order.\n\nRegards,\nAhmed",
    )
    env.import_more("lisa", box.mails)
    assert env.show("ahmed.khalil@yahoo.com")["customer"]["messages_in"] == 2
    assert len(snapshot(env)) == len(before) + 1


def test_a_forwarder_we_write_to_is_set_aside_and_once_promoted_gets_the_mail_it_was_cced_on(env):
    box = Mailbox()
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=["ops@fastfreight-logistics.com"],
        when=day(15),
        subject="Booking for container",
        body="Please book a 20ft container.\n",
    )
    env.import_more("lisa", box.mails)
    assert "fastfreight-logistics.com" not in env.keys("--all")  # a forwarder, by its name: no customer
    aside = {row["key"]: row for row in env.json("customers", "pending", "--all")}
    assert aside["fastfreight-logistics.com"]["verdict"] == "logistics"
    env.run("customers", "promote", "fastfreight-logistics.com")
    forwarder = env.show("fastfreight-logistics.com")
    subjects = [e["subject"] for e in forwarder["timeline"] if e["kind"] == "message"]
    assert "Re: Anfrage: Kugelhähne DN50 PN40" in subjects  # the inbound mail they were cc'd on, filed now
    assert forwarder["customer"]["messages_out"] == 1
    env.run("customers", "refresh", "--full")  # a person's promotion outlives a rebuild
    assert "fastfreight-logistics.com" in env.keys()


# --------------------------------------------------------------------------- identities and settings


@pytest.mark.parametrize(
    "domain, registrable",
    [
        ("acme.co.uk", "acme.co.uk"),
        ("mail.acme.co.uk", "acme.co.uk"),
        ("foo.com.cn", "foo.com.cn"),
        ("sales.foo.com.cn", "foo.com.cn"),
        ("b.co.jp", "b.co.jp"),
        ("x.acme.de", "acme.de"),
    ],
)
def test_registrable_domain_offline(domain, registrable):
    assert registrable_domain(domain) == registrable


def test_free_mail_addresses_are_their_own_keys():
    config = parse_config(CONFIG, None)
    classifier = Classifier(config)
    for address in (
        "a@gmail.com",
        "b@qq.com",
        "c@vip.qq.com",
        "d@163.com",
        "e@126.com",
        "f@sina.com",
        "g@foxmail.com",
        "h@yeah.net",
        "i@139.com",
        "j@aliyun.com",
        "k@mail.ru",
        "l@yandex.ru",
        "m@outlook.com",
        "n@hotmail.co.uk",
        "o@yahoo.co.jp",
    ):
        assert classifier.classify(address) == ("external", address), address
    assert classifier.classify("p@sub.acme.co.uk") == ("external", "acme.co.uk")
    assert classifier.classify("grace@hengtai-valve.com")[0] == "own"
    for machine in (
        "noreply@acme.de",
        "no-reply@x.com",
        "MAILER-DAEMON@x.com".lower(),
        "postmaster@x.com",
        "bounce-123@x.com",
        "notifications@x.com",
    ):
        assert classifier.classify(machine)[0] == "automated", machine
    assert classifier.classify("info@acme.de")[0] == "external"
    assert classifier.classify("feedback@service.alibaba.com")[0] == "platform"


def test_classifier_memory_is_bounded_and_answers_stay_right_past_the_bound():
    # A 200,000-message mailbox has ~17,000 addresses; each used to stay cached for the run.
    classifier = Classifier(parse_config(CONFIG, None))
    addresses = [f"buyer{i}@firm{i % 3000}.co.uk" for i in range(ADDRESS_CACHE + 2000)]
    for address in addresses + addresses[:50]:  # the first ones again, after being evicted
        kind, key = classifier.classify(address)
        assert (kind, key) == ("external", address.rpartition("@")[2]), address
    assert classifier.classify("noreply@firm1.co.uk")[0] == "automated"
    assert classifier._classified.cache_info().currsize == ADDRESS_CACHE
    assert registrable_domain.cache_info().currsize <= DOMAIN_CACHE


def test_customers_section_errors_name_file_key_and_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG + '\n[customers]\nfree_mail = ["gmx.de"]\n', encoding="utf-8")
    config = parse_config(path.read_text(encoding="utf-8"), path)
    with pytest.raises(ConfigError) as error:
        customer_settings(config)
    assert f"{path}:" in str(error.value) and "customers.free_mail" in str(error.value)
    assert "unknown setting" in str(error.value)
    path.write_text(CONFIG + '\n[customers]\nfree_mail_domains = ["not a domain"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="is not a domain"):
        customer_settings(parse_config(path.read_text(encoding="utf-8"), path))
    from click.testing import CliRunner
    from mailcrm.cli.main import cli

    result = CliRunner().invoke(cli, ["--config", str(path), "customers", "refresh"])  # the same, in one line
    assert result.exit_code == 1 and "is not a domain" in result.output and "Traceback" not in result.output


def test_json_output_is_valid_for_every_listing(env):
    for args in (
        ["customers", "list"],
        ["customers", "show", "acme-armaturen.de"],
        ["customers", "dupes"],
        ["customers", "ignored"],
        ["orders", "list"],
    ):
        json.loads(env.run(*args, "--json").output)


def test_fixture_is_deterministic():
    assert [m.raw for m in build().mails] == [m.raw for m in build().mails]


# --------------------------------------------------------------------------- through IMAP


def test_sync_from_a_real_imap_server_files_the_mail_under_customers(tmp_path, dovecot_server, imap_user):
    from click.testing import CliRunner

    from mailcrm.cli.main import cli
    from tests.syncsetup import write_config

    login, password = imap_user
    for mail in build().mails:
        if mail.account == "lisa":
            dovecot_server.append(login, mail.folder, mail.raw, flags=("\\Seen",))
    config = write_config(tmp_path, dovecot_server, [(login, password)])
    runner = CliRunner()
    synced = runner.invoke(cli, ["--config", str(config), "sync"])
    assert synced.exit_code == 0, synced.output
    assert "customers:" in synced.output and "new customers" in synced.output
    listed = json.loads(runner.invoke(cli, ["--config", str(config), "customers", "list", "--json"]).output)
    assert {c["key"] for c in listed} == EXPECTED_CUSTOMERS - {"nordic-pipes.se"}
    assert {c["owner"] for c in listed} == {"Owner 0"}
    again = runner.invoke(cli, ["--config", str(config), "sync"])
    assert "0 messages read" in again.output  # nothing new on the server: nothing refiled


def test_signatures_read_ahead_by_workers_file_the_same_as_in_process(tmp_path, monkeypatch):
    # A big refresh hands language and signature reading to forked workers, a few ids at a time.
    import sqlite3

    import mailcrm.customers.bodyfacts as bodyfacts

    def filed(env):
        conn = sqlite3.connect(env.tmp / "mailcrm.db")
        return (
            conn.execute("SELECT * FROM message_facts ORDER BY message").fetchall(),
            conn.execute("SELECT key, name, country, language, timezone FROM customers ORDER BY key").fetchall(),
        )

    (tmp_path / "here").mkdir(), (tmp_path / "ahead").mkdir()
    here = filed(Env(tmp_path / "here"))
    monkeypatch.setattr(bodyfacts, "PARALLEL_MIN", 1)
    monkeypatch.setattr(bodyfacts, "SPAN", 3)
    taken = []
    real_take = bodyfacts.AheadOfFiling.take
    monkeypatch.setattr(
        bodyfacts.AheadOfFiling, "take", lambda self, pk: taken.append(real_take(self, pk)) or taken[-1]
    )
    env = Env(tmp_path / "ahead")
    env.run("customers", "refresh", "--full")
    assert any(found is not None for found in taken)  # the workers did read ahead
    assert filed(env) == here
    hans = next(
        c
        for c in env.show("acme-armaturen.de")["customer"]["contacts"]
        if c["email"] == "hans.mueller@acme-armaturen.de"
    )
    assert (hans["title"], hans["phone"]) == ("Einkaufsleiter", "+49 211 555 0100")


def test_filing_a_message_at_a_time_files_what_big_batches_do(tmp_path, monkeypatch):
    """Filing looks contacts up a batch at a time instead of holding every contact: an address
    seen in an earlier batch, or a buyer's found only in a platform mail's body, must still
    be the same single contact, whatever the batch size."""
    import sqlite3

    from mailcrm.customers import filing as customers

    tables = []
    for name, batch in (("big-batches", 5000), ("one-at-a-time", 1)):
        monkeypatch.setattr(customers, "BATCH", batch)
        (tmp_path / name).mkdir()
        box = build()  # Piotr's second platform inquiry: his address is in the body only
        box.add(
            "lisa",
            "INBOX",
            sender="Made-in-China.com <inquiry@made-in-china.com>",
            to=LISA,
            when=day(9),
            subject="Inquiry about Check Valve from Poland",
            body="Dear Supplier,\n\nContact Person: Piotr Kowalski\nCompany Name: Kowalski Hydraulika\n"
            "Country: Poland\nEmail: piotr@kowalski-hydraulika.pl\n\nMessage: 20 check valves DN50.",
        )
        Env(tmp_path / name, mailbox=box)
        db = sqlite3.connect(tmp_path / name / "mailcrm.db")
        tables.append(
            {
                table: rows_without_clock(db, table)
                for table in ("contacts", "customers", "message_contacts", "message_customers")
            }
        )
    big, single = tables
    for table in big:
        assert single[table] == big[table], table
    emails = [row[1] for row in big["contacts"] if row[1]]
    assert len(emails) == len(set(emails)) >= 10 and "piotr@kowalski-hydraulika.pl" in emails
    piotr = next(row[0] for row in big["contacts"] if row[1] == "piotr@kowalski-hydraulika.pl")
    assert sum(row[1] == piotr for row in big["message_contacts"]) == 2


def rows_without_clock(db, table: str) -> list[tuple]:
    """The table's rows without the columns that say when a row was written."""
    cursor = db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
    keep = [i for i, column in enumerate(cursor.description) if column[0] not in ("created", "updated")]
    return [tuple(row[i] for i in keep) for row in cursor]
