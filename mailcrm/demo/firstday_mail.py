"""The problem mail of a first-day mailbox (see :mod:`.firstday`): what a real export-trade inbox
holds besides customers. Each function writes its messages with the sample's writer and returns
the identity keys (domains or free-mail addresses) it used, so the test knows what to expect.

All text here is written for this generator; the names, domains and numbers are made up."""

from __future__ import annotations

import re

from .parties import _Party
from .story import _Story

_AUTH = re.compile(rb"Authentication-Results: [^\r\n]*(?:\r\n[ \t][^\r\n]*)*\r\n")
_DKIM = re.compile(rb"DKIM-Signature: [^\r\n]*(?:\r\n[ \t][^\r\n]*)*\r\n")


def _auth(raw: bytes, domain: str, how: str) -> bytes:
    """Rewrite the trace our MX added: ``fail`` (SPF, DKIM and DMARC failed), ``spf`` (Received-SPF
    fail only), ``none`` (no authentication headers at all, as many small servers deliver)."""
    raw = _DKIM.sub(b"", raw)
    if how == "none":
        return _AUTH.sub(b"", raw)
    if how == "spf":
        line = "Received-SPF: fail (mx.hengtai-valve.com: domain of %s does not designate 185.220.101.7 as " % domain
        return _AUTH.sub((line + "permitted sender)\r\n").encode("ascii"), raw)
    line = (
        "Authentication-Results: mx.hengtai-valve.com;\r\n\tdkim=fail (signature verification failed) header.d=%s;"
        "\r\n\tspf=fail smtp.mailfrom=%s;\r\n\tdmarc=fail (p=REJECT) header.from=%s\r\n" % (domain, domain, domain)
    )
    return _AUTH.sub(line.encode("ascii"), raw)


_PHISH_DOMAINS = (
    "mail-quota-center.com",
    "secure-docview.net",
    "webmail-upgrade.org",
    "owa-verify.info",
    "doc-share-portal.com",
    "adminmailbox.site",
    "cloudstorage-notice.com",
    "e-fax-delivery.net",
    "mailserver-support.top",
    "outlook-sync.live",
)
_PHISH = (
    (
        "Mailbox quota exceeded - action required",
        "Dear {user},\n\nYour mailbox is full and incoming messages were held on the server. To release them, "
        "verify your mailbox within 24 hours:\n\nhttps://{domain}/release?u={user}\n\nIT Help Desk",
    ),
    (
        "Your password will expire today",
        "Hello {user},\n\nThe password of {email} expires today. To keep your current password, confirm your "
        "password here: https://{domain}/keep\n\nMail Administrator",
    ),
    (
        "Shared document: Payment_Copy_{n}.pdf",
        "A document has been shared with you.\n\nPayment_Copy_{n}.pdf (2 pages)\n\nSign in to view the document with "
        "your email and password: https://{domain}/view/{n}\n\nSecure Document Services",
    ),
    (
        "邮箱升级通知",
        "尊敬的用户：\n\n您的邮箱 {email} 即将停用，请在24小时内登录完成邮箱验证，并输入邮箱密码：https://{domain}/cn\n\n系统管理员",
    ),
    (
        "Undelivered messages",
        "Dear user,\n\nYou have 7 pending incoming messages that could not be delivered to {email}. Log in with your "
        "email to view and release them: https://{domain}/inbox\n\nPostmaster",
    ),
)


def phishing(S: _Story, count: int) -> list[str]:
    """Credential phishing from ``count`` senders: SPF/DKIM/DMARC failed, or Received-SPF failed, or
    no authentication headers at all (then only the wording gives it away)."""
    keys = []
    user = S.owner.email.split("@")[0]
    for i in range(count):
        domain = "%s%s" % ("" if i < len(_PHISH_DOMAINS) else "x%d-" % i, _PHISH_DOMAINS[i % len(_PHISH_DOMAINS)])
        p = _Party("Mail Administrator", "no-reply@%s" % domain, mailer="webmail", zone="US_E")
        subject, text = _PHISH[i % len(_PHISH)]
        n = 40000 + i * 37
        fill = dict(user=user, email=S.owner.email, domain=domain, n=n)
        m = S.wr.send(
            None,
            p,
            [S.owner],
            day=S.rng.randrange(0, 200),
            subject=subject.format(**fill),
            text=text.format(**fill),
            html="none",
            intent_tag="phishing",
            unread=S.rng.random() < 0.6,
        )
        m.raw = _auth(m.raw, domain, ("fail", "spf", "none")[i % 3])
        keys.append(domain)
    return keys


def campaign(S: _Story, senders: int) -> list[str]:
    """One sales campaign for packaging, the same text from many senders (each its own domain)."""
    keys = []
    words = ("sunpack", "brightbox", "goldcarton", "easypak", "topbox", "primepack", "luckybox", "greatpack")
    for i in range(senders):
        domain = "%s%d-packaging.com" % (words[i % len(words)], i)
        p = _Party("Sales Manager", "sales@%s" % domain, mailer="webmail", zone="CN")
        text = (
            "Dear Purchasing Manager,\n\nGood day! This is Cindy from a professional manufacturer of color cartons, "
            "corrugated boxes and gift packaging with 15 years of experience and our own factory in Dongguan. "
            "We supply many famous brands in Europe and America with good quality and competitive prices.\n\n"
            "Free samples and our new catalogue are ready for you. Just reply to this mail.\n\nBest regards,\nCindy\n"
        )
        S.wr.send(
            None,
            p,
            [S.owner],
            day=S.rng.randrange(1, 300),
            subject="Custom packaging boxes for valves",
            text=text,
            html="none",
            intent_tag="campaign",
        )
        keys.append(domain)
    return keys


_BULK = (
    (
        "Valve World Expo",
        "news@valveworld-expo.com",
        "List-Unsubscribe: <https://valveworld-expo.com/u?id={n}>",
        "Valve World Expo {y}: exhibitor list and floor plan",
        "The exhibitor list and the floor plan are online.",
    ),
    (
        "Pipeline Trade Weekly",
        "editor@pipelinetradeweekly.com",
        "Precedence: bulk",
        "Weekly: steel prices, freight rates, tenders",
        "This week: steel prices, freight rates and new tenders.",
    ),
    (
        "Global Sources Events",
        "events@globalsources-events.com",
        "List-Unsubscribe: <mailto:leave-{n}@globalsources-events.com>",
        "Meet buyers in Hong Kong this April",
        "Register now to meet buyers at the spring sourcing show.",
    ),
    (
        "Export Finance Review",
        "digest@exportfinance-review.com",
        "Precedence: list",
        "Export credit insurance explained",
        "Five things exporters should know about credit insurance.",
    ),
    (
        "Canton Fair Service",
        "service@cantonfair-service.com",
        "List-Unsubscribe: <https://cantonfair-service.com/unsub/{n}>",
        "Phase 1 booth reminder",
        "Booth reminder for the next session; badges are ready for collection.",
    ),
)


def bulk(S: _Story, messages: int) -> list[str]:
    """Newsletters and event mail with List-Unsubscribe or Precedence: bulk/list."""
    keys = set()
    for i in range(messages):
        name, email, header, subject, line = _BULK[i % len(_BULK)]
        p = _Party(name, email, mailer="webmail", zone="EU_C")
        day = S.rng.randrange(0, 700)
        fill = dict(n=1000 + i, y=S.w.today.year + 1)
        S.wr.send(
            None,
            p,
            [S.owner],
            day=day,
            subject=subject.format(**fill),
            text="%s\n\n%s\n\nYou receive this mail as a registered visitor. To stop it, unsubscribe.\n" % (name, line),
            headers=[header.format(**fill)],
            html="none",
            intent_tag="bulk",
            unread=S.rng.random() < 0.7,
        )
        keys.add(p.domain)
    return sorted(keys)


_SERVICES = (
    (
        "LinkedIn",
        "messages-noreply@linkedin.com",
        "You appeared in 12 searches this week",
        "You appeared in 12 searches this week. See who is looking at your profile.",
    ),
    (
        "DocuSign",
        "dse@docusign.net",
        "Completed: Distribution agreement {n}",
        "All parties have completed the envelope 'Distribution agreement {n}'.",
    ),
    (
        "Zoom",
        "no-reply@zoom.us",
        "Cloud recording is now available",
        "The cloud recording of 'Weekly sales meeting' is now available.",
    ),
    (
        "Dropbox",
        "no-reply@dropbox.com",
        "Tom shared a folder with you",
        "Tom shared the folder 'Product photos {n}' with you.",
    ),
    (
        "Microsoft",
        "account-security-noreply@microsoft.com",
        "New app connected to your account",
        "A new app was connected to your Microsoft account. If this was you, there is nothing to do.",
    ),
)


def services(S: _Story, messages: int) -> list[str]:
    """Service notifications (social network, e-signature, meetings, file sharing, accounts)."""
    keys = set()
    for i in range(messages):
        name, email, subject, text = _SERVICES[i % len(_SERVICES)]
        p = _Party(name, email, mailer="webmail", zone="US_P")
        S.wr.send(
            None,
            p,
            [S.owner],
            day=S.rng.randrange(0, 400),
            subject=subject.format(n=300 + i),
            text=text.format(n=300 + i) + "\n\nThis is an automated message.\n",
            html="none",
            headers=["Auto-Submitted: auto-generated"],
            intent_tag="service",
        )
        keys.add(p.domain)
    return sorted(keys)


_FORWARDERS = (
    ("Kevin Xu", "kevin.xu@bluewave-logistics.com", "Bluewave Logistics (Ningbo) Co., Ltd."),
    ("Amy Lin", "amy@sunrise-freight.cn", "Ningbo Sunrise Freight Forwarding Co., Ltd."),
    ("Jack Zhou", "jack.zhou@apcargo-shipping.com", "Asia Pacific Cargo Shipping Ltd."),
)


def forwarders(S: _Story, threads: int) -> list[str]:
    """Freight forwarders: rate offers and bookings we answer (mail both ways, still no customer)."""
    keys = set()
    for i in range(threads):
        name, email, company = _FORWARDERS[i % len(_FORWARDERS)]
        p = _Party(name, email, mailer="foxmail", zone="CN", company=company)
        day = S.rng.randrange(3, 500)
        port = ("Hamburg", "Houston", "Jebel Ali", "Santos", "Felixstowe")[i % 5]
        t = S.thread(None, "Sea freight rates Ningbo - %s, week %d" % (port, 1 + i % 52), {}, p)
        S.wr.send(
            t,
            p,
            [S.owner],
            day=day,
            intent_tag="forwarder",
            html="none",
            text="Dear %s,\n\nOur rates Ningbo to %s this week: 20GP USD %d, 40HQ USD %d, transit about %d days. "
            "Space is tight, please book early.\n\nBest regards\n%s\n%s\n"
            % (S.owner.first, port, 900 + 37 * i, 1500 + 53 * i, 22 + i % 15, name, company),
        )
        S.wr.send(
            t,
            S.owner,
            [p],
            day=max(day - 1, 0),
            intent_tag="forwarder",
            html="none",
            text="Hi %s,\n\nThanks, please book one 40HQ for next week's vessel. Shipper details follow.\n\n%s"
            % (name.split()[0], S.owner.name),
        )
        keys.add(p.domain)
    return sorted(keys)


_BANKS = (
    (
        "HSBC Trade Services",
        "trade.services@hsbc.com.hk",
        "Inward remittance advice - ref TT%d",
        "We have credited your account with an inward remittance, reference TT%d. Details are in online banking.",
    ),
    (
        "Bank of China Ningbo",
        "service@bankofchina.com",
        "Documentary credit advice LC%d",
        "We advise you of documentary credit LC%d in your favour. Please collect the original at our counter.",
    ),
    (
        "ICBC Zhejiang",
        "notice@icbc.com.cn",
        "Foreign exchange settlement %d",
        "Your foreign exchange settlement %d has been completed.",
    ),
)


def banks(S: _Story, messages: int) -> list[str]:
    """Banks: remittance advices, a documentary credit, settlements; one we answer."""
    keys = set()
    for i in range(messages):
        name, email, subject, text = _BANKS[i % len(_BANKS)]
        p = _Party(name, email, mailer="outlook", zone="CN")
        n = 880000 + 113 * i
        day = S.rng.randrange(1, 600)
        m = S.wr.send(None, p, [S.owner], day=day, subject=subject % n, text=text % n, html="none", intent_tag="bank")
        if i == 1:
            S.wr.send(
                None,
                S.owner,
                [p],
                day=day - 1,
                parent=m,
                intent_tag="bank",
                html="none",
                text="Dear Sir or Madam,\n\nThank you, we will collect the original tomorrow.\n\n%s" % S.owner.name,
            )
        keys.add(p.domain)
    return sorted(keys)


_SUPPLIERS = (
    ("陈红", "chenhong@hongda-carton.cn", "宁波宏达纸箱有限公司", "纸箱", "外箱%d只已经做好，明天送到贵司仓库。"),
    ("刘伟", "liuwei@jinhe-brass.com", "宁波金禾铜业有限公司", "铜棒", "本月铜棒%d公斤已发货，请查收送货单。"),
)


def suppliers(S: _Story, threads: int) -> list[str]:
    """Our own suppliers (cartons, brass rod): Chinese mail both ways; listed in [customers] suppliers."""
    keys = set()
    for i in range(threads):
        name, email, company, what, line = _SUPPLIERS[i % len(_SUPPLIERS)]
        p = _Party(name, email, lang="zh", mailer="foxmail", zone="CN", company=company)
        day = S.rng.randrange(2, 400)
        t = S.thread(None, "%s送货通知 %d" % (what, 100 + i), {}, p, "zh")
        S.wr.send(
            t,
            p,
            [S.owner],
            day=day,
            intent_tag="supplier",
            html="none",
            text="%s：\n\n%s\n\n%s\n%s" % (S.w.owner_cn[0] + "经理", line % (500 + 25 * i), name, company),
        )
        S.wr.send(
            t,
            S.owner,
            [p],
            day=max(day - 1, 0),
            intent_tag="supplier",
            html="none",
            text="%s：\n\n收到，谢谢。\n\n%s" % (name[0] + "总", S.w.owner_cn[1]),
        )
        keys.add(p.domain)
    return sorted(keys)


_ONE_OFF = (
    (
        "I am a student of international trade at {org} and write my thesis on export marketing. Would you have "
        "15 minutes for a short interview next month?"
    ),
    (
        "I work for {org} and we are updating our directory of manufacturers in Zhejiang. Could you confirm that "
        "your company's address and phone number on our page are still right?"
    ),
    (
        "This is {org}. We met briefly at the fair last spring and I kept your card. I hope business is going well "
        "for you and your team."
    ),
    (
        "I am writing from {org}: we organise factory tours for foreign visitors in Ningbo and wondered whether "
        "your plant ever hosts groups."
    ),
    (
        "At {org} we are preparing an article about women in the valve industry and would like to mention your "
        "career. Please let me know if you agree."
    ),
    (
        "Greetings from {org}. I changed jobs last month and wanted to share my new contact details with you; "
        "it was a pleasure working with you."
    ),
)


def one_offs(S: _Story, senders: int) -> list[str]:
    """People who write once, about no business of ours, and get no answer yet: `customers pending`."""
    keys = []
    firsts = ("Laura", "Jonas", "Priya", "Marco", "Elif", "Tomasz", "Sofia", "Ahmed", "Chloe", "Ivan", "Nadia")
    lasts = ("Becker", "Novak", "Sharma", "Conti", "Aydin", "Kowalski", "Lindqvist", "Haddad", "Martin", "Petrov")
    for i in range(senders):
        name = "%s %s" % (firsts[i % len(firsts)], lasts[(i * 3) % len(lasts)])
        org = "%s %s" % (lasts[(i * 7 + 1) % len(lasts)], ("University", "Media", "Consulting", "Travel")[i % 4])
        domain = "%s-%s%d.org" % (lasts[(i * 7 + 1) % len(lasts)].lower(), org.split()[1].lower(), i)
        p = _Party(name, "%s@%s" % (name.split()[0].lower(), domain), mailer="gmail", zone="EU_C")
        text = "Dear %s,\n\nmy name is %s. %s\n\nKind regards,\n%s\n%s\n" % (
            S.owner.first,
            name,
            _ONE_OFF[i % len(_ONE_OFF)].format(org=org),
            name,
            org,
        )
        S.wr.send(
            None,
            p,
            [S.owner],
            day=S.rng.randrange(2, 50),
            subject="Hello from %s" % org,
            text=text,
            html="none",
            intent_tag="one_off",
        )
        keys.append(domain)
    return keys


_OLD_ASKS = (
    (
        "Inquiry: gate valves DN100 PN16",
        "Please quote 200 pcs of cast iron gate valves DN100 PN16, FOB Ningbo, with your lead time.",
    ),
    (
        "RFQ brass fittings",
        "We are looking for a supplier of brass compression fittings. Please send your price list and MOQ.",
    ),
    ("Price request check valves", "Could you send us your best price for 500 swing check valves DN50?"),
    ("Catalogue request", "We are interested in your ball valves. Please send us your catalogue and price list."),
)


def old_threads(S: _Story, count: int) -> list[str]:
    """Inquiries from one to four years ago that nobody answered (history, not today's work)."""
    keys = []
    names = ("Harlow", "Brenner", "Vasquez", "Okonkwo", "Lindgren", "Moreau", "Tanaka", "Kaplan", "Duarte", "Reyes")
    for i in range(count):
        last = names[i % len(names)]
        domain = "%s-pipe%d.com" % (last.lower(), i)
        p = _Party(
            "Paul %s" % last,
            "paul@%s" % domain,
            mailer="outlook",
            zone="US_E",
            company="%s Pipe & Supply %d Inc." % (last, i),
        )
        subject, ask = _OLD_ASKS[i % len(_OLD_ASKS)]
        day = 365 + (i * 97) % (4 * 365 - 366)
        S.wr.send(
            None,
            p,
            [S.owner],
            day=day,
            subject=subject,
            html="none",
            intent_tag="old_inquiry",
            text="Hello,\n\n%s\n\nThanks,\n%s\n%s\n" % (ask, p.name, p.company),
        )
        keys.append(domain)
    return keys
