"""Which addresses are free-mail, automated, a B2B platform or ours — and the [customers] settings.

Every decision that turns an address into a customer key lives here, so that
refresh, CSV import and the CLI agree on it:

* a company is keyed by its registrable domain (Public Suffix List, the
  snapshot bundled with tldextract: never fetched over the network);
* a free-mail address (gmail, qq, 163 …) is its own key;
* our own domains and account addresses, automated senders and B2B platforms
  never become customers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..config import Config, Validator
from ..errors import MailcrmError

DOMAIN_CACHE = 8192  # registrable domains remembered (LRU)
ADDRESS_CACHE = 8192  # classified addresses remembered (LRU)

PLATFORMS = {
    "alibaba.com": "alibaba",
    "alibaba-inc.com": "alibaba",
    "alibabacloud.com": "alibaba",
    "aliexpress.com": "alibaba",
    "1688.com": "alibaba",
    "made-in-china.com": "made-in-china",
    "globalsources.com": "global-sources",
    "tradekey.com": "tradekey",
    "ec21.com": "ec21",
    "ecplaza.net": "ecplaza",
    "dhgate.com": "dhgate",
    "indiamart.com": "indiamart",
    "tradeindia.com": "tradeindia",
    "europages.com": "europages",
}

# Local parts of machines, not people. info@, sales@ and service@ are real mailboxes in
# export trade (many buyers write from info@), so they are deliberately not here.
AUTOMATED_LOCAL = re.compile(
    r"""^(
        .*no[-_.]?reply.* | .*do[-_.]?not[-_.]?reply.* | mailer[-_.]?daemon | postmaster |
        bounces? | bounce[-+_.=].* | .*[-+_.]bounces? | .*[-_.]bounce[-+_.=].* |
        notifications? | notify | notifier | alerts? | newsletters? | news | digest |
        auto[-_.]?reply | autoresponder | auto[-_.]?mailer | mailer | listserv | majordomo |
        owner-.* | .*-owner | .*-request | daemon | unsubscribe | e?mail[-_.]?delivery.* |
        msprvs\d?=.* | prvs=.* | srs[01][=+].* | calendar-notification | invitations?
    )$""",
    re.X,
)

AUTOMATED_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office|"
    r"abwesenheitsnotiz|automatische antwort|réponse automatique|respuesta automática|"
    r"risposta automatica|resposta automática|自动回复|自動回覆|undeliverable|undelivered mail|"
    r"delivery status notification|mail delivery failed|returned mail|delivery failure|"
    r"failure notice|系统退信|退信)\b",
    re.I,
)

REPORT_TYPES = (
    "message/delivery-status",
    "message/disposition-notification",
    "message/feedback-report",
    "message/global-delivery-status",
)


@lru_cache(maxsize=1)
def _extractor():
    """The Public Suffix List bundled with tldextract: offline, loaded on first use."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=1)
def bundled_free_mail() -> frozenset[str]:
    text = resources.files("mailcrm").joinpath("data/freemail.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


# Bounded: a big mailbox has tens of thousands of domains, and an unbounded cache
# would make memory grow with the mailbox; misses cost one trie lookup (~5 µs).
@lru_cache(maxsize=DOMAIN_CACHE)
def registrable_domain(domain: str) -> str:
    """acme.co.uk for mail.acme.co.uk; the domain itself when it has no public suffix."""
    domain = domain.strip().lower().rstrip(".")
    result = _extractor()(domain)
    if result.suffix and result.domain:
        return f"{result.domain}.{result.suffix}"
    return domain


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def local_of(email: str) -> str:
    return email.rpartition("@")[0].lower()


def looks_like_email(text: str) -> bool:
    return bool(re.fullmatch(r"[^@\s<>,;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", text.strip()))


def looks_like_domain(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", text.strip()))


@dataclass
class CustomerSettings:
    """The [customers] section of config.toml."""

    free_mail_domains: list[str] = field(default_factory=list)
    platform_domains: list[str] = field(default_factory=list)
    automated_senders: list[str] = field(default_factory=list)  # local parts or full addresses
    ignore: list[str] = field(default_factory=list)  # addresses or domains, never customers
    link_free_mail_by_thread: bool = True
    auto_merge: bool = True  # merge one company under two keys on strong evidence (customers/merging.py)
    # The triage (customers/triage.py): kinds of senders that are never customers, by domain,
    # added to the bundled lists; and phrases that make a message credential phishing.
    logistics: list[str] = field(default_factory=list)
    banks: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    phishing_phrases: list[str] = field(default_factory=list)


TRIAGE_DOMAIN_KEYS = ("logistics", "banks", "suppliers", "services")
SETTING_KEYS = {
    "free_mail_domains",
    "platform_domains",
    "automated_senders",
    "ignore",
    "link_free_mail_by_thread",
    "auto_merge",
    "phishing_phrases",
    *TRIAGE_DOMAIN_KEYS,
}


def customer_settings(config: Config) -> CustomerSettings:
    """Validate [customers]; errors name the file, the key and its line."""
    data = config.sections.get("customers", {})
    text = ""
    if config.path and config.path.exists():
        text = config.path.read_text(encoding="utf-8")
    check = Validator(text, config.path)
    if not isinstance(data, dict):
        raise check.fail("customers", "must be a table ([customers])")
    check.check_keys(data, SETTING_KEYS, "customers.")
    settings = CustomerSettings(
        free_mail_domains=[d.lower().lstrip("@") for d in check.str_list(data, "free_mail_domains", "customers.", [])],
        platform_domains=[d.lower().lstrip("@") for d in check.str_list(data, "platform_domains", "customers.", [])],
        automated_senders=[a.lower() for a in check.str_list(data, "automated_senders", "customers.", [])],
        ignore=[a.lower().lstrip("@") for a in check.str_list(data, "ignore", "customers.", [])],
        link_free_mail_by_thread=check.get(data, "link_free_mail_by_thread", bool, "customers.", True),
        auto_merge=check.get(data, "auto_merge", bool, "customers.", True),
        phishing_phrases=check.str_list(data, "phishing_phrases", "customers.", []),
    )
    for key in TRIAGE_DOMAIN_KEYS:
        setattr(settings, key, [d.lower().lstrip("@") for d in check.str_list(data, key, "customers.", [])])
    for key in ("free_mail_domains", "platform_domains", *TRIAGE_DOMAIN_KEYS):
        for value in getattr(settings, key):
            if not looks_like_domain(value):
                raise check.fail(f"customers.{key}", f"{value!r} is not a domain")
    for value in settings.ignore:
        if not (looks_like_domain(value) or looks_like_email(value)):
            raise check.fail("customers.ignore", f"{value!r} is neither an address nor a domain")
    return settings


class Classifier:
    """Classifies addresses for one configuration. Results are cached per address."""

    def __init__(self, config: Config, settings: CustomerSettings | None = None):
        self.settings = settings or customer_settings(config)
        self.own_addresses = config.own_addresses()
        self.own_domains = {d.lower() for d in config.me.domains}
        self.free_mail = bundled_free_mail() | set(self.settings.free_mail_domains)
        self.platforms = dict(PLATFORMS)
        for domain in self.settings.platform_domains:
            self.platforms[registrable_domain(domain)] = registrable_domain(domain).split(".")[0]
        self.automated_senders = set(self.settings.automated_senders)
        # Per address, but bounded (LRU): one entry per distinct address (17,000 at
        # 200,000 messages) made memory grow with the mailbox. At 200,000 the bound
        # adds no misses (mail from one address comes in runs); a miss costs a few µs.
        self._classified = lru_cache(maxsize=ADDRESS_CACHE)(self._classify)

    def fingerprint(self) -> str:
        """Changes whenever a setting that decides identities changes (forces a full refresh)."""
        parts = [
            sorted(self.own_addresses),
            sorted(self.own_domains),
            sorted(self.settings.free_mail_domains),
            sorted(self.settings.platform_domains),
            sorted(self.automated_senders),
            self.settings.link_free_mail_by_thread,
            [sorted(getattr(self.settings, key)) for key in TRIAGE_DOMAIN_KEYS],
            sorted(self.settings.phishing_phrases),
            IDENTITY_VERSION,
        ]
        return repr(parts)

    def is_own_domain(self, domain: str) -> bool:
        return any(domain == d or domain.endswith("." + d) for d in self.own_domains)

    def is_own(self, email: str) -> bool:
        return email in self.own_addresses or self.is_own_domain(domain_of(email))

    def is_free_mail(self, domain: str) -> bool:
        domain = domain.lower()
        return domain in self.free_mail or registrable_domain(domain) in self.free_mail

    def platform(self, email_or_domain: str) -> str | None:
        return self.platforms.get(
            registrable_domain(domain_of(email_or_domain) if "@" in email_or_domain else email_or_domain)
        )

    def is_automated_address(self, email: str) -> bool:
        local = local_of(email)
        return email in self.automated_senders or local in self.automated_senders or bool(AUTOMATED_LOCAL.match(local))

    def classify(self, email: str) -> tuple[str, str | None]:
        """(kind, key): kind is own, automated, platform, invalid or external; key for external."""
        return self._classified(email)

    def owns(self, email: str) -> bool:
        """What classify() calls "own", without the domain lookups the other kinds need."""
        email = email.strip().lower()
        return well_formed(email) and self.is_own(email)

    def direction(self, from_email: str | None, recipients: Iterable[str]) -> str:
        """in, out or internal (ours to ours only): the one rule storing and filing share."""
        if not from_email or not self.owns(from_email):
            return "in"
        return "out" if any(not self.owns(r or "") for r in recipients) else "internal"

    def _classify(self, email: str) -> tuple[str, str | None]:
        email = email.strip().lower()
        if not well_formed(email):
            return "invalid", None
        if self.is_own(email):
            return "own", None
        if self.platform(email):
            return "platform", None
        if self.is_automated_address(email):
            return "automated", None
        return "external", self.key_of(email)

    def key_of(self, email: str) -> str:
        domain = domain_of(email)
        if self.is_free_mail(domain):
            return email
        return registrable_domain(domain)


def direction_rule(config: Config):
    """``Classifier.direction`` for storing mail: only our addresses and domains decide it,
    so the [customers] settings are not read (a mistake there must not stop a sync)."""
    return Classifier(config, CustomerSettings()).direction


def well_formed(email: str) -> bool:
    return "@" in email and bool(local_of(email)) and "." in domain_of(email)


IDENTITY_VERSION = 2  # bump when the resolution rules change: the next refresh is a full one


def automated_by_headers(headers: dict, subject: str = "") -> str | None:
    """Why a message is machine-made (list mail, auto-reply, bounce), or None."""

    def value(name: str) -> str:
        found = headers.get(name)
        if isinstance(found, list):
            found = found[0] if found else ""
        return (found or "").strip().lower()

    if value("list-id"):
        return "list-id"
    submitted = value("auto-submitted")
    if submitted and submitted != "no":
        return f"auto-submitted: {submitted}"
    if value("precedence") in ("bulk", "list", "junk", "auto_reply"):
        return f"precedence: {value('precedence')}"
    if value("x-autoreply") or value("x-autorespond"):
        return "auto-reply header"
    if value("return-path") in ("<>", ""):
        if "return-path" in headers:
            return "null return path (bounce)"
    if subject and AUTOMATED_SUBJECT.match(subject):
        return "auto-reply subject"
    return None


def check_ignore_target(classifier: Classifier, target: str) -> tuple[str, str]:
    """Normalize an ignore target to (target, kind) or raise with a reason."""
    target = target.strip().lower().lstrip("@")
    if looks_like_email(target):
        return target, "address"
    if looks_like_domain(target):
        if classifier.is_free_mail(target):
            raise MailcrmError(f"{target} is a free-mail domain: ignore single addresses instead")
        if classifier.is_own_domain(target):
            raise MailcrmError(f"{target} is one of our own domains: it is never a customer anyway")
        return target, "domain"
    raise MailcrmError(f"{target!r} is neither an address nor a domain")
