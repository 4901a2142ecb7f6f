"""Who writes in the sample (parties, companies), the threads and messages of a story, and the world
around the customers: our company, its staff, the forwarder, the foundry, platforms, newsletters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .data import load

_world = load("world")
OWN_DOMAIN: str = _world["company"]["domain"]
OWN_COMPANY: str = _world["company"]["name"]
_OWN_ADDRESS: str = _world["company"]["address"]
_OWN_PHONE: str = _world["company"]["phone"]


@dataclass
class _Party:
    name: str
    email: str
    lang: str = "en"
    charset: str = "utf-8"
    mailer: str = "outlook"  # outlook | gmail | foxmail | thunderbird | thebat | apple | webmail | qq | netease
    zone: str = "CN"
    title: str = ""
    company: str = ""
    address: str = ""
    phone: str = ""
    first: str = ""  # how they are greeted / sign
    dear: str = ""  # how we greet them ("Jürgen", "Mr. Yamamoto")
    footer: str = ""  # legal footer (German companies ...)

    def __post_init__(self) -> None:
        if not self.first:
            self.first = self.name.split()[0] if self.name else self.email.split("@")[0]
        if not self.dear:
            self.dear = self.first

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[1]


@dataclass
class _Company:
    key: str
    name: str
    country: str
    cc: str  # ISO country code
    zone: str
    lang: str
    city: str
    port: str
    currency: str
    domains: list[str]
    contacts: list[_Party] = field(default_factory=list)
    story: str = ""
    stage: str = ""
    freemail: bool = False

    @property
    def domain(self) -> str:
        return self.domains[0]


class _Thread:
    __slots__ = ("subject", "msgs", "params", "company", "lang", "contact")

    def __init__(
        self, subject: str, company: _Company | None, params: dict, lang: str = "en", contact: "_Party | None" = None
    ):
        self.contact = contact
        self.subject = subject
        self.msgs: list[_Msg] = []
        self.params = params
        self.company = company
        self.lang = lang

    @property
    def last(self) -> "_Msg | None":
        return self.msgs[-1] if self.msgs else None


class _Msg:
    __slots__ = (
        "mid",
        "refs",
        "subject",
        "text",
        "frm",
        "to",
        "date",
        "inbound",
        "folders",
        "flags",
        "raw",
        "intent",
        "internaldate",
        "parent",
        "order",
        "seq",
        "unread",
        "answered",
        "flagged",
        "mailer",
    )

    def __init__(self):
        self.order = None
        self.answered = False
        self.flagged = False
        self.unread = None


def _money(v: float) -> str:
    return "{:,.2f}".format(v)


def _ascii(s: str) -> str:
    """A plain-ASCII rendering for PDF documents (accents dropped, other scripts kept out)."""
    out = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").strip()
    return out or "-"


def _own_party(email: str) -> _Party:
    local = email.split("@")[0].lower()
    staff = _world["staff"].get(local)
    if staff:
        name, title, mobile = staff["name"], staff["title"], staff["mobile"]
    else:  # an account the data does not know: a plausible signature from the address
        name, title, mobile = local.replace(".", " ").title(), "Sales", "+86 135 0000 0000"
    return _Party(
        name=name,
        email=email,
        lang="en",
        charset="utf-8",
        mailer="foxmail",
        zone="CN",
        title=title,
        company=OWN_COMPANY,
        address=_OWN_ADDRESS,
        phone=mobile,
    )


def _owner_cn(local: str, owner: _Party) -> tuple[str, str]:
    """(surname, full name) in Chinese, as colleagues and the foundry address the owner."""
    staff = _world["staff"].get(local)
    if staff:
        return staff["chinese_surname"], staff["chinese_name"]
    return "", owner.name


class _World:
    """The fixed parties of a sample (not customers) and the running quotation number."""

    def __init__(self, seed: int, today: date, account_email: str):
        self.seed = seed
        self.today = today
        self.owner = _own_party(account_email)
        local = account_email.split("@")[0].lower()
        self.owner_cn = _owner_cn(local, self.owner)
        self.colleague = _own_party(("tom" if local != "tom" else "lisa") + "@" + OWN_DOMAIN)
        self.manager = _own_party("grace@" + OWN_DOMAIN)
        self.colleague.mailer = "foxmail"
        self.manager.mailer = "outlook"
        self.quote_seq = 0
        self.forwarder = _Party(**_world["forwarder"])
        self.supplier = _Party(**_world["supplier"])
        self.alibaba = _Party(**_world["alibaba"])
        self.mic = _Party(**_world["made_in_china"])
        self.daemon = _Party("Mail Delivery System", "MAILER-DAEMON@mx." + OWN_DOMAIN, mailer="webmail", zone="CN")
        self.newsletters = [_newsletter(n) for n in _world["newsletter"]]


def _newsletter(entry: dict) -> tuple[_Party, str, list[str]]:
    """(sender, List-Id, topics) of one newsletter in world.toml."""
    fields = {k: v for k, v in entry.items() if k not in ("list_id", "topics")}
    return _Party(**fields), entry["list_id"], entry["topics"]
