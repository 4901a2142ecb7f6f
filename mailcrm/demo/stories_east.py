"""The curated story, the Middle East, Africa, Asia and Australia."""

from __future__ import annotations


from .attachments import _cert_b64
from .mime import CRLF, _Leaf, _Multi, _text_leaf
from .parties import _Company
from .story import _Story


def alnoor(S: _Story, C: dict[str, _Company]) -> None:
    """Al Noor (AE): Arabic, HTML-only, urgent, Ramadan."""
    an = C["alnoor"]
    am, rk = an.contacts
    t = S.thread(an, "طلب عرض سعر - وصلات حديد مطاوع", S.deal(an, "MF-MIX", 50000, days=20), am)
    S.inn(t, 291, "inquiry", html="only")
    S.quote(t, 290)
    S.inn(t, 285, "urgent", who=rk)
    S.out(t, 284, "urgent_answer", to=rk)
    S.inn(t, 276, [], who=am, html="only", no_mid=True, extra="رمضان كريم. سنؤكد الطلب بعد عيد الفطر إن شاء الله.")
    S.inn(t, 253, "accept", who=rk)
    S.order(an, rk, "MF-MIX", 50000, 251, transit=20)
    S.order(an, rk, "MF-MIX", 60000, 81, reorder=True, transit=20)


def saudiflow(S: _Story, C: dict[str, _Company]) -> None:
    """Saudi Flow (SA): quality complaint, refund, manager in copy."""
    wr = S.wr
    world = S.w
    owner = S.owner
    cn_sur, cn_full = S.w.owner_cn
    sa = C["saudiflow"]
    fq = sa.contacts[0]
    t = S.thread(sa, "Inquiry: ductile iron butterfly valves DN150", S.deal(sa, "BF-DI150", 600), fq)
    S.inn(t, 381, "inquiry", pick=2)
    S.quote(t, 380)
    S.inn(t, 373, "accept", pick=0)
    ot = S.order(sa, fq, "BF-DI150", 600, 371)
    tc = S.thread(sa, "Quality problem - order " + ot.params["po"], dict(ot.params, amount="USD 4,860.00"), fq)
    d = wr.when(301, "SA", ot.last)
    S.inn(
        tc, 301, "complaint_quality", params={"n": 37}, date=d, attach=[S.photo(d, False)], flagged=True, also="Archive"
    )
    S.out(tc, 300, "complaint_reply", cc=[world.manager])
    S.inn(tc, 293, "refund", cc=[world.manager])
    d = wr.when(291, "CN", tc.last)
    S.out(tc, 291, "refund_reply", date=d, cc=[world.manager], attach=[S.report_8d(ot.params, d)])
    S.inn(tc, 289, [], extra="Noted. To be honest we will consider our future orders carefully after this experience.")
    tf = S.thread(sa, "Hengtai Valve - new quality control measures", {}, fq)
    S.out(
        tf,
        121,
        [],
        text="Dear Mr. Faisal,\n\nFollowing the issue earlier this year we have added a 100% seat test "
        "with recorded results for every export batch. I would be glad to discuss your requirements "
        "for the coming projects.\n\nBest regards,\n" + owner.name,
    )
    # the manager asks about it (internal, Chinese)
    ti = S.thread(None, "沙特客户投诉进展", {}, world.manager)
    mi = wr.send(
        ti,
        world.manager,
        [owner],
        day=297,
        intent_tag="internal",
        text="%s：\n\n沙特Saudi Flow的漏水投诉现在处理得怎么样了？8D报告请抄送我，赔偿金额控制在5000美金以内。\n\nGrace\n"
        "周雅琴 | 外贸部经理" % (owner.first,),
    )
    wr.send(
        ti,
        owner,
        [world.manager],
        day=296,
        parent=mi,
        intent_tag="internal",
        text="周总：\n\n已经回复客户了，QC正在查原因，8D报告三天内发给客户并抄送您。客户要求4860美金的credit note，"
        "我们建议从下一单里扣。\n\n%s" % cn_full,
    )


def yamamoto(S: _Story, C: dict[str, _Company]) -> None:
    """Yamamoto (JP): iso-2022-jp, quality."""
    y = C["yamamoto"]
    ky, ms = y.contacts
    t = S.thread(y, "お見積り依頼：玉形弁 DN50", S.deal(y, "GLV-50", 200, cert="ISO 9001"), ky)
    S.inn(t, 421, ["inquiry", "ask_cert"])
    S.quote(t, 420, attach=[("ISO9001_Certificate.pdf", "application/pdf", _cert_b64("ISO 9001:2015"))])
    S.inn(t, 411, "sample_request", who=ms, params={"n": 3})
    S.out(t, 410, "sample_sent", to=ms, params={"n": 3})
    S.inn(t, 386, "sample_ok", who=ms)
    S.inn(t, 384, "accept")
    S.order(y, ky, "GLV-50", 200, 381, goods_ok=True)
    S.order(y, ky, "GLV-50", 300, 128, reorder=True, deposit=False)
    tm = S.thread(y, "ミルシート送付のお願い（注文 GLV-50）", {}, ms)
    S.inn(
        tm,
        46,
        [],
        extra="前回納品分のミルシート（材料証明書）をお送りいただけますでしょうか。弊社の品質記録に必要でございます。",
    )
    S.out(
        tm,
        45,
        "thanks_out",
        attach=[("Mill_Test_Certificate_WCB.pdf", "application/pdf", _cert_b64("EN 10204 3.1 WCB"))],
        pick=0,
    )


def shreeganesh(S: _Story, C: dict[str, _Company]) -> None:
    """Shree Ganesh (IN): stalled, 'for example', price probing."""
    sg = C["shreeganesh"]
    rj = sg.contacts[0]
    t = S.thread(
        sg,
        "Enquiry for SS316 ball valves",
        S.deal(sg, "BV-SS50", 500, qty_small=150, competitor="Another Chinese supplier", pct=12),
        rj,
    )
    S.inn(t, 151, "inquiry", pick=0)
    S.quote(t, 150, pick=1)
    S.inn(t, 141, ["for_example", "too_expensive"], pick=1)
    S.out(t, 140, "counter_offer", pick=1)
    S.inn(t, 121, "moq_small")
    S.out(t, 120, "moq_answer")
    S.inn(
        t,
        61,
        [],
        extra="We are still comparing offers. Please share your best price for 300 pcs, payment 100% against B/L copy.",
    )
    S.out(t, 60, "counter_offer", params={"qty": 300}, pick=0)


def saigonwater(S: _Story, C: dict[str, _Company]) -> None:
    """Saigon Water (VN): gmail -> company address in the same thread."""
    sw = C["saigonwater"]
    mg_, mc = sw.contacts
    t = S.thread(
        sw,
        "Inquiry pressure reducing valves DN20 - Canton Fair",
        S.deal(sw, "PRV-20", 2000, source="the Canton Fair", terms="T/T 60 days after B/L"),
        mg_,
    )
    S.inn(t, 181, "inquiry", pick=1)
    S.quote(t, 180)
    S.inn(
        t,
        171,
        "payment_terms",
        who=mc,
        extra="PS: this is my company email, please use it from now on. My gmail was only for the fair.",
    )
    S.out(t, 170, "payment_answer", to=mc)
    S.inn(t, 166, "accept", who=mc, pick=0)
    S.order(sw, mc, "PRV-20", 2000, 158, goods_ok=True, transit=7)


def southerncross(S: _Story, C: dict[str, _Company]) -> None:
    """Southern Cross (AU): forwarded lead, negative eco, 'no complaints so far'."""
    wr = S.wr
    world = S.w
    owner = S.owner
    au = C["southerncross"]
    jt = au.contacts[0]
    p = S.deal(au, "BV-B25", 15000)
    orig_t = S.thread(au, "Enquiry - brass ball valves for irrigation project", p, jt)
    orig = wr.send(orig_t, jt, [world.colleague], day=253, intents="inquiry", pick=0)
    wr.msgs.remove(orig)  # it reached Tom, not us: we only see it forwarded
    orig_t.msgs.clear()
    fwd_text = (
        "Hi %s,\n\nI met Jack at the Canton Fair, they are a big irrigation distributor in Sydney. You handle "
        "Australia, please follow up. His original mail is attached.\n\nThanks,\nTom" % owner.first
    )
    uid = wr.seq + 1
    root = _Multi(
        "mixed",
        wr.boundary("foxmail", uid, 1),
        [
            _text_leaf(fwd_text.replace("\n", CRLF), "plain", "utf-8", "base64"),
            _Leaf(
                [
                    'Content-Type: message/rfc822; name="Enquiry - brass ball valves for irrigation project.eml"',
                    'Content-Disposition: attachment; filename="Enquiry - brass ball valves for irrigation project.eml"',
                ],
                orig.raw,
            ),
        ],
    )
    wr.send(
        None,
        world.colleague,
        [owner],
        day=251,
        subject="Fw: " + orig.subject,
        text=fwd_text,
        root=root,
        intent_tag="forward",
    )
    t = S.thread(au, "Enquiry - brass ball valves for irrigation project", p, jt)
    S.quote(
        t,
        250,
        pick=0,
        extra="My colleague %s passed your enquiry to me; I will be your contact from now on." % world.colleague.name,
    )
    S.inn(t, 241, "neg_eco", extra="Please quote the standard brass version only, we need to keep the cost down.")
    S.out(t, 240, "counter_offer", pick=0)
    S.inn(t, 234, "accept", pick=1)
    S.order(au, jt, "BV-B25", 15000, 231)
    ta = S.thread(au, "Feedback on the last shipment", {}, jt)
    S.inn(ta, 151, "no_complaints")
    S.out(ta, 150, "goods_ok_reply")
    S.order(au, jt, "BV-B25", 15000, 111, reorder=True)


def formosa(S: _Story, C: dict[str, _Company]) -> None:
    """Formosa (TW): big5, negotiation."""
    fm = C["formosa"]
    cc_ = fm.contacts[0]
    t = S.thread(fm, "詢價：Y型過濾器 DN50", S.deal(fm, "YS-50", 300, terms="30%訂金T/T，70%見提單副本付款"), cc_)
    S.inn(t, 51, "inquiry")
    S.quote(t, 50)
    S.inn(t, 36, ["too_expensive", "payment_terms"])
    S.out(t, 35, "counter_offer")
    S.inn(t, 12, "accept")


def harbour(S: _Story, C: dict[str, _Company]) -> None:
    """Harbour (HK): big5, small orders."""
    hb = C["harbour"]
    kf = hb.contacts[0]
    t = S.thread(hb, "詢價：止回閥 DN80", S.deal(hb, "CV-SW80", 200), kf)
    S.inn(t, 311, "inquiry")
    S.quote(t, 310)
    S.inn(t, 301, "accept")
    S.order(hb, kf, "CV-SW80", 200, 299, transit=3)


def cairo(S: _Story, C: dict[str, _Company]) -> None:
    """Cairo (EG): a free-mail (hotmail) buyer from an Alibaba inquiry, stalled on price and MOQ."""
    eg = C["cairo"]
    ah = eg.contacts[0]
    S.alibaba(
        76,
        ah,
        "Cairo Plumbing Supplies",
        "Egypt",
        "GBV-15",
        3000,
        "Hello, I need gas ball valves DN15 for the Egyptian market. Please send price and MOQ. Thanks",
    )
    t = S.thread(
        eg,
        "Your inquiry on Alibaba: Gas Ball Valve DN15 - Hengtai Valve",
        S.deal(eg, "GBV-15", 3000, qty_small=1000),
        ah,
    )
    S.quote(t, 75, pick=1)
    S.inn(t, 71, ["too_expensive", "moq_small"], pick=1)
    S.out(t, 70, ["counter_offer", "moq_answer"], pick=1)
    S.inn(t, 56, [], extra="I will discuss with my partner and come back to you.")


def wangjun(S: _Story, C: dict[str, _Company]) -> None:
    """Wang Jun (MY): a free-mail (qq.com) agent writing Chinese; sample approved, about to order."""
    wr = S.wr
    owner = S.owner
    cn_sur, cn_full = S.w.owner_cn
    wj = C["wangjun"]
    wjp = wj.contacts[0]
    t = S.thread(wj, "询价：玛钢管件", S.deal(wj, "MF-MIX", 30000, terms="30%定金，70%见提单副本付款"), wjp)
    S.inn(t, 96, "inquiry")
    tp = t.params
    d = wr.when(95, "CN", t.last)
    tp["quote"] = S.quote_no(95)
    S.out(
        t,
        95,
        [],
        date=d,
        attach=[S.quote_pdf(wj, wjp, tp, d)],
        text="王总您好：\n\n谢谢询价。附件是我们的报价单%s：玛钢管件 %d个，单价 USD %s FOB宁波，交期30天左右。\n"
        "有任何问题请随时联系。\n\n%s\n宁波恒泰阀门有限公司\n手机/微信：%s"
        % (tp["quote"], tp["qty"], tp["price"], cn_full, owner.phone),
    )
    S.inn(t, 91, "sample_request", params={"n": 3})
    S.out(t, 90, "sample_sent", params={"n": 3})
    S.inn(t, 66, ["sample_ok", "payment_terms"])
    S.out(t, 65, "payment_answer")
    S.inn(t, 31, "accept")


def lihua(S: _Story, C: dict[str, _Company]) -> None:
    """Li Hua (SG): a free-mail (163.com) buyer from Made-in-China; urgent, asks for the CE certificate."""
    li = C["lihua"]
    lhp = li.contacts[0]
    S.alibaba(
        26,
        lhp,
        "Li Hua Import Pte Ltd",
        "Singapore",
        "BV-B25",
        5000,
        "Dear supplier, please quote brass ball valves DN25, 5000 pcs, CIF Singapore.",
        platform="mic",
    )
    t = S.thread(
        li, "Quotation brass ball valves DN25 - Hengtai Valve", S.deal(li, "BV-B25", 5000, cert="CE", days=15), lhp
    )
    S.quote(t, 25, pick=1)
    S.inn(t, 19, ["urgent", "ask_cert"])
    S.out(t, 18, ["urgent_answer", "cert_send"], attach=[("CE_Certificate.pdf", "application/pdf", _cert_b64("CE"))])
