"""One company under several domains or addresses merged automatically on strong evidence,
and only there: through the real CLI on a mailbox of .eml files written here."""

from __future__ import annotations

import pytest

from mailcrm.sample_config import LISA as LISA_ACCOUNT
from mailcrm.sample_config import TOM as TOM_ACCOUNT
from mailcrm.sample_config import config_text
from tests.fixtures_customers import LISA, LISA_SIGNATURE, TOM, Env, Mailbox, day

JOERG = "Jörg Kessler <joerg.kessler@kessler-armaturen.de>"
ANNA = "Anna Berg <anna.berg@kessler-group.com>"
MARCO = "Marco Rossi <marco@rossi-valvole.it>"
GIULIA = "Giulia Conti <g.conti@rossivalvole.com>"
CARLOS_WORK = "Carlos Ruiz <carlos@ruiz-hidraulica.mx>"
CARLOS_HOME = "Carlos Ruiz <carlos.ruiz88@gmail.com>"
HANS_PUMPS = "Hans Weber <hans.weber@weber-pumpen.de>"
HANS_GROUP = "Hans Weber <h.weber@weber-gruppe.de>"
ALI = "Ali Hassan <ali@gtc-dubai.ae>"
OMAR = "Omar Said <omar@globaltrading-sa.com>"
SUNRISE = "Priya Nair <priya.sunrise@gmail.com>"
DELTA = "Rahul Mehta <rahul.delta@gmail.com>"
AHMED = "Ahmed Al Mansouri <ahmed@alnoor-bm.ae>"
RASHID = "Rashid Khan <purchase@alnoorgroup.ae>"


def kessler_signature(name: str, title: str) -> str:
    return f"\nMit freundlichen Grüßen\n\n{name}\n{title}\nKessler Armaturen GmbH\nTel: +49 40 555 1000\n"


def rossi_signature(name: str, phone: str) -> str:
    return (
        f"\nCordiali saluti\n\n{name}\nUfficio acquisti\nRossi Valvole S.r.l.\n"
        f"Via Roma 12, 20121 Milano, Italia\nTel: {phone}\n"
    )


def exchange(box: Mailbox, sender: str, when: float, subject: str, body: str):
    """Their mail and our answer: both ways, so each address is a customer of its own."""
    theirs = box.add("lisa", "INBOX", sender=sender, to=LISA, when=day(when), subject=subject, body=body)
    ours = box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=sender,
        when=day(when + 0.3),
        reply_to=theirs,
        subject=f"Re: {subject}",
        body="Dear customer,\n\nthank you, our offer follows.\n" + LISA_SIGNATURE,
    )
    return theirs, ours


def build() -> Mailbox:
    box = Mailbox()
    # Kessler: two domains, the same signed name and the same switchboard number.
    exchange(
        box,
        JOERG,
        0,
        "Anfrage Kugelhähne DN80",
        "Bitte um Angebot für 200 Kugelhähne DN80.\n" + kessler_signature("Jörg Kessler", "Einkauf"),
    )
    exchange(
        box,
        ANNA,
        2,
        "Zertifikate",
        "Bitte senden Sie die CE-Zertifikate.\n" + kessler_signature("Anna Berg", "Qualität"),
    )
    # Rossi: two domains, the same signed name and street address, each their own phone.
    exchange(
        box,
        MARCO,
        1,
        "Richiesta valvole a sfera",
        "Vi chiediamo un'offerta per 100 valvole.\n" + rossi_signature("Marco Rossi", "+39 02 555 0101"),
    )
    exchange(
        box,
        GIULIA,
        3,
        "Ordine campioni",
        "Vorremmo ordinare dei campioni.\n" + rossi_signature("Giulia Conti", "+39 02 555 0177"),
    )
    # Carlos: a thread continued from his private address.
    first, ours = exchange(
        box, CARLOS_WORK, 1, "Cotización válvulas", "Necesitamos precio de 300 válvulas.\n\nSaludos,\nCarlos Ruiz"
    )
    private = box.add(
        "lisa",
        "INBOX",
        sender=CARLOS_HOME,
        to=LISA,
        when=day(4),
        reply_to=ours,
        subject="Re: Cotización válvulas",
        body="Hola Lisa,\n\nte escribo desde mi correo personal: ¿puedes mejorar el precio?\n\nCarlos",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=CARLOS_HOME,
        when=day(4.2),
        reply_to=private,
        subject="Re: Cotización válvulas",
        body="Hola Carlos,\n\nUSD 5.10 es nuestro mejor precio.\n" + LISA_SIGNATURE,
    )
    # Hans Weber: the thread continued from the group's other domain.
    _, ours = exchange(
        box, HANS_PUMPS, 2, "Anfrage Schieber", "Bitte um Preise für Schieber DN100.\n\nGruß\nHans Weber"
    )
    later = box.add(
        "lisa",
        "INBOX",
        sender=HANS_GROUP,
        to=LISA,
        when=day(5),
        reply_to=ours,
        subject="Re: Anfrage Schieber",
        body="Hallo Frau Chen,\n\nbitte ab jetzt an diese Adresse. Lieferzeit?\n\nGruß\nHans Weber",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=HANS_GROUP,
        when=day(5.2),
        reply_to=later,
        subject="Re: Anfrage Schieber",
        body="Dear Mr. Weber,\n\nfour weeks.\n" + LISA_SIGNATURE,
    )
    # Two different companies with a generic name and the same number (a shared office): uncertain.
    exchange(
        box,
        ALI,
        1,
        "Inquiry gate valves",
        "Please quote 50 gate valves.\n\nBest regards\nAli Hassan\nGlobal Trading Co., Ltd.\nTel: +971 4 555 3000",
    )
    exchange(
        box,
        OMAR,
        2,
        "Inquiry ball valves",
        "Please quote 80 ball valves.\n\nBest regards\nOmar Said\nGlobal Trading Co., Ltd.\nTel: +971 4 555 3000",
    )
    # Two companies on one free-mail domain; Rahul answers our mail to Priya (she forwarded it).
    _, to_priya = exchange(
        box,
        SUNRISE,
        1,
        "Butterfly valves",
        "Price for 40 butterfly valves?\n\nPriya Nair\nSunrise Imports Ltd\nTel: +91 22 5555 1111",
    )
    exchange(
        box,
        DELTA,
        2,
        "Check valves",
        "Price for 60 check valves?\n\nRahul Mehta\nDelta Valves Pvt. Ltd.\nTel: +91 22 5555 2222",
    )
    box.add(
        "lisa",
        "INBOX",
        sender=DELTA,
        to=LISA,
        when=day(3),
        reply_to=to_priya,
        subject="Re: Butterfly valves",
        body="Hello, Priya passed me your offer. Can you also quote check valves?\n\nRahul",
    )
    # Al Noor: a colleague at the group's other domain answers in our thread with Ahmed. Likely one
    # company, but an agent or a forwarder writes like that too: a pair for a person to decide.
    _, to_ahmed = exchange(
        box,
        AHMED,
        1,
        "Quotation request fittings",
        "Please send your best price.\n\nAhmed Al Mansouri\nGeneral Manager",
    )
    rashid = box.add(
        "lisa",
        "INBOX",
        sender=RASHID,
        to=LISA,
        when=day(3),
        reply_to=to_ahmed,
        subject="Re: Quotation request fittings",
        body="Hello Lisa,\n\nwe need delivery within 20 days.\n\nRashid Khan\nPurchase Officer",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=RASHID,
        when=day(3.2),
        reply_to=rashid,
        subject="Re: Quotation request fittings",
        body="Dear Rashid,\n\n20 days is possible.\n" + LISA_SIGNATURE,
    )
    box.add(
        "tom",
        "Sent",
        sender=TOM,
        to=JOERG,
        when=day(6),
        subject="Katalog 2026",
        body="Sehr geehrter Herr Kessler,\n\nanbei unser Katalog.\n\nTom Wang",
    )
    return box


CONFIG = config_text(accounts=(LISA_ACCOUNT, TOM_ACCOUNT))


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return Env(tmp_path_factory.mktemp("merging"), mailbox=build())


def merges(env, key: str) -> dict[str, dict]:
    return {m["key"]: m for m in env.show(key)["customer"]["merges"]}


def test_two_domains_with_the_same_signed_name_and_phone_are_one_customer(env):
    keys = env.keys()
    assert "kessler-armaturen.de" in keys and "kessler-group.com" not in keys
    kessler = env.show("kessler-group.com")["customer"]
    assert kessler["key"] == "kessler-armaturen.de" and set(kessler["keys"]) == {
        "kessler-armaturen.de",
        "kessler-group.com",
    }
    assert (kessler["messages_in"], kessler["messages_out"]) == (2, 3)
    why = merges(env, "kessler-armaturen.de")["kessler-group.com"]
    assert why["automatic"] and why["reason"] == "signature"
    assert "Kessler Armaturen GmbH" in why["evidence"] and "+49 40 555 1000" in why["evidence"]
    out = env.run("customers", "show", "kessler-armaturen.de").output
    assert "merged in  kessler-group.com automatically" in out and "+49 40 555 1000" in out
    assert "mailcrm customers split kessler-armaturen.de --from kessler-group.com" in out
    why_out = env.run("why", "kessler-group.com", "merges").output
    assert "Merged in kessler-group.com automatically" in why_out and "Kessler Armaturen GmbH" in why_out


def test_the_same_signed_name_and_street_address_merge(env):
    why = merges(env, "rossi-valvole.it")["rossivalvole.com"]
    assert why["reason"] == "signature" and "Via Roma 12" in why["evidence"]


def test_a_thread_continued_from_a_private_address_merges(env):
    assert "carlos.ruiz88@gmail.com" not in env.keys()
    carlos = env.show("carlos.ruiz88@gmail.com")["customer"]
    assert carlos["key"] == "ruiz-hidraulica.mx" and carlos["messages_in"] == 2
    assert merges(env, "ruiz-hidraulica.mx")["carlos.ruiz88@gmail.com"]["automatic"]


def test_a_thread_continued_from_another_domain_merges(env):
    why = merges(env, "weber-pumpen.de")["weber-gruppe.de"]
    assert why["reason"] == "thread"
    assert "answered our mail to hans.weber@weber-pumpen.de from h.weber@weber-gruppe.de" in why["evidence"]
    out = env.run("customers", "show", "weber-gruppe.de").output
    assert "merged in  weber-gruppe.de automatically" in out


def test_different_companies_with_a_generic_name_or_on_one_free_mail_domain_stay_apart(env):
    keys = env.keys()
    assert {"gtc-dubai.ae", "globaltrading-sa.com"} <= keys
    assert {"priya.sunrise@gmail.com", "rahul.delta@gmail.com"} <= keys
    assert env.show("rahul.delta@gmail.com")["customer"]["merges"] == []


def test_dupes_lists_only_the_uncertain_pairs(env):
    dupes = env.json("customers", "dupes")
    pairs = {frozenset((d["keep"], d["other"])) for d in dupes}
    assert pairs == {frozenset(("globaltrading-sa.com", "gtc-dubai.ae")), frozenset(("alnoor-bm.ae", "alnoorgroup.ae"))}
    assert "gtc-dubai.ae" in env.run("customers", "dupes").output
    # a colleague answering from the other domain is said, not merged; a friend on gmail is neither
    [alnoor] = [d for d in dupes if "alnoorgroup.ae" in (d["keep"], d["other"])]
    assert any(
        "Rashid Khan (purchase@alnoorgroup.ae) answered our mail to ahmed@alnoor-bm.ae" in r for r in alnoor["reasons"]
    )
    assert {"alnoor-bm.ae", "alnoorgroup.ae"} <= env.keys()


def test_split_restores_both_and_a_later_run_does_not_merge_again(tmp_path):
    env = Env(tmp_path, mailbox=build())
    out = env.run("customers", "split", "kessler-armaturen.de", "--from", "kessler-group.com").output
    assert "kessler-group.com is its own customer again" in out
    group, main = env.show("kessler-group.com")["customer"], env.show("kessler-armaturen.de")["customer"]
    assert group["key"] == "kessler-group.com" and (group["messages_in"], group["messages_out"]) == (1, 1)
    assert (main["messages_in"], main["messages_out"]) == (1, 2) and main["merges"] == []
    # new mail with the same signature, then a full rebuild: a person's decision outranks the rule
    box = Mailbox()
    box.add(
        "lisa",
        "INBOX",
        sender=ANNA,
        to=LISA,
        when=day(9),
        subject="Bestellung",
        body="Wir bestellen 200 Stück.\n" + kessler_signature("Anna Berg", "Qualität"),
    )
    env.import_more("lisa", box.mails)
    env.run("customers", "refresh", "--full")
    assert {"kessler-armaturen.de", "kessler-group.com"} <= env.keys()
    assert env.show("kessler-group.com")["customer"]["messages_in"] == 2
    assert all("kessler" not in d["keep"] for d in env.json("customers", "dupes"))
    # the thread link undone by its merged key alone
    env.run("customers", "split", "weber-gruppe.de")
    assert "weber-gruppe.de" in env.keys()
    # a person can still merge them
    env.run("customers", "merge", "kessler-armaturen.de", "kessler-group.com")
    assert merges(env, "kessler-armaturen.de")["kessler-group.com"]["automatic"] is False


def test_automatic_merging_can_be_turned_off(tmp_path):
    env = Env(tmp_path, CONFIG + "\n[customers]\nauto_merge = false\n", mailbox=build())
    assert {"kessler-armaturen.de", "kessler-group.com", "weber-gruppe.de"} <= env.keys()
    pairs = {tuple(sorted((d["keep"], d["other"]))) for d in env.json("customers", "dupes")}
    assert ("kessler-armaturen.de", "kessler-group.com") in pairs
