"""Country and time zone from the strongest evidence, through the real CLI and a real database.

Each buyer below writes to Lisa from a generic .com domain (which says nothing about a
country) unless said otherwise, with what a salesperson would see in their signatures:

* Maple Flow (Toronto): +1 416 … — Canada, Toronto's zone (a calling-code table said US).
* Blue Mountain Hardware: +1 876 … — Jamaica.
* Isla Supply: +1 787 … — Puerto Rico.
* Peach State Valve Supply: an Atlanta address, and a Greek supplier's +30 number in the
  mail it forwards — the United States, New York's zone (the demo once filed it in Greece
  and timed its draft for Athens).
* Rhein-Tech (rhein-tech.de) writes from Shenzhen: a Chinese address and a +86 phone under a
  German domain — uncertain, said, not guessed; its mail's clock (+08:00) gives the zone.
* Harbour Star Trading: +852 … — Hong Kong.
* Dixie Pipe: an Atlanta address and a +30 number in its own signature: the address wins.
* Gulf Breeze Supply: only a +30 number, but its mail is written at UTC−05:00: uncertain.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from tests.fixtures_customers import LISA, TOM, Env, Mailbox
from mailcrm.customers.country import phone_place
from mailcrm.customers.places import place_in

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def when(days_ago: float, hours: float) -> datetime:
    return (NOW - timedelta(days=days_ago)).astimezone(timezone(timedelta(hours=hours)))


MAPLE = "Kevin Tremblay <kevin@mapleflow.com>"
BLUE = "Andre Campbell <andre@bluemountainhw.com>"
ISLA = "Marisol Rivera <marisol@islasupply.com>"
PEACH = "Chris White <chris@peachstatevalve.com>"
RHEIN = "Li Wei <li.wei@rhein-tech.de>"
HARBOUR = "Jason Chan <jason@harbourstar.com>"
DIXIE = "Amy Brooks <amy@dixiepipe.com>"
BREEZE = "Brian Moore <brian@gulfbreezesupply.com>"

INQUIRY = "Hi Lisa,\n\nplease quote 200 pcs gate valves DN100 PN16, FOB Ningbo, and advise the lead time.\n\n"


def mailbox() -> Mailbox:
    box = Mailbox()

    def inquiry(sender: str, signature: str, hours: float, days_ago: float = 10, tail: str = "") -> None:
        box.add(
            "lisa",
            "INBOX",
            sender=sender,
            to=LISA,
            subject=f"Inquiry gate valves ({sender.split('@')[1].rstrip('>')})",
            body=INQUIRY + signature + tail,
            when=when(days_ago, hours),
        )

    inquiry(MAPLE, "Best regards,\nKevin Tremblay\nPurchasing Manager\nMaple Flow Inc.\nTel: +1 416 555 0199\n", -4)
    inquiry(BLUE, "Regards,\nAndre Campbell\nBlue Mountain Hardware Ltd\nTel: +1 876 926 5555\n", -5)
    inquiry(ISLA, "Saludos,\nMarisol Rivera\nIsla Supply LLC\nTel: +1 787 555 0123\n", -4)
    inquiry(
        PEACH,
        "Best regards,\nChris White\nPurchasing Manager\nPeach State Valve Supply LLC\n"
        "123 Peachtree St NE, Atlanta, GA 30303\nTel: +1 404 555 0123\n",
        -4,
        tail="\n---------- Forwarded message ---------\nFrom: Nikos Papadopoulos <nikos@hellas-valves.gr>\n"
        "Date: Mon, 3 Mar 2025 10:00:00 +0200\nSubject: our price list\n\nDear Chris,\nour prices attached.\n\n"
        "Best regards,\nNikos Papadopoulos\nHellas Valves S.A.\nTel: +30 210 555 1234\n",
    )
    inquiry(
        RHEIN,
        "Best regards,\nLi Wei\nSourcing Manager\nRhein-Tech GmbH\n"
        "Add: 5F, Building 3, Bao'an District, Shenzhen 518000, China\nTel: +86 755 2345 6789\n",
        8,
    )
    inquiry(HARBOUR, "Best regards,\nJason Chan\nHarbour Star Trading Ltd\nTel: +852 2345 6789\n", 8)
    inquiry(DIXIE, "Thanks,\nAmy Brooks\nDixie Pipe Inc.\nAtlanta, GA 30318\nTel: +30 60 3808 7501\n", -4, days_ago=9)
    inquiry(BREEZE, "Best regards,\nBrian Moore\nGulf Breeze Supply LLC\nTel. +30 60 3808 7501\n", -5)
    box.add(
        "tom",
        "Sent",
        sender=TOM,
        to=HARBOUR,
        subject="Re: Inquiry gate valves (harbourstar.com)",
        body="Dear Jason,\n\nour quotation is attached.\n\nBest regards\nTom Wang",
        when=when(9, 8),
    )
    return box


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return Env(tmp_path_factory.mktemp("country"), mailbox=mailbox())


def profile(env, key: str) -> dict:
    return env.json("customers", "show", key)["customer"]


# --------------------------------------------------------------------------- phones and addresses


def test_phone_numbers_are_read_with_libphonenumber_data():
    assert (phone_place("+1 416 555 0199").country, phone_place("+1 416 555 0199").zones) == (
        "CA",
        ("America/Toronto",),
    )
    assert phone_place("+1 876 926 5555").country == "JM"
    assert phone_place("+1 787 555 0123").country == "PR"
    assert phone_place("+1 404 555 0123").zones == ("America/New_York",)
    assert phone_place("(+852) 2345 6789").country == "HK"
    assert phone_place("0049 211 555 0100").country == "DE"
    assert phone_place("0574 8888 1234") is None  # local: no country code


def test_address_lines_name_a_place_but_people_and_sentences_do_not():
    assert place_in(["123 Peachtree St NE, Atlanta, GA 30303"]).zone == "America/New_York"
    assert place_in(["London, ON N6A 3K7"]).country == "CA"
    assert place_in(["Tbilisi, Georgia"]).country == "GE" and place_in(["Atlanta, Georgia"]).country == "US"
    assert place_in(["地址：中国浙江省宁波市江北区"]).country == "CN"
    assert place_in(["Sydney Jones", "Fernanda Lima, Gerente de Compras"]) is None
    assert place_in(["Please quote CIF Savannah, and advise the lead time."]) is None


# --------------------------------------------------------------------------- customers


@pytest.mark.parametrize(
    "key, country, zone, source",
    [
        ("mapleflow.com", "CA", "America/Toronto", "phone"),
        ("bluemountainhw.com", "JM", "America/Jamaica", "phone"),
        ("islasupply.com", "PR", "America/Puerto_Rico", "phone"),
        ("peachstatevalve.com", "US", "America/New_York", "address"),
        ("harbourstar.com", "HK", "Asia/Hong_Kong", "phone"),
        ("dixiepipe.com", "US", "America/New_York", "address"),
    ],
)
def test_country_and_zone_from_the_strongest_evidence(env, key, country, zone, source):
    found = profile(env, key)
    assert (found["country"], found["timezone"], found["country_source"]) == (country, zone, source)
    assert not found["country_evidence"]["uncertain"]


def test_a_number_in_a_forwarded_mail_is_not_the_customers(env):
    evidence = profile(env, "peachstatevalve.com")["country_evidence"]
    assert {(c["kind"], c["country"]) for c in evidence["clues"] if c["country"]} == {
        ("address", "US"),
        ("phone", "US"),
        ("language", "US"),
    }
    assert evidence["note"] == "US from the address 123 Peachtree St NE, Atlanta, GA 30303"


def test_an_address_outweighs_a_phone_prefix_and_why_says_so(env):
    out = env.run("why", "dixiepipe.com", "country").output
    assert "Country: United States (US) · America/New_York — US from the address Atlanta, GA 30318" in out
    assert "outweighed: phone +30 60 3808 7501 (GR)" in out
    assert "phone     +30 60 3808 7501 → GR, Europe/Athens (1 message, latest #" in out and "— outweighed" in out
    assert "domain    dixiepipe.com → says nothing (a generic domain)" in out


def test_conflicting_evidence_is_flagged_not_guessed(env):
    found = profile(env, "rhein-tech.de")
    evidence = found["country_evidence"]
    assert found["country"] is None and evidence["uncertain"]
    assert evidence["note"] == "country uncertain: DE (domain) vs CN (address, phone)"
    assert found["timezone"] == "Asia/Shanghai"  # the one zone their mail's clock (+08:00) fits
    shown = env.run("customers", "show", "rhein-tech.de").output
    assert "where      country uncertain: DE (domain) vs CN (address, phone) · Asia/Shanghai" in shown
    assert "set it: mailcrm customers set rhein-tech.de --country CODE" in shown
    why = env.run("why", "rhein-tech.de").output
    assert "Country uncertain: DE (domain) vs CN (address, phone) · Asia/Shanghai" in why
    assert "address   Add: 5F, Building 3, Bao'an District, Shenzhen 518000, China → CN, Asia/Shanghai" in why
    assert "mail sent at UTC+08:00 (1)" in why
    assert json.loads(env.run("why", "rhein-tech.de", "--json").output)["country"]["uncertain"] is True


def test_a_phone_whose_country_the_mails_clock_contradicts_is_flagged(env):
    found = profile(env, "gulfbreezesupply.com")
    assert (found["country"], found["timezone"]) == (None, None)
    assert found["country_evidence"]["note"] == "country uncertain: GR (phone) vs their mail's clock (UTC−05:00)"


def test_a_person_settles_the_conflict(tmp_path):
    env = Env(tmp_path, mailbox=mailbox())
    env.run("customers", "set", "rhein-tech.de", "--country", "CN")
    found = profile(env, "rhein-tech.de")
    assert (found["country"], found["timezone"]) == ("CN", "Asia/Shanghai")
    assert not found["country_evidence"]["uncertain"] and found["country_evidence"]["set_by_hand"]
    assert "set by hand; the mail says: country uncertain" in env.run("customers", "show", "rhein-tech.de").output


def test_show_says_where_the_country_comes_from(env):
    shown = env.run("customers", "show", "mapleflow.com").output
    assert "where      Canada (CA) · America/Toronto · language en" in shown
    assert "CA from the phone +1 416 555 0199" in shown


# --------------------------------------------------------------------------- drafts


def test_drafts_are_timed_in_the_zone_of_the_chosen_country_and_city(env):
    # These buyers' RFQs wait for our answer, so a sales draft is held back (drafts/decision.py);
    # an answer to their mail is written, and it is what must arrive in their working hours.
    db = sqlite3.connect(env.tmp / "mailcrm.db")
    with db:
        for key in ("peachstatevalve.com", "mapleflow.com", "dixiepipe.com", "harbourstar.com", "rhein-tech.de"):
            customer = db.execute("SELECT id FROM customers WHERE key = ?", [key]).fetchone()[0]
            db.execute(
                "INSERT INTO draft_requests (customer, purpose, rule, evidence, note, event_key, created) "
                "VALUES (?, 'complaint-reply', 'test-rule', '{}', 'test', ?, ?)",
                [customer, f"complaint-reply:{key}", NOW.date().isoformat()],
            )
    db.close()
    env.run("drafts", "generate")
    drafts = {d["to_email"].partition("@")[2]: d for d in env.json("drafts", "list")}
    zones = {key: draft["send_zone"] for key, draft in drafts.items()}
    assert zones == {
        "peachstatevalve.com": "America/New_York",
        "dixiepipe.com": "America/New_York",
        "mapleflow.com": "America/Toronto",
        "harbourstar.com": "Asia/Hong_Kong",
        "rhein-tech.de": "Asia/Shanghai",  # country uncertain; their mail's clock fits one zone of the two
    }
    for draft in drafts.values():  # inside business hours where they are
        local = datetime.fromisoformat(draft["send_at"])
        assert 8 <= local.hour < 18, draft
