"""Who a draft goes to, how it greets them, and where they are (for the send time).

- A reply goes to the person who wrote to us in that thread: the From of the customer's
  latest message in it; when only we wrote, whom we wrote to (To). Someone who was only ever
  in Cc is never the addressee.
- A promotion (reactivation, value content, a greeting) in no thread goes to the contact
  whose role fits: purchasing, then owners and directors, never logistics, shipping or
  accounts when someone else is there. The role is the title in their signature.
- The salutation follows the greetings in the last messages with that contact (salutation.py).
- The zone is the contact's own: the address in their signature, else the customer's
  resolved zone (customers/location.py weighs address, domain, phone), else the phone's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .culture import person
from .salutation import HISTORY, greeting_in, salutation
from .sources import contact_clues, contact_place, exchanges_with, reachable_contacts, thread_people

PROMOTIONS = {"reactivation", "value-content", "holiday-greeting"}
ROLE_CHECKED = {"reactivation", "value-content"}  # the checklist's role check (and a nudge in no thread)
PURCHASING = re.compile(
    r"purchas|procure|buyer|sourcing|einkauf|beschaffung|compras|comprador|achat|acheteur|approvisionnement|"
    r"acquist|inkoop|zakup|закуп|снабжен|采购|採購|購買|調達",
    re.I,
)
DECIDING = re.compile(
    r"owner|director|\bceo\b|\bmd\b|managing|general manager|president|founder|proprietor|partner|"
    r"geschäftsführ|inhaber|gérant|directeur|président|titolare|gerente general|dueño|propietario|"
    r"директор|владел|总经理|總經理|董事|总监|總監|社長|部長|المدير|مدير",
    re.I,
)
ELSEWHERE = re.compile(
    r"logisti|shipping|forward|warehouse|account|finance|bookkeep|treasur|quality|\bqc\b|\bqa\b|"
    r"document|customs|assistant|reception|versand|lager|buchhaltung|comptab|expédition|contabil|"
    r"almac|бухгалт|логист|склад|物流|财务|財務|会计|會計|单证|單證|质检|品质|倉庫|経理",
    re.I,
)


def role_score(title: str | None) -> int:
    """How well a contact's role fits a promotion: purchasing 3, deciding 2, unknown 0, logistics -3."""
    if not title:
        return 0
    if PURCHASING.search(title):
        return 3
    if ELSEWHERE.search(title):
        return -3
    return 2 if DECIDING.search(title) else 0


def choose(db, customer_id: int, purpose: str, parent: dict | None) -> dict | None:
    """The contact row a draft is addressed to (None: nobody wrote to us or got our mail)."""
    if parent and parent.get("thread_id"):
        people = thread_people(db, customer_id, parent["thread_id"])
        if people:
            return people[0]
    found = reachable_contacts(db, customer_id)
    if purpose in PROMOTIONS or purpose == "stalled-nudge":  # a nudge here has no thread to follow
        # stable: among equal roles, the one who wrote to us last stays first
        found = sorted(found, key=lambda c: -role_score(c.get("title")))
    return found[0] if found else None


def wrong_role(db, customer_id: int, purpose: str, contact: dict | None, in_thread: bool) -> str | None:
    """Why a promotion (reactivation, value content, a stalled-deal nudge in no thread) should not
    go to this contact: their signature says logistics, shipping, accounts or QC, while a
    purchasing, owner or director contact of the customer wrote to us. None: the role fits."""
    if not (purpose in ROLE_CHECKED or (purpose == "stalled-nudge" and not in_thread)) or contact is None:
        return None
    title = contact.get("title")
    if role_score(title) >= 0:
        return None
    better = [c for c in reachable_contacts(db, customer_id) if c["written"] and role_score(c.get("title")) > 0]
    if not better:
        return None
    best = max(better, key=lambda c: role_score(c["title"]))  # the first of the best: who wrote last
    return (
        f"{contact['email']} signs as “{title}”: a {purpose} goes to who buys or decides, "
        f"and {best['email']} (“{best['title']}”) wrote to us"
    )


def greeting_line(
    db, customer_row: dict, contact: dict, language: str, me: str, region: str, title: str | None = None
) -> str:
    """The salutation of a draft in ``language`` to ``contact``."""
    history = []
    for message in exchanges_with(db, customer_row["id"], contact["id"], HISTORY):
        found = greeting_in(own_words(message["body_text"] or ""), message["direction"] == "out")
        if found:
            history.append(found)
    return salutation(
        language,
        person(contact.get("name") or "", contact["email"]),
        history=history,
        me=me,
        region=region,
        country=customer_row.get("country"),
        title=title if title is not None else contact.get("title"),
    )


def own_words(body: str) -> str:
    from ..mail.segments import own_words as words  # the mail part's reader of who says what

    return words(body)


@dataclass(frozen=True)
class Whereabouts:
    country: str | None
    zone: str | None
    evidence: str  # "signature address: Ho Chi Minh City", "customer", "phone +84 …"


def whereabouts(db, customer_row: dict, contact: dict | None) -> Whereabouts:
    """Where the addressee is, from the best evidence: their own signature's address, the
    customer's resolved zone and country, the country's main zone, their phone."""
    from ..customers.country import phone_place, zone_for

    place = contact_place(db, contact["id"]) if contact else None
    if place and place["zone"] and place["zone"] != customer_row.get("timezone"):
        return Whereabouts(place["country"], place["zone"], f"signature address: {place['place']}")
    country = customer_row.get("country")
    if customer_row.get("timezone"):
        return Whereabouts(country, customer_row["timezone"], "customer")
    if country and zone_for(country):
        return Whereabouts(country, zone_for(country), "customer's country")
    clues = contact_clues(db, contact["id"]) if contact else {}
    if clues.get("country") and zone_for(clues["country"]):
        return Whereabouts(clues["country"], zone_for(clues["country"]), f"stated country {clues['country']}")
    found = phone_place(clues["phone"]) if clues.get("phone") else None
    if found and found.zones:
        return Whereabouts(found.country, found.zones[0], f"phone {clues['phone']}")
    offset = clues.get("offset")
    if offset is not None and offset % 60 == 0 and offset != 0 and abs(offset) <= 720:
        # Etc/GMT signs are POSIX-inverted: UTC-5 is Etc/GMT+5
        hours = -offset // 60
        return Whereabouts(None, f"Etc/GMT{hours:+d}", f"mail clock (UTC{offset // 60:+d})")
    return Whereabouts(country, None, "unknown")
