"""The curated story (the first ~330 messages): its 23 customers from curated.toml, their stories in
arrival order, and the mail around them (platform leads, the foundry, colleagues, newsletters)."""

from __future__ import annotations

import random

from .data import load
from .parties import _Company, _Msg, _Party, _World
from .phrasebook import _PRODUCT
from .records import SampleOrder
from .stories_americas import greatlakes, hidrotec, lonestar, mendoza, vcnorte
from .stories_east import (
    alnoor,
    cairo,
    formosa,
    harbour,
    lihua,
    saigonwater,
    saudiflow,
    shreeganesh,
    southerncross,
    wangjun,
    yamamoto,
)
from .stories_europe import akdeniz, bianchi, bridgewater, dupont, kessler, levante, trubosnab
from .story import _Story
from .writer import _Writer

# The order matters: each story draws from the one random stream of the curated part.
_CUSTOMER_STORIES = (
    kessler,
    bridgewater,
    lonestar,
    greatlakes,
    hidrotec,
    levante,
    dupont,
    bianchi,
    trubosnab,
    alnoor,
    saudiflow,
    akdeniz,
    yamamoto,
    shreeganesh,
    vcnorte,
    saigonwater,
    southerncross,
    formosa,
    harbour,
    cairo,
    mendoza,
    wangjun,
    lihua,
)


def _curated_companies() -> dict[str, _Company]:
    """The curated customers by key, as new objects each time: the stories change their parties."""
    return {entry["key"]: _company(entry) for entry in load("curated")["customer"]}


def _company(entry: dict) -> _Company:
    footer = entry.get("footer", "")
    fields = {k: v for k, v in entry.items() if k not in ("contact", "footer")}
    fields["domains"] = list(fields["domains"])  # the parsed data is shared: copy what may be changed
    return _Company(**fields, contacts=[_contact(p, footer) for p in entry["contact"]])


def _contact(entry: dict, footer: str) -> _Party:
    fields = {k: v for k, v in entry.items() if k != "legal_footer"}
    return _Party(**fields, footer=footer if entry.get("legal_footer") else "")


# Synthetic customers must never get a curated customer's domain (their mail would be filed under it).
_CURATED_DOMAINS = frozenset(d for c in _curated_companies().values() if not c.freemail for d in c.domains)


def _describe_curated() -> list[dict]:
    out = []
    for c in _curated_companies().values():
        out.append(
            dict(
                domain=c.contacts[0].email if c.freemail else c.domain,
                domains=list(c.domains) if not c.freemail else [],
                company=c.name,
                country=c.country,
                language=c.lang,
                contacts=[p.email for p in c.contacts],
                freemail=c.freemail,
                stage=c.stage,
                story=c.story,
            )
        )
    return out


def _curated(world: _World) -> tuple[list[_Msg], list[tuple[_Msg, SampleOrder]]]:
    """The curated part's messages (in writing order) and its orders."""
    wr = _Writer(world, 0, random.Random("mailcrm-sample:%d:curated" % world.seed))
    S = _Story(wr)
    C = _curated_companies()
    for story in _CUSTOMER_STORIES:
        story(S, C)
    platform_leads(S)
    supplier_and_colleagues(S)
    newsletters(S)
    return wr.msgs, wr.orders


def platform_leads(S: _Story) -> None:
    """More platform inquiries that went nowhere: quoted once, never answered."""
    # more platform inquiries that went nowhere
    for day, name, mail, comp, country, code, qty, plat in (
        (
            455,
            "John Okafor",
            "john.okafor.ng@gmail.com",
            "Okafor Building Materials",
            "Nigeria",
            "MF-MIX",
            20000,
            "alibaba",
        ),
        (318, "Pedro Alves", "pedro.alves.pt@hotmail.com", "Alves Canalizações", "Portugal", "BV-B25", 2000, "alibaba"),
        (44, "Anh Tran", "anhtran.hvac@gmail.com", "Tran HVAC Co.", "Vietnam", "PRV-20", 800, "alibaba"),
    ):
        buyer = _Party(name, mail, "en", mailer="gmail" if "gmail" in mail else "webmail", zone="CN")
        S.alibaba(
            day,
            buyer,
            comp,
            country,
            code,
            qty,
            "Please send your best price for %d pcs. Thank you." % qty,
            platform=plat,
        )
        fake = _Company("lead", comp, country, "XX", "CN", "en", "-", "-", "USD", [mail.split("@")[1]], [buyer])
        tl = S.thread(fake, "Hengtai Valve quotation - %s" % _PRODUCT[code][1], S.deal(fake, code, qty), buyer)
        S.quote(tl, day - 2, pick=1)  # two days on: a weekend shift never puts it before the inquiry


def supplier_and_colleagues(S: _Story) -> None:
    """The foundry (GBK labelled gb2312), the colleague and the manager."""
    wr = S.wr
    world = S.w
    owner = S.owner
    cn_sur, cn_full = S.w.owner_cn
    sup = world.supplier
    ts = S.thread(None, "关于阀体毛坯交货安排", {}, sup)
    m = wr.send(
        ts,
        sup,
        [owner],
        day=402,
        intent_tag="supplier",
        text="%s经理：\n\n您好！贵司订单的DN25黄铜球阀阀体毛坯（共22000件）已经浇铸完成，预计本周五送到贵司仓库，"
        "送货单随货附上。\n如有问题请与我联系。\n\n王喆\n浙江永固铸造有限公司 销售部\n电话：0574-8765 4321  "
        "手机：138 5741 2266" % cn_sur,
    )
    wr.send(
        ts,
        owner,
        [sup],
        day=401,
        parent=m,
        charset="gb2312",
        intent_tag="supplier",
        text="王总：\n\n收到，谢谢！请务必按时送货，德国客户的订单很急。\n\n%s" % cn_full,
    )
    ts2 = S.thread(None, "黄铜铸件价格调整通知", {}, sup)
    m = wr.send(
        ts2,
        sup,
        [owner],
        day=219,
        intent_tag="supplier",
        cc=[world.manager],
        text="%s经理、周总：\n\n由于近期铜价大幅上涨，且本地限电导致生产安排推迟，从下月一号起黄铜铸件价格每公斤上调"
        "1.5元，在制订单交货期顺延约两周，敬请谅解。\n\n王喆\n浙江永固铸造有限公司 销售部" % cn_sur,
    )
    wr.send(
        ts2,
        owner,
        [sup],
        day=218,
        parent=m,
        charset="gb2312",
        cc=[world.manager],
        intent_tag="supplier",
        text="王总：\n\n交货推迟对我们的法国客户影响很大，请尽量优先安排Dupont的订单。价格的事情周总会跟您再沟通。\n\n"
        "%s" % cn_full,
    )
    m = wr.send(
        S.thread(None, "十月份毛坯交货计划", {}, sup),
        sup,
        [owner],
        day=33,
        intent_tag="supplier",
        text="%s经理：\n\n十月份的毛坯交货计划见下表，请确认：\nDN20无铅铜阀体 15000件  10月18日\nDN15燃气阀体 "
        "18000件  10月25日\n\n王喆\n浙江永固铸造有限公司" % cn_sur,
    )

    tt = S.thread(None, "广交会展位安排 / Canton Fair booth schedule", {}, world.colleague)
    mt = wr.send(
        tt,
        world.colleague,
        [owner],
        day=42,
        cc=[world.manager],
        charset="utf-8",
        intent_tag="internal",
        text="Lisa,\n\n广交会第一期我们的展位是 5.1馆 D21。排班如下：\n10月15-16日：Lisa + Tom\n10月17-19日：Tom + Grace\n"
        "请带好新样本和报价单。\n\nTom",
    )
    wr.send(
        tt,
        owner,
        [world.colleague],
        day=42,
        parent=mt,
        charset="utf-8",
        intent_tag="internal",
        text="收到，我会准备20本新样本和无铅阀门的样品。\n\n%s" % cn_full,
    )
    tg = S.thread(None, "Q4 pipeline review", {}, world.manager)
    wr.send(
        tg,
        world.manager,
        [owner],
        day=7,
        intent_tag="internal",
        text="Hi %s,\n\nFor Friday's pipeline review please update the status of Bianchi, Hidrotec and Shree Ganesh "
        "(all stuck in negotiation), and tell me what we do about Great Lakes and VC Norte - no orders for "
        "more than half a year.\n\nThanks,\nGrace" % owner.first,
        unread=True,
    )


def newsletters(S: _Story) -> None:
    """Newsletters every ~45 days, one of them stored without a Message-ID."""
    day = 538
    i = 0
    while day > 2:
        S.newsletter(day, 0, image=i % 3 != 1)
        if i % 3 == 0:
            nm = S.newsletter(day - 9, 1, image=False)
            if i == 3:
                nm.mid = None  # stored below without a Message-ID
                head, rest = nm.raw.split(b"\r\n\r\n", 1)
                nm.raw = (
                    b"\r\n".join(ln for ln in head.split(b"\r\n") if not ln.startswith(b"Message-ID:"))
                    + b"\r\n\r\n"
                    + rest
                )
        day -= 45
        i += 1
    S.newsletter(48, 2)
