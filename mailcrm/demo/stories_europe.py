"""The curated story, Europe: Germany, the UK, Spain, France, Italy, Russia and Turkey."""

from __future__ import annotations

from datetime import timedelta

from .attachments import _cert_b64, _whitepaper_b64
from .parties import _Company
from .story import _Story


def kessler(S: _Story, C: dict[str, _Company]) -> None:
    """Kessler (DE): A customer, two domains, certs, 9 orders, bounce, out-of-office."""
    owner = S.owner
    k = C["kessler"]
    jk, av, pm = k.contacts
    p = S.deal(k, "BV-B25", 20000, cert="CE, ISO 9001 und REACH")
    t = S.thread(k, "Anfrage Kugelhähne DN15-DN50 / Messe ISH", p, jk)
    S.inn(t, 532, "inquiry", folder="Archive")
    S.quote(t, 531, logo=True)
    S.inn(t, 525, "ask_cert", folder="Archive")
    S.out(
        t,
        524,
        "cert_send",
        params={"cert": "CE, ISO 9001 and REACH"},
        attach=[
            ("CE_Certificate.pdf", "application/pdf", _cert_b64("CE")),
            ("ISO9001_Certificate.pdf", "application/pdf", _cert_b64("ISO 9001:2015")),
            ("REACH_Declaration.pdf", "application/pdf", _cert_b64("REACH SVHC")),
        ],
    )
    S.inn(t, 516, "sample_request", params={"n": 5}, folder="Archive")
    S.out(t, 515, "sample_sent", params={"n": 5})
    S.inn(
        t,
        499,
        ["sample_ok", "payment_terms"],
        extra="Bitte senden Sie uns zu jeder Lieferung ein Abnahmeprüfzeugnis 3.1 nach EN 10204.",
    )
    S.out(t, 498, ["counter_offer", "payment_answer"])
    S.inn(t, 494, "accept")
    products = ["BV-B25", "BV-B25", "GBV-15", "BV-LF20", "BV-B25", "PRV-20", "BV-B25"]
    qtys = [20000, 24000, 18000, 15000, 30000, 8000, 26000]
    first_po = None
    for i, day in enumerate((488, 415, 340, 262, 190, 126, 34)):
        ot = S.order(
            k,
            av if i else jk,
            products[i],
            qtys[i],
            day,
            reorder=i > 0,
            deposit=i == 0,
            update=i == 0,
            forwarder=i == 4,
            goods_ok=i == 0,
            scanned=i == 2,
        )
        if i == 0:
            first_po = ot.msgs[0]
        if i == 5:
            # Anna is on holiday when the shipment notice goes out
            S.out_of_office(av, ot.msgs[-1], "28.07.", lang="de")
    first_po.folders.append("Archive")
    tq = S.thread(k, "Prüfbericht / test report for order " + "KES-PO", S.deal(k, "BV-B25", 20000), pm)
    m = S.out(
        tq,
        300,
        [],
        text="Dear Mr. Müller,\n\nAs requested by Mrs. Vogel, please find attached the EN 10204 3.1 "
        "inspection certificate for your last order. Please let me know if you need anything else."
        "\n\nBest regards,\n" + owner.name,
        attach=[("Inspection_Certificate_3.1.pdf", "application/pdf", _cert_b64("EN 10204 3.1"))],
    )
    S.bounce(m, pm.email, 300)


def bridgewater(S: _Story, C: dict[str, _Company]) -> None:
    """Bridgewater (UK): WRAS, sample, damaged goods complaint."""
    wr = S.wr
    world = S.w
    owner = S.owner
    b = C["bridgewater"]
    ob = b.contacts[0]
    t = S.thread(b, "RFQ - WRAS approved gate valves 22mm", S.deal(b, "GV-WR22", 5000, cert="WRAS"), ob)
    S.inn(t, 470, ["inquiry", "ask_cert"], pick=0)
    S.quote(t, 469, attach=[("WRAS_Approval_Certificate.pdf", "application/pdf", _cert_b64("WRAS"))])
    S.inn(t, 461, "sample_request", pick=0)
    S.out(t, 460, "sample_sent")
    S.inn(t, 441, ["sample_ok", "accept"])
    ot = S.order(b, ob, "GV-WR22", 5000, 432, update=True)
    tc = S.thread(b, "Damaged goods - container " + ot.params.get("container", ""), ot.params, ob)
    d = wr.when(366, "EU_W", ot.last)
    S.inn(
        tc,
        366,
        "complaint_damage",
        params={"n": 36},
        date=d,
        attach=[S.photo(d, True), S.photo(d, False)],
        flagged=True,
    )
    S.out(tc, 365, "complaint_reply", cc=[world.manager])
    S.inn(
        tc,
        362,
        [],
        extra="Thanks %s. Please add 36 pcs free of charge to our next order, and make sure the cartons "
        "are strapped on the pallets next time." % owner.first,
    )
    S.out(tc, 361, "thanks_out")
    S.order(b, ob, "GV-WR22", 8000, 149, reorder=True, goods_ok=True)
    tv = S.thread(b, "Whitepaper: valve selection for water distribution", {}, ob)
    S.out(
        tv,
        60,
        "value_content",
        attach=[("Hengtai_Whitepaper_Valve_Selection.pdf", "application/pdf", _whitepaper_b64())],
    )
    S.inn(tv, 57, "thanks")


def levante(S: _Story, C: dict[str, _Company]) -> None:
    """Levante (ES): eco-friendly."""
    lv = C["levante"]
    mg, jl = lv.contacts
    t = S.thread(lv, "Consulta válvulas de bola sin plomo", S.deal(lv, "BV-LF20", 10000), mg)
    S.inn(t, 331, ["inquiry", "ask_eco"])
    S.quote(t, 330)
    S.out(
        t, 330, "eco_answer", attach=[("Material_Certificate_CW602N.pdf", "application/pdf", _cert_b64("CW602N DZR"))]
    )
    S.inn(t, 321, "sample_request")
    S.out(t, 320, "sample_sent")
    S.inn(t, 301, ["sample_ok", "accept"])
    S.order(lv, mg, "BV-LF20", 10000, 293, update=True, goods_ok=True)
    S.order(lv, jl, "BV-LF20", 12000, 172, reorder=True, deposit=False)
    te = S.thread(lv, "Compuertas sin plomo / materiales ecológicos", S.deal(lv, "GV-WR22", 3000), mg)
    S.inn(
        te,
        61,
        [],
        extra="Nuestros clientes siguen pidiendo productos ecológicos y sostenibles. ¿Tienen también "
        "válvulas de compuerta de latón sin plomo (CW602N)? Enviad por favor precio para 3000 unidades.",
    )
    S.out(te, 60, "eco_answer")


def dupont(S: _Story, C: dict[str, _Company]) -> None:
    """Dupont (FR): OEM, small MOQ, delay."""
    wr = S.wr
    world = S.w
    dp = C["dupont"]
    cd = dp.contacts[0]
    t = S.thread(dp, "Demande de prix - robinets gaz OEM", S.deal(dp, "GBV-15", 1500, qty_small=500), cd)
    S.inn(t, 281, ["inquiry", "oem", "moq_small"])
    S.quote(t, 280)
    S.out(t, 280, ["oem_answer", "moq_answer"])
    S.inn(t, 271, "accept")
    ot = S.order(dp, cd, "GBV-15", 1500, 266, ship=False)
    ps = ot.params
    S.inn(ot, 216, "complaint_delay", params={"weeks": 3}, flagged=True)
    S.out(ot, 216, "delay_reply", params={"etd": (world.today - timedelta(days=206)).strftime("%d %b %Y")})
    ps.update(
        vessel="CMA CGM TIGRIS V.214W",
        container="CMAU4402817",
        seal="CN4410021",
        bl="CMDUNGB44028177",
        etd=(world.today - timedelta(days=206)).strftime("%d %b %Y"),
        eta=(world.today - timedelta(days=175)).strftime("%d %b %Y"),
    )
    d = wr.when(205, "CN", ot.last)
    S.out(ot, 205, "shipment_notice", date=d, attach=[S.bl_pdf(dp, ps, d)])
    S.inn(ot, 172, "goods_ok")


def bianchi(S: _Story, C: dict[str, _Company]) -> None:
    """Bianchi (IT): stalled, competitor."""
    bi = C["bianchi"]
    mr = bi.contacts[0]
    t = S.thread(
        bi,
        "Richiesta di offerta - valvole di ritegno DN80",
        S.deal(bi, "CV-SW80", 300, competitor="Un fornitore indiano", pct=15),
        mr,
    )
    S.inn(t, 201, "inquiry")
    S.quote(t, 200)
    S.inn(t, 186, "too_expensive")
    S.out(t, 185, "counter_offer", pick=1)
    S.inn(
        t,
        171,
        [],
        extra="Il prezzo è ancora troppo alto: il concorrente indiano resta più economico del 10%. "
        "Potete fare uno sforzo in più?",
    )
    m = S.out(t, 169, "counter_offer", params={"price2": "%.2f" % (t.params["price_val"] * 0.92)}, pick=0)
    m = S.out(t, 141, "followup", pick=1)
    S.out_of_office(mr, m, "25 luglio", lang="it")
    S.inn(t, 110, [], extra="Stiamo valutando anche altre offerte. Vi faremo sapere.")


def trubosnab(S: _Story, C: dict[str, _Company]) -> None:
    """TruboSnab (RU): koi8-r, no Message-ID."""
    wr = S.wr
    world = S.w
    ru = C["trubosnab"]
    di, el = ru.contacts
    t = S.thread(ru, "Запрос цены: задвижки DN100", S.deal(ru, "GV-CI100", 400, cert="ISO 9001"), di)
    S.inn(t, 361, "inquiry")
    S.quote(t, 359)
    S.inn(t, 351, "ask_cert")
    S.out(t, 350, "cert_send", attach=[("ISO9001_Certificate.pdf", "application/pdf", _cert_b64("ISO 9001:2015"))])
    S.inn(t, 341, "payment_terms", no_mid=True)
    S.out(t, 340, "payment_answer")
    S.inn(t, 336, "accept")
    S.order(ru, di, "GV-CI100", 400, 331, update=True)
    ot = S.order(ru, di, "GV-CI100", 600, 152, reorder=True, ship=False)
    S.inn(ot, 128, "ask_shipment", who=el)
    ps = ot.params
    ps.update(
        vessel="MAERSK EDMONTON V.431W",
        container="MRKU7781234",
        seal="CN7781235",
        bl="MAEU24501177",
        etd=(world.today - timedelta(days=118)).strftime("%d %b %Y"),
        eta=(world.today - timedelta(days=78)).strftime("%d %b %Y"),
    )
    d = wr.when(120, "CN", ot.last)
    S.out(ot, 120, "shipment_notice", date=d, attach=[S.bl_pdf(ru, ps, d)], to=el)
    S.inn(ot, 75, "goods_ok", who=el)


def akdeniz(S: _Story, C: dict[str, _Company]) -> None:
    """Akdeniz (TR): active negotiation, iso-8859-9."""
    ak = C["akdeniz"]
    my = ak.contacts[0]
    t = S.thread(ak, "Fiyat talebi - paslanmaz küresel vanalar DN50", S.deal(ak, "BV-SS50", 1000, qty_small=300), my)
    S.inn(t, 71, "inquiry")
    S.quote(t, 70)
    S.inn(t, 61, "sample_request", charset="utf-8")
    S.out(t, 60, "sample_sent")
    S.inn(t, 41, ["sample_ok", "too_expensive"])
    S.out(t, 39, "counter_offer")
    S.inn(t, 21, "payment_terms")
    S.out(t, 20, "payment_answer")
    S.inn(t, 6, "moq_small", unread=True)
