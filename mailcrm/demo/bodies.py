"""Message bodies: the text people write (greeting, the intents' paragraphs, closing, signature), the
quoted previous message in the replier's client style, and the HTML part as each client renders it."""

from __future__ import annotations

import html as _html
import random

from .clock import _long_date, _short_date
from .data import load
from .parties import _OWN_ADDRESS, _OWN_PHONE, OWN_COMPANY, OWN_DOMAIN, _Msg, _Party
from .phrasebook import _CATS, _PRODUCT, OUR_PHRASES, PHRASES

# Outlook's style sheet; stored with plain line ends, Outlook writes CRLF.
_OUTLOOK_STYLE = load("clients")["outlook_style"].replace("\n", "\r\n")
_RTL = {"ar"}


def compose(
    rng: random.Random,
    owner: _Party,
    frm: _Party,
    to: _Party,
    intents,
    params: dict,
    *,
    lang: str | None = None,
    extra: str | None = None,
    pick: int | None = None,
) -> str:
    """Greeting, the intents' paragraphs (or ``extra`` text), closing and signature."""
    r = rng
    inbound = frm is not owner
    paras: list[str] = []
    if isinstance(intents, str):
        intents = [intents]
    if inbound:
        lang = lang or frm.lang
        book = PHRASES.get(lang, PHRASES["en"])
        fmt = params  # a private copy made by send()
        fmt["item"] = params.get("item_" + lang) or item_name(lang, params)
        for it in intents:
            variants = book.get(it) or PHRASES["en"][it]
            t = variants[pick % len(variants)] if pick is not None else r.choice(variants)
            paras.append(t.format_map(fmt))
        if extra:
            paras.append(extra)
        hello = r.choice(book["hello"]).format(first=to.first)
        bye = r.choice(book["bye"])
        sig = [frm.name]
        if frm.title:
            sig.append(frm.title)
        if frm.company:
            sig.append(frm.company)
        if frm.address:
            sig.append(frm.address)
        if frm.phone:
            sig.append("Tel. " + frm.phone)
        body = hello + "\n\n" + "\n\n".join(paras) + "\n\n" + bye + "\n" + "\n".join(sig)
        if frm.footer:
            body += "\n\n" + frm.footer
        return body
    fmt = params
    fmt.setdefault("item", item_name("en", params))
    for it in intents:
        variants = OUR_PHRASES[it]
        t = variants[pick % len(variants)] if pick is not None else r.choice(variants)
        paras.append(t.format_map(fmt))
    if extra:
        paras.append(extra)
    hello = "Dear %s," % to.dear if to.dear else "Hello,"
    sig = "Best regards,\n%s\n%s\n%s\n%s\nTel: %s   Mobile/WhatsApp/WeChat: %s\nhttps://www.%s" % (
        frm.name,
        frm.title,
        OWN_COMPANY,
        _OWN_ADDRESS,
        _OWN_PHONE,
        frm.phone,
        OWN_DOMAIN,
    )
    return hello + "\n\n" + "\n\n".join(paras) + "\n\n" + sig


def item_name(lang: str, params: dict) -> str:
    """How the deal's product is named in ``lang`` (category and spec), or the thread's own ``item``."""
    code = params.get("product_code")
    if not code:
        return params.get("item", "valves")
    _c, _name, cat, spec, _p, _m = _PRODUCT[code]
    return "%s %s" % (_CATS.get(lang, _CATS["en"])[cat], spec)


def quote_block(rng: random.Random, frm: _Party, parent: _Msg) -> tuple[str, str]:
    """(separator header lines, quoted text) in the replier's client style."""
    p = parent
    prev = p.text
    if len(prev) > 2600:
        cut = prev.rfind("\n", 0, 2600)
        prev = prev[: cut if cut > 0 else 2600] + "\n[...]"
    to_name = "%s <%s>" % (p.to.name, p.to.email)
    m = frm.mailer
    if m in ("gmail", "apple", "thunderbird", "thebat", "qq", "netease", "webmail"):
        if m == "thunderbird":
            head = "On %s, %s wrote:" % (p.date.strftime("%d/%m/%Y %H:%M"), p.frm.name)
        elif m == "thebat":
            head = "Hello %s,\n\n%s you wrote:" % (p.frm.first, p.date.strftime("%d.%m.%Y %H:%M"))
        else:
            head = "On %s %s <%s> wrote:" % (_short_date(p.date), p.frm.name, p.frm.email)
        quoted = "\n".join(("> " + ln) if ln else ">" for ln in prev.split("\n"))
        return head, quoted
    if m == "foxmail":
        head = "------------------ Original ------------------\nFrom: %s <%s>\nDate: %s\nTo: %s\nSubject: %s" % (
            p.frm.name,
            p.frm.email,
            p.date.strftime("%a, %b %d, %Y %H:%M"),
            to_name or "",
            p.subject,
        )
        return head, prev
    if frm.lang == "de":
        head = "Von: %s <%s>\nGesendet: %s\nAn: %s\nBetreff: %s" % (
            p.frm.name,
            p.frm.email,
            p.date.strftime("%d.%m.%Y %H:%M"),
            to_name,
            p.subject,
        )
    else:
        head = "From: %s <%s>\nSent: %s\nTo: %s\nSubject: %s" % (
            p.frm.name,
            p.frm.email,
            _long_date(p.date),
            to_name,
            p.subject,
        )
    return "-----Original Message-----\n" + head if rng.random() < 0.3 else head, prev


def html_body(frm: _Party, text: str, quote: tuple[str, str] | None, with_logo: str | None, cs: str = "utf-8") -> str:
    """The HTML part in the sender's mail client style (Outlook's Word HTML, Foxmail's divs, Gmail's quote)."""
    esc = _html.escape
    m = frm.mailer
    rtl = frm.lang in _RTL
    paras = esc(text).split("\n\n")  # escaped once, then split

    if m == "outlook":
        body = "".join(
            '<p class="MsoNormal">%s<o:p></o:p></p>\r\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\r\n'
            % p.replace("\n", "<br>\r\n")
            for p in paras
        )
        if quote:
            head, q = quote
            body += (
                '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\r\n'
                '<p class="MsoNormal">%s<o:p></o:p></p>\r\n</div>\r\n<p class="MsoNormal">%s<o:p></o:p></p>\r\n'
                % (esc(head).replace("\n", "<br>\r\n"), esc(q).replace("\n", "<br>\r\n"))
            )
        return (
            '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
            'xmlns="http://www.w3.org/TR/REC-html40">\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; '
            'charset=%s">\r\n<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\r\n%s\r\n</head>\r\n'
            '<body lang="%s" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"%s>\r\n'
            '<div class="WordSection1">\r\n%s</div>\r\n</body>\r\n</html>\r\n'
            % (cs, _OUTLOOK_STYLE, frm.lang.upper(), ' dir="rtl"' if rtl else "", body)
        )
    if m == "foxmail":
        body = "".join("<div>%s</div><div><br></div>\r\n" % p.replace("\n", "<br>\r\n") for p in paras)
        if with_logo:
            body += '<div><img src="cid:%s" alt="Hengtai Valve" width="150" height="40"></div>' % with_logo
        if quote:
            head, q = quote
            body += (
                '<div><br></div><div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">'
                "%s</div><div>%s</div>" % (esc(head).replace("\n", "<br>"), esc(q).replace("\n", "<br>\r\n"))
            )
        return (
            '<meta http-equiv="Content-Type" content="text/html; charset=%s"><html><head></head>'
            '<body><div style="font-family: Arial; font-size: 14px;">%s</div></body></html>\r\n' % (cs, body)
        )
    body = "".join("<div>%s</div><div><br></div>\r\n" % p.replace("\n", "<br>\r\n") for p in paras)
    dir_attr = "rtl" if rtl else "ltr"
    out = '<div dir="%s">%s</div>' % (dir_attr, body)
    if quote:
        head, q = quote
        q = "\n".join(ln[2:] if ln.startswith("> ") else ln.lstrip(">") for ln in q.split("\n"))
        out += (
            '<br><div class="gmail_quote"><div dir="%s" class="gmail_attr">%s<br></div>'
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
            'rgb(204,204,204);padding-left:1ex">%s</blockquote></div>'
            % (dir_attr, esc(head).replace("\n", "<br>"), esc(q).replace("\n", "<br>\r\n"))
        )
    return out + "\r\n"
