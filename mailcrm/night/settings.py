"""The config sections of the management side: ``[digest]``, ``[pool]``, ``[nightly]``.

config.py passes them through in ``Config.sections``; they are validated here,
with errors naming the file, the key and (when it can be found) its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Account, Config, Validator
from ..errors import ConfigError

DIGEST_LANGUAGES = ("en", "zh")
STAGES = ("inquiry", "quotation", "sample", "negotiation", "order", "shipment", "after-sales")


@dataclass
class DigestSettings:
    language: str = "en"  # the salespeople's digests, unless their account says otherwise
    languages: dict[str, str] = field(default_factory=dict)  # owner → [[accounts]] language
    manager_language: str = "en"  # the manager digest and the manager's alerts
    manager: str | None = None  # name, default [me] manager
    manager_email: str | None = None  # default [me] manager_email
    account: str | None = None  # whose [accounts.smtp] sends digests and alerts
    limit: int = 10  # items per section
    urgent_alerts: bool = True  # mail owner and manager at once when an A customer complains

    def language_of(self, owner: str | None) -> str:
        """A salesperson's language: their account's, else [digest] language."""
        return self.languages.get(owner or "", self.language)


@dataclass
class PoolSettings:
    days: int = 0  # 0: no public pool
    exempt_grades: list[str] = field(default_factory=list)
    exempt_stages: list[str] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return self.days > 0


@dataclass
class NightlySettings:
    send_digests: bool = True
    digests_asked: bool = False  # `send_digests = true` written in the config: unsent is a failure
    push_drafts: bool = True
    report: Path | None = None  # write the HTML report here after each run


class Sections:
    """Reads one section at a time; problems become ConfigError naming file:line: key."""

    def __init__(self, config: Config):
        self.config = config
        text = config.path.read_text(encoding="utf-8") if config.path and Path(config.path).exists() else ""
        self.validator = Validator(text, config.path)

    def fail(self, key: str, problem: str) -> ConfigError:
        return self.validator.fail(key, problem)

    def table(self, name: str, allowed: set[str]) -> dict:
        value = self.config.sections.get(name) or {}
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        self.validator.check_keys(value, allowed, f"{name}.")
        return value

    def value(self, data: dict, key: str, kind, prefix: str, default: Any = None) -> Any:
        return self.validator.get(data, key, kind, prefix, default)

    def choice(self, data: dict, key: str, prefix: str, choices: tuple[str, ...], default: str) -> str:
        value = self.value(data, key, str, prefix, default)
        if value not in choices:
            raise self.fail(f"{prefix}{key}", f"must be one of {', '.join(choices)}")
        return value

    def choices(self, data: dict, key: str, prefix: str, choices: tuple[str, ...]) -> list[str]:
        values = self.validator.str_list(data, key, prefix, [])
        wrong = [v for v in values if v not in choices]
        if wrong:
            raise self.fail(f"{prefix}{key}", f"{wrong[0]!r} is not one of {', '.join(choices)}")
        return values

    def whole(self, data: dict, key: str, prefix: str, default: int, low: int = 0) -> int:
        value = self.value(data, key, int, prefix, default)
        if value < low:
            raise self.fail(f"{prefix}{key}", f"must be a whole number ≥ {low}")
        return value


DIGEST_KEYS = {"language", "manager_language", "manager", "manager_email", "account", "limit", "urgent_alerts"}


def digest_settings(config: Config) -> DigestSettings:
    reader = Sections(config)
    data, p = reader.table("digest", DIGEST_KEYS), "digest."
    language = reader.choice(data, "language", p, DIGEST_LANGUAGES, "en")
    account = reader.value(data, "account", str, p, None)
    check_sender(reader, config, account)
    email = reader.value(data, "manager_email", str, p, None)
    if email is not None and "@" not in email:
        raise reader.fail(f"{p}manager_email", f"{email!r} is not an email address")
    return DigestSettings(
        language=language,
        languages=account_languages(reader, config),
        manager_language=reader.choice(data, "manager_language", p, DIGEST_LANGUAGES, language),
        manager=reader.value(data, "manager", str, p, None) or config.me.manager,
        manager_email=(email or config.me.manager_email or "").strip().lower() or None,
        account=account,
        limit=reader.whole(data, "limit", p, 10, 1),
        urgent_alerts=reader.value(data, "urgent_alerts", bool, p, True),
    )


def account_languages(reader: Sections, config: Config) -> dict[str, str]:
    """Each salesperson's digest language, from the first of their accounts that names one."""
    languages: dict[str, str] = {}
    for index, account in enumerate(config.accounts):
        if account.language is None:
            continue
        if account.language not in DIGEST_LANGUAGES:
            raise reader.fail(f"accounts[{index}].language", f"must be one of {', '.join(DIGEST_LANGUAGES)}")
        languages.setdefault(account.owner, account.language)
    return languages


def check_sender(reader: Sections, config: Config, name: str | None) -> None:
    if name is None:
        return
    account = next((a for a in config.accounts if a.name == name), None)
    if account is None:
        raise reader.fail("digest.account", f"no account named {name!r}")
    if account.smtp is None:
        raise reader.fail("digest.account", f"account {name!r} has no [accounts.smtp] to send from")


def sending_account(config: Config, settings: DigestSettings) -> Account | None:
    """The account whose SMTP server sends digests and alerts: [digest] account, else the first with SMTP."""
    if settings.account:
        return config.account(settings.account)
    return next((a for a in config.accounts if a.smtp), None)


def pool_settings(config: Config) -> PoolSettings:
    reader = Sections(config)
    data, p = reader.table("pool", {"days", "exempt_grades", "exempt_stages"}), "pool."
    return PoolSettings(
        days=reader.whole(data, "days", p, 0),
        exempt_grades=reader.choices(data, "exempt_grades", p, ("A", "B", "C")),
        exempt_stages=reader.choices(data, "exempt_stages", p, STAGES),
    )


def nightly_settings(config: Config) -> NightlySettings:
    reader = Sections(config)
    data, p = reader.table("nightly", {"send_digests", "push_drafts", "report"}), "nightly."
    report = reader.value(data, "report", str, p, None)
    return NightlySettings(
        send_digests=reader.value(data, "send_digests", bool, p, True),
        digests_asked=reader.value(data, "send_digests", bool, p, False),
        push_drafts=reader.value(data, "push_drafts", bool, p, True),
        report=reader.validator.resolve(report) if report else None,
    )
