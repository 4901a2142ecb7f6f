"""One way of writing a config file: the demo's, the tests' and the benchmarks'.

They used to restate the same TOML by hand in a dozen places (four different ways), so a
new required setting meant a dozen edits. Here a config is built from plain values:
the sample company (Ningbo Hengtai Valve) unless told otherwise, its accounts (with
their [accounts.imap] / [accounts.smtp] tables), any other sections, and raw TOML to
append for what a test writes out on purpose.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

SAMPLE_COMPANY = "Ningbo Hengtai Valve Co., Ltd."
SAMPLE_DOMAINS = ("hengtai-valve.com",)
LISA = {"name": "lisa", "email": "lisa@hengtai-valve.com", "owner": "Lisa Chen"}
TOM = {"name": "tom", "email": "tom@hengtai-valve.com", "owner": "Tom Wang"}


def config_text(
    database: str = "mailcrm.db",
    *,
    me: Mapping | None = None,
    accounts: Sequence[Mapping] = (LISA,),
    sections: Mapping[str, Mapping] | None = None,
    notes: Mapping[str, str] | None = None,
    header: str = "",
    extra: str = "",
) -> str:
    """The TOML of a config. ``me`` adds to (or overrides) the sample company; an account's
    "imap" and "smtp" entries become its sub-tables; ``notes`` puts a comment line under a
    section's heading; ``extra`` is appended as it is."""
    notes = notes or {}
    blocks = [comment(header)] if header else []
    blocks.append(table("database", {"path": database}, notes))
    blocks.append(table("me", {"company": SAMPLE_COMPANY, "domains": list(SAMPLE_DOMAINS), **(me or {})}, notes))
    blocks += [table(name, values, notes) for name, values in (sections or {}).items()]
    blocks += [account_block(account) for account in accounts]
    text = "\n".join(blocks)
    return text + ("\n" + extra.strip("\n") + "\n" if extra.strip() else "")


def account_block(account: Mapping) -> str:
    plain = {key: value for key, value in account.items() if not isinstance(value, Mapping)}
    lines = ["[[accounts]]"] + [f"{key} = {value_text(value)}" for key, value in plain.items()]
    for key, value in account.items():
        if isinstance(value, Mapping):
            lines += [f"[accounts.{key}]"] + [f"{k} = {value_text(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def table(name: str, values: Mapping, notes: Mapping[str, str]) -> str:
    lines = [f"[{name}]"] + ([comment(notes[name])] if name in notes else [])
    lines += [f"{key} = {value_text(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def value_text(value) -> str:
    """TOML for the values configs hold: strings, numbers, booleans, lists and inline tables of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{key} = {value_text(item)}" for key, item in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


def comment(text: str) -> str:
    return "\n".join(f"# {line}" if line else "#" for line in text.strip("\n").split("\n"))
