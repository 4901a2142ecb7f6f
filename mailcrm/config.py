"""Load and validate ``config.toml`` into dataclasses; resolve secrets.

Errors name the file, the key (and its line when it can be found) and what is
wrong, so a typo fails at load time instead of halfway through a nightly run.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ConfigError, SecretError

ENV_VAR = "MAILCRM_CONFIG"
SECURITY_MODES = ("ssl", "starttls", "none")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class Credentials:
    """Where a secret comes from. The secret itself is never stored."""

    username: str
    password_env: str | None = None
    password_command: str | None = None
    oauth2_token_command: str | None = None
    keyring_service: str | None = None

    def secret(self) -> str:
        """Fetch the password or OAuth2 token now; never cached on disk."""
        if self.oauth2_token_command:
            return run_secret_command(self.oauth2_token_command)
        if self.password_env:
            return secret_from_env(self.password_env)
        if self.password_command:
            return run_secret_command(self.password_command)
        if self.keyring_service:
            return secret_from_keyring(self.keyring_service, self.username)
        raise SecretError(f"no password source configured for {self.username}")

    @property
    def uses_oauth2(self) -> bool:
        return bool(self.oauth2_token_command)


@dataclass
class ServerSettings:
    host: str
    port: int
    security: str
    credentials: Credentials
    ca_file: Path | None = None
    timeout: float = 60.0


@dataclass
class ImapSettings(ServerSettings):
    folders: list[str] = field(default_factory=lambda: ["INBOX", "\\Sent"])
    since: date | None = None
    drafts_folder: str | None = None
    batch_size: int = 500


@dataclass
class SmtpSettings(ServerSettings):
    save_to_sent: bool = True


@dataclass
class Account:
    name: str
    email: str
    owner: str
    aliases: list[str] = field(default_factory=list)
    imap: ImapSettings | None = None
    smtp: SmtpSettings | None = None
    language: str | None = None  # this salesperson's digests and alerts (night/settings.py checks it)

    @property
    def addresses(self) -> list[str]:
        return [a.lower() for a in [self.email, *self.aliases]]


@dataclass
class Me:
    company: str = ""
    domains: list[str] = field(default_factory=list)
    manager: str | None = None
    manager_email: str | None = None


@dataclass
class Config:
    path: Path | None
    database_path: Path
    me: Me
    accounts: list[Account]
    rules_dirs: list[Path] = field(default_factory=list)
    templates_dirs: list[Path] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)

    def account(self, name: str) -> Account:
        for account in self.accounts:
            if account.name == name:
                return account
        known = ", ".join(a.name for a in self.accounts) or "none"
        raise ConfigError(f"no account named {name!r} (configured: {known})")

    def own_addresses(self) -> set[str]:
        return {addr for account in self.accounts for addr in account.addresses}


# -- secrets -----------------------------------------------------------------


def secret_from_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SecretError(f"environment variable {name} is not set")
    return value


def run_secret_command(command: str) -> str:
    """Run a PassCmd-style command; its first output line is the secret."""
    try:
        result = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SecretError(f"password command failed: {exc}") from None
    if result.returncode != 0:
        # stderr may echo parts of the secret store's output: report only the code.
        raise SecretError(f"password command exited with {result.returncode}")
    lines = result.stdout.splitlines()
    if not lines or not lines[0]:
        raise SecretError("password command printed nothing")
    return lines[0]


def secret_from_keyring(service: str, username: str) -> str:
    try:
        import keyring  # optional: only desktops have a keyring
    except ImportError:
        raise SecretError(
            "keyring_service is set but the keyring package is not installed "
            "(pip install keyring, or use password_env or password_command)"
        ) from None
    try:
        value = keyring.get_password(service, username)
    except Exception as exc:  # noqa: BLE001 - keyring's own errors: NoKeyringError under cron, a locked store
        raise SecretError(
            f"the OS keyring could not be read ({type(exc).__name__}: {exc}); without a desktop "
            "session (cron, a server) use password_env or password_command instead of "
            "keyring_service"
        ) from None
    if not value:
        raise SecretError(f"no keyring entry for {service}/{username}")
    return value


# -- locating the file ---------------------------------------------------------


def default_config_path() -> Path:
    import platformdirs  # only when no --config or $MAILCRM_CONFIG names the file

    return Path(platformdirs.user_config_dir("mailcrm")) / "config.toml"


def find_config_path(explicit: str | Path | None) -> Path:
    """--config, else $MAILCRM_CONFIG, else the platform config dir."""
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return default_config_path()


def load_config(explicit: str | Path | None = None) -> Config:
    path = find_config_path(explicit)
    if not path.exists():
        raise ConfigError(
            f"{path}: no configuration file (copy config.example.toml there, or pass --config / set {ENV_VAR})"
        )
    text = path.read_text(encoding="utf-8")
    return parse_config(text, path)


def parse_config(text: str, path: Path | None) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return Validator(text, path).config(data)


# -- validation ---------------------------------------------------------------


def validator_for(config: Config | None) -> Validator:
    """A Validator over the config's own file: for the sections other modules read and check."""
    path = config.path if config else None
    text = path.read_text(encoding="utf-8") if path and Path(path).exists() else ""
    return Validator(text, path)


TOP_KEYS = {
    "database",
    "me",
    "accounts",
    "rules",
    "templates",
    "grading",
    "agenda",
    "drafts",
    "digest",
    "pool",
    "content",
    "holidays",
    "nightly",
    "customers",
    "money",
}
# Later modules read their own sections from Config.sections and validate them there.


class Validator:
    """Turns the TOML dict into dataclasses, naming file, key and line on errors."""

    def __init__(self, text: str, path: Path | None):
        self.text = text
        self.path = path
        self.base = path.parent if path else Path.cwd()

    def fail(self, key: str, problem: str) -> ConfigError:
        where = str(self.path) if self.path else "<config>"
        line = self.line_of(key)
        if line:
            where += f":{line}"
        return ConfigError(f"{where}: {key}: {problem}")

    def line_of(self, key: str) -> int | None:
        """Best effort: the line assigning the key, looked for in its own table first.

        "grading.follow_up_days.A" is the `A = …` under [grading.follow_up_days], else
        the `follow_up_days = { A = … }` line under [grading]; "accounts[1].imap.port"
        looks under the second [[accounts]]. Failing that, the first line assigning
        the key's last part anywhere.
        """
        lines = self.text.splitlines()
        parts = key.split(".")
        if parts[-1].endswith("]"):  # a table in an array: its [[header]]
            return self.table_start(lines, parts)
        for depth in range(len(parts) - 1, 0, -1):
            start = self.table_start(lines, parts[:depth])
            if start is None:
                continue
            for leaf in reversed(parts[depth:]):
                found = self.assignment(lines, leaf, start)
                if found:
                    return found
        return self.assignment(lines, parts[-1], 0)

    @staticmethod
    def table_start(lines: list[str], parts: list[str]) -> int | None:
        """Index of the line after the header of table `parts`: [a.b]; "a[n]" is the n-th [[a]]."""

        def header(depth: int, begin: int, nth: int) -> int | None:
            names = [part.split("[")[0] for part in parts[:depth]]
            pattern = re.compile(r"\s*\[\[?\s*" + r"\s*\.\s*".join(map(re.escape, names)) + r"\s*\]")
            found = [n for n in range(begin, len(lines)) if pattern.match(lines[n])]
            return found[nth] + 1 if nth < len(found) else None

        begin: int | None = 0
        for depth, part in enumerate(parts, 1):
            index = re.search(r"\[(\d+)\]$", part)
            if index:
                begin = header(depth, begin, int(index[1]))
                if begin is None:
                    return None
        return begin if re.search(r"\]$", parts[-1]) else header(len(parts), begin, 0)

    @staticmethod
    def assignment(lines: list[str], leaf: str, start: int) -> int | None:
        """The first line from `start` on (up to the next table header) that assigns `leaf`."""
        name = re.escape(leaf.split("[")[0])
        assigns = re.compile(rf"\s*\[*\s*(\S+\.)?{name}\s*[=\]]")
        for number in range(start, len(lines)):
            if assigns.match(lines[number]):
                return number + 1
            if start and re.match(r"\s*\[", lines[number]):
                return None  # the next table: the key is not in this one
        return None

    def check_keys(self, data: dict, allowed: set[str], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                options = ", ".join(sorted(allowed))
                raise self.fail(f"{prefix}{key}", f"unknown setting (expected one of: {options})")

    def get(
        self, data: dict, key: str, kind: type | tuple, prefix: str, default: Any = None, required: bool = False
    ) -> Any:
        if key not in data:
            if required:
                raise self.fail(f"{prefix}{key}", "is required")
            return default
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"{prefix}{key}", f"must be a {names}, not {type(value).__name__}")
        return value

    def str_list(self, data: dict, key: str, prefix: str, default: list[str]) -> list[str]:
        values = self.get(data, key, list, prefix, default)
        if not all(isinstance(v, str) for v in values):
            raise self.fail(f"{prefix}{key}", "must be a list of strings")
        return list(values)

    def resolve(self, value: str) -> Path:
        path = Path(os.path.expanduser(value))
        return path if path.is_absolute() else self.base / path

    def config(self, data: dict) -> Config:
        self.check_keys(data, TOP_KEYS, "")
        database = self.get(data, "database", dict, "", {})
        self.check_keys(database, {"path"}, "database.")
        db_path = self.resolve(self.get(database, "path", str, "database.", "mailcrm.db"))
        accounts = self.get(data, "accounts", list, "", [])
        config = Config(
            path=self.path,
            database_path=db_path,
            me=self.me(self.get(data, "me", dict, "", {})),
            accounts=[self.account(a, i) for i, a in enumerate(accounts)],
            rules_dirs=self.dirs(data, "rules"),
            templates_dirs=self.dirs(data, "templates"),
            sections={k: v for k, v in data.items() if k not in {"database", "me", "accounts"}},
        )
        self.check_unique_accounts(config.accounts)
        return config

    def dirs(self, data: dict, section: str) -> list[Path]:
        table = self.get(data, section, dict, "", {})
        if section == "templates":  # [rules] has more settings: engine/loader.py checks them
            self.check_keys(table, {"paths"}, "templates.")
        paths = self.str_list(table, "paths", f"{section}.", [])
        return [self.resolve(p) for p in paths]

    def me(self, data: dict) -> Me:
        self.check_keys(data, {"company", "domains", "manager", "manager_email"}, "me.")
        domains = [d.lower().lstrip("@") for d in self.str_list(data, "domains", "me.", [])]
        return Me(
            company=self.get(data, "company", str, "me.", ""),
            domains=domains,
            manager=self.get(data, "manager", str, "me.", None),
            manager_email=self.get(data, "manager_email", str, "me.", None),
        )

    def account(self, data: Any, index: int) -> Account:
        prefix = f"accounts[{index}]."
        if not isinstance(data, dict):
            raise self.fail(f"accounts[{index}]", "must be a table ([[accounts]])")
        self.check_keys(data, {"name", "email", "owner", "aliases", "imap", "smtp", "language"}, prefix)
        email = self.get(data, "email", str, prefix, required=True).strip().lower()
        if "@" not in email:
            raise self.fail(f"{prefix}email", f"{email!r} is not an email address")
        name = self.get(data, "name", str, prefix, email.split("@")[0])
        imap = self.get(data, "imap", dict, prefix, None)
        smtp = self.get(data, "smtp", dict, prefix, None)
        return Account(
            name=name,
            email=email,
            owner=self.get(data, "owner", str, prefix, name),
            aliases=[a.lower() for a in self.str_list(data, "aliases", prefix, [])],
            imap=self.imap(imap, f"{prefix}imap.", email) if imap is not None else None,
            smtp=self.smtp(smtp, f"{prefix}smtp.", email) if smtp is not None else None,
            language=self.get(data, "language", str, prefix, None),
        )

    SERVER_KEYS = {
        "host",
        "port",
        "security",
        "username",
        "password_env",
        "password_command",
        "oauth2_token_command",
        "keyring_service",
        "ca_file",
        "timeout",
    }

    def server_fields(self, data: dict, prefix: str, email: str, default_ports: dict) -> dict:
        host = self.get(data, "host", str, prefix, required=True)
        security = self.get(data, "security", str, prefix, "ssl")
        if security not in SECURITY_MODES:
            raise self.fail(f"{prefix}security", f"must be one of {', '.join(SECURITY_MODES)}")
        if security == "none" and host not in LOCAL_HOSTS:
            raise self.fail(f"{prefix}security", "'none' is only allowed for localhost")
        ca_file = self.get(data, "ca_file", str, prefix, None)
        if ca_file and not self.resolve(ca_file).exists():
            raise self.fail(f"{prefix}ca_file", f"{self.resolve(ca_file)} does not exist")
        return dict(
            host=host,
            port=self.get(data, "port", int, prefix, default_ports[security]),
            security=security,
            credentials=self.credentials(data, prefix, email),
            ca_file=self.resolve(ca_file) if ca_file else None,
            timeout=float(self.get(data, "timeout", (int, float), prefix, 60)),
        )

    def reject_password(self, data: dict, prefix: str) -> None:
        if "password" in data:
            raise self.fail(
                f"{prefix}password",
                "passwords never go in the config file; use password_env, password_command or keyring_service",
            )

    def credentials(self, data: dict, prefix: str, email: str) -> Credentials:
        sources = [
            k for k in ("password_env", "password_command", "oauth2_token_command", "keyring_service") if k in data
        ]
        if not sources:
            raise self.fail(
                f"{prefix}password_env", "is required (or password_command, oauth2_token_command, keyring_service)"
            )
        return Credentials(
            username=self.get(data, "username", str, prefix, email),
            password_env=self.get(data, "password_env", str, prefix, None),
            password_command=self.get(data, "password_command", str, prefix, None),
            oauth2_token_command=self.get(data, "oauth2_token_command", str, prefix, None),
            keyring_service=self.get(data, "keyring_service", str, prefix, None),
        )

    def imap(self, data: dict, prefix: str, email: str) -> ImapSettings:
        self.reject_password(data, prefix)
        self.check_keys(data, self.SERVER_KEYS | {"folders", "since", "drafts_folder", "batch_size"}, prefix)
        since = self.get(data, "since", (str, date), prefix, None)
        if isinstance(since, str):
            try:
                since = date.fromisoformat(since)
            except ValueError:
                raise self.fail(f"{prefix}since", f"{since!r} is not a date (YYYY-MM-DD)") from None
        batch = self.get(data, "batch_size", int, prefix, 500)
        if not 1 <= batch <= 5000:
            raise self.fail(f"{prefix}batch_size", "must be between 1 and 5000")
        return ImapSettings(
            **self.server_fields(data, prefix, email, {"ssl": 993, "starttls": 143, "none": 143}),
            folders=self.str_list(data, "folders", prefix, ["INBOX", "\\Sent"]),
            since=since,
            drafts_folder=self.get(data, "drafts_folder", str, prefix, None),
            batch_size=batch,
        )

    def smtp(self, data: dict, prefix: str, email: str) -> SmtpSettings:
        self.reject_password(data, prefix)
        self.check_keys(data, self.SERVER_KEYS | {"save_to_sent"}, prefix)
        return SmtpSettings(
            **self.server_fields(data, prefix, email, {"ssl": 465, "starttls": 587, "none": 25}),
            save_to_sent=self.get(data, "save_to_sent", bool, prefix, True),
        )

    def check_unique_accounts(self, accounts: list[Account]) -> None:
        seen: set[str] = set()
        for index, account in enumerate(accounts):
            if account.name in seen:
                raise self.fail(f"accounts[{index}].name", f"duplicate account name {account.name!r}")
            seen.add(account.name)
