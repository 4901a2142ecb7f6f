"""Where a customer's first inquiry came from: a B2B platform, the website's form, a referral,
their own mail, or our first mail; imported customers apart.

Read from what is stored, in this order:

1. the customer was created from a platform lead (``customers.source`` alibaba, …) or any of
   their mail is a platform notification (``message_facts.platform``, set by platform.py):
   **platform**, with the platform's name;
2. their first own mail (inbound, not automated) reads like a website form ("contact form",
   "submitted via our website", "网站留言" …): **website**;
3. it says someone sent them ("referred by", "recommended your company", "介绍"): **referral**;
4. they wrote first: **direct** (direct mail); we wrote first: **outreach**;
5. no mail at all (a CSV or a hand-made customer): **imported**.
"""

from __future__ import annotations

import re

CHANNELS = ("platform", "website", "direct", "referral", "outreach", "imported")
_NOT_PLATFORMS = {"mail", "manual"}

WEBSITE = re.compile(
    r"contact[- ]?(us )?form|web(site)?[- ]?form|inquiry form|enquiry form|form submission|"
    r"submitted (via|through|on|from) (your|our|the) (web ?site|site|form)|(via|from|through) your web ?site|"
    r"new (message|submission|inquiry|enquiry) from (your|the) (web ?site|site)|website (inquiry|enquiry)|"
    r"网站留言|网站询盘|官网留言|表单|お問い合わせフォーム",
    re.I,
)
REFERRAL = re.compile(
    r"referred (to you |me )?by|was referred|referral from|recommended (you|your company|your factory)|"
    r"(got|have|obtained|received) your (contact|e-?mail|email address|name|details) (from|through)|"
    r"introduced (to you |me )?by|on the recommendation of|"
    r"推荐|介绍给|経由でご紹介|ご紹介いただき",
    re.I,
)


def first_mails(db) -> dict[int, tuple[str, str, str]]:
    """Each active customer's first message of the exchange: (direction, subject, body start)."""
    found: dict[int, tuple[str, str, str]] = {}
    for customer, direction, subject, body in db.execute(
        "SELECT mc.customer, m.direction, m.subject, substr(m.body_text, 1, 4000) FROM message_customers mc "
        "JOIN messages m ON m.id = mc.message JOIN customers c ON c.id = mc.customer "
        "WHERE c.status = 'active' AND mc.automated = 0 AND m.direction IN ('in', 'out') "
        "ORDER BY mc.customer, m.date, m.id"
    ):
        found.setdefault(customer, (direction, subject or "", body or ""))
    return found


def platforms(db) -> dict[int, str]:
    """Active customers who came through a B2B platform: the platform's name."""
    found: dict[int, str] = {}
    for customer, source in db.execute("SELECT id, source FROM customers WHERE status = 'active'"):
        if source and source not in _NOT_PLATFORMS and not source.startswith("csv"):
            found[customer] = source
    for customer, platform in db.execute(
        "SELECT mc.customer, min(f.platform) FROM message_customers mc JOIN message_facts f ON f.message = mc.message "
        "WHERE f.platform IS NOT NULL GROUP BY mc.customer"
    ):
        found.setdefault(customer, platform)
    return found


def inquiry_sources(db) -> dict[int, tuple[str, str]]:
    """Every active customer: (channel, detail), channel one of CHANNELS; detail the platform's
    name, or the first mail's subject."""
    via_platform = platforms(db)
    first = first_mails(db)
    found: dict[int, tuple[str, str]] = {}
    for (customer,) in db.execute("SELECT id FROM customers WHERE status = 'active'"):
        if customer in via_platform:
            found[customer] = ("platform", via_platform[customer])
            continue
        if customer not in first:
            found[customer] = ("imported", "")
            continue
        direction, subject, body = first[customer]
        text = f"{subject}\n{body}"
        if direction == "out":
            found[customer] = ("outreach", subject)
        elif WEBSITE.search(text):
            found[customer] = ("website", subject)
        elif REFERRAL.search(text):
            found[customer] = ("referral", subject)
        else:
            found[customer] = ("direct", subject)
    return found
