"""The buyer named in a B2B platform's notification (Alibaba, Made-in-China, Global
Sources): name, company, country and addresses, from labelled lines and the subject; and
the product the inquiry is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .country import country_code


_LABELLED = re.compile(
    r"^\s*[*•-]?\s*(?P<label>buyer|buyer name|buyer's name|from|sender|contact|contact name|contact person|"
    r"name|inquirer|买家|买家姓名|联系人|询盘人|company|company name|buyer company|buyer's company|organization|"
    r"公司|公司名称|country|country/region|country / region|region|location|buyer location|国家|国家/地区|"
    r"所在地|e-?mail|email address|buyer e-?mail|邮箱)\s*[:：]\s*(?P<value>\S.*?)\s*$",
    re.I | re.M,
)
# The plain-text part of a notification's table: "Country/Region Vietnam", "Buyer Name Anh Tran"
# (a tab or spaces, no colon). Only labels that cannot start a sentence, longest first.
_TABULAR = re.compile(
    r"^\s*(?P<label>buyer's name|buyer name|contact person|contact name|company name|buyer company|"
    r"company|country / region|country/region|buyer location|email address|buyer e-?mail|e-?mail)"
    r"(?:\t+|\s{2,}|\s)(?P<value>[^\s:：].*?)\s*$",
    re.I | re.M,
)
_NAME_LABELS = {
    "buyer",
    "buyer name",
    "buyer's name",
    "from",
    "sender",
    "contact",
    "contact name",
    "contact person",
    "name",
    "inquirer",
    "买家",
    "买家姓名",
    "联系人",
    "询盘人",
}
_COMPANY_LABELS = {"company", "company name", "buyer company", "buyer's company", "organization", "公司", "公司名称"}
_COUNTRY_LABELS = {
    "country",
    "country/region",
    "country / region",
    "region",
    "location",
    "buyer location",
    "国家",
    "国家/地区",
    "所在地",
}
_SUBJECT_BUYER = re.compile(
    r"(?:inquiry|enquiry|message|rfq|quotation request|询盘)\s+(?:from|von|de|来自)\s+"
    r"(?P<who>[^()\[\]]+?)(?:\s*[(\[](?P<paren>[^)\]]+)[)\]])?\s*$",
    re.I,
)
_PRODUCT_LINE = re.compile(
    r"^\s*[*•-]?\s*(?:product|product name|products|item|inquiry about|enquiry about|inquired product|"
    r"询盘产品|产品|产品名称)\s*[:：]\s*(?P<value>\S.*?)\s*$",
    re.I | re.M,
)
_SUBJECT_PRODUCT = re.compile(
    r"(?:inquiry|enquiry|rfq|quotation request|询盘)(?:\s+from\s+.+?)?\s+(?:about|for|on|regarding|zu|sobre|pour)\s+"
    r"[\"“']?(?P<product>[^\"”'\[\]]+?)[\"”']?(?:\s+(?:from|von|de|来自)\s+.*)?$",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Buyer:
    name: str = ""
    company: str = ""
    country: str | None = None
    emails: list[str] | None = None
    product: str = ""

    @property
    def found(self) -> bool:
        return bool(self.name or self.company or self.emails)


def parse_platform_buyer(subject: str, body: str) -> Buyer:
    """The buyer named in an Alibaba / Made-in-China / Global Sources notification."""
    buyer = Buyer(emails=[])
    head = body[:8000]
    found = sorted([*_LABELLED.finditer(head), *_TABULAR.finditer(head)], key=lambda m: m.start())
    for match in found:
        label = match.group("label").lower()
        value = match.group("value").strip().strip("*").strip()
        if label in _NAME_LABELS and not buyer.name and "@" not in value:
            buyer.name = value[:80]
        elif label in _COMPANY_LABELS and not buyer.company:
            buyer.company = value[:100]
        elif label in _COUNTRY_LABELS and not buyer.country:
            buyer.country = country_code(value) or country_code(value.split(",")[-1])
        elif "mail" in label or label == "邮箱":
            buyer.emails.extend(e.lower() for e in _EMAIL.findall(value))
    match = _SUBJECT_BUYER.search(subject or "")
    if match:
        who = match.group("who").strip(" :-")
        paren = (match.group("paren") or "").strip()
        if not buyer.name and who and not country_code(who):
            buyer.name = who[:80]
        if paren:
            if country_code(paren) and not buyer.country:
                buyer.country = country_code(paren)
            elif not buyer.company:
                buyer.company = paren[:100]
    if not buyer.emails:
        buyer.emails = [e.lower() for e in _EMAIL.findall(body[:8000])]
    buyer.product = inquiry_product(subject, body)
    return buyer


def inquiry_product(subject: str, body: str) -> str:
    """The product a platform inquiry is about ("Product: DN50 ball valve", "New inquiry for
    'DN50 ball valve' from …"), '' when the notification does not say."""
    match = _PRODUCT_LINE.search(body[:8000] or "")
    if match:
        return match.group("value").strip().strip("*").strip()[:80]
    match = _SUBJECT_PRODUCT.search(subject or "")
    return match.group("product").strip(" :-")[:80] if match else ""
