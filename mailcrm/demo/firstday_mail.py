"""The problem mail of a first-day mailbox (see :mod:`.firstday`): what a real export-trade inbox
holds besides customers. Each function writes its messages with the sample's writer and returns
the identity keys (domains or free-mail addresses) it used, so the test knows what to expect.

All text here is written for this generator; the names, domains and numbers are made up."""

from __future__ import annotations

import re

from .parties import _Party
from .records import SampleOrder
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
    "mail-quota-center.com", "secure-docview.net", "webmail-upgrade.org", "owa-verify.info", "doc-share-portal.com",
    "adminmailbox.site", "cloudstorage-notice.com", "e-fax-delivery.net", "mailserver-support.top", "outlook-sync.live",
)
_PHISH = (
    ("Mailbox quota exceeded - action required",
     "Dear {user},\n\nYour mailbox is full and incoming messages were held on the server. To release them, "
     "verify your mailbox within 24 hours:\n\nhttps://{domain}/release?u={user}\n\nIT Help Desk"),
    ("Your password will expire today",
     "Hello {user},\n\nThe password of {email} expires today. To keep your current password, confirm your "
     "password here: https://{domain}/keep\n\nMail Administrator"),
    ("Shared document: Payment_Copy_{n}.pdf",
     "A document has been shared with you.\n\nPayment_Copy_{n}.pdf (2 pages)\n\nSign in to view the document with "
     "your email and password: https://{domain}/view/{n}\n\nSecure Document Services"),
    ("邮箱升级通知",
     "尊敬的用户：\n\n您的邮箱 {email} 即将停用，请在24小时内登录完成邮箱验证，并输入邮箱密码：https://{domain}/cn\n\n系统管理员"),
    ("Undelivered messages",
     "Dear user,\n\nYou have 7 pending incoming messages that could not be delivered to {email}. Log in with your "
     "email to view and release them: https://{domain}/inbox\n\nPostmaster"),
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
            None, p, [S.owner], day=S.rng.randrange(0, 200), subject=subject.format(**fill),
            text=text.format(**fill), html="none", intent_tag="phishing", unread=S.rng.random() < 0.6,
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
            None, p, [S.owner], day=S.rng.randrange(1, 300), subject="Custom packaging boxes for valves",
            text=text, html="none", intent_tag="campaign",
        )
        keys.append(domain)
    return keys


_BULK = (
    ("Valve World Expo", "news@valveworld-expo.com", "List-Unsubscribe: <https://valveworld-expo.com/u?id={n}>",
     "Valve World Expo {y}: exhibitor list and floor plan", "The exhibitor list and the floor plan are online."),
    ("Pipeline Trade Weekly", "editor@pipelinetradeweekly.com", "Precedence: bulk",
     "Weekly: steel prices, freight rates, tenders", "This week: steel prices, freight rates and new tenders."),
    ("Global Sources Events", "events@globalsources-events.com",
     "List-Unsubscribe: <mailto:leave-{n}@globalsources-events.com>", "Meet buyers in Hong Kong this April",
     "Register now to meet buyers at the spring sourcing show."),
    ("Export Finance Review", "digest@exportfinance-review.com", "Precedence: list",
     "Export credit insurance explained", "Five things exporters should know about credit insurance."),
    ("Canton Fair Service", "service@cantonfair-service.com",
     "List-Unsubscribe: <https://cantonfair-service.com/unsub/{n}>", "Phase 1 booth reminder",
     "Booth reminder for the next session; badges are ready for collection."),
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
            None, p, [S.owner], day=day, subject=subject.format(**fill),
            text="%s\n\n%s\n\nYou receive this mail as a registered visitor. To stop it, unsubscribe.\n" % (name, line),
            headers=[header.format(**fill)], html="none", intent_tag="bulk", unread=S.rng.random() < 0.7,
        )
        keys.add(p.domain)
    return sorted(keys)


_SERVICES = (
    ("LinkedIn", "messages-noreply@linkedin.com", "You appeared in 12 searches this week",
     "You appeared in 12 searches this week. See who is looking at your profile."),
    ("DocuSign", "dse@docusign.net", "Completed: Distribution agreement {n}",
     "All parties have completed the envelope 'Distribution agreement {n}'."),
    ("Zoom", "no-reply@zoom.us", "Cloud recording is now available",
     "The cloud recording of 'Weekly sales meeting' is now available."),
    ("Dropbox", "no-reply@dropbox.com", "Tom shared a folder with you",
     "Tom shared the folder 'Product photos {n}' with you."),
    ("Microsoft", "account-security-noreply@microsoft.com", "New app connected to your account",
     "A new app was connected to your Microsoft account. If this was you, there is nothing to do."),
)


def services(S: _Story, messages: int) -> list[str]:
    """Service notifications (social network, e-signature, meetings, file sharing, accounts)."""
    keys = set()
    for i in range(messages):
        name, email, subject, text = _SERVICES[i % len(_SERVICES)]
        p = _Party(name, email, mailer="webmail", zone="US_P")
        S.wr.send(
            None, p, [S.owner], day=S.rng.randrange(0, 400), subject=subject.format(n=300 + i),
            text=text.format(n=300 + i) + "\n\nThis is an automated message.\n", html="none",
            headers=["Auto-Submitted: auto-generated"], intent_tag="service",
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
            t, p, [S.owner], day=day, intent_tag="forwarder", html="none",
            text="Dear %s,\n\nOur rates Ningbo to %s this week: 20GP USD %d, 40HQ USD %d, transit about %d days. "
            "Space is tight, please book early.\n\nBest regards\n%s\n%s\n"
            % (S.owner.first, port, 900 + 37 * i, 1500 + 53 * i, 22 + i % 15, name, company),
        )
        S.wr.send(
            t, S.owner, [p], day=max(day - 1, 0), intent_tag="forwarder", html="none",
            text="Hi %s,\n\nThanks, please book one 40HQ for next week's vessel. Shipper details follow.\n\n%s"
            % (name.split()[0], S.owner.name),
        )
        keys.add(p.domain)
    return sorted(keys)


_BANKS = (
    ("HSBC Trade Services", "trade.services@hsbc.com.hk", "Inward remittance advice - ref TT%d",
     "We have credited your account with an inward remittance, reference TT%d. Details are in online banking."),
    ("Bank of China Ningbo", "service@bankofchina.com", "Documentary credit advice LC%d",
     "We advise you of documentary credit LC%d in your favour. Please collect the original at our counter."),
    ("ICBC Zhejiang", "notice@icbc.com.cn", "Foreign exchange settlement %d",
     "Your foreign exchange settlement %d has been completed."),
)


def banks(S: _Story, messages: int) -> list[str]:
    """Banks: remittance advices, a documentary credit, settlements; one we answer."""
    keys = set()
    for i in range(messages):
        name, email, subject, text = _BANKS[i % len(_BANKS)]
        p = _Party(name, email, mailer="outlook", zone="CN")
        n = 880000 + 113 * i
        day = S.rng.randrange(1, 600)
        m = S.wr.send(
            None, p, [S.owner], day=day, subject=subject % n, text=text % n, html="none", intent_tag="bank"
        )
        if i == 1:
            S.wr.send(
                None, S.owner, [p], day=day - 1, parent=m, intent_tag="bank", html="none",
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
        S.wr.send(t, p, [S.owner], day=day, intent_tag="supplier", html="none",
                  text="%s：\n\n%s\n\n%s\n%s" % (S.w.owner_cn[0] + "经理", line % (500 + 25 * i), name, company))
        S.wr.send(t, S.owner, [p], day=max(day - 1, 0), intent_tag="supplier", html="none",
                  text="%s：\n\n收到，谢谢。\n\n%s" % (name[0] + "总", S.w.owner_cn[1]))
        keys.add(p.domain)
    return sorted(keys)


_ONE_OFF = (
    ("I am a student of international trade at {org} and write my thesis on export marketing. Would you have "
     "15 minutes for a short interview next month?"),
    ("I work for {org} and we are updating our directory of manufacturers in Zhejiang. Could you confirm that "
     "your company's address and phone number on our page are still right?"),
    ("This is {org}. We met briefly at the fair last spring and I kept your card. I hope business is going well "
     "for you and your team."),
    ("I am writing from {org}: we organise factory tours for foreign visitors in Ningbo and wondered whether "
     "your plant ever hosts groups."),
    ("At {org} we are preparing an article about women in the valve industry and would like to mention your "
     "career. Please let me know if you agree."),
    ("Greetings from {org}. I changed jobs last month and wanted to share my new contact details with you; "
     "it was a pleasure working with you."),
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
            S.owner.first, name, _ONE_OFF[i % len(_ONE_OFF)].format(org=org), name, org)
        S.wr.send(None, p, [S.owner], day=S.rng.randrange(2, 50), subject="Hello from %s" % org, text=text,
                  html="none", intent_tag="one_off")
        keys.append(domain)
    return keys


_OLD_ASKS = (
    ("Inquiry: gate valves DN100 PN16", "Please quote 200 pcs of cast iron gate valves DN100 PN16, FOB Ningbo, "
     "with your lead time."),
    ("RFQ brass fittings", "We are looking for a supplier of brass compression fittings. Please send your price "
     "list and MOQ."),
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
        p = _Party("Paul %s" % last, "paul@%s" % domain, mailer="outlook", zone="US_E",
                   company="%s Pipe & Supply %d Inc." % (last, i))
        subject, ask = _OLD_ASKS[i % len(_OLD_ASKS)]
        day = 365 + (i * 97) % (4 * 365 - 366)
        S.wr.send(None, p, [S.owner], day=day, subject=subject, html="none", intent_tag="old_inquiry",
                  text="Hello,\n\n%s\n\nThanks,\n%s\n%s\n" % (ask, p.name, p.company))
        keys.append(domain)
    return keys


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
        S.wr.send(t, p, [S.owner], day=day + 6, intent_tag="inquiry", html="none",
                  text="Dear %s,\n\nPlease quote brass ball valves DN25, 2,000 pcs, in %s.%s" % (S.owner.first, cur, sig))
        S.wr.send(t, S.owner, [p], day=day + 5, intent_tag="quotation", html="none",
                  text="Dear %s,\n\nThank you for your inquiry. Our quotation: %s %s for 2,000 pcs, FOB Ningbo, "
                  "delivery 30 days after deposit.\n\nBest regards,\n%s" % (first, cur, "{:,.0f}".format(amount),
                                                                            S.owner.name))
        po = "PO-%s-%d" % (cur, 7100 + i)
        m = S.wr.send(t, p, [S.owner], day=day, intent_tag="po", html="none",
                      text="Dear %s,\n\nWe confirm the order: purchase order %s for 2,000 pcs brass ball valves DN25, "
                      "total %s %s. Please send the proforma invoice.%s"
                      % (S.owner.first, po, cur, "{:,.0f}".format(amount), sig))
        S.wr.send(t, S.owner, [p], day=max(day - 1, 0), intent_tag="pi", html="none",
                  text="Dear %s,\n\nThank you for your order %s. The proforma invoice follows; production starts on "
                  "receipt of the deposit.\n\nBest regards,\n%s" % (first, po, S.owner.name))
        S.wr.orders.append((m, SampleOrder(m.date.date(), domain, amount, cur, "Brass Ball Valve DN25", 2000, 0.0)))
        keys.append(domain)
    return keys


#: One company under two domains: the same signed name and phone from both.
TWO_DOMAINS = ("harborflow.com", "harborflow-systems.com")
#: A buyer who continues our thread from a private gmail address.
GMAIL_BUYER = ("mateo@aguaviva-hidraulica.com.br", "mateo.ferreira.br@gmail.com")


def two_domains_and_gmail(S: _Story) -> None:
    """Harbor Flow Systems writes from two domains (same signature); Mateo answers from his gmail."""
    sig = "\n\nBest regards,\n{name}\nPurchasing Manager\nHarbor Flow Systems Inc.\n1200 Harbor Drive, Suite 400\n" \
          "Baltimore, MD 21230, USA\nTel: +1 410 555 0187\n"
    for i, (name, domain) in enumerate((("Rachel Owens", TWO_DOMAINS[0]), ("Brian Walsh", TWO_DOMAINS[1]))):
        p = _Party(name, "%s@%s" % (name.split()[0].lower(), domain), mailer="outlook", zone="US_E",
                   company="Harbor Flow Systems Inc.")
        t = S.thread(None, ("Quotation request: butterfly valves DN150", "Y-strainers DN80 - price and lead time")[i],
                     {}, p)
        day = 40 - 15 * i
        S.wr.send(t, p, [S.owner], day=day, html="none", intent_tag="inquiry",
                  text="Hi %s,\n\nPlease send your price and lead time for %s.%s"
                  % (S.owner.first, ("300 wafer butterfly valves DN150", "150 Y-strainers DN80")[i],
                     sig.format(name=name)))
        S.wr.send(t, S.owner, [p], day=day - 1, html="none", intent_tag="quotation",
                  text="Hi %s,\n\nThank you. Our price is USD %s per piece FOB Ningbo, lead time 35 days.\n\n"
                  "Best regards,\n%s" % (name.split()[0], ("38.50", "21.80")[i], S.owner.name))
        S.wr.send(t, p, [S.owner], day=day - 4, html="none", intent_tag="question",
                  text="Hi %s,\n\nThanks. Can you do 30 days instead, and is the price valid until month end?%s"
                  % (S.owner.first, sig.format(name=name)))
        S.wr.send(t, S.owner, [p], day=day - 5, html="none", intent_tag="answer",
                  text="Hi %s,\n\nYes to both: 30 days is possible and the price holds until month end.\n\n%s"
                  % (name.split()[0], S.owner.name))
    work = _Party("Mateo Ferreira", GMAIL_BUYER[0], lang="pt", mailer="outlook", zone="BR",
                  company="Aguaviva Hidráulica Ltda")
    private = _Party("Mateo Ferreira", GMAIL_BUYER[1], lang="pt", mailer="gmail", zone="BR")
    t = S.thread(None, "Cotação válvulas de esfera DN32", {}, work, "pt")
    S.wr.send(t, work, [S.owner], day=30, html="none", intent_tag="inquiry",
              text="Prezada %s,\n\nPor favor, envie cotação para 1.000 válvulas de esfera DN32.\n\nAtenciosamente,\n"
              "Mateo Ferreira\nAguaviva Hidráulica Ltda\n" % S.owner.first)
    S.wr.send(t, S.owner, [work], day=29, html="none", intent_tag="quotation",
              text="Dear Mateo,\n\nOur price is USD 6.20 per piece FOB Ningbo, 25 days.\n\nBest regards,\n%s"
              % S.owner.name)
    S.wr.send(t, private, [S.owner], day=22, html="none", intent_tag="question",
              text="Olá %s,\n\nEstou viajando, respondo do meu e-mail pessoal. O preço está bom; qual é o prazo para "
              "2.000 peças?\n\nMateo Ferreira\n" % S.owner.first)
    S.wr.send(t, S.owner, [private], day=21, html="none", intent_tag="answer",
              text="Dear Mateo,\n\n2,000 pieces take 30 days.\n\nBest regards,\n%s" % S.owner.name)
