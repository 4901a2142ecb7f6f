"""The curated story, the Americas: the USA, Brazil, Mexico and Colombia."""

from __future__ import annotations


from .attachments import _catalogue_b64, _cert_b64, _whitepaper_b64
from .parties import _Company, _money
from .story import _Story


def lonestar(S: _Story, C: dict[str, _Company]) -> None:
    """Lone Star (US): API 6D, competitor, L/C, urgent."""
    ls = C["lonestar"]
    mj, sm = ls.contacts
    t = S.thread(
        ls,
        'RFQ API 6D trunnion ball valves 4" 600#',
        S.deal(
            ls, "API-4C600", 120, cert="API 6D", competitor="Your competitor in Wenzhou", pct=7, terms="L/C at sight"
        ),
        mj,
    )
    S.inn(t, 402, ["inquiry", "ask_cert"], pick=2)
    S.quote(t, 401, attach=[("API6D_Monogram_License.pdf", "application/pdf", _cert_b64("API 6D"))])
    S.inn(t, 396, ["too_expensive", "payment_terms"], pick=0)
    S.out(t, 395, ["counter_offer", "payment_answer"], pick=0)
    S.inn(t, 391, "accept", pick=1)
    ot = S.order(ls, mj, "API-4C600", 120, 389, factor=0.96, forwarder=True)
    ot.msgs[0].folders.append("Archive")
    S.order(ls, sm, "API-4C600", 150, 252, factor=0.96, reorder=True, ask_shipment=True, deposit=False)
    tu = S.thread(ls, "URGENT - Corpus Christi terminal project", S.deal(ls, "API-4C600", 200, days=25), mj)
    S.inn(tu, 138, "urgent")
    S.out(tu, 138, "urgent_answer")
    S.order(ls, mj, "API-4C600", 200, 134, factor=0.96, reorder=True, forwarder=True)
    recent = S.order(ls, sm, "BV-SS50", 3000, 31, reorder=True, deposit=False)
    # the A customer's latest container arrived damaged two days ago: a fresh complaint for today's agenda
    tc = S.thread(ls, "Complaint: order " + recent.params["po"], dict(recent.params), sm)
    S.inn(tc, 2, "complaint_damage", params={"n": 24}, flagged=True)


def greatlakes(S: _Story, C: dict[str, _Company]) -> None:
    """Great Lakes (US): churned."""
    owner = S.owner
    g = C["greatlakes"]
    dk = g.contacts[0]
    t = S.thread(g, "Quote request - butterfly valves DN150", S.deal(g, "BF-DI150", 800), dk)
    S.inn(t, 536, "inquiry", pick=1, folder="Archive")
    S.quote(t, 535)
    S.inn(t, 529, "accept", pick=0, folder="Archive")
    for i, day in enumerate((522, 402, 231)):
        S.order(
            g,
            dk,
            "BF-DI150" if i != 1 else "CV-SW80",
            (800, 300, 400)[i],
            day,
            reorder=i > 0,
            goods_ok=i == 0,
            deposit=i == 0,
        )
    tr = S.thread(g, "New 2026 catalogue + exclusive offer for Great Lakes Valve", {}, dk)
    S.out(
        tr, 150, "reactivation", attach=[("Hengtai_Catalogue_2026.pdf", "application/pdf", _catalogue_b64())], logo=True
    )
    S.out(
        tr,
        95,
        "value_content",
        attach=[("Hengtai_Whitepaper_Valve_Selection.pdf", "application/pdf", _whitepaper_b64())],
    )
    S.out(
        tr,
        40,
        [],
        text="Dear Dave,\n\nI hope all is well in Chicago. We have not heard from you for a while - "
        "is there anything we could do better? Any feedback is welcome.\n\nBest regards,\n" + owner.name,
    )


def hidrotec(S: _Story, C: dict[str, _Company]) -> None:
    """Hidrotec (BR): stalled negotiation."""
    h = C["hidrotec"]
    rs = h.contacts[0]
    t = S.thread(
        h,
        "Cotação - válvulas borboleta DN150",
        S.deal(h, "BF-DI150", 400, terms="carta de crédito (L/C) a prazo de 90 dias", pct=10),
        rs,
    )
    S.inn(t, 241, "inquiry")
    S.quote(t, 240)
    S.inn(t, 226, ["too_expensive", "payment_terms"])
    S.out(t, 224, ["counter_offer", "payment_answer"], pick=0)
    S.inn(t, 206, [], extra="Vamos analisar internamente e retornamos em breve.")
    S.out(t, 150, "followup", pick=0)
    S.inn(t, 136, "payment_terms", extra="Sem L/C a 90 dias não conseguimos fechar o pedido.")
    S.out(t, 90, "counter_offer", params={"price2": "%.2f" % (t.params["price_val"] * 0.94)}, pick=1)


def vcnorte(S: _Story, C: dict[str, _Company]) -> None:
    """VC Norte (MX): churned, overdue balance."""
    owner = S.owner
    vc = C["vcnorte"]
    lh = vc.contacts[0]
    t = S.thread(vc, "Solicitud de cotización - accesorios de fundición maleable", S.deal(vc, "MF-MIX", 80000), lh)
    S.inn(t, 541, "inquiry", folder="Archive")
    S.quote(t, 540)
    S.inn(t, 533, "accept", folder="Archive")
    S.order(vc, lh, "MF-MIX", 80000, 524, deposit=False)
    S.order(vc, lh, "MF-MIX", 90000, 428, reorder=True, deposit=False)
    ot = S.order(vc, lh, "GBV-15", 20000, 331, reorder=True, paid=0.7)
    S.out(
        ot,
        262,
        [],
        text="Dear Luis,\n\nA friendly reminder: the balance of USD %s for order %s (70%% of the invoice "
        "has been received) is now 45 days overdue. Could you please check with your accounts "
        "department?\n\nBest regards,\n%s" % (_money(ot.params["amount_val"] * 0.3), ot.params["po"], owner.name),
    )
    tr = S.thread(vc, "Nuevo catálogo 2026 / new catalogue and exclusive discount", {}, lh)
    S.out(tr, 200, "reactivation", attach=[("Hengtai_Catalogue_2026.pdf", "application/pdf", _catalogue_b64())])
    S.out(tr, 120, "followup", params={"quote": "HT-%d-%03d" % (S._year(200), 88)}, pick=0)


def mendoza(S: _Story, C: dict[str, _Company]) -> None:
    """Mendoza (CO): a free-mail (yahoo) cold lead, HTML-only inquiry, two unanswered follow-ups."""
    co = C["mendoza"]
    cmz = co.contacts[0]
    t = S.thread(co, "Cotización válvulas de gas", S.deal(co, "GBV-15", 500), cmz)
    S.inn(t, 131, "inquiry", html="only")
    S.quote(t, 130)
    S.out(t, 100, "followup", pick=0)
    S.out(t, 70, "followup", pick=1)
