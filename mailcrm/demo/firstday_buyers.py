"""The buyers of a first-day mailbox (see :mod:`.firstday`) that test money and identity: one order
each in five currencies, one company under two domains, a buyer who writes on from gmail.

All text here is written for this generator; the names, domains and numbers are made up."""

from __future__ import annotations

from .parties import _Party
from .records import SampleOrder
from .story import _Story


# (company, domain, contact, zone, currency, amount): one order each, the same goods at very different numbers
CURRENCY_BUYERS = (
    ("Takumi Setsubi K.K.", "takumi-setsubi.co.jp", "Kenji Mori", "JP", "JPY", 5_000_000.0),
    ("Rheinwerk Haustechnik GmbH", "rheinwerk-haustechnik.de", "Lena Hoffmann", "EU_C", "EUR", 30_000.0),
    ("Prairie Water Works LLC", "prairiewaterworks.com", "Mike Dalton", "US_C", "USD", 20_000.0),
    ("Shenzhen Huaxin Import Co., Ltd.", "huaxin-import.cn", "Zhang Wei", "CN", "CNY", 200_000.0),
    ("Lagos Pipeworks Ltd", "lagospipeworks.com.ng", "Chidi Eze", "EU_C", "NGN", 15_000_000.0),
)


def currency_orders(S: _Story) -> list[str]:
    """A short deal per currency: inquiry, our quotation, their PO, our PI; the order goes to the CSV."""
    keys = []
    for i, (company, domain, contact, zone, cur, amount) in enumerate(CURRENCY_BUYERS):
        first = contact.split()[0]
        p = _Party(contact, "%s@%s" % (first.lower(), domain), mailer="outlook", zone=zone, company=company)
        day = 20 + 11 * i
        t = S.thread(None, "Inquiry: brass ball valves DN25", {}, p)
        sig = "\n\nBest regards,\n%s\nPurchasing\n%s\n" % (contact, company)
        S.wr.send(
            t,
            p,
            [S.owner],
            day=day + 6,
            intent_tag="inquiry",
            html="none",
            text="Dear %s,\n\nPlease quote brass ball valves DN25, 2,000 pcs, in %s.%s" % (S.owner.first, cur, sig),
        )
        S.wr.send(
            t,
            S.owner,
            [p],
            day=day + 5,
            intent_tag="quotation",
            html="none",
            text="Dear %s,\n\nThank you for your inquiry. Our quotation: %s %s for 2,000 pcs, FOB Ningbo, "
            "delivery 30 days after deposit.\n\nBest regards,\n%s"
            % (first, cur, "{:,.0f}".format(amount), S.owner.name),
        )
        po = "PO-%s-%d" % (cur, 7100 + i)
        m = S.wr.send(
            t,
            p,
            [S.owner],
            day=day,
            intent_tag="po",
            html="none",
            text="Dear %s,\n\nWe confirm the order: purchase order %s for 2,000 pcs brass ball valves DN25, "
            "total %s %s. Please send the proforma invoice.%s"
            % (S.owner.first, po, cur, "{:,.0f}".format(amount), sig),
        )
        S.wr.send(
            t,
            S.owner,
            [p],
            day=max(day - 1, 0),
            intent_tag="pi",
            html="none",
            text="Dear %s,\n\nThank you for your order %s. The proforma invoice follows; production starts on "
            "receipt of the deposit.\n\nBest regards,\n%s" % (first, po, S.owner.name),
        )
        S.wr.orders.append((m, SampleOrder(m.date.date(), domain, amount, cur, "Brass Ball Valve DN25", 2000, 0.0)))
        keys.append(domain)
    return keys


#: One company under two domains: the same signed name and phone from both.
TWO_DOMAINS = ("harborflow.com", "harborflow-systems.com")
#: A buyer who continues our thread from a private gmail address.
GMAIL_BUYER = ("mateo@aguaviva-hidraulica.com.br", "mateo.ferreira.br@gmail.com")


def two_domains_and_gmail(S: _Story) -> None:
    """Harbor Flow Systems writes from two domains (same signature); Mateo answers from his gmail."""
    sig = (
        "\n\nBest regards,\n{name}\nPurchasing Manager\nHarbor Flow Systems Inc.\n1200 Harbor Drive, Suite 400\n"
        "Baltimore, MD 21230, USA\nTel: +1 410 555 0187\n"
    )
    for i, (name, domain) in enumerate((("Rachel Owens", TWO_DOMAINS[0]), ("Brian Walsh", TWO_DOMAINS[1]))):
        p = _Party(
            name,
            "%s@%s" % (name.split()[0].lower(), domain),
            mailer="outlook",
            zone="US_E",
            company="Harbor Flow Systems Inc.",
        )
        t = S.thread(
            None, ("Quotation request: butterfly valves DN150", "Y-strainers DN80 - price and lead time")[i], {}, p
        )
        day = 40 - 15 * i
        S.wr.send(
            t,
            p,
            [S.owner],
            day=day,
            html="none",
            intent_tag="inquiry",
            text="Hi %s,\n\nPlease send your price and lead time for %s.%s"
            % (S.owner.first, ("300 wafer butterfly valves DN150", "150 Y-strainers DN80")[i], sig.format(name=name)),
        )
        S.wr.send(
            t,
            S.owner,
            [p],
            day=day - 1,
            html="none",
            intent_tag="quotation",
            text="Hi %s,\n\nThank you. Our price is USD %s per piece FOB Ningbo, lead time 35 days.\n\n"
            "Best regards,\n%s" % (name.split()[0], ("38.50", "21.80")[i], S.owner.name),
        )
        S.wr.send(
            t,
            p,
            [S.owner],
            day=day - 4,
            html="none",
            intent_tag="question",
            text="Hi %s,\n\nThanks. Can you do 30 days instead, and is the price valid until month end?%s"
            % (S.owner.first, sig.format(name=name)),
        )
        S.wr.send(
            t,
            S.owner,
            [p],
            day=day - 5,
            html="none",
            intent_tag="answer",
            text="Hi %s,\n\nYes to both: 30 days is possible and the price holds until month end.\n\n%s"
            % (name.split()[0], S.owner.name),
        )
    work = _Party(
        "Mateo Ferreira", GMAIL_BUYER[0], lang="pt", mailer="outlook", zone="BR", company="Aguaviva Hidráulica Ltda"
    )
    private = _Party("Mateo Ferreira", GMAIL_BUYER[1], lang="pt", mailer="gmail", zone="BR")
    t = S.thread(None, "Cotação válvulas de esfera DN32", {}, work, "pt")
    S.wr.send(
        t,
        work,
        [S.owner],
        day=30,
        html="none",
        intent_tag="inquiry",
        text="Prezada %s,\n\nPor favor, envie cotação para 1.000 válvulas de esfera DN32.\n\nAtenciosamente,\n"
        "Mateo Ferreira\nAguaviva Hidráulica Ltda\n" % S.owner.first,
    )
    S.wr.send(
        t,
        S.owner,
        [work],
        day=29,
        html="none",
        intent_tag="quotation",
        text="Dear Mateo,\n\nOur price is USD 6.20 per piece FOB Ningbo, 25 days.\n\nBest regards,\n%s" % S.owner.name,
    )
    S.wr.send(
        t,
        private,
        [S.owner],
        day=22,
        html="none",
        intent_tag="question",
        text="Olá %s,\n\nEstou viajando, respondo do meu e-mail pessoal. O preço está bom; qual é o prazo para "
        "2.000 peças?\n\nMateo Ferreira\n" % S.owner.first,
    )
    S.wr.send(
        t,
        S.owner,
        [private],
        day=21,
        html="none",
        intent_tag="answer",
        text="Dear Mateo,\n\n2,000 pieces take 30 days.\n\nBest regards,\n%s" % S.owner.name,
    )
