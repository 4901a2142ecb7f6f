"""Synthetic customers (past the curated story): one block per customer, with the same mix of stories."""

from __future__ import annotations

import random
import re
from datetime import timedelta

from ..customers.country import countries
from .attachments import _catalogue_b64, _cert_b64, _whitepaper_b64
from .curated import _CURATED_DOMAINS
from .data import load
from .parties import _ascii, _Company, _money, _Msg, _Party, _Thread, _World
from .phrasebook import _PRODUCT, PRODUCTS
from .records import SampleOrder
from .story import _Story
from .writer import _Writer


_syn = load("synthetic")
#: one entry per country: names, people, cities and ports, mail clients (see synthetic.toml)
_SYN: list[dict] = _syn["country"]
_SYN_SLOTS: list[str] = _syn["slots"]  # customer k is from _SYN_SLOTS[k % 20]
_SYN_BY_CC = {d["cc"]: d for d in _SYN}
_FREEMAIL = [(f["domain"], f["mailer"]) for f in _syn["freemail"]]
_ARCHETYPES = [a["name"] for a in _syn["archetype"]]
_ARCH_W = [a["weight"] for a in _syn["archetype"]]
_REGIONS: list[str] = _syn["naming"]["regions"]
_NAME_EXTRA: dict[str, list[str]] = _syn["naming"]["extra"]
_TITLES: dict[str, list[str]] = _syn["titles"]
_PURCHASE_MAILBOX: dict[str, str] = _syn["purchase_mailbox"]


_TRANSLIT = str.maketrans({"ß": "ss", "ı": "i", "İ": "I", "ø": "o", "æ": "ae"})
_TRANSLIT_DE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _slug(s: str, german: bool = False) -> str:
    if german:
        s = s.translate(_TRANSLIT_DE)
    s = _ascii(s.translate(_TRANSLIT)).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def demo_phone(cc: str, area: str | None, rng: random.Random) -> str:
    """A number with the country's calling code (and the city's area code where the code is
    shared): a made-up prefix put an Atlanta company in Greece. Draws what it always drew."""
    rng.randrange(20, 99)  # was the calling code: drawn still, so the rest of the sample stays as it was
    local = rng.randrange(10, 99)
    calling = countries()[0][cc].calling
    if area:
        return "+%s %s %03d %04d" % (calling, area, 200 + rng.randrange(10000) % 800, rng.randrange(10000))
    return "+%s %d %04d %04d" % (calling, local, rng.randrange(10000), rng.randrange(10000))


def _synth_company(k: int, rng: random.Random) -> _Company:
    L = len(_SYN_SLOTS)
    slot = k % L
    cc = _SYN_SLOTS[slot]
    per_round = _SYN_SLOTS.count(cc)
    j = (k // L) * per_round + _SYN_SLOTS[:slot].count(cc)  # index of this company within its country
    d = _SYN_BY_CC[cc]
    pat = d["pat"]
    forms, words = d["forms"], d["words"]
    lang = rng.choices([x for x, _ in d["langs"]], [w for _, w in d["langs"]])[0]
    zone = rng.choice(d.get("zones", [d["zone"]]))
    city, port, *where = rng.choice(d["cities"])
    area = where[0] if where else None  # the city's area code where the calling code is shared (+1, +7)
    zone = where[1] if len(where) > 1 else zone  # an Atlanta company writes on Eastern time
    if pat in ("ru", "jp", "tw"):
        size = len(words) * len(forms)
        a, b = words[j % len(words)], forms[(j // len(words)) % len(forms)]
        cycle = j // size
        if pat == "ru":
            name = 'ООО "%s%s"' % (a[0], b[0])
            dom = "%s%s" % (a[1], b[1])
        elif pat == "jp":
            name = "株式会社%s%s" % (a[0], b[0]) if j % 2 else "%s%s株式会社" % (a[0], b[0])
            dom = "%s-%s" % (a[1], b[1])
        else:
            name = "%s%s股份有限公司" % (a[0], b[0])
            dom = "%s-%s" % (a[1], b[1])
    else:
        key = "last" if "{last}" in pat else "places"
        first_list = d[key]
        size = len(first_list) * len(words)
        a = first_list[(j + j // len(first_list)) % len(first_list)]
        w_ = words[(j // len(first_list)) % len(words)]
        cycle = j // size
        form = forms[j % len(forms)]
        dom = _slug("%s %s" % (a, w_), german=cc == "DE")
        if cycle:
            n = len(_REGIONS)
            w_ += " " + _REGIONS[(cycle - 1) % n] + (" %d" % ((cycle - 1) // n + 1) if cycle > n else "")
        name = pat.format(last=a, place=a, word=w_, form=form)
    if cycle:
        dom += "-%d" % (cycle + 1)
        extra = _NAME_EXTRA.get(pat)
        if extra:
            e = extra[(cycle - 1) % len(extra)] + ("%d" % ((cycle - 1) // len(extra) + 1) if cycle > len(extra) else "")
            if pat == "ru":
                name = name[:-1] + " " + e + '"'
            else:
                name = e + name

    domain = "%s.%s" % (dom, d["tld"])
    if domain in _CURATED_DOMAINS:
        domain = "%s-trade.%s" % (dom, d["tld"])
    charset_opt = d.get("charset")
    contacts: list[_Party] = []
    n_contacts = rng.choice((1, 1, 2, 2, 3))
    titles = _TITLES.get(lang, _TITLES["default"])
    used = set()
    for i in range(n_contacts):
        fi = rng.randrange(len(d["first"]))
        la = rng.randrange(len(d["last"]))
        first, last = d["first"][fi], d["last"][la]
        if pat in ("ru", "jp", "tw"):
            (fn_local, fn_rom), (ln_local, ln_rom) = first, last
            female = fn_rom in ("Olga", "Irina", "Natalia")
            if pat == "ru":
                name_ = "%s %s" % (fn_local, ln_local + ("а" if female else ""))
            elif pat == "jp":
                name_ = "%s %s" % (ln_local, fn_local)
            else:
                name_ = "%s%s" % (ln_local, fn_local)
            first_g = fn_rom
            dear = "%s-san" % ln_rom if pat == "jp" else fn_rom
            local = "%s.%s%s" % (fn_rom.lower().replace("-", ""), ln_rom.lower(), "a" if pat == "ru" and female else "")
        else:
            name_ = "%s %s" % (first, last)
            first_g, dear = first, first
            local = rng.choice(("{f}.{l}", "{f0}.{l}", "{f}", "{f}{l0}")).format(
                f=_slug(first, cc == "DE"),
                l=_slug(last, cc == "DE").replace("-", ""),
                f0=_slug(first)[0],
                l0=_slug(last)[0],
            )
        if local in used:
            local += str(i + 1)
        used.add(local)
        if i == 1 and rng.random() < 0.4:
            local = _PURCHASE_MAILBOX.get(lang, _PURCHASE_MAILBOX["default"])
            if local in used:
                local += "2"
            used.add(local)
        cs = "utf-8"
        if charset_opt and rng.random() < charset_opt[1]:
            cs = charset_opt[0]
        mailer = rng.choice(d["mailers"])
        if cs == "koi8-r":
            mailer = "thebat"
        contacts.append(
            _Party(
                name_,
                "%s@%s" % (local, domain),
                lang,
                charset=cs,
                mailer=mailer,
                zone=zone,
                title=titles[i % len(titles)],
                company=name,
                phone=demo_phone(cc, area, rng),
                first=first_g,
                dear=dear,
            )
        )
    comp = _Company("s%d" % k, name, d["country"], cc, zone, lang, city, port, d["cur"], [domain], contacts)
    if len(contacts) > 1 and rng.random() < 0.15:  # a group domain next to the local one
        group = "%s-group.com" % dom
        comp.domains.append(group)
        c1 = contacts[1]
        c1.email = "%s@%s" % (c1.email.split("@")[0], group)
    # some buyers write from a free-mail address (one of them switches to the company address later)
    if rng.random() < 0.1:
        fm_dom, fm_mailer = rng.choice(_FREEMAIL)
        c0 = contacts[0]
        who = c0.email.split("@")[0].split(".")
        fm = _Party(
            c0.name,
            "%s%d@%s" % (".".join(who[:2]) if len(who) > 1 else _slug(c0.name).replace("-", "."), k, fm_dom),
            c0.lang,
            charset="utf-8",
            mailer=fm_mailer,
            zone=zone,
            first=c0.first,
            dear=c0.dear,
        )
        comp.contacts.insert(0, fm)
        comp.freemail = True
    return comp


def _synthetic_block(world: _World, k: int) -> tuple[list[_Msg], list[tuple[_Msg, SampleOrder]]]:
    rng = random.Random("mailcrm-sample:%d:block:%d" % (world.seed, k))
    wr = _Writer(world, k + 1, rng)
    world.quote_seq = (k * 7) % 900 + 100
    S = _Story(wr)
    c = _synth_company(k, rng)
    arch = rng.choices(_ARCHETYPES, _ARCH_W)[0]
    main = c.contacts[0]
    company_contact = c.contacts[1] if c.freemail and len(c.contacts) > 1 else main
    other = c.contacts[-1]
    code = rng.choice(PRODUCTS)[0]
    moq = _PRODUCT[code][5]
    scale = rng.lognormvariate(0.0, 0.9) * (3.0 if arch == "repeat" else 1.0)
    qty = max(moq // 2, int(moq * scale * rng.choice((1, 2, 3, 5))) // 10 * 10 or moq)
    en = main.lang == "en"
    p = S.deal(c, code, qty)
    low_mid = lambda: rng.random() < 0.01  # noqa: E731  a few mailers send no Message-ID
    archive_old = lambda day: "Archive" if day > 365 and rng.random() < 0.25 else None  # noqa: E731

    def inquiry_thread(day0: float) -> _Thread:
        t = S.thread(c, S.subject(main.lang, "subj_inquiry", p), p, main, main.lang)
        extra = []
        for it, pr in (("ask_cert", 0.25), ("ask_eco", 0.12), ("oem", 0.1), ("moq_small", 0.1), ("urgent", 0.08)):
            if rng.random() < pr:
                extra.append(it)
        S.inn(t, day0, ["inquiry"] + extra, no_mid=low_mid(), folder=archive_old(day0))
        att = []
        if "ask_cert" in extra:
            att.append(("Certificate.pdf", "application/pdf", _cert_b64(rng.choice(("CE", "ISO 9001:2015", "WRAS")))))
        S.quote(t, day0 - rng.choice((0, 1, 1, 1, 2)), attach=att, logo=rng.random() < 0.25)
        if "ask_eco" in extra:
            S.out(t, day0 - 2, "eco_answer")
        if "oem" in extra:
            S.out(t, day0 - 2, "oem_answer")
        if en and rng.random() < 0.08:
            S.inn(t, day0 - 4, "for_example")
            S.out(t, day0 - 5, "thanks_out")
        return t

    def negotiate(t: _Thread, day: float, rounds: int) -> float:
        for _ in range(rounds):
            its = rng.choice((["too_expensive"], ["payment_terms"], ["too_expensive", "payment_terms"], ["moq_small"]))
            if en and rng.random() < 0.12:
                its = its + ["neg_eco"]
            S.inn(t, day, its, no_mid=low_mid())
            day -= rng.choice((1, 1, 2, 3))
            ans = (
                ["counter_offer"]
                + (["payment_answer"] if "payment_terms" in its else [])
                + (["moq_answer"] if "moq_small" in its else [])
            )
            S.out(t, day, ans)
            day -= rng.randrange(5, 20)
        return day

    def sample(t: _Thread, day: float) -> float:
        S.inn(t, day, "sample_request")
        S.out(t, day - 1, "sample_sent")
        day -= rng.randrange(14, 25)
        S.inn(t, day, "sample_ok")
        return day - 2

    def orders(start: float, n: int, interval: tuple[int, int], stop: float = 3) -> float:
        day = start
        last = start
        for i in range(n):
            if day < stop:
                break
            who = company_contact if c.freemail and company_contact is not main else main
            f = rng.random()
            S.order(
                c,
                who,
                code if rng.random() < 0.7 else rng.choice(PRODUCTS)[0],
                max(10, int(qty * rng.uniform(0.7, 1.4))),
                day,
                reorder=i > 0,
                deposit=i == 0 or rng.random() < 0.3,
                update=rng.random() < 0.2,
                goods_ok=rng.random() < 0.3,
                ask_shipment=rng.random() < 0.25,
                forwarder=rng.random() < 0.15,
                scanned=rng.random() < 0.12,
                cc=[other] if other is not who and f < 0.2 else [],
            )
            last = day
            day -= rng.randrange(*interval)
        return last

    if arch in ("repeat", "won", "complaint"):
        d0 = rng.randrange(300 if arch != "repeat" else 420, 540)
        t = inquiry_thread(d0)
        day = d0 - rng.randrange(5, 10)
        if rng.random() < 0.6:
            day = sample(t, day)
        if rng.random() < 0.5:
            day = negotiate(t, day, 1)
        S.inn(t, day, "accept")
        day -= rng.randrange(2, 8)
        if c.freemail and company_contact is not main:
            S.inn(
                t,
                day,
                "thanks",
                who=company_contact,
                extra="Please use my company address %s from now on." % company_contact.email,
            )
            day -= 2
        n = rng.randrange(3, 9) if arch == "repeat" else rng.randrange(1, 3)
        last = orders(day, n, (35, 80) if arch == "repeat" else (90, 200))
        if arch == "complaint" and last > 60:
            kind = rng.choice(("complaint_quality", "complaint_damage", "complaint_delay"))
            tc = S.thread(
                c,
                S.subject(main.lang, "subj_complaint", dict(p, po="%s-%d" % (c.key.upper(), k % 1000))),
                dict(
                    p,
                    po="%s-%d" % (c.key.upper(), k % 1000),
                    amount="%s %s" % (p["cur"], _money(p["amount_val"] * 0.08)),
                ),
                company_contact,
            )
            day = last - rng.randrange(30, 50)
            dd = wr.when(day, company_contact.zone)
            att = [S.photo(dd)] if kind != "complaint_delay" else []
            S.inn(tc, day, kind, date=dd, attach=att, flagged=True)
            S.out(
                tc,
                day - 1,
                "delay_reply" if kind == "complaint_delay" else "complaint_reply",
                cc=[world.manager] if rng.random() < 0.5 else [],
                params={"etd": (world.today - timedelta(days=int(day) - 10)).strftime("%d %b %Y")},
            )
            if kind != "complaint_delay" and rng.random() < 0.6:
                S.inn(tc, day - 5, "refund")
                dd = wr.when(day - 7, "CN", tc.last)
                S.out(tc, day - 7, "refund_reply", date=dd, attach=[S.report_8d(tc.params, dd)])
            if rng.random() < 0.5 and day > 40:
                orders(day - 30, 1, (30, 60))
        if arch in ("repeat", "won") and en and rng.random() < 0.3:
            ta = S.thread(c, "Feedback", {}, company_contact)
            dd = rng.randrange(5, 60)
            S.inn(ta, dd, "no_complaints")
            S.out(ta, dd - 1, "goods_ok_reply")
        if arch in ("repeat", "won") and rng.random() < 0.25:
            tv = S.thread(c, "Whitepaper: valve selection for water distribution", {}, company_contact)
            S.out(
                tv,
                rng.randrange(10, 120),
                "value_content",
                attach=[("Hengtai_Whitepaper_Valve_Selection.pdf", "application/pdf", _whitepaper_b64())],
            )
    elif arch == "stalled":
        last_day = rng.randrange(50, 121)
        d0 = last_day + rng.randrange(30, 150)
        t = inquiry_thread(d0)
        day = d0 - rng.randrange(5, 12)
        if rng.random() < 0.4:
            day = sample(t, day)
        rounds = 1 if day - last_day < 25 else 2
        day = max(day, last_day + 3)
        negotiate(t, day, rounds)
        if rng.random() < 0.5:
            if main.lang == "en":
                S.inn(
                    t,
                    last_day,
                    [],
                    extra=rng.choice(
                        (
                            "We will discuss internally and come back to you.",
                            "Let me check with my boss.",
                            "We are still comparing offers.",
                        )
                    ),
                )
            else:
                S.inn(t, last_day, "thanks")
        else:
            S.out(t, last_day, "followup")
    elif arch == "churned":
        d0 = rng.randrange(470, 541)
        t = inquiry_thread(d0)
        S.inn(t, d0 - 6, "accept")
        last = orders(d0 - 10, rng.randrange(2, 6), (40, 110), stop=185)
        tr = S.thread(c, "New catalogue and an exclusive offer for %s" % _ascii(c.name), {}, company_contact)
        day = rng.randrange(60, 160)
        m = S.out(
            tr,
            day,
            "reactivation",
            attach=[("Hengtai_Catalogue_2026.pdf", "application/pdf", _catalogue_b64())] if rng.random() < 0.25 else [],
        )
        if len(c.contacts) > 1 and rng.random() < 0.2:
            gone = c.contacts[-1]
            mb = S.out(
                S.thread(c, "Order history / " + _ascii(c.name), {}, gone),
                day - 1,
                "followup",
                params={"quote": p.get("quote") or "HT-%d-%03d" % (S._year(day), k % 1000)},
            )
            S.bounce(mb, gone.email, day - 1)
        if rng.random() < 0.6:
            S.out(tr, day - rng.randrange(25, 50), "followup", params={"quote": t.params.get("quote", "")})
    elif arch == "cold":
        d0 = rng.randrange(20, 540)
        t = inquiry_thread(d0)
        for i in range(rng.randrange(1, 3)):
            d0 -= rng.randrange(10, 40)
            if d0 < 2:
                break
            S.out(t, d0, "followup")
    elif arch == "negotiating":
        d0 = rng.randrange(15, 75)
        t = inquiry_thread(d0)
        day = d0 - rng.randrange(3, 8)
        if day > 30 and rng.random() < 0.5:
            day = sample(t, day)
        day = max(day, 3)
        its = rng.choice((["too_expensive"], ["payment_terms"], ["moq_small"], ["urgent"]))
        S.inn(t, rng.randrange(1, min(int(day), 10) + 1), its)
    else:  # platform lead, free-mail buyer
        fm_dom, fm_mailer = rng.choice(_FREEMAIL)
        buyer = _Party(
            main.name,
            "%s.%s%d@%s" % (_slug(main.first).replace("-", "") or "buyer", _slug(c.country)[:6], k, fm_dom),
            "en",
            mailer=fm_mailer,
            zone=c.zone,
            first=main.first,
            dear=main.dear,
        )
        d0 = rng.randrange(5, 540)
        S.alibaba(
            d0,
            buyer,
            _ascii(c.name) if c.lang in ("ru", "ja", "zh_tw") else c.name,
            c.country,
            code,
            qty,
            "Please send your best price and MOQ for %d pcs. Thank you." % qty,
            platform="alibaba" if rng.random() < 0.75 else "mic",
        )
        fake = _Company(
            c.key, c.name, c.country, c.cc, c.zone, "en", c.city, c.port, c.currency, [fm_dom], [buyer], freemail=True
        )
        tl = S.thread(fake, "Hengtai Valve quotation - %s" % _PRODUCT[code][1], S.deal(fake, code, qty), buyer)
        S.quote(tl, max(d0 - 1, 1))
        if d0 > 8 and rng.random() < 0.4:
            S.inn(tl, d0 - 4, ["too_expensive"])
            S.out(tl, d0 - 5, "counter_offer")
    # ---- the mail around it --------------------------------------------------------------
    if rng.random() < 0.45:
        S.newsletter(rng.randrange(2, 540), rng.randrange(3), image=rng.random() < 0.5)
    if rng.random() < 0.06:
        sup = world.supplier
        day = rng.randrange(5, 540)
        ts = S.thread(None, "毛坯交货计划 %s" % (world.today - timedelta(days=day)).strftime("%m月%d日"), {}, sup)
        m = wr.send(
            ts,
            sup,
            [world.owner],
            day=day,
            intent_tag="supplier",
            text="%s经理：\n\n本周的阀体毛坯%d件已经铸造完成，明天安排送货，请安排人员收货。\n\n王喆\n浙江永固铸造有限公司"
            % (world.owner_cn[0], rng.randrange(20, 200) * 100),
        )
        if rng.random() < 0.5:
            wr.send(
                ts,
                world.owner,
                [sup],
                day=day,
                parent=m,
                charset="gb2312",
                intent_tag="supplier",
                text="王总：\n\n收到，谢谢！\n\n%s" % world.owner_cn[1],
            )
    if rng.random() < 0.05:
        ti = S.thread(None, "Status %s" % _ascii(c.name), {}, world.manager)
        m = wr.send(
            ti,
            world.manager,
            [world.owner],
            day=rng.randrange(3, 300),
            intent_tag="internal",
            text="Hi %s,\n\nWhat is the status with %s? Please update the CRM notes before Friday.\n\nGrace"
            % (world.owner.first, _ascii(c.name)),
        )
        wr.send(
            ti,
            world.owner,
            [world.manager],
            day=0,
            parent=m,
            intent_tag="internal",
            text="Hi Grace,\n\nUpdated. I will follow up with them this week.\n\n%s" % world.owner.first,
        )
    if rng.random() < 0.05:
        outs = [m for m in wr.msgs if not m.inbound and m.intent not in ("internal", "supplier", "forwarder")]
        if outs:
            our = rng.choice(outs)
            S.out_of_office(
                company_contact,
                our,
                (our.date + timedelta(days=rng.randrange(3, 15))).strftime("%d.%m.%Y"),
                lang="de" if c.lang == "de" else ("it" if c.lang == "it" else "en"),
            )
    for m in wr.msgs:
        if m.inbound and len(m.folders) == 1 and m.folders[0] == "INBOX" and rng.random() < 0.005:
            m.folders.append("Archive")
    return wr.msgs, wr.orders
